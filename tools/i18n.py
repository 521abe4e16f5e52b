"""Keeps the translation catalogs in step with the code.

    python tools/i18n.py extract    # add new strings to every language's .po files
    python tools/i18n.py check      # list what is untranslated or wrong; exit 1 if anything
    python tools/i18n.py compile    # write .mo files beside the .po files, for packagers
    python tools/i18n.py todo de window > todo.json    # what is left to translate, as JSON
    python tools/i18n.py fill de todo.json             # write the filled-in msgstr lists back

`extract` reads every `_()`, `N_()`, `ngettext()` and `pgettext()` in spasm_timer/, and
rewrites each language's .po files: each string in the file of the part of the app that uses
it first (spasm_timer/message_catalog.py, PARTS), a translation already made kept wherever
it was, an unused one dropped. The app itself never needs `compile`: it reads the .po files.
docs/translating.md says the rest.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spasm_timer import i18n
from spasm_timer.message_catalog import (
    PACKAGE,
    Message,
    catalog_part,
    marked_messages,
    problems_with,
    source_files,
)
from spasm_timer.po_catalog import Entry, mo_bytes, read_po_files

PLURAL_FORMS = {"de": "nplurals=2; plural=(n != 1);", "es": "nplurals=2; plural=(n != 1);"}
LANGUAGE_NAMES = {"de": "German", "es": "Spanish"}


def translated_languages() -> list[str]:
    return [code for code in i18n.SHIPPED_LANGUAGES if code != i18n.DEFAULT_LANGUAGE]


def extract() -> int:
    messages = marked_messages(source_files())
    for code in translated_languages():
        entries, problems = read_po_files(i18n.catalog_files(code))
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{code}: not rewritten until the files above are mended", file=sys.stderr)
            return 1
        known = {(entry.context, entry.msgid): entry for entry in entries if entry.msgid}
        by_part: dict[str, list[tuple[Message, Entry | None]]] = {}
        for message in messages.values():
            part = catalog_part(PACKAGE / message.places[0].split(":")[0])
            by_part.setdefault(part, []).append((message, known.get(message.key)))
        folder = i18n.LOCALE_DIR / code
        folder.mkdir(parents=True, exist_ok=True)
        for old in i18n.catalog_files(code):
            if old.stem not in by_part:
                old.unlink()
        for part, pairs in by_part.items():
            (folder / f"{part}.po").write_text(_po_text(code, part, pairs), encoding="utf-8")
        dropped = len(known) - sum(1 for message in messages.values() if message.key in known)
        missing = sum(1 for message in messages.values()
                      if message.key not in known or not known[message.key].translated)
        print(f"{code}: {len(messages)} strings, {missing} to translate, {dropped} unused dropped")
    return 0


def _po_text(code: str, part: str, pairs: list[tuple[Message, Entry | None]]) -> str:
    lines = [f"# Spasm Timer: {LANGUAGE_NAMES[code]} translation, {part}.",
             "# Extracted by tools/i18n.py; edit the msgstr lines only.",
             'msgid ""', 'msgstr ""',
             _quote("Content-Type: text/plain; charset=UTF-8\n"),
             _quote(f"Language: {code}\n"),
             _quote(f"Plural-Forms: {PLURAL_FORMS[code]}\n"), ""]
    for message, entry in pairs:
        # Files only, as xgettext --add-location=file writes them: a line number would
        # change every catalog whenever code above a string moves.
        lines += [f"#: {source}" for source in dict.fromkeys(
            place.split(":")[0] for place in message.places)]
        if entry is not None and entry.fuzzy:
            lines.append("#, fuzzy")
        if message.context is not None:
            lines.append(f"msgctxt {_quote(message.context)}")
        lines.append(f"msgid {_quote(message.msgid)}")
        old = entry.translations if entry is not None else []
        if message.msgid_plural is None:
            lines.append(f"msgstr {_quote(old[0] if old else '')}")
        else:
            lines.append(f"msgid_plural {_quote(message.msgid_plural)}")
            for index in range(2):
                lines.append(f"msgstr[{index}] {_quote(old[index] if index < len(old) else '')}")
        lines.append("")
    return "\n".join(lines)


def _quote(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\t", "\\t").replace("\n", "\\n"))
    if "\\n" in escaped[:-2]:  # a message of several lines: one quoted line each
        pieces = escaped.split("\\n")
        chunks = [piece + "\\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
        return '""\n' + "\n".join(f'"{chunk}"' for chunk in chunks)
    return f'"{escaped}"'


def check() -> int:
    messages = marked_messages(source_files())
    failures = 0
    for code in translated_languages():
        entries, problems = read_po_files(i18n.catalog_files(code))
        for problem in problems:
            print(problem)
            failures += 1
        known = {(entry.context, entry.msgid): entry for entry in entries if entry.msgid}
        for message in messages.values():
            entry = known.get(message.key)
            for problem in problems_with(entry, message) if entry else ["not in the catalog"]:
                print(f"{code}: {message.places[0]}: {message.msgid!r}: {problem}")
                failures += 1
    print(f"{failures} problems")
    return 1 if failures else 0


def compile_all() -> int:
    for code in translated_languages():
        entries, problems = read_po_files(i18n.catalog_files(code))
        for problem in problems:
            print(problem, file=sys.stderr)
        target = i18n.LOCALE_DIR / code / "LC_MESSAGES" / "spasm_timer.mo"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(mo_bytes(entries))
        print(target)
    return 0


def todo(code: str, part: str) -> int:
    """The untranslated messages of one part, as JSON a translator (or a script) fills in."""
    entries, _problems = read_po_files([i18n.LOCALE_DIR / code / f"{part}.po"])
    wanted = [{"context": entry.context, "msgid": entry.msgid, "msgid_plural": entry.msgid_plural,
               "msgstr": [""] * len(entry.translations)}
              for entry in entries if entry.msgid and not entry.translated]
    print(json.dumps(wanted, ensure_ascii=False, indent=1))
    return 0


def fill(code: str, answers: Path) -> int:
    """Writes the translations of a filled-in `todo` list into the language's .po files."""
    given = {(each.get("context"), each["msgid"]): each["msgstr"]
             for each in json.loads(answers.read_text(encoding="utf-8"))}
    filled = 0
    for path in i18n.catalog_files(code):
        entries, problems = read_po_files([path])
        if problems:
            print(*problems, sep="\n", file=sys.stderr)
            return 1
        by_key = {(entry.context, entry.msgid): entry for entry in entries if entry.msgid}
        changed = False
        for key, msgstr in given.items():
            entry = by_key.get(key)
            if entry is not None and all(msgstr):
                entry.translations, entry.fuzzy, changed = list(msgstr), False, True
                filled += 1
        if changed:
            messages = marked_messages(source_files())
            pairs = [(messages.get(key) or Message(entry.msgid, entry.msgid_plural,
                                                   entry.context, ["?"]), entry)
                     for key, entry in by_key.items()]
            path.write_text(_po_text(code, path.stem, pairs), encoding="utf-8")
    print(f"{filled} of {len(given)} filled")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("extract", "check", "compile", "todo", "fill"))
    parser.add_argument("language", nargs="?", help="todo, fill: de or es")
    parser.add_argument("what", nargs="?", help="todo: the part (window, core…); fill: the JSON")
    options = parser.parse_args()
    if options.action == "todo":
        return todo(options.language, options.what)
    if options.action == "fill":
        return fill(options.language, Path(options.what))
    return {"extract": extract, "check": check, "compile": compile_all}[options.action]()


if __name__ == "__main__":
    sys.exit(main())
