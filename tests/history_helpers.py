"""Sessions for history tests: a few hand-made ones through the log, or thousands at once."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from spasm_timer.storage.log import SessionLog

if TYPE_CHECKING:
    from spasm_timer.ui.history_window import HistoryWindow

OFFSET = timezone(timedelta(hours=1))


def moment(day: str, clock: str = "10:30") -> str:
    """'2026-11-21', '10:30' → the log's timestamp text, local time with its offset."""
    return datetime.fromisoformat(f"{day}T{clock}:00").replace(tzinfo=OFFSET).isoformat(
        timespec="milliseconds")


def step(index: int, title: str, planned: int = 60, actual: float | None = None,
         outcome: str = "completed", side: str | None = None,
         repetition: int = 1, kind: str = "massage") -> dict[str, Any]:
    return {"index": index, "title": title, "kind": kind, "side": side,
            "repetition": repetition, "planned_seconds": planned,
            "actual_seconds": planned if actual is None else actual, "outcome": outcome}


def session(day: str, clock: str = "10:30", routine_id: str = "calf",
            routine_name: str = "Calf release", status: str = "completed",
            active_seconds: float = 600, pain_before: int | None = None,
            pain_after: int | None = None, notes: str = "",
            steps: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One session in the export shape, as `SessionLog.add_sessions` takes it."""
    started = datetime.fromisoformat(moment(day, clock))
    ended = None if status == "interrupted" else (
        started + timedelta(seconds=active_seconds)).isoformat(timespec="milliseconds")
    return {"id": str(uuid.uuid4()), "routine_id": routine_id, "routine_name": routine_name,
            "started_at": started.isoformat(timespec="milliseconds"), "ended_at": ended,
            "status": status, "planned_seconds": 600, "active_seconds": active_seconds,
            "pain_before": pain_before, "pain_after": pain_after, "notes": notes,
            "pauses": 0, "steps": steps if steps is not None else [step(1, "Warm up")]}


def add(log: SessionLog, *sessions: dict[str, Any]) -> list[str]:
    """Adds sessions through the log; returns their ids in the order given."""
    log.add_sessions(sessions)
    return [item["id"] for item in sessions]


def bulk_insert(log: SessionLog, count: int, routines: int = 3,
                first_day: str = "2020-01-01") -> None:
    """`count` sessions straight into the log's tables, one transaction, one step each.

    Matches the log's schema (sessions + steps); going around `add_sessions` keeps a
    100,000-session log to a second or two to build.
    """
    start = datetime.fromisoformat(f"{first_day}T08:00:00").replace(tzinfo=OFFSET)
    sessions, steps = [], []
    for number in range(count):
        session_id = str(uuid.uuid4())
        started = start + timedelta(hours=7 * number)
        routine = number % routines
        sessions.append((
            session_id, f"routine-{routine}", f"Routine {routine}",
            started.isoformat(timespec="milliseconds"),
            (started + timedelta(minutes=10)).isoformat(timespec="milliseconds"),
            "completed" if number % 5 else "stopped", 600, 600.0 - number % 60,
            number % 11, max(0, number % 11 - 3), "", 0))
        steps.append((session_id, 0, 1, "Warm up", "massage", None, 1, 60, 60.0, "completed"))
    db = log.connection
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO sessions (id, routine_id, routine_name, started_at, ended_at, status,"
        " planned_seconds, active_seconds, pain_before, pain_after, notes, pauses)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sessions)
    db.executemany(
        "INSERT INTO steps (session_id, position, step_index, title, kind, side, repetition,"
        " planned_seconds, actual_seconds, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        steps)
    db.execute("COMMIT")


def wait_imported(qtbot, window: HistoryWindow) -> None:  # type: ignore[no-untyped-def]
    """Waits for History › Import… (on its worker thread) to end and be told."""
    qtbot.waitUntil(lambda: window.import_run is None, timeout=20_000)
