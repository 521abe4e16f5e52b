"""At start-up: offer to carry on a session that a crash, a flat battery or a closed lid cut
short. Enter carries on at the step that was running, from its start; Esc leaves it as it is.

The logic is in core/resume.py (where to start) and storage/continued_session.py (which
session, and logging into it); this module finds the routine again and asks.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from spasm_timer import paths
from spasm_timer.core.library import UnknownRoutineError, find_routine
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.resume import cut_short_index, resume_index
from spasm_timer.core.routine import Routine
from spasm_timer.core.timeline import Timeline, expand
from spasm_timer.i18n import _, ngettext
from spasm_timer.storage.continued_session import (
    Continuation,
    InterruptedSession,
    RunningSessionNote,
    find_interrupted,
)
from spasm_timer.ui.player_texts import with_side

if TYPE_CHECKING:
    from spasm_timer.ui.main_window import MainWindow


def _routine_of(window: MainWindow, interrupted: InterruptedSession) -> Routine | None:
    """The routine the session ran: the file the note names, else the library's by id."""
    routine_id = interrupted.session["routine_id"]
    known = window.library.routines.get(routine_id)
    path = interrupted.routine_path
    if path is not None and (known is None or known.path != path):
        try:
            return find_routine(str(path), window.library, paths.illustrations_dir())
        except (RoutineFileError, UnknownRoutineError, OSError, ValueError):
            pass  # moved or broken since: the library may still have it by its id
    return known


def find_continuation(window: MainWindow, now: datetime | None = None
                      ) -> tuple[Routine, Timeline, Continuation] | None:
    """What could be carried on now, or None (nothing interrupted lately, the routine gone
    or changed, or every step already done)."""
    if window.log is None:
        return None
    note = RunningSessionNote(window.data_paths.root)
    interrupted = find_interrupted(window.log, note, now)
    if interrupted is None:
        return None
    routine = _routine_of(window, interrupted)
    if routine is None:
        return None
    try:
        timeline = expand(routine, window.settings.default_lead_in)
    except ValueError:
        return None
    start = resume_index(timeline, interrupted.session["steps"])
    if start is None:
        return None
    return routine, timeline, Continuation(interrupted, start)


def offer_text(routine: Routine, timeline: Timeline, continuation: Continuation,
               afresh: bool = False) -> str:
    session = continuation.interrupted.session
    cut = cut_short_index(timeline, session["steps"])
    assert cut is not None
    segment = timeline.segments[cut]
    started = datetime.fromisoformat(session["started_at"]).strftime("%H:%M")
    done = len(session["steps"])
    what = _("“{routine}”, started at {time}, was cut short at step {step} of {steps}: "
             "{title}.").format(routine=routine.name, time=started, step=segment.step,
                                steps=len(routine.steps),
                                title=with_side(segment.title, segment.side))
    carry_on = _("Carry on (Enter) runs that step again from its start.")
    kept = ngettext("The {count} step done before stays in the session.",
                    "The {count} steps done before stay in the session.", done).format(
        count=done) if done else ""
    leave = (_("Leave it (Esc) keeps the session in your history as interrupted and starts "
               "the routine afresh.") if afresh else
             _("Leave it (Esc) keeps the session in your history as interrupted."))
    return what + "\n\n" + " ".join(part for part in (carry_on, kept, leave) if part)


def offer_to_carry_on(window: MainWindow, now: datetime | None = None,
                      instead_of: Routine | None = None) -> QMessageBox | None:
    """Shows the offer when there is something to carry on; returns the dialog (or None).
    Nothing is offered while a session runs. `instead_of`: the routine the command line asked
    to start; offered only when it is the one cut short, and leaving it starts it afresh."""
    if window.driver is not None:
        return None
    found = find_continuation(window, now)
    if found is None:
        return None
    routine, timeline, continuation = found
    if instead_of is not None and (instead_of.id, instead_of.path) != (routine.id, routine.path):
        return None
    box = QMessageBox(QMessageBox.Icon.Question, _("Carry on where you stopped?"),
                      offer_text(routine, timeline, continuation, instead_of is not None),
                      parent=window)
    carry_on = box.addButton(_("Carry on"), QMessageBox.ButtonRole.AcceptRole)
    leave = box.addButton(_("Leave it"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(carry_on)
    box.setEscapeButton(leave)

    def answered(button: Any) -> None:
        if button is carry_on:
            carry_on_session(window, routine, continuation)
        else:
            RunningSessionNote(window.data_paths.root).decline(
                continuation.interrupted.session["id"])
            if instead_of is not None:
                window.start_session()  # as the command line asked

    box.buttonClicked.connect(answered)
    box.open()
    box.raise_()
    box.activateWindow()
    carry_on.setFocus()
    window.carry_on_offer = box  # type: ignore[attr-defined]  # kept for tests and the WM
    return box


def carry_on_session(window: MainWindow, routine: Routine, continuation: Continuation) -> None:
    """Shows the routine and starts it again at the cut-short step, in the same log entry."""
    if window.driver is not None:
        return
    window.show_start(routine)
    window.start_session(continuation=continuation)
