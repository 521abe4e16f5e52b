"""When to stop and get help instead: the red flags, by body area and by kind of step.

Said where they apply, in plain words, and never as a diagnosis: the app is a timer and a guide.
The start screen shows those of a routine's area (to read, nothing to tick: a person with a
cramp must not be slowed down); the "When to get help" page shows them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RedFlag:
    """One warning sign and what to do about it. `areas` are words of the routine's area it
    applies to (empty: any routine); `kinds` the step kinds it comes with."""

    text: str
    areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    urgent: bool = False

    def applies_to(self, area: str, kinds: Iterable[str]) -> bool:
        if self.kinds:
            return bool(set(self.kinds) & set(kinds))
        area = area.lower()
        return not self.areas or any(word in area for word in self.areas)


RED_FLAGS = (
    RedFlag("A cramp that lasts longer than 10 minutes and does not ease with stretching or "
            "massage needs urgent medical help.", urgent=True),
    RedFlag("Back pain with numbness around the buttocks or genitals, new trouble passing urine "
            "or controlling your bowels, or weakness in the legs needs emergency care: do not "
            "start a routine, call for help now.", areas=("back",), urgent=True),
    RedFlag("One calf that is red or darker, warm, swollen and painful, more than a cramp, can "
            "be a blood clot: do not massage it; get medical help the same day.",
            areas=("calf", "calves", "leg"), urgent=True),
    RedFlag("Heat: a cloth between the pack and your skin, no hotter than comfortably warm, "
            "never on numb skin, and never fall asleep on a heating pad or with a heat pack on.",
            kinds=("heat",)),
    RedFlag("Cold: always wrapped, never on numb skin; take it off when the skin goes numb "
            "(it turns cold, then burns, then aches, then goes numb).", kinds=("cold",)),
    RedFlag("See a doctor if cramps disturb your sleep, or come with numbness, swelling or "
            "muscles getting smaller."),
)

# The rest of the guidance on getting help, for the page that says it all.
SEE_A_DOCTOR = (
    "Spasms that are severe or last a long time.",
    "Spasms that come often, or with no clear cause.",
    "Spasms with swelling, redness or changes in the skin.",
    "Spasms that disturb your sleep or your day.",
    "Spasms that go on or get worse despite self-care.",
    "Long spasms of several muscles at once need prompt medical care.",
    "Some medicines (water tablets, statins, blood-pressure drugs among them) can cause cramps: "
    "tell your doctor if you take any.",
)
BEFORE_YOU_START = (
    "Do not massage a fresh injury or a spot that is swollen, inflamed or very tender; ask a "
    "healthcare professional first, and when you do not know what causes your spasms.",
    "Stop if the pain gets sharper or the spasm gets worse.",
)
NOT_A_MEDICAL_DEVICE = ("Spasm Timer is a timer and a guide, not a medical device: it cannot "
                        "tell what causes a spasm, and it does not treat anything.")


def red_flags_for(area: str, kinds: Iterable[str] = ()) -> list[RedFlag]:
    """The red flags that apply to a routine of this area with steps of these kinds."""
    kinds = tuple(kinds)
    return [flag for flag in RED_FLAGS if flag.applies_to(area, kinds)]


def routine_red_flags(routine) -> list[RedFlag]:  # type: ignore[no-untyped-def]
    return red_flags_for(routine.area, (step.kind for step in routine.steps))
