"""Real-world YAML never gets past the loader; every bundled routine keeps to the guidance."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_files import CORPUS_FILES, NO_CORPUS, corpus_file

from spasm_timer import paths
from spasm_timer.core.library import load_library
from spasm_timer.core.loader import RoutineFileError, load_routine_file
from spasm_timer.core.timeline import expand

# Seconds per hold or per step, from the guidance every routine rests on.
GUIDANCE_SECONDS = {
    "trigger_point": (10, 30),
    "neuromuscular": (10, 30),
    "stretch": (15, 30),
    "heat": (15 * 60, 20 * 60),
    "cold": (15 * 60, 20 * 60),
    "pressure": (20, 60),
    "circular": (30, 90),
    "effleurage": (30, 120),
    "petrissage": (30, 120),
    "friction": (20, 60),
    "breathe": (1, 600),
    "rest": (1, 600),
}


@pytest.mark.skipif(not CORPUS_FILES, reason=NO_CORPUS)
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_every_corpus_file_gets_the_loaders_own_error(path: Path) -> None:
    with pytest.raises(RoutineFileError) as caught:
        load_routine_file(path)
    assert caught.value.problems
    for problem in caught.value.problems:
        assert str(problem).startswith(f"{path}:")
        assert "Traceback" not in str(problem) and len(problem.message) < 200


def test_corpus_syntax_errors_name_their_line() -> None:
    listed = corpus_file("EXPECTED-PARSE-ERRORS.txt").read_text().split()
    broken = [corpus_file(f"{name.strip()}.yaml") for name in listed
              if corpus_file(f"{name.strip()}.yaml").is_file()]
    assert broken
    for path in broken:
        with pytest.raises(RoutineFileError) as caught:
            load_routine_file(path)
        assert caught.value.problems[0].line is not None, path


def bundled():  # type: ignore[no-untyped-def]
    return load_library(paths.bundled_routines_dir(), None, paths.illustrations_dir())


def test_every_bundled_routine_loads() -> None:
    library = bundled()
    assert [str(error) for error in library.skipped] == []
    assert len(library.routines) >= 8
    assert len({r.area for r in library.routines.values()}) >= 6


def test_the_library_covers_the_common_cramps_and_techniques() -> None:
    routines = bundled().routines.values()
    areas = {r.area for r in routines}
    assert {"calf", "lower back", "neck and shoulders", "hamstrings", "thighs", "feet",
            "hands and forearms"} <= areas
    kinds = {step.kind for r in routines for step in r.steps}
    assert {"pressure", "circular", "trigger_point", "stretch", "heat", "cold"} <= kinds
    names = " ".join(r.name.lower() + " " + r.id for r in routines)
    assert "bedtime" in names or "night" in names
    for kind in ("heat", "cold"):
        assert any(share_of(kind, r) >= 0.7 for r in routines), f"no dedicated {kind} session"


def test_the_library_has_neuromuscular_work_and_a_relaxation_routine() -> None:
    routines = bundled().routines.values()
    neuromuscular = [(r, s) for r in routines for s in r.steps if s.kind == "neuromuscular"]
    assert neuromuscular
    for _, step in neuromuscular:  # what makes it neuromuscular: the pressure changes
        assert "firmer" in step.instructions.lower() or "more of your weight" in step.instructions
    relaxation = [r for r in routines if "relax" in r.name.lower()]
    assert relaxation, "no breathing and relaxation routine"
    for routine in relaxation:
        assert {s.kind for s in routine.steps} <= {"breathe", "rest"}
        assert "bedtime" in routine.description.lower() and "tension" in routine.description.lower()


def test_the_heat_routine_warns_against_falling_asleep_on_the_pad() -> None:
    for routine in bundled().routines.values():
        if any(step.kind == "heat" for step in routine.steps):
            notes = " ".join(routine.safety).lower()
            assert "fall asleep" in notes and "numb" in notes, routine.id


# Words that say each red flag, whichever way a routine puts it.
RED_FLAG_WORDS = {
    "any": ("10 minutes", "getting smaller"),
    "calf": ("blood clot", "same day"),
    "back": ("buttocks", "urine", "bowel", "weak", "emergency"),
    "heat": ("fall asleep", "numb"),
    "cold": ("numb",),
}


@pytest.mark.parametrize("routine", sorted(bundled().routines.values(), key=lambda r: r.id),
                         ids=lambda r: r.id)
def test_every_bundled_routine_names_the_red_flags_of_its_area(routine) -> None:  # type: ignore[no-untyped-def]
    from spasm_timer.core.red_flags import routine_red_flags

    notes = " ".join(routine.safety).lower()
    wanted = ["any"]
    for flag in routine_red_flags(routine):
        wanted += [word for word in ("calf", "back") if word in flag.areas]
        wanted += list(flag.kinds)
    for flag_name in wanted:
        for word in RED_FLAG_WORDS[flag_name]:
            assert word in notes, f"{routine.id}: the {flag_name} red flag lacks '{word}'"


def test_no_tip_promises_more_than_self_care_can_give() -> None:
    from spasm_timer.ui.end_screen import TIPS

    for tip in TIPS:
        lowered = tip.lower()
        for promise in ("keep", "away", "prevent", "cure", "heal", "stop", "help:"):
            assert promise not in lowered, tip


def share_of(kind: str, routine) -> float:  # type: ignore[no-untyped-def]
    """How much of a routine's planned time goes to one kind of step."""
    timeline = expand(routine)
    return sum(s.seconds for s in timeline.step_segments if s.kind == kind) / timeline.total_seconds


@pytest.mark.parametrize("routine", sorted(bundled().routines.values(), key=lambda r: r.id),
                         ids=lambda r: r.id)
def test_every_bundled_time_is_inside_the_guidance(routine) -> None:  # type: ignore[no-untyped-def]
    for segment in expand(routine).step_segments:
        low, high = GUIDANCE_SECONDS[segment.kind]
        assert low <= segment.min_seconds <= segment.seconds <= segment.max_seconds <= high, (
            f"{routine.id} step {segment.step} ({segment.kind}): "
            f"{segment.min_seconds}-{segment.max_seconds} s is outside {low}-{high} s")


@pytest.mark.parametrize("routine", sorted(bundled().routines.values(), key=lambda r: r.id),
                         ids=lambda r: r.id)
def test_validate_has_no_guidance_warning_for_a_bundled_routine(routine) -> None:  # type: ignore[no-untyped-def]
    from spasm_timer.core.guidance import routine_warnings

    assert [str(warning) for warning in routine_warnings(routine)] == []


@pytest.mark.parametrize("routine", sorted(bundled().routines.values(), key=lambda r: r.id),
                         ids=lambda r: r.id)
def test_every_bundled_routine_says_when_to_stop(routine) -> None:  # type: ignore[no-untyped-def]
    assert routine.safety, f"{routine.id} has no safety notes"
    for step in routine.steps:
        assert step.instructions, f"{routine.id}: '{step.title}' has no instructions"
        if step.kind == "cold":
            assert any("skin" in note.lower() for note in routine.safety)


def test_bundled_texts_never_claim_to_cure() -> None:
    for routine in bundled().routines.values():
        texts = [routine.name, routine.description, *routine.safety,
                 *(f"{s.title} {s.instructions}" for s in routine.steps)]
        for text in texts:
            lowered = text.lower()
            assert "cure" not in lowered and "diagnos" not in lowered, (routine.id, text)
