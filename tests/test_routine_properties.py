"""Property-based checks: the loader on generated YAML, and timeline expansion."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasm_timer.core.loader import RoutineFileError, load_routine_file
from spasm_timer.core.routine import STEP_KINDS
from spasm_timer.core.text_safety import unsafe_text_problem
from spasm_timer.core.timeline import expand, measure

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

step_dicts = st.fixed_dictionaries(
    {"kind": st.sampled_from([k for k in STEP_KINDS if k not in ("heat", "cold")]),
     "title": st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=20)
     .filter(lambda title: title.strip() and not unsafe_text_problem(title.strip(), True)),
     "duration": st.one_of(st.integers(1, 120), st.integers(1, 60).map(lambda s: f"{s}-{s + 30}s"))},
    optional={"repeat": st.integers(1, 5), "rest": st.integers(0, 20),
              "sides": st.sampled_from(["none", "left", "right", "both"])},
)
routine_dicts = st.fixed_dictionaries(
    {"name": st.just("Generated"), "area": st.just("calf"),
     "steps": st.lists(step_dicts, min_size=1, max_size=6)},
    optional={"lead_in": st.integers(0, 10)},
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "generated.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@SETTINGS
@given(routine_dicts)
def test_a_valid_generated_routine_loads_and_expands_consistently(tmp_path: Path, data: dict) -> None:
    routine = load_routine_file(write(tmp_path, yaml.safe_dump(data, allow_unicode=True)))
    timeline = expand(routine)
    assert timeline.total_seconds == sum(s.seconds for s in timeline.segments)
    # `list` and the size limits count without expanding: they must agree with the timeline.
    assert measure(routine) == (len(timeline.segments), timeline.total_seconds)
    assert [s.step for s in timeline.segments] == sorted(s.step for s in timeline.segments)
    for number, step in enumerate(data["steps"], start=1):
        own = [s for s in timeline.step_segments if s.step == number]
        sides = {"both": ["left", "right"], "left": ["left"], "right": ["right"]}.get(
            step.get("sides", "none"), [None])
        assert len(own) == len(sides) * step.get("repeat", 1)
        assert [s.side for s in own] == [side for side in sides for _ in range(step.get("repeat", 1))]
        assert all(s.min_seconds <= s.seconds <= s.max_seconds for s in own)
        assert [s.repetition for s in own] == list(range(1, step.get("repeat", 1) + 1)) * len(sides)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@SETTINGS
@given(yaml_values)
def test_any_other_yaml_gives_the_loaders_own_error(tmp_path: Path, value: object) -> None:
    path = write(tmp_path, yaml.safe_dump(value, allow_unicode=True))
    with pytest.raises(RoutineFileError) as raised:
        load_routine_file(path)
    assert raised.value.problems
    assert all(str(p).startswith(str(path)) for p in raised.value.problems)


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_at_all_loads_or_gives_the_loaders_own_error(tmp_path: Path, text: str) -> None:
    try:
        load_routine_file(write(tmp_path, text))
    except RoutineFileError as error:
        assert error.problems  # noqa: PT017  # the text may load; only a failure is checked
