"""Finds the strings the code marks for translation, and checks a language's catalog against them.

What `tools/i18n.py` runs to extract the catalogs, and what the tests run to keep them
complete: a string the code shows must have a translation in every shipped language, with
the same placeholders. Plain Python, no Qt.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spasm_timer.po_catalog import Entry

PACKAGE = Path(__file__).resolve().parent
# The calls that mark a string, and where their message arguments are.
MARKERS = {"_": ("msgid",), "N_": ("msgid",), "ngettext": ("msgid", "msgid_plural"),
           "pgettext": ("msgctxt", "msgid")}

# Which .po file of a language holds a source file's strings: one per part of the app, so
# that work on one part does not touch the others. The first prefix that matches wins.
PLAYER_MODULES = ("player", "session_", "countdown", "cues", "end_screen", "start_screen",
                  "stop_question", "ranged_step", "resume_offer", "mini_countdown", "hands_free",
                  "safety", "get_help", "night_watch", "tray", "desktop_", "bedtime_reminder",
                  "mpris", "illustration", "sound_cue", "speech_probe", "screen_awake")
PARTS: tuple[tuple[str, str], ...] = (
    ("core/routine_texts", "routines"),
    ("core/", "core"),
    ("storage/", "storage"),
    ("ui/history", "history"),
    ("ui/editor", "editor"),
    *((f"ui/{module}", "player") for module in PLAYER_MODULES),
    ("ui/", "window"),
    ("", "command-line"),
)


def catalog_part(source: Path) -> str:
    """The name of the .po file (without .po) that holds the strings of `source`."""
    relative = source.resolve().relative_to(PACKAGE).as_posix()
    return next(part for prefix, part in PARTS if relative.startswith(prefix))


@dataclass
class Message:
    msgid: str
    msgid_plural: str | None = None
    context: str | None = None
    places: list[str] = field(default_factory=list)  # "ui/player.py:120"

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid


def source_files(package: Path = PACKAGE) -> list[Path]:
    return sorted(path for path in package.rglob("*.py") if "locale" not in path.parts)


def marked_messages(sources: Iterable[Path]) -> dict[tuple[str | None, str], Message]:
    """Every literal string passed to a marker, in the order first met."""
    found: dict[tuple[str | None, str], Message] = {}
    for source in sources:
        for message, line in _marked_in(source):
            place = f"{source.resolve().relative_to(PACKAGE).as_posix()}:{line}"
            known = found.setdefault(message.key, message)
            known.places.append(place)
            if message.msgid_plural and not known.msgid_plural:
                known.msgid_plural = message.msgid_plural
    return found


def _marked_in(source: Path) -> Iterator[tuple[Message, int]]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    calls = sorted((node for node in ast.walk(tree) if isinstance(node, ast.Call)),
                   key=lambda node: (node.lineno, node.col_offset))
    for node in calls:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        roles = MARKERS.get(node.func.id)
        if roles is None or len(node.args) < len(roles):
            continue
        values = [arg.value for arg in node.args[:len(roles)] if isinstance(arg, ast.Constant)]
        if len(values) < len(roles) or not all(isinstance(value, str) for value in values):
            continue  # a variable: a string marked with N_() elsewhere, translated here
        parts: dict[str, str] = dict(zip(roles, values, strict=True))  # type: ignore[arg-type]
        yield Message(parts["msgid"], parts.get("msgid_plural"), parts.get("msgctxt")), node.lineno


def placeholders(text: str) -> set[str]:
    """The named fields of a format string ("{minutes}") and any %-style ones."""
    names: set[str] = set()
    try:
        for _literal, name, _spec, _conversion in string.Formatter().parse(text):
            if name is not None:
                names.add("{" + name + "}")
    except ValueError:
        names.add("<unbalanced braces>")
    names.update(re.findall(r"%(?:\([a-z_]+\))?[sdif]", text))
    return names


def problems_with(entry: Entry, message: Message) -> list[str]:
    """What is wrong with one translation of `message`; empty when it is fine."""
    if not entry.translated:
        return ["no translation"]
    sources = [message.msgid] + ([message.msgid_plural] if message.msgid_plural else [])
    wanted = set().union(*(placeholders(each) for each in sources))
    problems = []
    for text in entry.translations:
        # A singular form may leave the count out ("one step"); no form may add a field.
        have = placeholders(text)
        extra = have - wanted
        missing = wanted - have if message.msgid_plural is None else set()
        if extra or missing:
            problems.append(f"placeholders differ: {sorted(have)} for {sorted(wanted)}")
        if ("&" in message.msgid.replace("&&", "")) != ("&" in text.replace("&&", "")):
            problems.append("a keyboard shortcut (&) in one and not the other")
    return problems
