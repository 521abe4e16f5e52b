"""What the core says, in German and Spanish: the voice, the plan, counts and durations.
English is what the other tests check, word for word; these check the meaning elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import make_timeline, ranged, step

from spasm_timer import i18n
from spasm_timer.core.events import COMPLETED, SessionEnded, StepStarted
from spasm_timer.core.guidance import kind_name, step_time_warning
from spasm_timer.core.loader import load_routine_file
from spasm_timer.core.plan_text import plan_header, plan_rows
from spasm_timer.core.problems import Problem, RoutineFileError
from spasm_timer.core.red_flags import RED_FLAGS
from spasm_timer.core.routine_draft import RoutineDraft, StepDraft, check_draft
from spasm_timer.core.routine_parsing import parse_in_processes
from spasm_timer.core.spoken_text import (
    duration_words,
    ease_off_reminder,
    lead_in_sentence,
    milestone_sentence,
    seconds_left_sentence,
    time_left_sentence,
)
from spasm_timer.core.step_counts import steps_text

NEXT = {"de": "Als Nächstes", "es": "Siguiente"}
GET_READY = {"de": "Mach dich bereit", "es": "Prepárate"}
LEFT_SIDE = {"de": "linke Seite", "es": "lado izquierdo"}


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_voice_names_the_next_step_in_the_persons_language(language: str) -> None:
    i18n.use_language(language)
    said = lead_in_sentence("Wadendehnung", "left")
    assert "Wadendehnung" in said
    assert NEXT[language] in said and GET_READY[language] in said
    assert LEFT_SIDE[language] in said
    assert "Next" not in said and "side" not in said


@pytest.mark.parametrize(("language", "words"), [
    ("de", ("Schritt 2 von 3", "1 Minute", "30 Sekunden")),
    ("es", ("Paso 2 de 3", "1 minuto", "30 segundos")),
])
def test_a_screen_reader_hears_the_step_in_the_persons_language(
        language: str, words: tuple[str, ...]) -> None:
    i18n.use_language(language)
    timeline = make_timeline([step(10), step(90, title="Kreise"), step(10)])
    segment = timeline.segments[1]
    said = milestone_sentence(StepStarted(1, segment, 90), 3)
    assert said is not None and "Kreise" in said
    for word in words:
        assert word in said


def test_german_counts_seconds_and_steps_with_their_plurals() -> None:
    i18n.use_language("de")
    assert steps_text(1) == "1 Schritt"
    assert steps_text(3) == "3 Schritte"
    assert duration_words(1) == "1 Sekunde"
    assert duration_words(120) == "2 Minuten"
    assert seconds_left_sentence(10) == "Noch 10 Sekunden"
    assert seconds_left_sentence(1) == "Noch 1 Sekunde"


def test_spanish_says_minutes_and_seconds_as_spoken() -> None:
    i18n.use_language("es")
    assert duration_words(90) == "1 minuto y 30 segundos"
    assert steps_text(1) == "1 paso"


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_end_and_the_time_left_are_said_in_the_persons_language(language: str) -> None:
    i18n.use_language(language)
    segment = make_timeline([step(60, title="Druck")]).segments[0]
    ended = milestone_sentence(SessionEnded(COMPLETED, 60.0), 1)
    assert ended == {"de": "Sitzung abgeschlossen", "es": "Sesión completada"}[language]
    left = time_left_sentence(segment, 42, paused=True)
    assert "Druck" in left and "42" in left
    assert {"de": "pausiert", "es": "en pausa"}[language] in left


def test_the_ease_off_reminder_says_the_same_in_german() -> None:
    i18n.use_language("de")
    segment = make_timeline([step(30, kind="pressure")]).segments[0]
    reminder = ease_off_reminder(segment)
    assert reminder is not None and "Schmerz" in reminder and "Druck" in reminder


def test_the_plan_reads_in_german_with_the_routines_own_titles() -> None:
    i18n.use_language("de")
    rows = plan_rows(make_timeline([step(ranged(30, 15, 30), kind="stretch", title="Reach",
                                         repeat=2, rest=10, sides="left")], lead_in=5))
    assert plan_header() == ["AB", "WAS", "DAUER"]
    assert rows[0][1] == "Mach dich bereit: Reach (links)"
    assert rows[1][1] == "Reach [Dehnung] (links) 1/2"
    assert rows[2][1].strip() == "Pause (links)"
    assert rows[1][2] == "30 s (Ende ab 15 s möglich)"


def test_english_is_unchanged() -> None:
    assert lead_in_sentence("Calf stretch", "left") == "Next: Calf stretch, left side. Get ready."
    assert duration_words(90) == "1 minute 30 seconds"
    assert steps_text(1) == "1 step" and steps_text(3) == "3 steps"
    assert plan_header() == ["AT", "WHAT", "TIME"]


ROUTINE = """name: Test
area: calf
steps:
  - kind: stretch
    title: Reach
    duration: {duration}
