"""validate's guidance warnings, `spasm-timer add` and `spasm-timer copy`, as a person types them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from spasm_timer.cli import main
from spasm_timer.core.guidance import USUAL_TIMES, step_time_warning

# A hand-written file, with the comments and layout its author chose.
LONG_HOLD = """\
# From my physio, March
name: Long hold
area: calf
steps:
  - kind: stretch      # the easy one first
    title: Reach
    duration: 20s

  - kind: trigger_point
    title: Hold the knot
    duration: 90s      # she said hold it long
"""
BROKEN = "name: Broken\narea: calf\nsteps:\n  - {kind: strech, title: Reach, duration: 20s}\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_warns_with_the_line_and_the_usual_range_and_exits_0(  # type: ignore[no-untyped-def]
        capsys, data_dir: Path, write_routine) -> None:
    path = write_routine(LONG_HOLD, "long-hold.yaml")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0
    warnings = [line for line in out.splitlines() if ": warning: " in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:11:")  # the line of the 90 s duration
    assert "step 2" in warnings[0] and "1 min 30 s" in warnings[0] and "10–30 s" in warnings[0]
    assert out.splitlines()[-1] == "1 valid, 0 invalid, 1 warning"


def test_validate_keeps_errors_as_errors_beside_warnings(  # type: ignore[no-untyped-def]
        capsys, data_dir: Path, write_routine) -> None:
    good = write_routine(LONG_HOLD, "long-hold.yaml")
    bad = write_routine(BROKEN, "broken.yaml")
    code, out, _ = run(capsys, "validate", str(good), str(bad))
    assert code == 1
    assert f"{bad}:4:" in out and "warning" not in out.split(str(bad))[1].splitlines()[0]


def test_times_inside_the_usual_range_bring_no_warning() -> None:
    assert step_time_warning("trigger_point", 10, 30) is None
    assert step_time_warning("heat", 15 * 60, 20 * 60) is None
    assert step_time_warning("breathe", 1, 3600) is None
    assert "15–20 min" in (step_time_warning("cold", 5 * 60, 5 * 60) or "")
    assert "15–30 s" in (step_time_warning("stretch", 15, 45) or "")


def test_the_usual_times_are_those_of_the_guidance() -> None:
    seconds = {kind: (usual.low, usual.high) for kind, usual in USUAL_TIMES.items() if usual}
    assert seconds == {"trigger_point": (10, 30), "neuromuscular": (10, 30), "stretch": (15, 30),
                       "heat": (900, 1200), "cold": (900, 1200), "pressure": (20, 60),
                       "circular": (30, 90), "effleurage": (30, 120), "petrissage": (30, 120),
                       "friction": (20, 60)}


def test_add_copies_the_file_as_written(capsys, data_dir: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    source = write_routine(LONG_HOLD, "long-hold.yaml")
    code, out, err = run(capsys, "add", str(source))
    assert code == 0, err
    kept = data_dir / "routines" / "long-hold.yaml"
    assert kept.read_bytes() == source.read_bytes()  # comments and blank lines included
    assert "warning" in out and "10–30 s" in out
    code, out, _ = run(capsys, "list")
    assert "long-hold" in out and "user" in out


def test_add_refuses_a_broken_file_with_its_line_and_copies_nothing(  # type: ignore[no-untyped-def]
        capsys, data_dir: Path, write_routine) -> None:
    source = write_routine(BROKEN, "broken.yaml")
    code, _, err = run(capsys, "add", str(source))
    assert code == 1
    assert f"{source}:4:" in err and "did you mean 'stretch'" in err
    assert "nothing was copied" in err
    assert not (data_dir / "routines").exists() or not list((data_dir / "routines").iterdir())


def test_add_does_not_replace_a_routine_without_replace(  # type: ignore[no-untyped-def]
        capsys, data_dir: Path, write_routine, tmp_path: Path) -> None:
    first = write_routine(LONG_HOLD, "long-hold.yaml")
    assert run(capsys, "add", str(first))[0] == 0
    second = write_routine(LONG_HOLD.replace("Long hold", "Changed"), "long-hold.yaml",
                           folder=tmp_path / "elsewhere")
    code, _, err = run(capsys, "add", str(second))
    assert code == 1 and "--replace" in err
    kept = data_dir / "routines" / "long-hold.yaml"
    assert kept.read_bytes() == first.read_bytes()
    assert run(capsys, "add", "--replace", str(second))[0] == 0
    assert kept.read_bytes() == second.read_bytes()


def test_add_does_not_hide_a_bundled_routine_without_replace(  # type: ignore[no-untyped-def]
        capsys, data_dir: Path, write_routine) -> None:
    mine = write_routine(LONG_HOLD, "calf-cramp.yaml")
    code, _, err = run(capsys, "add", str(mine))
    assert code == 1 and "bundled" in err
    code, out, _ = run(capsys, "add", "--replace", str(mine))
    assert code == 0 and "in place of the bundled routine" in out


def test_add_brings_a_picture_kept_beside_the_file(  # type: ignore[no-untyped-def]
        capsys, data_dir: Path, write_routine) -> None:
    source = write_routine(LONG_HOLD.replace("    title: Reach\n",
                                             "    title: Reach\n    image: mine.svg\n"), "pic.yaml")
    (source.parent / "mine.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert run(capsys, "add", str(source))[0] == 0
    assert (data_dir / "routines" / "mine.svg").is_file()
    assert run(capsys, "validate", str(data_dir / "routines" / "pic.yaml"))[0] == 0


def test_copy_saves_a_bundled_routine_to_share_and_add_takes_it_back(  # type: ignore[no-untyped-def]
        capsys, data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "for-a-friend.yaml"
    code, out, _ = run(capsys, "copy", "calf-cramp", str(target))
    assert code == 0 and str(target) in out
    from spasm_timer import paths

    assert target.read_bytes() == (paths.bundled_routines_dir() / "calf-cramp.yaml").read_bytes()
    code, _, err = run(capsys, "copy", "calf-cramp", str(target))
    assert code == 1 and "--replace" in err
    assert run(capsys, "add", str(target))[0] == 0
    assert (data_dir / "routines" / "for-a-friend.yaml").is_file()


def test_add_as_a_new_user_types_it(tmp_path: Path, data_dir: Path) -> None:
    """The whole command in its own process, from the folder the file is in."""
    (tmp_path / "mine.yaml").write_text(LONG_HOLD, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "spasm_timer", "add", "mine.yaml"],
                            cwd=tmp_path, env=dict(os.environ), capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "# she said hold it long" in (data_dir / "routines" / "mine.yaml").read_text()
