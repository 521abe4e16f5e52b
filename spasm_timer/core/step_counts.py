"""How a session's steps went, in the routine's own steps (as the start screen counts them),
not in rounds (each side and each repeat of a step): one rule for the end screen and the
history.

Each round ends one of three ways (`core.events`): `completed` (it ran out, or Done ended it),
`skipped` (Next passed it over) or `stopped` (Stop ended the session during it). A step is
done when every planned round of it completed, skipped when any round of it was skipped;
the round Stop cut short is neither done nor skipped, it is `stopped`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from spasm_timer.core.events import COMPLETED, SKIPPED, STOPPED
from spasm_timer.i18n import ngettext


@dataclass(frozen=True)
class StepCounts:
    done: int
    skipped: int
    stopped: int


def count_steps(ended_rounds: Iterable[tuple[int, str]],
                rounds_planned: Mapping[int, int] | None = None) -> StepCounts:
    """`ended_rounds` are (step number, outcome) of the rounds that ended. Without
    `rounds_planned` (the history knows only what was logged) a step is done when every
    round of it that was logged completed."""
    outcomes: dict[int, list[str]] = {}
    for step, outcome in ended_rounds:
        outcomes.setdefault(step, []).append(outcome)
    if rounds_planned is None:
        rounds_planned = {step: len(ended) for step, ended in outcomes.items()}
    done = sum(1 for step, rounds in rounds_planned.items()
               if outcomes.get(step, []).count(COMPLETED) >= rounds)
    return StepCounts(done=done,
                      skipped=sum(1 for ended in outcomes.values() if SKIPPED in ended),
                      stopped=sum(1 for ended in outcomes.values() if STOPPED in ended))


def steps_text(count: int) -> str:
    """"1 step", "3 steps", in the language in use: how a routine's size is written."""
    return ngettext("{count} step", "{count} steps", count).format(count=count)