"""


def _problems(tmp_path: Path, duration: str) -> list[Problem]:
    path = tmp_path / "test.yaml"
    path.write_text(ROUTINE.format(duration=duration), encoding="utf-8")
    with pytest.raises(RoutineFileError) as caught:
        load_routine_file(path, "user")
    return caught.value.problems


def test_a_file_problem_in_german_keeps_its_file_and_line(tmp_path: Path) -> None:
    i18n.use_language("de")
    problems = _problems(tmp_path, "abc")
    assert [(problem.path.name, problem.line) for problem in problems] == [("test.yaml", 6)]
    said = str(problems[0])
    assert said.startswith(f"{tmp_path / 'test.yaml'}:6:")
    assert "keine Zeitangabe" in said and "'abc'" in said


def test_heat_past_twenty_minutes_is_refused_in_spanish_with_the_same_numbers(
        tmp_path: Path) -> None:
    i18n.use_language("es")
    path = tmp_path / "hot.yaml"
    path.write_text("name: Hot\narea: back\nsteps:\n  - kind: heat\n    title: Warm\n"
                    "    duration: 15m\n    repeat: 2\n", encoding="utf-8")
    with pytest.raises(RoutineFileError) as caught:
        load_routine_file(path, "user")
    said = " ".join(problem.message for problem in caught.value.problems)
    assert "30 minutos de calor" in said and "20 minutos" in said and "paso 1" in said


def test_guidance_warnings_and_red_flags_speak_german(tmp_path: Path) -> None:
    i18n.use_language("de")
    warning = step_time_warning("stretch", 45, 45)
    assert warning == "Dehnung von 45 s; üblich sind 15–30 s je Halten"
    assert kind_name("pressure") == "sanfter Druck"
    urgent = [flag.text for flag in RED_FLAGS if flag.urgent]
    assert "10 Minuten" in urgent[0] and "Blutgerinnsel" in urgent[2]
    i18n.use_language("en")
    assert RED_FLAGS[0].text.startswith("A cramp that lasts")


def test_a_missing_title_is_said_in_german_with_its_step_and_line(tmp_path: Path) -> None:
    i18n.use_language("de")
    path = tmp_path / "untitled.yaml"
    path.write_text("name: Test\narea: calf\nsteps:\n  - kind: stretch\n    duration: 20s\n",
                    encoding="utf-8")
    with pytest.raises(RoutineFileError) as caught:
        load_routine_file(path, "user")
    (problem,) = caught.value.problems
    assert problem.line == 4
    assert problem.message == "Schritt 1: 'title' fehlt"


def test_the_editor_shows_a_german_problem_beside_its_field_without_the_step(
        tmp_path: Path) -> None:
    i18n.use_language("de")
    draft = RoutineDraft(name="Warm", area="back", steps=[
        StepDraft(kind="heat", title="Wärmflasche", duration="25m")])
    check = check_draft(draft, tmp_path / "warm.yaml", None)
    (message,) = check.errors[(0, "duration")]
    assert message.startswith("Wärme darf nie länger als 20 Minuten")


def test_files_parsed_in_worker_processes_say_their_problems_in_the_apps_language(
        tmp_path: Path) -> None:
    path = tmp_path / "untitled.yaml"
    path.write_text("name: Test\narea: calf\nsteps:\n  - kind: stretch\n    duration: 20s\n",
                    encoding="utf-8")
    (outcome,) = parse_in_processes([(path, "user")], None, 1, "es")
    assert isinstance(outcome, RoutineFileError)
    assert [problem.message for problem in outcome.problems] == ["paso 1: falta 'title'"]


WHOLE_SENTENCES = {
    "de": ["unbekannter Schlüssel 'aera' in der Routine (meintest du 'area'?)",
           "unbekannter Schlüssel 'titel' in Schritt 1 (meintest du 'title'?)",
           "Schlüssel 'range' steht zweimal in 'duration'"],
    "es": ["clave desconocida 'aera' en la rutina (¿quisiste decir 'area'?)",
           "clave desconocida 'titel' en el paso 1 (¿quisiste decir 'title'?)",
           "clave 'range' repetida en 'duration'"],
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_problem_in_the_routine_or_a_step_is_one_sentence_in_the_persons_language(
        tmp_path: Path, language: str) -> None:
    """Each language words "in the routine" and "in step 1" in its own way (German: "in der
    Routine", "in Schritt 1"): the name is never put into a sentence made for another."""
    i18n.use_language(language)
    path = tmp_path / "typos.yaml"
    path.write_text("name: Test\narea: calf\naera: calf\nsteps:\n"
                    "  - kind: stretch\n    title: Reach\n    titel: Reach\n"
                    "    duration: {range: 10-30s, range: 10-20s}\n", encoding="utf-8")
    with pytest.raises(RoutineFileError) as caught:
        load_routine_file(path, "user")
    assert [problem.message for problem in caught.value.problems] == WHOLE_SENTENCES[language]
