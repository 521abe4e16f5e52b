"""What a routine is once it has been read and checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spasm_timer.core.durations import Duration

STEP_KINDS = (
    "pressure",
    "circular",
    "trigger_point",
    "neuromuscular",
    "stretch",
    "heat",
    "cold",
    "effleurage",
    "petrissage",
    "friction",
    "breathe",
    "rest",
)
SIDES = ("none", "left", "right", "both")
# The sides a step is worked on, in order, for each value of `sides` (None: no side). Made
# once: the library measures every routine it lists, step by step.
SIDE_LISTS: dict[str, tuple[str | None, ...]] = {
    "none": (None,), "left": ("left",), "right": ("right",), "both": ("left", "right")}
THERMAL_KINDS = ("heat", "cold")
# Never more than 20 minutes of heat or cold in one go, in any routine.
THERMAL_MAX_SECONDS = 20 * 60
DEFAULT_LEAD_IN_SECONDS = 5


@dataclass(frozen=True)
class Step:
    """One step as written: a technique, its time, how often and on which sides."""

    kind: str
    title: str
    instructions: str
    duration: Duration
    repeat: int = 1
    rest_seconds: int = 0
    sides: str = "none"
    image: Path | None = None

    @property
    def side_list(self) -> tuple[str | None, ...]:
        """The sides in the order they are worked; `None` when the step has no side."""
        return SIDE_LISTS[self.sides]


@dataclass(frozen=True)
class FallbackTexts:
    """A routine's area and safety notes in its fallback language (English in the bundled
    routines), whatever language it is shown in: rules written in English (the red flags)
    are matched against these."""

    area: str
    safety: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routine:
    """A checked routine. `lead_in_seconds` is None when the file leaves it to the settings.

    Its texts are in the language it was loaded for (core/routine_texts.py); `languages`
    lists those its file has texts in (empty: written in one language only), and `fallback`
    holds its area and notes in the fallback language when they differ from those shown."""

    id: str
    name: str
    area: str
    steps: tuple[Step, ...]
    description: str = ""
    safety: tuple[str, ...] = ()
    lead_in_seconds: int | None = None
    path: Path | None = None
    origin: str = "bundled"
    schema: int = 1
    languages: tuple[str, ...] = ()
    fallback: FallbackTexts | None = None

    @property
    def fallback_texts(self) -> FallbackTexts:
        return self.fallback or FallbackTexts(self.area, self.safety)
