"""The session log: durability, damage, versions, permissions, reads, stats and the recorder."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from spasm_timer.core.durations import Duration
from spasm_timer.core.events import (
    Paused,
    Resumed,
    SessionEnded,
    SessionStarted,
    StepEnded,
    StepStarted,
)
from spasm_timer.core.routine import Routine, Step
from spasm_timer.core.timeline import expand
from spasm_timer.paths import DataPaths
from spasm_timer.storage import log as log_module
from spasm_timer.storage import log_statistics
from spasm_timer.storage.log import (
    CHART_WEEKS,
    MIGRATIONS,
    SCHEMA_VERSION,
    LogUnavailableError,
    NewerLogError,
    SessionLog,
)
from spasm_timer.storage.log_schema import FILL_MISSING_ACTIVE_SECONDS
from spasm_timer.storage.recorder import SessionRecorder

REPO = Path(__file__).resolve().parent.parent
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def clock(start: datetime):  # type: ignore[no-untyped-def]
    """A `now` for the log that moves one second per call."""
    moments = iter(start + timedelta(seconds=n) for n in range(10**6))
    return lambda: next(moments)


def a_session(log: SessionLog, steps: int = 2, end: str | None = "completed") -> str:
    session_id = log.begin_session("neck", "Neck release", 300, pain_before=6)
    for number in range(steps):
        log.record_step(session_id, number + 1, f"Step {number + 1}", "pressure",
                        "left" if number % 2 else None, 1, 30, 29.5 + number, "completed")
    if end:
        log.end_session(session_id, end, 61.25)
    return session_id


# --- writing and reading -----------------------------------------------------------------

def test_a_session_reads_back_in_the_export_shape(tmp_path: Path) -> None:
    moment = datetime(2026, 11, 21, 10, 30, 0, 123000, tzinfo=timezone(timedelta(hours=1)))
    log = SessionLog.open(tmp_path / "sessions.sqlite3", now=clock(moment))
    session_id = log.begin_session("neck", "Neck release", 300, pain_before=6)
    log.record_step(session_id, 1, "Press", "pressure", "left", 1, 30, 30.12345, "completed")
    log.record_pause(session_id)
    log.record_pause(session_id)
    log.record_step(session_id, 1, "Press", "pressure", "right", 1, 30, 3, "skipped")
    log.end_session(session_id, "stopped", 33.1234)
    log.update_session(session_id, pain_after=4, notes="better")
    assert log.session(session_id) == {
        "id": session_id, "routine_id": "neck", "routine_name": "Neck release",
        "started_at": "2026-11-21T10:30:00.123+01:00",
        "ended_at": "2026-11-21T10:30:01.123+01:00",
        "status": "stopped", "planned_seconds": 300, "active_seconds": 33.123,
        "pain_before": 6, "pain_after": 4, "notes": "better", "pauses": 2,
        "steps": [
            {"index": 1, "title": "Press", "kind": "pressure", "side": "left", "repetition": 1,
             "planned_seconds": 30, "actual_seconds": 30.123, "outcome": "completed"},
            {"index": 1, "title": "Press", "kind": "pressure", "side": "right", "repetition": 1,
             "planned_seconds": 30, "actual_seconds": 3.0, "outcome": "skipped"},
        ],
    }


def test_update_leaves_unnamed_fields_alone_and_checks_ratings(tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "s.sqlite3")
    session_id = a_session(log)
    log.update_session(session_id, notes="tight")
    log.update_session(session_id, pain_after=2)
    log.update_session(session_id, pain_before=None)
    session = log.session(session_id)
    assert session and (session["pain_before"], session["pain_after"], session["notes"]) == (
        None, 2, "tight")
    with pytest.raises(ValueError, match="0-10"):
        log.update_session(session_id, pain_after=11)
    with pytest.raises(ValueError, match="pain_before must be an integer"):
        log.begin_session("neck", "Neck", 10, pain_before=True)  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        log.update_session("no-such-id", notes="x")


def test_delete_removes_the_session_and_its_steps(tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "s.sqlite3")
    kept, gone = a_session(log), a_session(log)
    assert log.delete_session(gone) is True
    assert log.delete_session(gone) is False
    assert [s["id"] for s in log.sessions()] == [kept]
    steps = log.connection.execute("SELECT COUNT(*) FROM steps WHERE session_id = ?", (gone,))
    assert steps.fetchone()[0] == 0


def test_filters_paging_and_order(tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "s.sqlite3",
                          now=clock(datetime(2026, 11, 1, 23, 59, 0).astimezone()))
    ids = []
    for day in range(5):  # one session a day, moving the clock a day between them
        log._now = clock(datetime(2026, 11, 1 + day, 23, 59, 0).astimezone())
        ids.append(a_session(log, end="completed" if day % 2 else None))
    ids_newest_first = ids[::-1]
    assert [s["id"] for s in log.sessions()] == ids_newest_first
    assert [s["id"] for s in log.sessions(newest_first=False)] == ids
    assert [s["id"] for s in log.sessions(limit=2, offset=1)] == ids_newest_first[1:3]
    assert [s["id"] for s in log.sessions(since="2026-11-02", until=date(2026, 11, 3))] == [
        ids[2], ids[1]]
    assert log.count(status="interrupted") == 3
    assert log.count(status="completed") == 2
    assert log.count(routine_id="other") == 0


def test_stats_come_from_the_whole_range(tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "s.sqlite3")
    days = [date(2026, 11, 9), date(2026, 11, 15), date(2026, 11, 16), date(2026, 11, 17),
            date(2026, 11, 17)]
    for number, day in enumerate(days):
        log._now = clock(datetime(day.year, day.month, day.day, 8).astimezone())
        session_id = a_session(log)  # 61.25 active seconds each, pain before 6
        log.update_session(session_id, pain_after=number)  # drops 6, 5, 4, 3, 2
    log._now = clock(datetime(2026, 11, 25, 8).astimezone())  # outside the range asked for
    a_session(log)
    stats = log.stats(until="2026-11-17")
    assert stats["sessions"] == 5
    assert stats["minutes"] == round(5 * 61.25 / 60, 1)
    assert stats["day_streak"] == 3
    assert stats["pain_drop_by_routine"] == [
        {"routine_id": "neck", "routine_name": "Neck release", "sessions": 5,
         "average_drop": 4.0}]
    assert stats["sessions_per_week"] == [{"week": "2026-W46", "sessions": 2},  # Mon, Sun
                                          {"week": "2026-W47", "sessions": 3}]
    assert [p["pain_after"] for p in stats["pain_series"]] == [0, 1, 2, 3, 4]
    assert log.stats(since="2030-01-01")["day_streak"] == 0


def test_chart_series_are_bounded_to_what_the_charts_show(tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "s.sqlite3")
    first = date(2024, 1, 1)  # a Monday
    for number in range(60):  # one session a week for 60 weeks, rated 0..9 in turn
        day = first + timedelta(weeks=number)
        log._now = clock(datetime(day.year, day.month, day.day, 8).astimezone())
        log.update_session(a_session(log), pain_after=number % 10)
    weeks = log.chart_series()["sessions_per_week"]
    assert len(weeks) == CHART_WEEKS == 26
    newest = first + timedelta(weeks=59)
    assert weeks[-1]["week"] == f"{newest.isocalendar()[0]}-W{newest.isocalendar()[1]:02d}"
    series = log_statistics.pain_series(log.connection, "", [], limit=5)
    assert [p["pain_after"] for p in series] == [5, 6, 7, 8, 9]  # the newest, oldest first
    assert log.stats() == {**log.totals(), "pain_drop_by_routine": log.what_helps(),
                           **log.chart_series()}


@pytest.mark.parametrize("seed", range(40))
def test_day_streak_counts_back_from_the_newest_day(tmp_path: Path, seed: int) -> None:
    import random

    rng = random.Random(seed)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE sessions (started_at TEXT, routine_id TEXT)")
    db.execute("CREATE INDEX by_start ON sessions (started_at)")
    first = date(2026, 2, 20)  # across the end of February and a month change
    days = sorted({first + timedelta(days=rng.randrange(30)) for _ in range(rng.randrange(30))})
    for day in days:
        for hour in range(rng.randint(1, 3)):
            db.execute("INSERT INTO sessions VALUES (?, ?)",
                       (f"{day}T{8 + hour:02d}:00:00.000+01:00", rng.choice("ab")))
    log = SessionLog(db, tmp_path / "unused")

    def expected(kept: list[date]) -> int:
        streak = 0
        while kept and kept[-1] - timedelta(days=streak) in kept:
            streak += 1
        return streak

    assert log_statistics.day_streak(log.connection, "", []) == expected(days)
    routine = [date.fromisoformat(day) for (day,) in db.execute(
        "SELECT DISTINCT substr(started_at, 1, 10) FROM sessions WHERE routine_id = 'a'"
        " ORDER BY 1")]
    assert log_statistics.day_streak(log.connection, " WHERE s.routine_id = ?", ["a"]) == expected(routine)
    until = first + timedelta(days=15)
    assert log_statistics.day_streak(log.connection, " WHERE s.started_at < ?", [until.isoformat()]) == expected(
        [day for day in days if day < until])


@pytest.mark.parametrize("day", [date(2020, 12, 31) + timedelta(days=n) for n in range(0, 800, 3)])
def test_iso_weeks_match_python(tmp_path: Path, day: date) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE sessions (started_at TEXT)")
    db.execute("INSERT INTO sessions VALUES (?)", (f"{day}T12:00:00+01:00",))
    log = SessionLog(db, tmp_path / "unused")
    year, week, _ = day.isocalendar()
    assert log_statistics.sessions_per_week(log.connection, "", []) == [{"week": f"{year}-W{week:02d}", "sessions": 1}]


# --- surviving crashes ---------------------------------------------------------------------

def test_steps_survive_a_session_that_never_ended(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    writer = SessionLog.open(path)
    session_id = a_session(writer, steps=3, end=None)
    # Another connection, as another process would see it, while the writer is still open.
    reader = SessionLog.open(path)
    session = reader.session(session_id)
    assert session is not None
    assert session["status"] == "interrupted" and session["ended_at"] is None
    assert len(session["steps"]) == 3
    assert session["active_seconds"] == 29.5 + 30.5 + 31.5  # the steps it got through
    assert reader.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_never_ended_session_keeps_its_steps_time_in_its_row(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    log = SessionLog.open(path)
    open_id = a_session(log, steps=3, end=None)
    ended_id = a_session(log, steps=3, end="completed")

    def stored(session_id: str) -> float | None:
        return log.connection.execute("SELECT active_seconds FROM sessions WHERE id = ?",
                                      (session_id,)).fetchone()[0]

    assert stored(open_id) == 29.5 + 30.5 + 31.5  # kept with each step, no end needed
    assert stored(ended_id) == log.session(ended_id)["active_seconds"]  # the end's own figure
    log.close()


def test_the_active_time_an_older_log_left_empty_is_filled_in(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    with SessionLog.open(path) as log:
        open_id = a_session(log, steps=3, end=None)
        ended_id = a_session(log, steps=2, end="stopped")
        empty_id = log.begin_session("neck", "Neck release", 120)
        before = log.totals()
        # As a log written before the active time was kept for unended sessions.
        log.connection.execute("UPDATE sessions SET active_seconds = NULL WHERE status IS NULL")
        assert log.totals() == before  # readers add the steps up meanwhile
        ended = log.session(ended_id)["active_seconds"]
    with SessionLog.open(path) as log:
        log.fill_active_seconds()  # the app's writer does this once it has opened the log
        rows = dict(log.connection.execute("SELECT id, active_seconds FROM sessions"))
        assert rows == {open_id: 29.5 + 30.5 + 31.5, ended_id: ended, empty_id: 0}
        assert log.totals() == before


def _log_made_by(path: Path, version: int) -> None:
    """A log file as the app at schema `version` left it (0: an empty file)."""
    db = sqlite3.connect(path, isolation_level=None)
    for migrate in MIGRATIONS[:version]:
        migrate(db)
    db.execute(f"PRAGMA user_version = {version}")
    db.close()


@pytest.mark.parametrize("made_by_version", [SCHEMA_VERSION, 1])
def test_filling_in_the_active_time_reads_only_never_ended_sessions(tmp_path: Path,
                                                                    made_by_version: int) -> None:
    # The writer fills it in on its first turn: reading every session there held the
    # countdown of `run --start` back by seconds with a long log.
    path = tmp_path / "sessions.sqlite3"
    _log_made_by(path, made_by_version)
    with SessionLog.open(path) as log:
        plan = " / ".join(row[-1] for row in log.connection.execute(
            "EXPLAIN QUERY PLAN " + FILL_MISSING_ACTIVE_SECONDS, (200,)))
    assert "SEARCH sessions USING INDEX sessions_never_ended" in plan
    assert "SCAN sessions" not in plan


def test_steps_survive_a_killed_process(tmp_path: Path) -> None:
    path = tmp_path / "data" / "sessions.sqlite3"
    script = textwrap.dedent(f"""
        import sys, time
        from spasm_timer.storage.log import SessionLog
        log = SessionLog.open({str(path)!r})
        session_id = log.begin_session("calf", "Calf cramp", 120)
        log.record_step(session_id, 1, "Stretch", "stretch", "left", 1, 30, 30.0, "completed")
        log.record_step(session_id, 1, "Stretch", "stretch", "right", 1, 30, 12.5, "skipped")
        print(session_id, flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.stdout is not None
    session_id = child.stdout.readline().strip()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    log = SessionLog.open(path)
    session = log.session(session_id)
    assert session is not None and session["status"] == "interrupted"
    assert [(s["side"], s["outcome"]) for s in session["steps"]] == [
        ("left", "completed"), ("right", "skipped")]
    assert log.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- damage, versions, migrations ----------------------------------------------------------

def assert_moved_aside_and_fresh(log: SessionLog, original: bytes) -> None:
    assert log.moved_aside is not None
    assert log.moved_aside.name.startswith("sessions.damaged-2026-11-21T10-30-00")
    assert log.moved_aside.suffix == ".sqlite3"
    assert log.moved_aside.read_bytes() == original  # kept, never deleted
    assert log.sessions() == []
    a_session(log)
    assert log.count() == 1


def test_random_bytes_are_moved_aside_and_a_fresh_log_starts(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    original = os.urandom(8192)
    path.write_bytes(original)
    log = SessionLog.open(path, now=lambda: datetime(2026, 11, 21, 10, 30).astimezone())
    assert_moved_aside_and_fresh(log, original)


def test_a_truncated_log_is_moved_aside_with_its_wal(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    with SessionLog.open(path) as log:
        for _ in range(200):
            a_session(log, steps=5)
    original = path.read_bytes()[: len(path.read_bytes()) // 2]
    path.write_bytes(original)
    Path(f"{path}-wal").write_bytes(b"left over")
    log = SessionLog.open(path, now=lambda: datetime(2026, 11, 21, 10, 30).astimezone())
    assert_moved_aside_and_fresh(log, original)
    assert Path(f"{log.moved_aside}-wal").read_bytes() == b"left over"


def test_a_second_damage_the_same_second_gets_its_own_name(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    at = datetime(2026, 11, 21, 10, 30).astimezone()
    moved = []
    for _ in range(2):
        path.write_bytes(b"x" * 4096)
        log = SessionLog.open(path, now=lambda: at)
        moved.append(log.moved_aside)
        log.close()
    assert moved[0] != moved[1] and all(p and p.exists() for p in moved)


def test_a_log_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    newer = SessionLog.open(path)  # stays open, so its last writes are still in the WAL
    a_session(newer)
    newer.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    wal = Path(f"{path}-wal")
    before = path.read_bytes(), wal.read_bytes()
    with pytest.raises(NewerLogError, match=r"newer Spasm Timer.*untouched"):
        SessionLog.open(path)
    assert (path.read_bytes(), wal.read_bytes()) == before


def test_an_empty_file_becomes_a_log(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    path.write_bytes(b"")
    log = SessionLog.open(path)
    assert log.moved_aside is None
    assert log.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_earlier_version_migrates_forward(tmp_path: Path, version: int) -> None:
    path = tmp_path / "sessions.sqlite3"
    _log_made_by(path, version)
    log = SessionLog.open(path)
    assert log.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    a_session(log)
    assert log.count() == 1


def test_journal_and_sync_settings(tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "s.sqlite3")
    pragma = log.connection.execute
    assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pragma("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert pragma("PRAGMA busy_timeout").fetchone()[0] == 5000


# --- the data folder -----------------------------------------------------------------------

def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_folders_and_files_are_private(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "deep" / "data")
    log = SessionLog.open(paths)
    a_session(log)
    assert mode(tmp_path / "deep") == 0o700
    assert mode(paths.root) == 0o700
    assert mode(paths.database) == 0o600
    for sidecar in ("-wal", "-shm"):
        assert mode(Path(f"{paths.database}{sidecar}")) == 0o600


def test_an_existing_folder_keeps_its_permissions(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    folder.chmod(0o755)
    SessionLog.open(DataPaths(folder))
    assert mode(folder) == 0o755


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(LogUnavailableError) as raised:
        SessionLog.open(DataPaths(tmp_path / "data"))
    assert raised.value.path == tmp_path / "data"
    assert str(raised.value) == (f"cannot use the session log at {tmp_path / 'data'}: "
                                 "it is a file, not a folder")
    with pytest.raises(LogUnavailableError, match="not a folder"):
        SessionLog.open(DataPaths(tmp_path / "data" / "below"))


@pytest.mark.skipif(AS_ROOT, reason="root can write anywhere")
def test_a_folder_that_cannot_be_written(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    with pytest.raises(LogUnavailableError, match="not writable"):
        SessionLog.open(DataPaths(folder))


def test_a_full_disk_while_writing_is_a_clear_error(tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "s.sqlite3")
    session_id = a_session(log, end=None)
    page_count = log.connection.execute("PRAGMA page_count").fetchone()[0]
    log.connection.execute(f"PRAGMA max_page_count = {page_count}")  # the disk is "full"
    with pytest.raises(LogUnavailableError, match="disk is full"):  # noqa: PT012  # fills the disk
        for _ in range(1000):
            log.record_step(session_id, 9, "x" * 4000, "pressure", None, 1, 30, 1.0,
                            "completed")


def test_log_module_never_imports_qt() -> None:
    code = ("import sys, spasm_timer.storage.commands, spasm_timer.storage.recorder;"
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0
    assert "PySide6" not in log_module.__dict__


# --- the recorder --------------------------------------------------------------------------

def a_timeline():  # type: ignore[no-untyped-def]
    steps = (
        Step("pressure", "Thumb pressure", "", Duration(30, 30, 30), repeat=2, rest_seconds=10,
             sides="both"),
        Step("stretch", "Calf stretch", "", Duration(20, 20, 20)),
    )
    routine = Routine(id="calf", name="Calf cramp", area="leg", steps=steps, lead_in_seconds=5)
    return routine, expand(routine)


def run_through(recorder: SessionRecorder, timeline, stop_after: int | None = None) -> None:  # type: ignore[no-untyped-def]
    recorder(SessionStarted(timeline))
    for index, segment in enumerate(timeline.segments):
        if not segment.is_step:
            continue
        recorder(StepStarted(index, segment, segment.seconds))
        if index == 3:
            recorder(Paused(index))
            recorder(Resumed(index, 4.0))
        outcome = "skipped" if segment.kind == "stretch" else "completed"
        recorder(StepEnded(index, segment, outcome, segment.seconds - 0.25))
        if stop_after is not None and index >= stop_after:
            recorder(SessionEnded("stopped", 42.0))
            return
    recorder(SessionEnded("completed", 150.5))


def test_the_recorder_logs_a_session_from_its_events(tmp_path: Path) -> None:
    routine, timeline = a_timeline()
    log = SessionLog.open(tmp_path / "s.sqlite3")
    recorder = SessionRecorder(log, routine, timeline, pain_before=7)
    run_through(recorder, timeline)
    assert recorder.session_id
    session = log.session(recorder.session_id)
    assert session is not None
    assert (session["routine_id"], session["routine_name"]) == ("calf", "Calf cramp")
    assert session["planned_seconds"] == timeline.total_seconds  # lead-ins and rests included
    assert (session["status"], session["active_seconds"], session["pauses"]) == (
        "completed", 150.5, 1)
    assert session["pain_before"] == 7
    assert [(s["index"], s["side"], s["repetition"], s["actual_seconds"], s["outcome"])
            for s in session["steps"]] == [
        (1, "left", 1, 29.75, "completed"), (1, "left", 2, 29.75, "completed"),
        (1, "right", 1, 29.75, "completed"), (1, "right", 2, 29.75, "completed"),
        (2, None, 1, 19.75, "skipped"),
    ]


def test_a_failed_write_raises_for_the_driver_to_report(tmp_path: Path) -> None:
    """The driver catches it and the session goes on (test_driver, test_start_end_screens)."""
    routine, timeline = a_timeline()
    log = SessionLog.open(tmp_path / "s.sqlite3")
    recorder = SessionRecorder(log, routine, timeline)
    recorder(SessionStarted(timeline))
    log.close()  # every later write fails
    segment = next(s for s in timeline.segments if s.is_step)
    with pytest.raises(sqlite3.ProgrammingError):
        recorder(StepEnded(1, segment, "completed", segment.seconds))


def test_the_recorder_does_nothing_when_the_start_was_not_logged(tmp_path: Path) -> None:
    routine, timeline = a_timeline()

    class BrokenLog:
        def begin_session(self, *args: object) -> str:
            raise LogUnavailableError(tmp_path, "the disk is full")

    recorder = SessionRecorder(BrokenLog(), routine, timeline)  # type: ignore[arg-type]
    with pytest.raises(LogUnavailableError):
        recorder(SessionStarted(timeline))
    segment = next(s for s in timeline.segments if s.is_step)
    recorder(StepEnded(1, segment, "completed", 1.0))  # nothing to attach it to: no write,
    recorder(SessionEnded("completed", 1.0))  # so no error either
    assert recorder.session_id is None
