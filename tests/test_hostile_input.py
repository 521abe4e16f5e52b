"""Hostile files on the command line: each gets one line naming the file and the place, never a
hang or a traceback, and the other routines still load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spasm_timer import cli

GOOD = "name: Good\narea: calf\nsteps:\n  - {kind: stretch, title: Reach, duration: 30s}\n"
BAD_USER_ROUTINES = {
    "nul-image.yaml": GOOD.replace("30s}", '30s, image: "a\\0b.svg"}'),
    "loop-image.yaml": GOOD.replace("30s}", "30s, image: loop.svg}"),
    "escape.yaml": GOOD.replace("Good", '"\\e[2J\\e]0;title\\a Good"'),
    "reversed.yaml": GOOD.replace("Good", '"\\u202egnp.exe"'),
    "invisible.yaml": GOOD.replace("Good", '"\\u200b\\u3164\\u200d"'),
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def user_folder(data_dir: Path) -> Path:
    folder = data_dir / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def bad_library(data_dir: Path) -> Path:
    folder = user_folder(data_dir)
    (folder / "good.yaml").write_text(GOOD)
    for name, text in BAD_USER_ROUTINES.items():
        (folder / name).write_text(text)
    (folder / "loop.svg").symlink_to("loop.svg")
    os.mkfifo(folder / "pipe.yaml")
    return folder


def test_bad_user_routines_are_skipped_and_named_and_the_others_load(
        bad_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--json")
    assert code == 0
    assert "good" in {row["id"] for row in json.loads(out)}
    for name in [*BAD_USER_ROUTINES, "pipe.yaml"]:
        line = next(line for line in err.splitlines() if name in line)
        assert line.startswith(f"skipped {bad_library / name}:")

    code, out, _ = run(capsys, "validate")
    assert code == 1
    assert f"{bad_library / 'good.yaml'}: ok" in out
    assert f"{len(BAD_USER_ROUTINES) + 1} invalid" in out
    assert "\x1b" not in out and "\u202e" not in out

    code, out, _ = run(capsys, "plan", "good")
    assert code == 0 and out.startswith("Good (calf)")


@pytest.mark.parametrize(("name", "words"), [
    ("nul-image.yaml", "control character"),
    ("loop-image.yaml", "cannot be opened"),
    ("escape.yaml", "control character"),
    ("reversed.yaml", "reverses the direction"),
    ("invisible.yaml", "no visible characters"),
])
def test_each_bad_routine_gets_its_line_and_place(
        bad_library: Path, capsys: pytest.CaptureFixture[str], name: str, words: str) -> None:
    code, out, _ = run(capsys, "validate", str(bad_library / name))
    (line, summary) = out.splitlines()
    assert code == 1 and summary == "0 valid, 1 invalid"
    assert line.startswith(f"{bad_library / name}:") and line.split(":")[1].isdigit()
    assert words in line


def test_a_named_pipe_or_a_device_is_refused_at_once_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    for args in (["validate", str(pipe), "/dev/zero"], ["plan", str(pipe)],
                 ["run", str(pipe), "--start"]):
        # A hang would end in TimeoutExpired: nothing ever writes to the pipe.
        result = subprocess.run([sys.executable, "-m", "spasm_timer", *args], capture_output=True,
                                text=True, timeout=30, cwd=tmp_path,
                                env={**os.environ, "SPASM_TIMER_DATA_DIR": str(tmp_path / "d")})
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert "named pipe" in result.stdout + result.stderr
    assert not (tmp_path / "d").exists()


def test_a_routine_of_150000_safety_notes_is_refused_with_a_clear_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = "  - x\n" * 150_000
    path = tmp_path / "notes.yaml"
    path.write_text("name: Notes\narea: calf\nsafety:\n" + notes + "steps:\n"
                    "  - {kind: stretch, title: Reach, duration: 30s}\n")
    assert path.stat().st_size < 1024 * 1024
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and "more than 20,000 values" in out
    path.write_text("name: Notes\narea: calf\nsafety:\n" + "".join(f"  - N{n}\n" for n in range(50))
                    + "steps:\n  - {kind: stretch, title: Reach, duration: 30s}\n")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and ":4:3: 'safety' has 50 notes; at most 20" in out


def test_merge_keys_are_read_and_what_they_bring_is_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text("name: Merge\narea: calf\nsteps:\n"
                    "  - &reach {kind: stretch, title: Reach, duration: 30s, sides: both}\n"
                    "  - <<: *reach\n    title: Reach again\n")
    code, out, _ = run(capsys, "plan", str(path), "--json")
    assert code == 0
    titles = [s["title"] for s in json.loads(out)["segments"] if s["kind"] == "stretch"]
    assert titles == ["Reach", "Reach", "Reach again", "Reach again"]

    path.write_text("name: Merge\narea: calf\nsteps:\n"
                    "  - &heat {kind: heat, title: Warm, duration: 20m}\n  - <<: *heat\n")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and "40 minutes of heat" in out
    path.write_text("name: Merge\narea: calf\nsteps:\n  - <<: oops\n    title: A\n")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and ":4:9: '<<' in step 1 must name a mapping" in out


def test_a_file_name_with_control_characters_reaches_no_terminal(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_folder(data_dir)
    (folder / "\x1b]0;pwned\x07\x1b[2J.yaml").write_text(GOOD)
    (folder / "\udcff-not-utf8.yaml".encode("utf-8", "surrogateescape").decode(
        "utf-8", "surrogateescape")).write_text(GOOD.replace("Good", "Other"))
    for args in (["list"], ["list", "--json"], ["validate"]):
        code, out, err = run(capsys, *args)
        assert code == 0, err
        assert "\x1b" not in out + err and "\x07" not in out + err
        assert "\\x1b]0;pwned" in out or "\\u001b]0;pwned" in out
    listed = json.loads(run(capsys, "list", "--json")[1])
    assert "\x1b]0;pwned\x07\x1b[2J" in {row["id"] for row in listed}  # still the same id


def test_an_ascii_only_terminal_gets_escapes_not_an_error(data_dir: Path) -> None:
    folder = user_folder(data_dir)
    (folder / "mine.yaml").write_text(GOOD.replace("Good", "Crampe du mollet · été"))
    result = subprocess.run([sys.executable, "-m", "spasm_timer", "list"], capture_output=True,
                            timeout=60, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert b"Crampe du mollet \\xb7 \\xe9t\\xe9" in result.stdout


@pytest.mark.parametrize(("settings_text", "bad"), [
    ('{"volume": Infinity, "theme": "dark"}', "volume"),
    ('{"default_lead_in": 1e999, "volume": 30}', "default_lead_in"),
    ('{"voice_rate": NaN, "keep_on_top": "yes"}', "voice_rate, keep_on_top"),
    ("[" * 30_000 + "]" * 30_000, "nested too deeply"),
    ('{"volume": 3', "not valid JSON"),
    ("\xff\xfe", "not valid JSON"),
])
def test_a_hostile_settings_file_gives_one_line_and_defaults_for_what_is_bad(
        data_dir: Path, capsys: pytest.CaptureFixture[str], settings_text: str, bad: str) -> None:
    data_dir.mkdir()
    (data_dir / "settings.json").write_text(settings_text, encoding="latin-1")
    before = (data_dir / "settings.json").read_bytes()
    code, out, err = run(capsys, "plan", "calf-cramp", "--json")
    assert code == 0
    (line,) = err.splitlines()
    assert line.startswith(f"spasm-timer: {data_dir / 'settings.json'}: ") and bad in line
    assert json.loads(out)["segments"][0]["seconds"] == 5  # the default get-ready time
    assert (data_dir / "settings.json").read_bytes() == before  # reading changes nothing


def test_planning_a_broken_routine_by_its_id_says_what_is_wrong_with_it(
        bad_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", "nul-image")
    assert code == 1
    assert f"{bad_library / 'nul-image.yaml'}:4:" in err and "control character" in err
    assert "no routine with id" not in err
