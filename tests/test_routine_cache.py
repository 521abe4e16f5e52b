"""Unchanged routine files are not parsed again, and a change is always seen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spasm_timer import paths
from spasm_timer.core import library as library_module
from spasm_timer.core.library import load_known_routines, load_library
from spasm_timer.paths import DataPaths

GOOD = "name: Mine\narea: calf\nsteps:\n  - {kind: stretch, title: Reach, duration: 15-30s, image: calf.svg}\n"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the library really parses, in order."""
    seen: list[Path] = []
    real_parse = library_module._parse

    def counting_parse(path: Path, *rest):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real_parse(path, *rest)

    monkeypatch.setattr(library_module, "_parse", counting_parse)
    return seen


def load(tmp_path: Path, user: Path) -> library_module.Library:
    return load_library(paths.bundled_routines_dir(), user, paths.illustrations_dir(),
                        tmp_path / "cache.json")


def test_a_second_load_parses_nothing_and_gives_the_same_routines(tmp_path: Path, parses: list[Path]) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    (user / "mine.yaml").write_text(GOOD)
    first = load(tmp_path, user)
    assert len(parses) == len(first.routines)
    parses.clear()
    second = load(tmp_path, user)
    assert parses == []
    assert second.routines == first.routines
    assert second.routines["mine"].steps[0].image == paths.illustrations_dir() / "calf.svg"


def test_an_edited_file_is_parsed_again(tmp_path: Path, parses: list[Path]) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    mine = user / "mine.yaml"
    mine.write_text(GOOD)
    load(tmp_path, user)
    parses.clear()
    mine.write_text(GOOD.replace("Mine", "Mine, edited"))
    os.utime(mine, ns=(1, 1))  # even with an old time stamp, the change time gives it away
    assert load(tmp_path, user).routines["mine"].name == "Mine, edited"
    assert parses == [mine]
    # The next start takes the edited routine from the cache, and with it the others, as
    # they were: nothing is parsed, nothing older comes back.
    parses.clear()
    again = load(tmp_path, user)
    assert parses == [] and again.routines["mine"].name == "Mine, edited"
    assert len(again.routines) == len(list(paths.bundled_routines_dir().glob("*.yaml"))) + 1


def test_a_broken_file_is_reported_every_time_never_cached(tmp_path: Path) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    (user / "bad.yaml").write_text("name: [\n")
    for _ in range(2):
        assert [e.path.name for e in load(tmp_path, user).skipped] == ["bad.yaml"]


def test_a_damaged_cache_is_ignored_and_rewritten(tmp_path: Path, parses: list[Path]) -> None:
    (tmp_path / "cache.json").write_text('{"rules": "x", "routines": {"a": 1}')
    library = load(tmp_path, tmp_path / "none")
    assert len(library.routines) >= 8 and library.skipped == []
    assert json.loads((tmp_path / "cache.json").read_text())["routines"]


def test_a_cache_entry_edited_by_hand_falls_back_to_the_file(tmp_path: Path) -> None:
    load(tmp_path, tmp_path / "none")
    cache = json.loads((tmp_path / "cache.json").read_text())
    for entry in cache["routines"].values():
        for language in entry["routines"]:
            entry["routines"][language] = {"steps": "nonsense"}
    (tmp_path / "cache.json").write_text(json.dumps(cache))
    assert len(load(tmp_path, tmp_path / "none").routines) >= 8


def test_the_cache_is_private_and_never_creates_the_data_dir(tmp_path: Path) -> None:
    missing = DataPaths(tmp_path / "not-yet")
    load_known_routines(missing)
    assert not missing.root.exists()
    existing = DataPaths(tmp_path / "data")
    existing.root.mkdir()
    load_known_routines(existing)
    assert existing.routine_cache.stat().st_mode & 0o777 == 0o600


def test_with_a_warm_cache_starting_up_never_loads_yaml(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    load_known_routines(DataPaths(data))
    code = ("import sys\n"
            "from spasm_timer.core.library import load_known_routines\n"
            "from pathlib import Path\n"
            "from spasm_timer.paths import DataPaths\n"
            f"library = load_known_routines(DataPaths(Path({str(data)!r})))\n"
            "assert len(library.routines) >= 8\n"
            "assert 'yaml' not in sys.modules, 'PyYAML was loaded'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("rules", ["loader.py", "durations.py", "timeline.py", "heat_cold_limit.py"])
def test_a_changed_rule_checks_every_routine_again(tmp_path: Path, parses: list[Path],
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   rules: str) -> None:
    from spasm_timer.core import routine_cache

    copies = tmp_path / "rules"
    copies.mkdir()
    for module in routine_cache._RULES:
        (copies / module.name).write_bytes(module.read_bytes())
    monkeypatch.setattr(routine_cache, "_RULES", tuple(copies / m.name for m in routine_cache._RULES))
    user = tmp_path / "routines"
    user.mkdir()
    (user / "mine.yaml").write_text(GOOD)
    first = load(tmp_path, user)
    parses.clear()
    with (copies / rules).open("a") as changed:  # a new version of that rule
        changed.write("\n# changed\n")
    load(tmp_path, user)
    assert len(parses) == len(first.routines)


def test_the_cache_is_json_read_a_routine_at_a_time(tmp_path: Path, parses: list[Path]) -> None:
    # Read whole, ten thousand routines held Python's lock (and so the window) for a second.
    first = load(tmp_path, tmp_path / "none")
    text = (tmp_path / "cache.json").read_text()
    entries = json.loads(text)["routines"]  # still plain JSON for anyone who reads it
    assert len(text.splitlines()) == len(entries) + 2  # a line per routine
    parses.clear()
    again = load(tmp_path, tmp_path / "none")
    assert parses == [] and sorted(again.routines) == sorted(first.routines)
    # one damaged line: that routine is parsed again, as with any damaged cache
    (tmp_path / "cache.json").write_text(text.replace("},\n", "},\nnonsense", 1))
    assert sorted(load(tmp_path, tmp_path / "none").routines) == sorted(first.routines)


def test_every_entry_is_written_as_json_whatever_fields_it_has() -> None:
    from spasm_timer.core.routine_cache import (
        EncodedRoutine,
        _read_entry_by_entry,
        _written_entry_by_entry,
    )

    # A routine already in JSON is written out as it is, beside any other fields, or none:
    # the file reads back as it was, never a broken line that loses the whole cache.
    routine = EncodedRoutine('{"name":"Mine"}')
    entries = {
        "only-routines": {"routines": {"en": routine}},
        "with-fields": {"signature": [1, 2], "routines": {"en": routine, "de": {"name": "Meine"}}},
        "plain": {"signature": [3], "routines": {"en": {"name": "Plain"}}},
    }
    text = _written_entry_by_entry(entries)
    read = _read_entry_by_entry(text)
    assert read is not None
    assert read["routines"] == {
        "only-routines": {"routines": {"en": {"name": "Mine"}}},
        "with-fields": {"signature": [1, 2],
                        "routines": {"en": {"name": "Mine"}, "de": {"name": "Meine"}}},
        "plain": {"signature": [3], "routines": {"en": {"name": "Plain"}}},
    }
    assert json.loads(text)["routines"] == read["routines"]
