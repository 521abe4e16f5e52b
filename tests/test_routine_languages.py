"""Routines in several languages: each text once, or once per language, the right one shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasm_timer import i18n, paths
from spasm_timer.core import library as library_module
from spasm_timer.core.library import load_library
from spasm_timer.core.loader import RoutineFileError, load_routine_file
from spasm_timer.core.red_flags import unsaid_red_flags
from spasm_timer.core.routine_parsing import parse_in_processes
from spasm_timer.core.routine_yaml import read_for_editing, save_text

THREE_LANGUAGES = """\
name: {en: Calf cramp, de: Wadenkrampf, es: Calambre de pantorrilla}
area: {en: calf, de: Wade, es: pantorrilla}
description:
  en: Ease a cramping calf.
  de: Lockere eine verkrampfte Wade.
safety:
  - en: One calf that is red, warm and swollen can be a blood clot.
    de: Eine rote, warme, geschwollene Wade kann ein Blutgerinnsel sein.
    es: Una pantorrilla roja, caliente e hinchada puede ser un coágulo.
  - Plain note, the same in every language.
steps:
  - kind: pressure   # my favourite
    title: {en: Press the spot, de: Drück die Stelle, es: Presiona el punto}
    instructions: {en: Press gently., es: Presiona con suavidad.}
    duration: 30s
