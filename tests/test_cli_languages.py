"""The command line in the person's language: its help, argparse's own words, its errors, the
plan and the tables follow a German or Spanish desktop, or the language set in the settings;
English stays as it always was.

The expected words come from the catalog itself (`expected()`), so a better translation does
not break a test; a test fails when the output stays English, or is not the catalog's."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spasm_timer import cli, i18n
from spasm_timer.paths import DataPaths
from spasm_timer.storage.log import SessionLog

GERMAN, SPANISH = {"LANG": "de_DE.UTF-8"}, {"LANG": "es_ES.UTF-8"}


def spasm_timer(*args: str, desktop: dict[str, str],
                cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a person types it, on a desktop with the given language variables."""
    env = {**os.environ, **desktop}
    return subprocess.run([sys.executable, "-m", "spasm_timer", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def translated(language: str, message: str, context: str | None = None) -> str:
    """`message` as the catalog translates it."""
    i18n.use_language(language)
    try:
        return i18n.pgettext(context, message) if context else i18n._(message)
    finally:
        i18n.use_language("en")


def expected(language: str, message: str, context: str | None = None) -> str:
    """`message` as the catalog translates it, which must differ from the English."""
    said = translated(language, message, context)
    assert said != message, f"{message!r} has no {language} translation"
    return said


def filled_in(template: str) -> re.Pattern[str]:
    """Matches `template` with anything in its {placeholders}."""
    pieces = re.split(r"\{[a-z_]+\}", template)
    return re.compile(".+".join(re.escape(piece) for piece in pieces))


@pytest.mark.parametrize(("language", "desktop"), [("de", GERMAN), ("es", SPANISH)])
def test_help_speaks_the_desktops_language_argparse_words_included(
        language: str, desktop: dict[str, str], tmp_path: Path, data_dir: Path) -> None:
    result = spasm_timer("--help", desktop=desktop, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    help_text = result.stdout
    assert help_text.startswith(expected(language, "usage: ") + "spasm-timer")
    for argparse_word in ("positional arguments", "options", "show this help message and exit"):
        assert expected(language, argparse_word) in help_text
    assert expected(language, "the known routines") in help_text  # our own help of `list`
    assert expected(language, "DIR", "placeholder") in help_text  # --data-dir ORDNER
    assert "usage:" not in help_text and "show this help" not in help_text


@pytest.mark.parametrize(("language", "desktop"), [("de", GERMAN), ("es", SPANISH)])
def test_a_mistake_on_the_command_line_is_told_in_the_desktops_language(
        language: str, desktop: dict[str, str], tmp_path: Path, data_dir: Path) -> None:
    result = spasm_timer("plan", desktop=desktop, cwd=tmp_path)
    assert result.returncode == 2
    required = expected(language, "the following arguments are required: %s") % translated(
        language, "ROUTINE", "placeholder")
    assert translated(language, "%(prog)s: error: %(message)s\n") % {
        "prog": "spasm-timer plan", "message": required} in result.stderr
    wrong = spasm_timer("desktop", "tidy", desktop=desktop, cwd=tmp_path)
    assert wrong.returncode == 2
    assert expected(language, "invalid choice: %(value)r (choose from %(choices)s)") % {
        "value": "tidy", "choices": "'install', 'remove'"} in wrong.stderr


@pytest.mark.parametrize(("language", "desktop"), [("de", GERMAN), ("es", SPANISH)])
def test_the_plan_speaks_the_desktops_language(
        language: str, desktop: dict[str, str], tmp_path: Path, data_dir: Path) -> None:
    result = spasm_timer("plan", "calf-cramp", desktop=desktop, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert filled_in(expected(language, "{name} ({area}), {time} in all")).fullmatch(lines[0])
    assert "in all" not in lines[0]
    columns = [expected(language, heading) for heading in ("AT", "WHAT", "TIME")]
    assert columns in [line.split() for line in lines]


def test_english_output_is_unchanged(tmp_path: Path, data_dir: Path) -> None:
    english = {"LANG": "C.UTF-8"}
    plan = spasm_timer("plan", "calf-cramp", desktop=english, cwd=tmp_path).stdout.splitlines()
    assert plan[0] == "Calf cramp relief (calf), 15 min in all"
    assert plan[7].split() == ["AT", "WHAT", "TIME"]
    assert plan[8].split() == ["0:00", "get", "ready:", "Breathe", "out", "slowly", "5", "s"]
    help_text = spasm_timer("--help", desktop=english, cwd=tmp_path).stdout
    assert help_text.startswith("usage: spasm-timer [-h] [--data-dir DIR]")
    assert "\noptions:\n  -h, --help            show this help message and exit\n" in help_text
    error = spasm_timer("plan", desktop=english, cwd=tmp_path).stderr
    assert error.endswith("spasm-timer plan: error: the following arguments are required: "
                          "ROUTINE\n")


@pytest.mark.parametrize(("setting", "language"), [("es", "es"), ("en", "en")])
def test_the_settings_language_overrides_the_desktops(
        setting: str, language: str, tmp_path: Path, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"language": setting}), encoding="utf-8")
    help_text = spasm_timer("--help", desktop=GERMAN, cwd=tmp_path).stdout
    usage = "usage: " if language == "en" else expected(language, "usage: ")
    assert help_text.startswith(usage + "spasm-timer")
    assert expected("de", "usage: ") not in help_text


def test_list_and_history_tables_have_headers_dates_and_statuses_in_the_language(
        data_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from test_log_commands import session

    with SessionLog.open(DataPaths(data_dir)) as log:
        log.add_sessions([session(0), session(30, status="stopped")])
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert cli.main(["history"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == [translated("de", word)
                                for word in ("Date", "Routine", "Time", "Status", "Pain")]
    assert table[0].split()[0] == expected("de", "Date")
    assert table[1].startswith("02.11.2026 14:00")  # German writes the day first
    assert expected("de", "stopped", "session status") in table[1]
    assert expected("de", "completed", "session status") in table[2]
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert cli.main(["list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split() == [translated("es", word)
                                  for word in ("ID", "NAME", "AREA", "TIME", "FROM")]
    assert listing[0].split()[1] == expected("es", "NAME")
    assert listing[1].endswith(expected("es", "bundled", "origin"))


def test_a_file_that_cannot_be_imported_is_explained_in_the_language(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "export.json"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert cli.main(["import", str(empty)]) == 1
    said = capsys.readouterr().err
    assert said == f"spasm-timer: {empty}: {expected('es', 'not valid JSON: the file is empty')}\n"


def test_an_export_into_a_missing_folder_is_explained_in_the_language(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the operating system's English "No such file or directory": the folder is named."""
    gone = tmp_path / "USB-Stick"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert cli.main(["export", str(gone / "sitzungen.json")]) == 1
    said = capsys.readouterr().err
    assert said == "spasm-timer: {}\n".format(
        expected("de", "cannot write {path}: {reason}").format(
            path=gone / "sitzungen.json",
            reason=expected("de", "{path} does not exist").format(path=gone)))
