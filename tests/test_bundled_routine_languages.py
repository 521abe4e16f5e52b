"""The bundled routines in German and Spanish: every text a person reads or hears, complete,
with the English numbers, on the command line and in the library window; English unchanged."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from spasm_timer import i18n, paths
from spasm_timer.core.loader import load_routine_file
from spasm_timer.core.red_flags import unsaid_red_flags
from spasm_timer.core.routine_yaml import read_for_editing, save_text
from spasm_timer.core.timeline import expand

BUNDLED = sorted(paths.bundled_routines_dir().glob("*.yaml"))
LANGUAGES = tuple(i18n.SHIPPED_LANGUAGES)
ROUTINE_TEXTS = ("name", "area", "description")
STEP_TEXTS = ("title", "instructions")


def texts_of(path: Path) -> list[tuple[str, object]]:
    """(where, value) of every text a person reads or hears in the file, as written."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: list[tuple[str, object]] = [(key, data[key]) for key in ROUTINE_TEXTS if key in data]
    found += [(f"safety {n}", note) for n, note in enumerate(data.get("safety", []), start=1)]
    for number, step in enumerate(data["steps"], start=1):
        found += [(f"step {number} {key}", step[key]) for key in STEP_TEXTS if key in step]
    return found


def load(path: Path, language: str):  # type: ignore[no-untyped-def]
    return load_routine_file(path, "bundled", paths.illustrations_dir(), language=language)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_text_of_every_bundled_routine_is_in_every_language(path: Path) -> None:
    for where, value in texts_of(path):
        assert isinstance(value, dict), f"{path.name} {where} is not translated"
        assert tuple(value) == LANGUAGES, f"{path.name} {where}: {list(value)}"
        english = value["en"]
        for language in LANGUAGES[1:]:
            assert value[language] != english, f"{path.name} {where} ({language}) is English"
            # The numbers of the guidance (10 minutes, 20 minutes) stay exactly as they are.
            assert sorted(re.findall(r"\d+", value[language])) == \
                sorted(re.findall(r"\d+", english)), f"{path.name} {where} ({language})"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_a_translation_changes_the_words_and_nothing_else(path: Path) -> None:
    english = load(path, "en")
    for language in LANGUAGES[1:]:
        translated = load(path, language)
        assert expand(translated).total_seconds == expand(english).total_seconds
        assert [(s.kind, s.duration, s.repeat, s.sides) for s in translated.steps] == \
            [(s.kind, s.duration, s.repeat, s.sides) for s in english.steps]
        assert len(translated.safety) == len(english.safety)
        # The start screen adds the same red flags whatever the language.
        assert unsaid_red_flags(translated) == unsaid_red_flags(english)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_the_editor_saves_a_bundled_routine_unchanged_in_every_language(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for language in LANGUAGES:
        draft, _ = read_for_editing(text, language)
        assert save_text(draft, text, language=language) == text, language


def spasm_timer(*args: str, language: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    locale_name = {"en": "en_GB.UTF-8", "de": "de_DE.UTF-8", "es": "es_ES.UTF-8"}[language]
    return subprocess.run([sys.executable, "-m", "spasm_timer", *args], cwd=cwd,
                          env={**os.environ, "LANG": locale_name}, capture_output=True,
                          text=True, timeout=60, check=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_of_calf_cramp_speaks_the_desktops_language(language: str, tmp_path: Path,
                                                              data_dir: Path) -> None:
    routine = load(paths.bundled_routines_dir() / "calf-cramp.yaml", language)
    result = spasm_timer("plan", "calf-cramp", language=language, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{routine.name} ({routine.area})")
    for note in routine.safety:
        assert note in result.stdout
    for step in routine.steps:
        assert step.title in result.stdout
    if language == "en":  # English as it always was
        assert first.startswith("Calf cramp relief (calf)")
        assert "Draw the toes toward you" in result.stdout
    else:
        assert "Calf cramp relief" not in result.stdout
        assert "Draw the toes toward you" not in result.stdout


def test_a_copy_of_a_bundled_routine_keeps_every_language(tmp_path: Path, data_dir: Path) -> None:
    copy = tmp_path / "for-my-sister.yaml"
    result = spasm_timer("copy", "calf-cramp", str(copy), language="de", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert load(copy, "es").name == load(paths.bundled_routines_dir() / "calf-cramp.yaml",
                                         "es").name


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_library_window_lists_routines_and_areas_in_the_language(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, language: str) -> None:
    from window_helpers import make_window

    i18n.use_language(language)
    window = make_window(qtbot, paths.DataPaths(data_dir))
    calf = load(paths.bundled_routines_dir() / "calf-cramp.yaml", language)
    rows = "\n".join(window.library_view.row_texts())
    assert calf.name in rows and "Calf cramp relief" not in rows
    headers = window.library_view.area_headers()
    assert calf.area[0].upper() + calf.area[1:] in headers  # "Wade", "Pantorrilla"
    assert "Calf" not in headers and "Lower back" not in headers
    if language == "de":
        assert "Nacken und Schultern" in headers  # German nouns keep their capitals
