"""The loader: a good file loads as written; a bad one says every problem with its line."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from spasm_timer import paths
from spasm_timer.core.loader import RoutineFileError, load_routine_file
from spasm_timer.core.timeline import expand

ISSUE_EXAMPLE = """\
name: Calf cramp relief            # required, text
area: calf                         # required: the body area, used for grouping
description: Ease a cramping calf.  # optional
safety:                            # optional list of notes shown before the start
  - Skip this if the calf is swollen, hot or bruised.
lead_in: 5s                        # optional get-ready time before each step; 0 turns it off
steps:                             # required, at least one
  - kind: trigger_point            # required, one of the kinds below
    title: Hold the knot           # required
    instructions: Thumb on the tightest spot; firm, steady pressure until it eases.
    duration: 10-30s               # required
    repeat: 3                      # optional, default 1
    rest: 10s                      # optional, between repetitions
    sides: both                    # optional: none (default), left, right, both (left, then right)
    image: calf.svg                # optional, an illustration from assets/ or next to the routine file
"""


def load(path: Path):  # type: ignore[no-untyped-def]
    return load_routine_file(path, "user", paths.illustrations_dir())


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RoutineFileError) as caught:
        load(path)
    return [str(problem) for problem in caught.value.problems]


def test_the_documented_example_loads_exactly_as_written(write_routine) -> None:  # type: ignore[no-untyped-def]
    routine = load(write_routine(ISSUE_EXAMPLE, "calf-example.yaml"))
    assert routine.id == "calf-example"
    assert (routine.name, routine.area, routine.lead_in_seconds) == ("Calf cramp relief", "calf", 5)
    assert routine.safety == ("Skip this if the calf is swollen, hot or bruised.",)
    step = routine.steps[0]
    assert (step.kind, step.repeat, step.rest_seconds, step.sides) == ("trigger_point", 3, 10, "both")
    assert (step.duration.min_seconds, step.duration.seconds) == (10, 30)
    assert step.image == paths.illustrations_dir() / "calf.svg"


def test_the_example_expands_left_then_right_with_rests_and_lead_ins(write_routine) -> None:  # type: ignore[no-untyped-def]
    timeline = expand(load(write_routine(ISSUE_EXAMPLE)))
    shape = [(s.kind, s.side, s.repetition) for s in timeline.segments]
    per_side = [("lead_in", 1), ("trigger_point", 1), ("rest", 1), ("trigger_point", 2), ("rest", 2),
                ("trigger_point", 3)]
    assert shape == [(k, "left", r) for k, r in per_side] + [(k, "right", r) for k, r in per_side]
    assert timeline.total_seconds == 2 * (5 + 3 * 30 + 2 * 10)


def test_every_problem_is_reported_together_with_its_line(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine(textwrap.dedent("""\
        name: Broken
        aera: calf
        steps:
          - kind: trigger_pint
            title: Hold
            duraton: 10s
          - kind: heat
            title: Warm
            duration: 25m
          - kind: stretch
            title: Reach
            duration: 30-10s
            repeat: many
        """))
    problems = problems_of(path)
    expected = [
        (2, "unknown key 'aera' in the routine (did you mean 'area'?)"),
        (4, "unknown kind 'trigger_pint' (did you mean 'trigger_point'?)"),
        (6, "unknown key 'duraton' in step 1 (did you mean 'duration'?)"),
        (9, "heat may never last more than 20 minutes"),
        (12, "range '30-10s' is inverted"),
        (13, "'repeat' must be a whole number, not 'many'"),
    ]
    for line, message in expected:
        assert any(p.startswith(f"{path}:{line}:") and message in p for p in problems), message
    assert any("missing 'area'" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name: [unclosed\n", 2, "YAML syntax"),
        ("- just\n- a list\n", 1, "must be a mapping with name, area and steps"),
        ("name: x\narea: y\nsteps: []\n", 3, "at least one step"),
        ("name: x\narea: y\nsteps:\n  - kind: stretch\n    title: s\n", 4, "missing 'duration'"),
        ("name: x\nname: y\narea: z\nsteps:\n  - {kind: rest, title: r, duration: 5s}\n", 2,
         "duplicate key 'name'"),
        ("name: !!python/object:os.system x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 5}\n",
         1, "not allowed"),
        ("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 5, sides: up}\n", 4,
         "'sides' must be one of"),
        ("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 1.5}\n", 4, "time such as"),
        ("name: x\narea: y\nsteps:\n  - {kind: cold, title: r, duration: 15-25m}\n", 4,
         "never last more than 20 minutes"),
        ("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 5, image: /etc/passwd}\n", 4,
         "not an absolute path"),
        ("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 5, image: ../../x.svg}\n", 4,
         "outside the routine's folder"),
        ("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 5, image: nowhere.svg}\n", 4,
         "was not found"),
        ("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 5, repeat: 0}\n", 4,
         "between 1 and 1000"),
        ("name: x\narea: y\nschema: 9\nsteps:\n  - {kind: rest, title: r, duration: 5}\n", 3,
         "'schema' must be between 1 and 1"),
        ("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: {range: 10-30s, default: 40s}}\n",
         4, "outside the range"),
        ("name: x\n---\nname: y\n", 2, "more than one YAML document"),
    ],
)
def test_each_kind_of_mistake_names_its_line(write_routine, text: str, line: int, message: str) -> None:  # type: ignore[no-untyped-def]
    path = write_routine(text)
    problems = problems_of(path)
    assert any(p.startswith(f"{path}:{line}:") and message in p for p in problems), problems


def test_an_empty_file_says_what_a_routine_needs(write_routine) -> None:  # type: ignore[no-untyped-def]
    assert problems_of(write_routine("")) == [
        f"{write_routine('')}: file is empty; a routine needs at least name, area and steps"]


def test_a_file_over_one_mebibyte_is_refused_without_reading_it(write_routine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: x\n" + "#" * (1024 * 1024))
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the big file was opened"))
    assert "at most 1 MiB" in problems_of(path)[0]


def test_deep_nesting_ends_in_a_clear_error_not_a_crash(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: " + "[" * 100_000 + "]" * 100_000 + "\n")
    problems = problems_of(path)
    # PyYAML may stop such a file itself, in its own words, before our limit is reached:
    # what the person must get either way is one problem, at the file and line, about nesting.
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:1:")
    assert "nest" in problems[0].lower()


def test_a_billion_laughs_file_is_refused_quickly(write_routine) -> None:  # type: ignore[no-untyped-def]
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 15)]
    path = write_routine("\n".join(lines) + "\nname: x\n")
    assert any("aliases" in p for p in problems_of(path))


def test_a_self_referencing_routine_is_an_error_not_a_hang(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: x\narea: y\nsteps: &s\n  - *s\n")
    assert any("step 1 must be a mapping" in p for p in problems_of(path))


def test_binary_and_non_utf8_files_are_refused(write_routine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "binary.yaml"
    path.write_bytes(os.urandom(64) + b"\xff\xfe\x00")
    assert "not UTF-8 text" in problems_of(path)[0]


def test_long_values_are_never_echoed_back_whole(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: x\narea: y\nsteps:\n  - {kind: " + "k" * 50_000 + ", title: t, duration: 5}\n")
    assert all(len(p) < len(str(path)) + 200 for p in problems_of(path))


def test_more_than_ten_thousand_segments_is_an_error(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: x\narea: y\nlead_in: 0\nsteps:\n"
                         "  - {kind: rest, title: r, duration: 1, repeat: 1000, sides: both, rest: 1}\n"
                         "  - {kind: rest, title: r, duration: 1, repeat: 1000, sides: both, rest: 1}\n"
                         "  - {kind: rest, title: r, duration: 1, repeat: 1000, sides: both, rest: 1}\n")
    assert any("timed segments" in p for p in problems_of(path))


def test_more_than_twelve_hours_is_an_error(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 10h}\n"
                         "  - {kind: rest, title: r, duration: 3h}\n")
    assert any("12 hours" in p for p in problems_of(path))


def test_lead_in_zero_turns_lead_ins_off(write_routine) -> None:  # type: ignore[no-untyped-def]
    routine = load(write_routine("name: x\narea: y\nlead_in: 0\nsteps:\n  - {kind: rest, title: r, duration: 5}\n"))
    assert [s.kind for s in expand(routine).segments] == ["rest"]


def test_an_image_beside_the_routine_is_found(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 5, image: mine.png}\n")
    (path.parent / "mine.png").write_bytes(b"not really a png")
    assert load(path).steps[0].image == (path.parent / "mine.png").resolve()


def test_an_image_link_that_leads_outside_is_refused(write_routine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 5, image: sneaky.svg}\n")
    secret = tmp_path / "elsewhere.svg"
    secret.write_text("<svg/>")
    (path.parent / "sneaky.svg").symlink_to(secret)
    assert any("points outside" in p for p in problems_of(path))


def test_an_image_in_a_subfolder_beside_the_routine_is_found(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: x\narea: y\nsteps:\n  - {kind: rest, title: r, duration: 5, image: pics/a.svg}\n")
    (path.parent / "pics").mkdir()
    (path.parent / "pics" / "a.svg").write_text("<svg/>")
    assert load(path).steps[0].image == (path.parent / "pics" / "a.svg").resolve()


def test_nesting_past_the_limit_in_a_small_file_is_found_too(write_routine) -> None:  # type: ignore[no-untyped-def]
    # Small and plain enough to be composed without the event pass: the limit still holds.
    nested = "".join("  " * level + f"k{level}:\n" for level in range(25)) + "  " * 25 + "x: 1\n"
    path = write_routine("name: x\narea: y\nsteps:\n  - kind: rest\n    title: r\n"
                         "    duration: 5\n    image:\n" + textwrap.indent(nested, "      "))
    (problem,) = problems_of(path)
    assert "nested more than 20 levels deep" in problem and problem.startswith(f"{path}:")
