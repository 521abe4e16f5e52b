"""Reads gettext .po files and compiles them, in memory, into a catalog gettext can use.

The same work as GNU msgfmt, for the subset of the format translators and tools write:
comments, flags, msgctxt, msgid, msgid_plural, msgstr and msgstr[n], each string possibly
continued over several quoted lines. Fuzzy and untranslated entries are left out, so their
English shows. Plain Python: the command line uses it too.
"""

from __future__ import annotations

import ast
import gettext
import io
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# gettext's key for a message with a context: the context, this byte, then the message.
CONTEXT_SEPARATOR = "\x04"
# A plural message's forms, joined by this byte, in a compiled catalog.
PLURAL_SEPARATOR = "\x00"
MAX_CATALOG_BYTES = 4 * 1024 * 1024  # far above a complete catalog; a bound against a wrong file


@dataclass(frozen=True)
class CatalogProblem:
    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


@dataclass
class Entry:
    """One message of a .po file. `translations` holds msgstr, or msgstr[0], msgstr[1]…"""
    msgid: str = ""
    msgid_plural: str | None = None
    context: str | None = None
    translations: list[str] = field(default_factory=list)
    fuzzy: bool = False
    line: int = 0

    @property
    def key(self) -> str:
        return self.msgid if self.context is None else self.context + CONTEXT_SEPARATOR + self.msgid

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.translations) and all(self.translations)


class PoSyntaxError(ValueError):
    def __init__(self, line: int, what: str) -> None:
        super().__init__(f"line {line}: {what}")
        self.line, self.what = line, what


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file's text, the header (msgid "") included; PoSyntaxError if it
    is not one."""
    entries: list[Entry] = []
    entry = Entry()
    target: str | None = None  # the keyword the next continued string belongs to
    flags_pending = False

    def finish() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if target is not None and target != "msgctxt":
                finish()
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                flags_pending = True
            continue
        if line.startswith('"'):
            if target is None:
                raise PoSyntaxError(number, "a quoted string with no keyword before it")
            _append(entry, target, _unquote(line, number))
            continue
        keyword, _, rest = line.partition(" ")
        rest = rest.strip()
        if keyword == "msgctxt" or (keyword == "msgid" and target not in (None, "msgctxt")):
            finish()
        if keyword in ("msgctxt", "msgid") and target is None:
            entry.line, entry.fuzzy, flags_pending = number, flags_pending, False
        if keyword == "msgctxt":
            entry.context = ""
        elif keyword == "msgid":
            pass
        elif keyword == "msgid_plural":
            entry.msgid_plural = ""
        elif keyword == "msgstr" or (keyword.startswith("msgstr[") and keyword.endswith("]")):
            if keyword != "msgstr" and keyword[7:-1] != str(len(entry.translations)):
                raise PoSyntaxError(number, f"{keyword} out of order")
            entry.translations.append("")
        else:
            raise PoSyntaxError(number, f"unknown keyword {keyword!r}")
        target = keyword
        _append(entry, target, _unquote(rest, number))
    finish()
    for each in entries:
        if not each.translations:
            raise PoSyntaxError(each.line, "a message with no msgstr")
    return entries


def _append(entry: Entry, keyword: str, text: str) -> None:
    if keyword == "msgctxt":
        entry.context = (entry.context or "") + text
    elif keyword == "msgid":
        entry.msgid += text
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:
        entry.translations[-1] += text


def _unquote(quoted: str, line: int) -> str:
    if len(quoted) < 2 or not (quoted.startswith('"') and quoted.endswith('"')):
        raise PoSyntaxError(line, "expected a string in double quotes")
    try:
        value = ast.literal_eval(quoted)  # the C escapes .po files use are Python's too
    except (ValueError, SyntaxError):
        raise PoSyntaxError(line, "a string with a broken escape") from None
    if not isinstance(value, str):
        raise PoSyntaxError(line, "expected a string in double quotes")
    return value


def read_po_file(path: Path) -> list[Entry]:
    """A .po file's entries; OSError, UnicodeDecodeError or PoSyntaxError if unreadable."""
    with open(path, "rb") as file:
        data = file.read(MAX_CATALOG_BYTES + 1)
    if len(data) > MAX_CATALOG_BYTES:
        raise PoSyntaxError(1, f"larger than {MAX_CATALOG_BYTES // (1024 * 1024)} MB")
    return parse_po(data.decode("utf-8"))


def read_po_files(paths: Iterable[Path]) -> tuple[list[Entry], list[CatalogProblem]]:
    """The entries of every readable file, headers included; what was wrong with the rest."""
    entries: list[Entry] = []
    problems: list[CatalogProblem] = []
    for path in paths:
        try:
            entries.extend(read_po_file(path))
        except PoSyntaxError as error:
            problems.append(CatalogProblem(path, error.line, error.what))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(CatalogProblem(path, 1, f"cannot be read ({error})"))
    return entries, problems


def compile_catalog(entries: Iterable[Entry]) -> gettext.GNUTranslations:
    """The translated entries as a gettext catalog, as if msgfmt had compiled them."""
    return gettext.GNUTranslations(io.BytesIO(mo_bytes(entries)))


def mo_bytes(entries: Iterable[Entry]) -> bytes:
    """The entries in GNU .mo form: the format gettext reads (see `info gettext`, "MO Files").

    The first header met is kept; untranslated and fuzzy entries are left out."""
    messages: dict[str, str] = {}
    for entry in entries:
        if entry.key == "":
            messages.setdefault("", entry.translations[0] if entry.translations else "")
        elif entry.translated:
            original = entry.key
            if entry.msgid_plural is not None:
                original += PLURAL_SEPARATOR + entry.msgid_plural
            messages[original] = PLURAL_SEPARATOR.join(entry.translations)
    keys = sorted(messages)  # gettext finds messages by binary search
    originals = [key.encode("utf-8") for key in keys]
    translations = [messages[key].encode("utf-8") for key in keys]
    header_size = 7 * 4
    table_size = len(keys) * 8
    originals_start = header_size + 2 * table_size
    translations_start = originals_start + sum(len(each) + 1 for each in originals)
    offsets: list[int] = []
    position = originals_start
    for each in originals:
        offsets += [len(each), position]
        position += len(each) + 1
    position = translations_start
    for each in translations:
        offsets += [len(each), position]
        position += len(each) + 1
    head = struct.pack("<7I", 0x950412DE, 0, len(keys), header_size,
                       header_size + table_size, 0, 0)
    return (head + struct.pack(f"<{len(offsets)}I", *offsets)
            + b"".join(each + b"\0" for each in originals)
            + b"".join(each + b"\0" for each in translations))