"""


def load(path: Path, language: str | None = None):  # type: ignore[no-untyped-def]
    return load_routine_file(path, "user", paths.illustrations_dir(), language=language)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RoutineFileError) as caught:
        load(path)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(("language", "name", "title"), [
    ("en", "Calf cramp", "Press the spot"),
    ("de", "Wadenkrampf", "Drück die Stelle"),
    ("es", "Calambre de pantorrilla", "Presiona el punto"),
])
def test_each_language_gets_its_own_texts(write_routine, language: str, name: str,  # type: ignore[no-untyped-def]
                                          title: str) -> None:
    routine = load(write_routine(THREE_LANGUAGES), language)
    assert (routine.name, routine.steps[0].title) == (name, title)
    assert routine.languages == ("de", "en", "es")


def test_a_missing_translation_falls_back_to_english_and_a_plain_text_serves_all(  # type: ignore[no-untyped-def]
        write_routine) -> None:
    german = load(write_routine(THREE_LANGUAGES), "de")
    assert german.steps[0].instructions == "Press gently."  # no German: the English
    assert german.safety[1] == "Plain note, the same in every language."
    spanish = load(write_routine(THREE_LANGUAGES), "es")
    assert spanish.description == "Ease a cramping calf."


def test_without_english_the_first_text_is_the_fallback(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: {de: Wadenkrampf, es: Calambre}\narea: calf\n"
                         "steps:\n  - {kind: rest, title: Pause, duration: 5s}\n")
    assert load(path, "en").name == "Wadenkrampf"
    assert load(path, "es").name == "Calambre"


def test_the_loader_follows_the_language_in_use(write_routine) -> None:  # type: ignore[no-untyped-def]
    i18n.use_language("de")
    assert load(write_routine(THREE_LANGUAGES)).name == "Wadenkrampf"


def test_red_flags_are_matched_on_the_english_texts_in_any_language(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine(THREE_LANGUAGES)
    english, german = load(path, "en"), load(path, "de")
    assert german.area == "Wade" and german.fallback_texts.area == "calf"
    # The notes already say "blood clot": the start screen does not say it twice, in German too.
    assert unsaid_red_flags(german) == unsaid_red_flags(english)
    assert not any("blood clot" in flag.text for flag in unsaid_red_flags(german))


# ------------------------------------------------------------------------------- validate

def test_each_translation_is_checked_like_any_text_with_its_line(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine(
        "name:\n"
        "  en: Calf cramp\n"
        "  de: ''\n"                              # 3: empty
        f"  es: {'x' * 81}\n"                     # 4: too long for a name
        "area: {en: calf, de: \"Wa\u202ede\"}\n"  # 5: turns the text around
        "steps:\n"
        "  - kind: rest\n"
        "    title: {}\n"                         # 8: no text at all
        "    duration: 5s\n")
    problems = problems_of(path)
    assert any(p.startswith(f"{path}:3:") and "(de)" in p and "empty" in p for p in problems)
    assert any(p.startswith(f"{path}:4:") and "(es)" in p and "too long" in p for p in problems)
    assert any(p.startswith(f"{path}:5:") and "(de)" in p and "direction" in p for p in problems)
    assert any(p.startswith(f"{path}:8:") and "'title' has no text" in p for p in problems)


def test_an_unknown_language_is_named_with_what_was_meant(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine(
        "name:\n"
        "  en: Calf cramp\n"
        "  DE: Wadenkrampf\n"       # 3
        "  german: Wadenkrampf\n"   # 4
        "  de_AT: Wadenkrampf\n"    # 5
        "  qq: Wadenkrampf\n"       # 6
        "  en: Calf cramp again\n"  # 7: twice
        "area: calf\n"
        "safety:\n"
        "  - {en: Stop if it hurts, de: Hör auf, wenn es weh tut}\n"  # 10: the comma
        "steps:\n  - {kind: rest, title: Pause, duration: 5s}\n")
    problems = problems_of(path)
    expected = {3: "did you mean 'de'", 4: "did you mean 'de'", 5: "did you mean 'de'",
                6: "two-letter code", 7: "two texts in 'en'", 10: "in quotes"}
    for line, words in expected.items():
        assert any(p.startswith(f"{path}:{line}:") and words in p for p in problems), line


def test_a_language_the_app_does_not_speak_yet_is_kept_but_not_shown(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: {en: Calf cramp, fr: Crampe au mollet}\narea: calf\n"
                         "steps:\n  - {kind: rest, title: Pause, duration: 5s}\n")
    assert load(path, "de").name == "Calf cramp"


def test_validate_names_the_file_and_line_of_a_bad_translation(write_routine, data_dir) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    path = write_routine("name: {en: Calf cramp, ger: Wadenkrampf}\narea: calf\n"
                         "steps:\n  - {kind: rest, title: Pause, duration: 5s}\n")
    done = subprocess.run([sys.executable, "-m", "spasm_timer", "validate", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert f"{path}:1:" in done.stdout + done.stderr
    assert "'de'" in done.stdout + done.stderr


# ------------------------------------------------------------------ cache and worker processes

def test_the_cache_keeps_each_language_and_parses_nothing_again(  # type: ignore[no-untyped-def]
        write_routine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = write_routine(THREE_LANGUAGES, "mine.yaml").parent
    cache = tmp_path / "cache.json"
    parsed: list[str] = []
    real_parse = library_module._parse
    monkeypatch.setattr(library_module, "_parse", lambda path, *rest: (
        parsed.append(path.name), real_parse(path, *rest))[1])

    def names() -> tuple[str, str]:
        found = load_library(paths.bundled_routines_dir(), user, paths.illustrations_dir(), cache)
        return found.routines["mine"].name, found.routines["mine"].steps[0].title

    assert names() == ("Calf cramp", "Press the spot")
    i18n.use_language("de")
    assert names() == ("Wadenkrampf", "Drück die Stelle")  # not the English kept from before
    i18n.use_language("es")
    assert names() == ("Calambre de pantorrilla", "Presiona el punto")
    parsed.clear()
    for language, name in (("en", "Calf cramp"), ("de", "Wadenkrampf")):
        i18n.use_language(language)
        assert names()[0] == name
    assert parsed == []  # every language came from the cache


def test_worker_processes_read_the_language_they_are_given(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine(THREE_LANGUAGES)
    parsed = list(parse_in_processes([(path, "user")], paths.illustrations_dir(), 1, "es"))
    assert parsed[0].routine.name == "Calambre de pantorrilla"  # type: ignore[union-attr]
    assert "Calambre de pantorrilla" in parsed[0].cache_text  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------- editor

def test_the_editor_shows_the_texts_of_the_language_in_use() -> None:
    draft, _ = read_for_editing(THREE_LANGUAGES, "de")
    assert (draft.name, draft.area, draft.steps[0].title) == ("Wadenkrampf", "Wade",
                                                               "Drück die Stelle")
    assert draft.steps[0].instructions == "Press gently."  # the fallback, as the player shows
    assert draft.safety[0].startswith("Eine rote")


def test_saving_unchanged_keeps_every_translation_byte_for_byte() -> None:
    for language in ("en", "de", "es"):
        draft, _ = read_for_editing(THREE_LANGUAGES, language)
        assert save_text(draft, THREE_LANGUAGES, language=language) == THREE_LANGUAGES


def test_an_edit_changes_only_the_language_shown(write_routine) -> None:  # type: ignore[no-untyped-def]
    draft, _ = read_for_editing(THREE_LANGUAGES, "de")
    draft.name = "Wadenkrampf lösen"
    draft.steps[0].title = "Drück sanft"
    draft.steps[0].instructions = "Press very gently."  # shown in English: the English changes
    draft.safety[0] = "Eine rote Wade kann ein Blutgerinnsel sein."
    text = save_text(draft, THREE_LANGUAGES, language="de")
    path = write_routine(text)
    german, english, spanish = load(path, "de"), load(path, "en"), load(path, "es")
    assert (german.name, english.name, spanish.name) == (
        "Wadenkrampf lösen", "Calf cramp", "Calambre de pantorrilla")
    assert (german.steps[0].title, english.steps[0].title) == ("Drück sanft", "Press the spot")
    assert english.steps[0].instructions == "Press very gently."
    assert spanish.steps[0].instructions == "Presiona con suavidad."
    assert german.safety[0] == "Eine rote Wade kann ein Blutgerinnsel sein."
    assert english.safety[0].startswith("One calf that is red")
    assert spanish.safety[0].startswith("Una pantorrilla roja")
    assert "# my favourite" in text


def test_notes_moved_or_added_in_the_editor_keep_their_translations(write_routine) -> None:  # type: ignore[no-untyped-def]
    draft, _ = read_for_editing(THREE_LANGUAGES, "es")
    draft.safety = ["Nueva nota.", *reversed(draft.safety)]
    path = write_routine(save_text(draft, THREE_LANGUAGES, language="es"))
    clot = "Una pantorrilla roja, caliente e hinchada puede ser un coágulo."
    assert load(path, "es").safety == ("Nueva nota.", "Plain note, the same in every language.",
                                       clot)
    assert load(path, "de").safety[2].startswith("Eine rote")


@pytest.mark.parametrize("area", ["Wade", "pantorrillas", "unterer Rücken", "espalda"])
def test_an_area_written_in_german_or_spanish_gets_its_red_flags(write_routine, area: str) -> None:  # type: ignore[no-untyped-def]
    path = write_routine(f"name: Mine\narea: {area}\n"
                         "steps:\n  - {kind: rest, title: Pause, duration: 5s}\n")
    english = {"Wade": "calf", "pantorrillas": "calves", "unterer Rücken": "lower back",
               "espalda": "back"}[area]
    same_in_english = write_routine(f"name: Mine\narea: {english}\n"
                                    "steps:\n  - {kind: rest, title: Pause, duration: 5s}\n",
                                    "english.yaml")
    flags = unsaid_red_flags(load(path))
    assert flags == unsaid_red_flags(load(same_in_english))
    assert any(flag.areas for flag in flags)  # the area's own flag, not only the general ones


def test_one_translated_note_written_without_a_list_keeps_its_languages(write_routine) -> None:  # type: ignore[no-untyped-def]
    text = ("name: Mine\narea: calf\nsafety: {en: Stop if it hurts., de: Hör auf bei Schmerz.}\n"
            "steps:\n  - {kind: rest, title: Pause, duration: 5s}\n")
    draft, _ = read_for_editing(text, "de")
    assert draft.safety == ["Hör auf bei Schmerz."]
    draft.safety = ["Hör sofort auf bei Schmerz.", "Neu."]
    path = write_routine(save_text(draft, text, language="de"))
    assert load(path, "de").safety == ("Hör sofort auf bei Schmerz.", "Neu.")
    assert load(path, "en").safety == ("Stop if it hurts.", "Neu.")
