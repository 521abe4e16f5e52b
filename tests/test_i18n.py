"""The app's language: chosen from the desktop or the settings, read from .po catalogs that
stay complete, with English as the fallback for anything missing or damaged."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from spasm_timer import i18n, local_formats
from spasm_timer.message_catalog import (
    Message,
    marked_messages,
    problems_with,
    source_files,
)
from spasm_timer.po_catalog import compile_catalog, parse_po, read_po_files
from spasm_timer.settings import Settings, SettingsFile

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


@pytest.mark.parametrize(("environment", "language"), [
    ({}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "es_MX.UTF-8"}, "es"),
    ({"LC_MESSAGES": "es_ES.UTF-8", "LANG": "de_DE.UTF-8"}, "es"),
    ({"LC_ALL": "de_CH.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "de"),
    ({"LANGUAGE": "fr:es:de", "LANG": "fr_FR.UTF-8"}, "es"),  # the first one the app has
    ({"LANGUAGE": "fr", "LANG": "de_DE.UTF-8"}, "de"),  # nothing in LANGUAGE: on to LANG
    ({"LANG": "fr_FR.UTF-8"}, "en"),  # a language the app does not ship: English
    ({"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
])
def test_the_language_comes_from_the_desktop(environment: dict[str, str], language: str) -> None:
    assert i18n.desktop_language(environment) == language


def test_the_setting_overrides_the_desktop_and_empty_follows_it() -> None:
    german_desktop = {"LANG": "de_DE.UTF-8"}
    assert i18n.chosen_language("es", german_desktop) == "es"
    assert i18n.chosen_language("en", german_desktop) == "en"
    assert i18n.chosen_language("", german_desktop) == "de"
    assert i18n.chosen_language("klingon", german_desktop) == "de"


def test_a_language_setting_the_app_does_not_know_falls_back_to_the_desktop(
        tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"language": "xx"}', encoding="utf-8")
    assert SettingsFile(path).load().language == ""
    SettingsFile(path).save(Settings(language="es"))
    assert SettingsFile(path).load().language == "es"


def test_german_and_spanish_translate_and_english_is_the_fallback() -> None:
    i18n.use_language("de")
    assert local_formats.long_date(date(2026, 12, 7)) == "7. Dezember 2026"
    assert local_formats.decimal(4.5) == "4,5"
    assert i18n._("A sentence no catalog has") == "A sentence no catalog has"
    i18n.use_language("es")
    assert local_formats.long_date(date(2026, 3, 1)) == "1 de marzo de 2026"
    i18n.use_language("en")
    assert local_formats.long_date(date(2026, 12, 7)) == "7 December 2026"
    assert local_formats.decimal(4.5) == "4.5"


def test_catalog_entries_read_as_gettext_reads_them() -> None:
    text = HEADER + (
        'msgid "Start"\nmsgstr "Starten"\n\n'
        'msgctxt "button"\nmsgid "Next"\nmsgstr "Weiter"\n\n'
        'msgid "{count} step"\nmsgid_plural "{count} steps"\n'
        'msgstr[0] "{count} Schritt"\nmsgstr[1] "{count} Schritte"\n\n'
        '#, fuzzy\nmsgid "Stop"\nmsgstr "Halt"\n\n'  # a guess nobody checked: English shows
        'msgid "Skip"\nmsgstr ""\n\n'
        'msgid "Two\\n"\n"lines"\nmsgstr "Zwei\\n"\n"Zeilen mit \\"Anführung\\""\n')
    catalog = compile_catalog(parse_po(text))
    assert catalog.gettext("Start") == "Starten"
    assert catalog.pgettext("button", "Next") == "Weiter"
    assert catalog.gettext("Next") == "Next"
    assert catalog.ngettext("{count} step", "{count} steps", 1) == "{count} Schritt"
    assert catalog.ngettext("{count} step", "{count} steps", 4) == "{count} Schritte"
    assert catalog.gettext("Stop") == "Stop"
    assert catalog.gettext("Skip") == "Skip"
    assert catalog.gettext("Two\nlines") == 'Zwei\nZeilen mit "Anführung"'


def test_a_damaged_catalog_file_is_named_with_its_line_and_the_rest_still_loads(
        tmp_path: Path) -> None:
    good, bad = tmp_path / "a.po", tmp_path / "b.po"
    good.write_text(HEADER + 'msgid "Start"\nmsgstr "Starten"\n', encoding="utf-8")
    bad.write_text(HEADER + 'msgid "Stop"\nmsgstr "Halt\n', encoding="utf-8")
    entries, problems = read_po_files([good, bad])
    assert compile_catalog(entries).gettext("Start") == "Starten"
    assert [(problem.path, problem.line) for problem in problems] == [(bad, 7)]  # the msgstr line


def test_a_translation_must_keep_the_placeholders_of_its_source() -> None:
    message = Message("{minutes} min left")
    wrong = parse_po(HEADER + 'msgid "{minutes} min left"\nmsgstr "noch {minuten} min"\n')[1]
    right = parse_po(HEADER + 'msgid "{minutes} min left"\nmsgstr "noch {minutes} min"\n')[1]
    assert problems_with(wrong, message)
    assert problems_with(right, message) == []


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_string_the_app_shows_is_translated(language: str) -> None:
    """Fails when code marks a string the catalog lacks; `python tools/i18n.py extract`
    adds it, a translator fills it in (docs/translating.md)."""
    entries, problems = read_po_files(i18n.catalog_files(language))
    assert problems == []
    known = {(entry.context, entry.msgid): entry for entry in entries if entry.msgid}
    missing = []
    for message in marked_messages(source_files()).values():
        entry = known.get(message.key)
        for problem in problems_with(entry, message) if entry else ["not in the catalog"]:
            missing.append(f"{message.places[0]}: {message.msgid!r}: {problem}")
    assert missing == []


@pytest.mark.parametrize("language", ["de", "es"])
def test_each_string_has_one_translation_in_one_file(language: str) -> None:
    seen: dict[tuple[str | None, str], Path] = {}
    for path in i18n.catalog_files(language):
        entries, _problems = read_po_files([path])
        for entry in entries:
            key = (entry.context, entry.msgid)
            if entry.msgid:
                assert key not in seen, f"{key} in {path.name} and {seen[key].name}"
                seen[key] = path


def test_words_in_another_language_hold_on_their_own_thread_only() -> None:
    """The voice may speak English while the library's worker names routines in German."""
    i18n.use_language("de")
    seen_elsewhere: list[str] = []
    with i18n.words_in("en"):
        assert local_formats.month_name(12) == "December"
        worker = threading.Thread(
            target=lambda: seen_elsewhere.append(local_formats.month_name(12)))
        worker.start()
        worker.join()
    assert seen_elsewhere == ["Dezember"]
    assert local_formats.month_name(12) == "Dezember"
