"""The spasm-timer command as a person types it: real processes, from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

GOOD = "name: Mine\narea: calf\nlead_in: 0\nsteps:\n  - {kind: stretch, title: Reach, duration: 15-30s}\n"


def spasm_timer(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spasm_timer", *args], cwd=cwd, env=env or dict(os.environ),
                          capture_output=True, text=True, timeout=60)


def test_version(tmp_path: Path) -> None:
    result = spasm_timer("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("spasm-timer ")


def test_the_tests_and_their_processes_run_this_checkout(tmp_path: Path) -> None:
    """With a copy installed (the README's install is not editable), a change here is still tested."""
    import spasm_timer

    assert Path(spasm_timer.__file__).resolve().parent == REPO / "spasm_timer"
    code = "import spasm_timer; print(spasm_timer.__file__)"
    child = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                           text=True, timeout=60, check=True)
    assert Path(child.stdout.strip()).resolve().parent == REPO / "spasm_timer"


def test_list_json_from_another_folder_shows_the_bundled_library(tmp_path: Path, data_dir: Path) -> None:
    result = spasm_timer("list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    routines = json.loads(result.stdout)
    assert len(routines) >= 8
    assert set(routines[0]) == {"id", "name", "area", "total_seconds", "origin", "path"}
    assert {r["origin"] for r in routines} == {"bundled"}
    assert all(Path(r["path"]).is_file() for r in routines)


def test_a_user_routine_with_a_bundled_id_replaces_it_and_list_says_so(tmp_path: Path, data_dir: Path) -> None:
    (data_dir / "routines").mkdir(parents=True)
    (data_dir / "routines" / "calf-cramp.yaml").write_text(GOOD)
    (data_dir / "routines" / "broken.yaml").write_text("name: [\n")
    listed = json.loads(spasm_timer("list", "--json", cwd=tmp_path).stdout)
    calf = next(r for r in listed if r["id"] == "calf-cramp")
    assert (calf["name"], calf["origin"]) == ("Mine", "user")
    table = spasm_timer("list", cwd=tmp_path)
    assert "user (replaces bundled)" in table.stdout
    assert f"skipped {data_dir / 'routines' / 'broken.yaml'}:2:" in table.stderr


def test_data_dir_option_beats_the_environment(tmp_path: Path, data_dir: Path) -> None:
    other = tmp_path / "other"
    (other / "routines").mkdir(parents=True)
    (other / "routines" / "mine.yaml").write_text(GOOD)
    listed = json.loads(spasm_timer("list", "--json", "--data-dir", str(other), cwd=tmp_path).stdout)
    assert "mine" in {r["id"] for r in listed}


def test_validate_exit_codes(tmp_path: Path, data_dir: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    good = write_routine(GOOD, "good.yaml")
    bad = write_routine("name: x\narea: y\nsteps:\n  - {kind: strech, title: r, duration: 5}\n", "bad.yaml")
    assert spasm_timer("validate", str(good), cwd=tmp_path).returncode == 0
    result = spasm_timer("validate", str(good), str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{bad}:4:" in result.stdout and "did you mean 'stretch'?" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    missing = spasm_timer("validate", str(tmp_path / "nope.yaml"), cwd=tmp_path)
    assert missing.returncode == 1 and "cannot be read" in missing.stdout
    assert spasm_timer("validate", "--bogus", cwd=tmp_path).returncode == 2


def test_validate_with_no_paths_checks_every_known_routine(tmp_path: Path, data_dir: Path) -> None:
    result = spasm_timer("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert " 0 invalid" in result.stdout.splitlines()[-1]


def test_plan_json_adds_up_and_marks_lead_ins_and_rests(tmp_path: Path, data_dir: Path) -> None:
    plan = json.loads(spasm_timer("plan", "calf-cramp", "--json", cwd=tmp_path).stdout)
    assert plan["id"] == "calf-cramp"
    segments = plan["segments"]
    assert plan["total_seconds"] == sum(s["seconds"] for s in segments)
    assert set(segments[0]) == {"step", "title", "kind", "side", "repetition", "seconds",
                                "min_seconds", "max_seconds"}
    kinds = {s["kind"] for s in segments}
    assert {"lead_in", "rest"} <= kinds


def test_plan_of_a_file_path_and_of_an_unknown_id(tmp_path: Path, data_dir: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    result = spasm_timer("plan", str(write_routine(GOOD, "mine.yaml")), cwd=tmp_path)
    assert result.returncode == 0 and "Reach [stretch]" in result.stdout
    unknown = spasm_timer("plan", "no-such-routine", cwd=tmp_path)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == ("spasm-timer: no routine with id 'no-such-routine' "
                                      "(see: spasm-timer list)")


def test_without_a_display_the_app_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = spasm_timer(cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr


@pytest.mark.parametrize("command", [["list"], ["validate"], ["plan", "calf-cramp"], ["history"]])
def test_commands_without_a_window_never_import_qt(tmp_path: Path, data_dir: Path, command: list[str]) -> None:
    code = ("import sys, contextlib, io\n"
            "from spasm_timer.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()): main({command!r})\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_bundled_files_are_found_by_the_installed_command(tmp_path: Path) -> None:
    from spasm_timer import paths

    assert (paths.bundled_routines_dir() / "calf-cramp.yaml").is_file()
    assert paths.icon_path().is_file()
    assert REPO.joinpath("routines").is_dir()


@pytest.mark.parametrize("argv", [
    [], ["--quit-after-startup"], ["--data-dir", "/somewhere"], ["--data-dir=/somewhere"],
    ["--data-dir="], ["--data-dir", "a", "--quit-after-startup", "--data-dir", "b"],
])
def test_the_plain_launch_reads_as_argparse_would(argv: list[str]) -> None:
    from spasm_timer.cli import build_parser, parse_app_launch

    fast = parse_app_launch(argv)
    assert fast is not None
    assert vars(fast) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["run", "calf-cramp"], ["list"], ["--help"], ["--version"], ["--data"], ["--quit"],
    ["--data-dir"], ["--data-dir", "--quit-after-startup"], ["--", "x"], ["--start"],
])
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    from spasm_timer.cli import parse_app_launch

    assert parse_app_launch(argv) is None
