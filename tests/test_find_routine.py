"""A routine named on the command line: an id, a file beside you, or a path."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasm_timer.core.library import Library, UnknownRoutineError, find_routine

MINE = "name: Mine\narea: calf\nsteps:\n  - {kind: stretch, title: Reach, duration: 30s}\n"


@pytest.mark.parametrize("name", ["mine.yaml", "mine.yml"])
def test_a_file_in_the_current_folder_is_found_by_its_name(tmp_path: Path, name: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / name).write_text(MINE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find_routine(name, Library()).name == "Mine"


def test_a_path_without_yaml_ending_is_still_a_path(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "mine.txt").write_text(MINE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find_routine("sub/mine.txt", Library()).name == "Mine"
    with pytest.raises(UnknownRoutineError, match="no routine with id 'mine'"):
        find_routine("mine", Library())
