"""Worker processes that parse many routine files: the same outcomes as parsing in place, in
file order, and a worker that fails costs nothing but time (the rest is parsed in place)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from spasm_timer import paths
from spasm_timer.core import library as library_module
from spasm_timer.core import routine_parsing
from spasm_timer.core.library import load_library
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine_parsing import Parsed, parse_in_processes

GOOD = "name: Mine {n}\narea: calf\nsteps:\n  - {{kind: stretch, title: Reach, duration: 30s}}\n"
BAD = "name: Broken\narea: calf\nsteps:\n  - {kind: squeeze, title: Squeeze, duration: 1s}\n"

# A worker that parses its first chunk and then dies, as one killed half way would.
DIES_AFTER_ONE_CHUNK = (
    "import sys; sys.path[:] = sys.argv[1:]\n"
    "from spasm_timer.core import routine_parsing as parsing\n"
    "real, done = parsing._parse_chunk, []\n"
    "def once(*args):\n"
    "    if done: raise SystemExit(1)\n"
    "    done.append(1)\n"
    "    return real(*args)\n"
    "parsing._parse_chunk = once\n"
    "parsing.worker_main()\n")


def routine_folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    for number in range(count):
        text = BAD if number % 4 == 1 else GOOD.format(n=number)
        (folder / f"mine-{number:03d}.yaml").write_text(text, encoding="utf-8")
    return folder


def items_of(folder: Path) -> list[tuple[Path, str]]:
    return [(path, "user") for path in sorted(folder.glob("*.yaml"))]


def outcomes_in_place(items: list[tuple[Path, str]]) -> list[object]:
    """What parsing each file here gives, as the worker processes say it."""
    parsed = routine_parsing._parse_chunk(items, paths.illustrations_dir(), "en")
    return [result if isinstance(result, Parsed) else RoutineFileError(*result)
            for result in parsed]


def comparable(outcomes: list[object]) -> list[object]:
    return [(o.path, o.problems) if isinstance(o, RoutineFileError) else o for o in outcomes]


def test_workers_give_each_file_s_outcome_in_file_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routine_parsing, "CHUNK_FILES", 2)
    items = items_of(routine_folder(tmp_path, 9))
    parsed = list(parse_in_processes(items, paths.illustrations_dir(), 2, "en"))
    assert comparable(parsed) == comparable(outcomes_in_place(items))
    # the bad files are refused with their line, as when parsed in place
    refused = [o for o in parsed if isinstance(o, RoutineFileError)]
    assert len(refused) == 2 and all(p.line == 4 for o in refused for p in o.problems)


@pytest.mark.parametrize("worker_code", ["import sys; sys.exit(3)", DIES_AFTER_ONE_CHUNK],
                         ids=["cannot start", "dies half way"])
def test_a_worker_that_fails_leaves_the_rest_to_be_parsed_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_code: str) -> None:
    folder = routine_folder(tmp_path, 12)
    in_place = load_library(paths.bundled_routines_dir(), folder, paths.illustrations_dir())
    monkeypatch.setattr(routine_parsing, "_WORKER_CODE", worker_code)
    monkeypatch.setattr(routine_parsing, "PARALLEL_FROM", 2)
    monkeypatch.setattr(routine_parsing, "CHUNK_FILES", 2)
    monkeypatch.setattr(library_module, "process_count", lambda files: 2)
    library = load_library(paths.bundled_routines_dir(), folder, paths.illustrations_dir())
    assert library.routines == in_place.routines
    assert [(e.path, e.problems) for e in library.skipped] == \
        [(e.path, e.problems) for e in in_place.skipped]


def test_workers_are_ended_when_the_load_stops_early(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A newer load overtook this one, or the app quits: no worker is left parsing."""
    monkeypatch.setattr(routine_parsing, "CHUNK_FILES", 2)
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def noted(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", noted)
    outcomes = parse_in_processes(items_of(routine_folder(tmp_path, 40)),
                                  paths.illustrations_dir(), 2, "en")
    assert isinstance(next(outcomes), Parsed)
    outcomes.close()
    assert len(started) == 2
    assert all(worker.returncode is not None for worker in started)
