"""The log side of carrying on an interrupted session (see core/resume.py). No Qt.

- `RunningSessionNote`: while a session runs, a small `running-session.json` in the data dir
  says which routine file it runs and when this run began. A routine opened from anywhere
  (`spasm-timer run ~/my.yaml`) can then be found again after a crash; the note goes when the
  session ends. The log itself needs nothing new: a session never closed is `interrupted`, and
  steps can still be added to it.
- `find_interrupted`: the newest session, if it was interrupted recently enough to offer.
- `ContinuingRecorder`: logs into that same session: no new row, the earlier steps stay, and
  the active time adds the earlier steps' time to the new part (the gap is not counted).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from spasm_timer.core.events import SessionEnded, SessionEvent, SessionStarted
from spasm_timer.core.resume import offer_due
from spasm_timer.core.routine import Routine
from spasm_timer.core.timeline import Timeline
from spasm_timer.private_files import read_regular_file, write_private_atomically
from spasm_timer.storage.log import INTERRUPTED, SessionLog, local_now, timestamp
from spasm_timer.storage.recorder import SessionRecorder

NOTE_NAME = "running-session.json"
MAX_NOTE_BYTES = 64 * 1024


@dataclass(frozen=True)
class InterruptedSession:
    """The newest session, cut short; `routine_path` from the note, when it has one."""

    session: dict[str, Any]  # the export shape, with its logged steps
    last_start: datetime
    routine_path: Path | None


class RunningSessionNote:
    """`running-session.json`: the session that is running now, or was when the app died."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / NOTE_NAME

    def write(self, session_id: str, routine: Routine, started: datetime) -> None:
        note = {"session_id": session_id, "routine_id": routine.id,
                "routine_path": str(routine.path) if routine.path else None,
                "started_at": timestamp(started)}
        write_private_atomically(self.path, json.dumps(note).encode("utf-8"))

    def read(self) -> dict[str, Any] | None:
        """The note, or None when there is none or it cannot be used (it only helps)."""
        try:
            note = json.loads(read_regular_file(self.path, MAX_NOTE_BYTES))
            datetime.fromisoformat(note["started_at"])
            path = note.get("routine_path")
            if isinstance(note["session_id"], str) and (path is None or isinstance(path, str)):
                return dict(note)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        return None

    def decline(self, session_id: str) -> None:
        """The person chose to leave the session as it is: not offered again."""
        note = self.read() or {}
        if note.get("session_id") != session_id:
            note = {"session_id": session_id, "routine_path": None,
                    "started_at": timestamp(local_now())}
        try:
            write_private_atomically(self.path, json.dumps({**note, "declined": True})
                                     .encode("utf-8"))
        except OSError:
            pass  # offered again next time: a small nuisance, nothing lost

    def remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass  # a stale note only names a session that is no longer interrupted


def find_interrupted(log: SessionLog, note: RunningSessionNote,
                     now: datetime | None = None) -> InterruptedSession | None:
    """The newest session if it was interrupted and (last) started within 12 hours."""
    newest = next(iter(log.iter_sessions(limit=1)), None)
    if newest is None or newest["status"] != INTERRUPTED:
        return None
    last_start = datetime.fromisoformat(newest["started_at"])
    routine_path = None
    written = note.read()
    if written is not None and written["session_id"] == newest["id"]:
        if written.get("declined"):
            return None
        last_start = max(last_start, datetime.fromisoformat(written["started_at"]))
        routine_path = Path(written["routine_path"]) if written.get("routine_path") else None
    if not offer_due(last_start, now or local_now()):
        return None
    return InterruptedSession(newest, last_start, routine_path)


def may_carry_on(note: RunningSessionNote, routine: Routine,
                 now: datetime | None = None) -> bool:
    """Whether the note alone, without the log, says `routine` was cut short lately and not
    left as it was: then the log is worth waiting for (only the log can say for sure)."""
    written = note.read()
    if written is None or written.get("declined") or written.get("routine_id") != routine.id:
        return False
    return offer_due(datetime.fromisoformat(written["started_at"]), now or local_now())


class NotingRecorder:
    """Wraps a recorder: writes the running-session note once the session is in the log,
    and removes it when the session ends. A note that cannot be written costs only the
    offer to carry on after a crash, so it never disturbs the session."""

    def __init__(self, recorder: SessionRecorder, note: RunningSessionNote,
                 routine: Routine) -> None:
        self.recorder = recorder
        self.note = note
        self.routine = routine

    @property
    def session_id(self) -> str | None:
        return self.recorder.session_id

    def __call__(self, event: SessionEvent) -> None:
        self.recorder(event)
        if isinstance(event, SessionStarted) and self.recorder.session_id is not None:
            with contextlib.suppress(OSError):
                self.note.write(self.recorder.session_id, self.routine, local_now())
        elif isinstance(event, SessionEnded):
            self.note.remove()


@dataclass(frozen=True)
class Continuation:
    """How to carry on an interrupted session: where its timeline starts again, and the
    recorder that logs into the same session."""

    interrupted: InterruptedSession
    start_index: int

    @property
    def active_before(self) -> float:
        return float(self.interrupted.session["active_seconds"] or 0.0)

    def recorder(self, log: Any, routine: Routine,
                 timeline: Timeline) -> ContinuingRecorder:
        return ContinuingRecorder(log, routine, timeline, self.interrupted)


class ContinuingRecorder(SessionRecorder):
    """Logs a carried-on session into its existing row: the start is not logged again, and
    the end counts the earlier steps' active time plus the new part's."""

    def __init__(self, log: Any, routine: Routine, timeline: Timeline,
                 interrupted: InterruptedSession) -> None:
        super().__init__(log, routine, timeline, interrupted.session["pain_before"])
        self.session_id = interrupted.session["id"]
        self.active_before = float(interrupted.session["active_seconds"] or 0.0)
        # Each write names its place, so that writing it twice is writing it once: the new
        # steps follow the logged ones, the new pauses add to the earlier ones.
        self.carry_on_after(len(interrupted.session["steps"]), interrupted.session["pauses"])

    def __call__(self, event: SessionEvent) -> None:
        if isinstance(event, SessionStarted):
            return  # the session has its row since it first started
        if isinstance(event, SessionEnded):
            event = replace(event, active_seconds=self.active_before + event.active_seconds)
        super().__call__(event)
