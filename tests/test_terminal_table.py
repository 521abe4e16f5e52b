"""Terminal tables line up by what the terminal shows: a wide character takes two columns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spasm_timer.terminal_table import display_width, print_table


def column_starts(line: str, texts: list[str]) -> list[int]:
    """Where each text, the last column holding it, starts on the screen, in terminal columns."""
    return [display_width(line[:(line + " ").rindex(f" {text} ") + 1]) for text in texts]


def test_wide_characters_keep_the_columns_straight(capsys: pytest.CaptureFixture[str]) -> None:
    print_table([["NAME", "AREA"], ["ふくらはぎ", "calf"], ["Neck", "neck"]])
    header, wide, narrow = capsys.readouterr().out.splitlines()
    assert column_starts(header, ["AREA"]) == column_starts(wide, ["calf"]) \
        == column_starts(narrow, ["neck"])


def test_list_lines_up_a_routine_with_a_wide_name(tmp_path: Path, data_dir: Path) -> None:
    (data_dir / "routines").mkdir(parents=True)
    (data_dir / "routines" / "wide.yaml").write_text(
        "name: ふくらはぎのつり\narea: zz-wide\nsteps:\n"
        "  - {kind: stretch, title: Reach, duration: 30s}\n", encoding="utf-8")
    run = [sys.executable, "-m", "spasm_timer", "list"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    table = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, timeout=60,
                           env=env, encoding="utf-8", check=True).stdout.splitlines()
    listed = json.loads(subprocess.run([*run, "--json"], cwd=tmp_path, capture_output=True,
                                       timeout=60, env=env, encoding="utf-8",
                                       check=True).stdout)
    other = next(r for r in listed if r["id"] != "wide")
    header = table[0]
    wide = next(line for line in table if "ふくらはぎ" in line)
    plain = next(line for line in table if line.startswith(other["id"] + " "))
    assert column_starts(header, ["AREA"]) == column_starts(wide, ["zz-wide"]) \
        == column_starts(plain, [other["area"]])
