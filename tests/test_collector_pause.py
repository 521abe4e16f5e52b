"""Whatever pauses Python's cycle collector leaves it as it found it: on where a process
runs it, off where the app keeps it off (ui/main_thread_gc.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_log_exchange import odd_sessions_of, write_export

from spasm_timer import paths
from spasm_timer.core.collector_pause import collector_paused
from spasm_timer.core.routine_parsing import _parse_chunk
from spasm_timer.storage.exchange import import_json
from spasm_timer.storage.log import SessionLog


@pytest.fixture(params=[True, False], ids=["on", "off"])
def collector_was_on(request: pytest.FixtureRequest) -> Iterator[bool]:
    """The collector as a test finds it; put back as the suite keeps it afterwards."""
    before = gc.isenabled()
    (gc.enable if request.param else gc.disable)()
    yield request.param
    (gc.enable if before else gc.disable)()


def test_the_collector_is_paused_inside_and_as_it_was_after(collector_was_on: bool) -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() == collector_was_on
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("a file that could not be read")
    assert gc.isenabled() == collector_was_on


def test_a_worker_parsing_routines_leaves_the_collector_as_it_found_it(
        collector_was_on: bool) -> None:
    items = [(path, "bundled") for path in sorted(paths.bundled_routines_dir().glob("*.yaml"))]
    parsed = _parse_chunk(items, paths.illustrations_dir(), "en")
    assert len(parsed) == len(items)
    assert gc.isenabled() == collector_was_on


def test_an_import_leaves_the_collector_as_it_found_it(collector_was_on: bool,
                                                        tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "log" / "sessions.sqlite3")
    try:
        added, _skipped = import_json(log, write_export(tmp_path / "sessions.json",
                                                        odd_sessions_of(3, 20)))
    finally:
        log.close()
    assert added == 20
    assert gc.isenabled() == collector_was_on
