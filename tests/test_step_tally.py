"""The end screen's step count: in the routine's own steps, not in rounds (sides, repeats)."""

from __future__ import annotations

from fakes import make_timeline, step

from spasm_timer.core.events import COMPLETED, SKIPPED, STOPPED, SessionEnded, StepEnded
from spasm_timer.core.step_tally import StepTally


def _rounds():  # type: ignore[no-untyped-def]
    timeline = make_timeline([step(10, repeat=2), step(10, title="second")], lead_in=0)
    return timeline, [(i, s) for i, s in enumerate(timeline.segments) if s.is_step]


def test_a_step_is_done_only_when_every_round_of_it_ran_to_its_end() -> None:
    timeline, rounds = _rounds()
    tally = StepTally(timeline)
    (i0, first), (i1, again), (i2, second) = rounds
    tally.on_event(StepEnded(i0, first, COMPLETED, 10))
    tally.on_event(StepEnded(i1, again, SKIPPED, 1))
    tally.on_event(StepEnded(i2, second, COMPLETED, 10))
    tally.on_event(SessionEnded(COMPLETED, 21))
    assert (tally.planned, tally.done, tally.skipped) == (2, 1, 1)


def test_the_round_stop_cuts_short_is_neither_done_nor_skipped() -> None:
    timeline, rounds = _rounds()
    tally = StepTally(timeline)
    (i0, first), (i1, again), _ = rounds
    tally.on_event(StepEnded(i0, first, COMPLETED, 10))
    tally.on_event(StepEnded(i1, again, STOPPED, 3))  # what Stop ends the running round with
    tally.on_event(SessionEnded(STOPPED, 13))
    assert (tally.done, tally.skipped) == (0, 0)
