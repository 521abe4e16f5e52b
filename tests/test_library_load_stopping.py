"""A library load that is stopped (the app quits) or overtaken (a newer load began) ends
at once, its worker processes with it, keeps what it parsed when it is the newest, and never
writes the routine cache over a newer load's."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from spasm_timer.core import library as library_module
from spasm_timer.core.library import Library, load_library
from spasm_timer.paths import DataPaths
from spasm_timer.ui import library_loading
from spasm_timer.ui.library_loading import LibraryLoading

GOOD = "name: Mine {n}\narea: calf\nsteps:\n  - {{kind: stretch, title: Reach, duration: 30s}}\n"


def user_routines(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"mine-{number:03d}.yaml").write_text(GOOD.format(n=number))
    return folder


def cached_user_entries(cache_file: Path) -> int:
    return sum("mine-" in key for key in json.loads(cache_file.read_text())["routines"])


def test_a_load_stopped_midway_keeps_exactly_what_it_parsed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Quitting cuts the parse off; the next start parses only what had not been: the cache
    holds the 15 files parsed before the stop, not none and not all 40."""
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    user = user_routines(tmp_path / "mine", 40)
    cache_file = tmp_path / "routine-cache.json"
    parse_all = library_module._parse_all
    parsed = 0

    def counted(*args):  # type: ignore[no-untyped-def]
        nonlocal parsed
        for outcome in parse_all(*args):
            parsed += 1
            yield outcome

    monkeypatch.setattr(library_module, "_parse_all", counted)
    monkeypatch.setattr(library_module, "process_count", lambda count: 1)
    library = load_library(bundled, user, cache_file=cache_file, stop=lambda: parsed >= 15)
    assert len(library.routines) == 15
    assert cached_user_entries(cache_file) == 15


def test_a_load_stopped_while_its_files_are_listed_ends_there_and_forgets_nothing(
        tmp_path: Path) -> None:
    """Ten thousand files take a while to list and to find in the cache: a quit meanwhile
    does not wait for the end of the list, and the cache still knows every file."""
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    user = user_routines(tmp_path / "mine", 40)
    cache_file = tmp_path / "routine-cache.json"
    load_library(bundled, user, cache_file=cache_file)  # every file in the cache
    asked = 0

    def stop() -> bool:
        nonlocal asked
        asked += 1
        return asked > 5

    library = load_library(bundled, user, cache_file=cache_file, stop=stop)
    assert len(library.routines) < 40
    assert cached_user_entries(cache_file) == 40


def test_closing_a_parse_ends_its_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A load that stops keeps no worker process parsing for no one, whoever else still holds
    the parse (the garbage collector is not what ends them)."""
    ended: list[bool] = []
    kept: list[Iterator[object]] = []

    def in_processes(items, illustrations_dir, processes, language):  # type: ignore[no-untyped-def]
        try:
            yield from ("parsed" for _item in items)
        finally:
            ended.append(True)

    def held(*args: object) -> Iterator[object]:
        parse = in_processes(*args)
        kept.append(parse)  # held elsewhere: collecting the load does not end it
        return parse

    monkeypatch.setattr(library_module, "parse_in_processes", held)
    monkeypatch.setattr(library_module, "process_count", lambda count: 2)
    outcomes = library_module._parse_all([(Path(f"{n}.yaml"), "user") for n in range(50)],
                                         None, "en")
    assert next(outcomes) == "parsed"
    outcomes.close()
    assert ended == [True]


def test_an_overtaken_load_stops_and_never_writes_the_cache_after_the_newer_one(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Two loads at once parsed on both cores to the end, and the older could write its
    cache last, over the newer one's."""
    stops: list[Callable[[], bool]] = []
    first_may_end = threading.Event()
    stopped_when_overtaken: list[bool] = []
    written: list[int] = []

    def load(data, on_batch=None, before_parsing=None, save_later=None, stop=None):  # type: ignore[no-untyped-def]
        number = len(stops)
        stops.append(stop)
        if number == 0:  # still parsing when the second load begins
            first_may_end.wait(10)
            stopped_when_overtaken.append(stop())
        save_later(lambda: written.append(number))
        return Library()

    monkeypatch.setattr(library_loading, "load_known_routines", load)
    loading = LibraryLoading(DataPaths(tmp_path))
    loading.start()
    first = loading._worker
    qtbot.waitUntil(lambda: len(stops) == 1)
    loading.start()
    qtbot.waitUntil(lambda: 1 in written)
    first_may_end.set()
    assert first is not None
    first.join(10)
    for thread in threading.enumerate():
        if thread.name == "routine cache writer":
            thread.join(10)
    assert stopped_when_overtaken == [True]
    assert written == [1]
