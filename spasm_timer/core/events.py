"""What a running session tells the rest of the app: the player, the cues and the log listen."""

from __future__ import annotations

from dataclasses import dataclass

from spasm_timer.core.timeline import Segment, Timeline

COMPLETED = "completed"
SKIPPED = "skipped"
STOPPED = "stopped"


@dataclass(frozen=True)
class SessionStarted:
    timeline: Timeline


@dataclass(frozen=True)
class SegmentStarted:
    """Any segment begins: a lead-in, a rest between repetitions, or a step."""

    index: int
    segment: Segment


@dataclass(frozen=True)
class StepStarted:
    """A segment with role `step` begins (also emitted after SegmentStarted for it)."""

    index: int
    segment: Segment
    planned_seconds: int


@dataclass(frozen=True)
class Halfway:
    index: int
    segment: Segment


@dataclass(frozen=True)
class SecondsLeft:
    """A countdown cue: 10 on long steps, then 3, 2 and 1."""

    index: int
    segment: Segment
    seconds: int


@dataclass(frozen=True)
class SideSwitch:
    """The next segment works the other side (left → right)."""

    index: int
    segment: Segment
    side: str


@dataclass(frozen=True)
class SkinCheck:
    """Every 5 minutes of a heat or cold step: check the skin."""

    index: int
    segment: Segment
    minutes: int


@dataclass(frozen=True)
class StepEnded:
    """A step segment ended: `completed` (ran out or ended early), `skipped` (Next passed it
    over) or `stopped` (Stop ended the session during it); see `core.step_counts`."""

    index: int
    segment: Segment
    outcome: str
    actual_seconds: float


@dataclass(frozen=True)
class Paused:
    index: int


@dataclass(frozen=True)
class Resumed:
    index: int
    paused_seconds: float


@dataclass(frozen=True)
class Overslept:
    """The clock jumped far past a deadline (the computer slept): the segment ended while
    nobody was watching, and the session now waits, paused, for the person."""

    index: int
    late_seconds: float


@dataclass(frozen=True)
class SessionEnded:
    """`completed` when the timeline ran to its end, `stopped` when the person stopped."""

    status: str
    active_seconds: float


SessionEvent = (
    SessionStarted | SegmentStarted | StepStarted | Halfway | SecondsLeft | SideSwitch | SkinCheck
    | StepEnded | Paused | Resumed | Overslept | SessionEnded
)
