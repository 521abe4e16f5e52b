"""The cycle collector runs on the GUI thread, when Python's thresholds say a pass is due."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from spasm_timer.ui.main_thread_gc import MainThreadCollector, collect_if_due


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def collector_off() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()


def a_cycle() -> weakref.ref[Node]:
    first, second = Node(), Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_the_collector_turns_automatic_passes_off_and_collects_on_the_gui_thread(  # type: ignore[no-untyped-def]
        qtbot, collector_off) -> None:
    collector = MainThreadCollector()
    assert not gc.isenabled() and collector.timer.isActive()
    gc.collect()
    cycle = a_cycle()
    collect_if_due()
    assert cycle() is not None  # no pass due yet: a few objects are no reason to collect
    for _ in range(gc.get_threshold()[0] + 10):
        Node()  # allocations, as the app makes them, until a pass is due
        a_cycle()
    collect_if_due()
    assert cycle() is None
