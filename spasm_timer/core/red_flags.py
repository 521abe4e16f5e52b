"""When to stop and get help instead: the red flags, by body area and by kind of step.

Said where they apply, in plain words, and never as a diagnosis: the app is a timer and a guide.
The start screen shows those of a routine's area (to read, nothing to tick: a person with a
cramp must not be slowed down); the "When to get help" page shows them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spasm_timer.core.routine import Routine
from spasm_timer.i18n import N_, _


@dataclass(frozen=True)
class RedFlag:
    """One warning sign and what to do about it. `areas` are words of the routine's area it
    applies to (empty: any routine); `kinds` the step kinds it comes with. `english` is the
    sign as written here; `text` says it in the language in use."""

    english: str
    # Words that show a routine's own safety notes already say it, in their own way.
    said_by: str
    areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    urgent: bool = False

    @property
    def text(self) -> str:
        return _(self.english)

    def applies_to(self, area: str, kinds: Iterable[str]) -> bool:
        if self.kinds:
            return bool(set(self.kinds) & set(kinds))
        area = area.lower()
        return not self.areas or any(word in area for english in self.areas
                                     for word in (english, *AREA_WORDS.get(english, ())))


# The flags' area words in the other languages the app speaks: a routine of one's own whose
# area is written only in German or Spanish ("Wade", "espalda") is warned about as well.
AREA_WORDS = {"back": ("rücken", "espalda", "lumbar"), "calf": ("wade", "pantorrilla"),
              "leg": ("bein", "pierna")}


RED_FLAGS = (
    RedFlag(N_("A cramp that lasts longer than 10 minutes and does not ease with stretching or "
               "massage needs urgent medical help."), "10 minutes", urgent=True),
    RedFlag(N_("Back pain with numbness around the buttocks or genitals, new trouble passing urine "
               "or controlling your bowels, or weakness in the legs needs emergency care: do not "
               "start a routine, call for help now."), "buttocks", areas=("back",), urgent=True),
    RedFlag(N_("One calf that is red or darker, warm, swollen and painful, more than a cramp, can "
               "be a blood clot: do not massage it; get medical help the same day."), "blood clot",
            areas=("calf", "calves", "leg"), urgent=True),
    RedFlag(N_("Heat: a cloth between the pack and your skin, no hotter than comfortably warm, "
               "never on numb skin, and never fall asleep on a heating pad or with a heat pack "
               "on."),
            "fall asleep", kinds=("heat",)),
    RedFlag(N_("Cold: always wrapped, never on numb skin; take it off when the skin goes numb "
               "(it turns cold, then burns, then aches, then goes numb)."), "goes numb",
            kinds=("cold",)),
    RedFlag(N_("See a doctor if cramps disturb your sleep, or come with numbness, swelling or "
               "muscles getting smaller."), "getting smaller"),
)

def red_flags_for(area: str, kinds: Iterable[str] = ()) -> list[RedFlag]:
    """The red flags that apply to a routine of this area with steps of these kinds."""
    kinds = tuple(kinds)
    return [flag for flag in RED_FLAGS if flag.applies_to(area, kinds)]


def routine_red_flags(routine: Routine) -> list[RedFlag]:
    return red_flags_for(routine.fallback_texts.area, (step.kind for step in routine.steps))


def unsaid_red_flags(routine: Routine) -> list[RedFlag]:
    """The red flags of a routine that its own safety notes do not already say: the start
    screen adds these, so a person's own routine warns as well as a bundled one, and nothing
    is said twice."""
    notes = " ".join(routine.fallback_texts.safety).lower()  # the flags' words are English
    return [flag for flag in routine_red_flags(routine) if flag.said_by not in notes]
