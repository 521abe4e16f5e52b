"""Heat and cold: never more than 20 minutes in one go, counted over the whole routine."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fakes import FakeClock

from spasm_timer import paths
from spasm_timer.core.durations import Duration
from spasm_timer.core.library import load_known_routines
from spasm_timer.core.loader import RoutineFileError, load_routine_file
from spasm_timer.core.routine import Routine, Step
from spasm_timer.core.session import Session
from spasm_timer.core.timeline import expand
from spasm_timer.paths import DataPaths

HEAT_20 = "  - {kind: heat, title: Warm pack, duration: 20m}\n"


def routine_text(steps: str, lead_in: str = "") -> str:
    return f"name: Heat\narea: back\n{lead_in}steps:\n{steps}"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RoutineFileError) as caught:
        load_routine_file(path, "user", paths.illustrations_dir())
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(("steps", "lead_in"), [
    pytest.param("  - {kind: heat, title: Warm pack, duration: 20m, repeat: 3}\n", "",
                 id="repeat-3-no-rest"),
    pytest.param(HEAT_20 + HEAT_20, "", id="two-steps-back-to-back"),
    pytest.param("  - {kind: cold, title: Ice, duration: 10m}\n" * 3, "lead_in: 0\n",
                 id="zero-lead-in-chain"),
    pytest.param("  - {kind: heat, title: Warm pack, duration: 15m, repeat: 2, rest: 19m}\n", "",
                 id="rest-shorter-than-20-minutes"),
    pytest.param(HEAT_20 + "  - {kind: stretch, title: Reach, duration: 10-30m}\n" + HEAT_20,
                 "", id="a-step-that-may-end-early-between"),
])
def test_heat_or_cold_past_20_minutes_in_one_go_is_refused_with_its_line(
        write_routine, steps: str, lead_in: str) -> None:  # type: ignore[no-untyped-def]
    problems = problems_of(write_routine(routine_text(steps, lead_in)))
    assert len(problems) == 1
    # The line of the first step of the go, and a message that says what the limit is.
    assert ":4:" in problems[0] or ":5:" in problems[0]
    assert "20 minutes" in problems[0] and "in one go" in problems[0]


@pytest.mark.parametrize("steps", [
    pytest.param("  - {kind: heat, title: Warm pack, duration: 10m}\n" * 2, id="two-tens"),
    pytest.param(HEAT_20 + "  - {kind: rest, title: Off, duration: 20m}\n" + HEAT_20,
                 id="twenty-minutes-between"),
    pytest.param("  - {kind: heat, title: Warm pack, duration: 20m, repeat: 2, rest: 20m}\n",
                 id="repeat-with-20-minutes-rest"),
    pytest.param(HEAT_20 + "  - {kind: cold, title: Ice, duration: 20m}\n", id="heat-then-cold"),
])
def test_applications_20_minutes_apart_or_within_20_minutes_load(write_routine, steps: str) -> None:  # type: ignore[no-untyped-def]
    load_routine_file(write_routine(routine_text(steps)), "user", paths.illustrations_dir())


def heat_routine(repeat: int) -> Routine:
    step = Step(kind="heat", title="Warm pack", instructions="", duration=Duration.fixed(1200),
                repeat=repeat)
    return Routine(id="heat", name="Heat", area="back", steps=(step,))


def test_the_player_never_expands_a_routine_that_did_not_come_through_the_loader() -> None:
    assert expand(heat_routine(1)).total_seconds == 5 + 1200
    with pytest.raises(ValueError, match="20 minutes"):
        expand(heat_routine(3))


def test_heat_that_shares_its_go_cannot_be_made_longer() -> None:
    step = Step(kind="heat", title="Warm pack", instructions="", duration=Duration.fixed(600),
                repeat=2)
    routine = Routine(id="heat", name="Heat", area="back", steps=(step,), lead_in_seconds=0)
    session = Session(expand(routine), FakeClock())
    session.start()
    assert not session.can_extend()
    alone = Routine(id="heat", name="Heat", area="back",
                    steps=(Step(kind="heat", title="Warm", instructions="",
                                duration=Duration.fixed(600)),), lead_in_seconds=0)
    session = Session(expand(alone), FakeClock())
    session.start()
    assert session.can_extend()


def test_a_hand_edited_cache_does_not_get_an_hour_of_heat_past_the_loader(tmp_path: Path) -> None:
    data = DataPaths(tmp_path / "data")
    data.user_routines.mkdir(parents=True)
    (data.user_routines / "warm.yaml").write_text(routine_text(HEAT_20))
    assert load_known_routines(data).routines["warm"].steps[0].repeat == 1
    cache = json.loads(data.routine_cache.read_text())
    entry = next(e for key, e in cache["routines"].items() if key.endswith("warm.yaml"))
    entry["routines"]["*"]["steps"][0]["repeat"] = 3  # "*": the same in every language
    data.routine_cache.write_text(json.dumps(cache))

    assert load_known_routines(data).routines["warm"].steps[0].repeat == 1
    env_args = [sys.executable, "-m", "spasm_timer.cli", "--data-dir", str(data.root)]
    plan = subprocess.run([*env_args, "plan", "warm", "--json"], capture_output=True, text=True,
                          timeout=60)
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["total_seconds"] <= 20 * 60 + 60


def test_the_rule_is_said_in_words_a_person_understands(write_routine) -> None:  # type: ignore[no-untyped-def]
    text = routine_text(textwrap.dedent("""\
          - {kind: breathe, title: Settle, duration: 1m}
          - {kind: heat, title: Warm pack, duration: 15m}
          - {kind: heat, title: More warmth, duration: 10m}
        """))
    (problem,) = problems_of(write_routine(text))
    assert ":5:" in problem  # the first heat step
    assert "steps 2–3" in problem and "25 minutes of heat" in problem
