"""Fault injection across the whole app, as a person meets it: real `spasm-timer` processes.

Each test breaks one thing a home computer really breaks (a data dir that is a file, a
damaged or newer log, a full disk, a killed process) and checks the promise in
docs/reliability.md: one clear line, the person's data kept, nothing sent anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from first_run import safety_note_read

from spasm_timer.paths import DataPaths
from spasm_timer.storage.log import SessionLog

# Three steps of one second, no lead-in: a whole session in about three seconds.
SHORT_ROUTINE = """\
name: Three quick holds
area: calf
lead_in: 0
steps:
  - {kind: pressure, title: Hold, duration: 1s, repeat: 3}
"""
FIVE_STEPS = SHORT_ROUTINE.replace("Three quick", "Five quick").replace("repeat: 3", "repeat: 5")


# --- helpers -----------------------------------------------------------------------------

def child_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "SPASM_TIMER_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    # Qt's speech-dispatcher engine can block the app for good where no speech service runs
    # (as on CI); the mock engine keeps these tests about the log, not about speech.
    env["SPASM_TIMER_TTS_ENGINE"] = "mock"
    env.update(extra)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "spasm_timer", *args]


def spasm_timer(*args: str, cwd: Path, timeout: float = 60,
                prefix: list[str] | None = None,
                umask: int | None = None) -> subprocess.CompletedProcess[str]:
    """Runs the command to its end; `prefix` wraps it (strace), `umask` is the child's.

    It runs in a process group of its own, so a hang ends with the whole group killed: under
    strace, killing strace alone would leave the traced app running.
    """
    process = subprocess.Popen(
        [*(prefix or []), *command(*args)], cwd=cwd, env=child_env(), text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        # the tests start no threads that could hold a lock while the child forks
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)  # noqa: PLW1509
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group this test started, nothing else
        stdout, stderr = process.communicate()
        raise AssertionError(f"{args} did not finish in {timeout} s:\n{stderr}") from None
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    return lines[0]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Polls every 50 ms; the processes are real, so time is real, but never wasted."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def read_only(database: Path) -> sqlite3.Connection:
    """A connection that can never change the person's file while the app runs."""
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)


def log_with_one_session(data_dir: Path) -> str:
    """A data dir holding one finished session; returns the log's content as JSON."""
    with SessionLog.open(DataPaths(data_dir)) as log:
        session = log.begin_session("calf-cramp", "Calf cramp relief", 60, pain_before=6)
        log.record_step(session, 1, "Hold", "pressure", None, 1, 60, 60.0, "completed")
        log.end_session(session, "completed", 60.0)
        return json.dumps(log.sessions())


def export_file_with_sessions(tmp_path: Path, count: int) -> Path:
    """An export of `count` sessions with long notes: enough to need many new pages."""
    source = tmp_path / "other-computer"
    with SessionLog.open(DataPaths(source)) as log:
        for number in range(count):
            session = log.begin_session("neck", "Neck release", 120)
            log.record_step(session, 1, "Circles", "circular", None, 1, 120, 118.5, "completed")
            log.end_session(session, "completed", 118.5)
            log.update_session(session, notes=f"evening {number}: " + "tight " * 150)
    export = tmp_path / "export.json"
    with SessionLog.open(DataPaths(source)) as log:
        from spasm_timer.storage.exchange import export_json

        export_json(log, export)
    return export


def strace_prefix(trace: Path) -> list[str]:
    """`strace` for network calls, or a skip when it cannot run here (missing, no ptrace)."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    probe = subprocess.run([strace, "-f", "-o", os.devnull, "true"], capture_output=True,
                           text=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here: {probe.stderr.strip()[:200]}")
    return [strace, "-f", "-e", "trace=network", "-o", str(trace)]


def internet_calls(trace: Path) -> list[str]:
    """Lines of an strace log where the process reached out over IPv4 or IPv6."""
    return [line for line in trace.read_text(errors="replace").splitlines()
            if re.search(r"\b(connect|sendto|sendmsg)\(", line)
            and re.search(r"AF_INET6?\b", line)]


def history_json(data_dir: Path, cwd: Path) -> list[dict[str, object]]:
    result = spasm_timer("--data-dir", str(data_dir), "history", "--json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# --- an unusable data dir ----------------------------------------------------------------

@pytest.mark.parametrize("args", [["history"], ["export", "out.json"], ["import", "in.json"]])
def test_a_data_dir_that_is_a_file_stops_log_commands_with_one_line(tmp_path: Path, args: list[str]) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("my shopping list")
    (tmp_path / "in.json").write_text('{"spasm_timer_log": 1, "sessions": []}')

    result = spasm_timer("--data-dir", str(not_a_folder), *args, cwd=tmp_path)

    assert result.returncode == 2
    assert str(not_a_folder) in one_line(result.stderr)
    assert not_a_folder.read_text() == "my shopping list"
    assert not (tmp_path / "out.json").exists()


def test_routines_need_no_data_dir(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("")
    listing = spasm_timer("--data-dir", str(not_a_folder), "list", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "calf-cramp" in listing.stdout
    plan = spasm_timer("--data-dir", str(not_a_folder), "plan", "calf-cramp", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr


def test_reading_history_leaves_no_folder_behind(tmp_path: Path) -> None:
    result = spasm_timer("--data-dir", str(tmp_path / "never"), "history", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "never").exists()


# --- a damaged or newer log --------------------------------------------------------------

def test_a_damaged_log_is_kept_aside_and_history_starts_fresh(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    garbage = os.urandom(64 * 1024)
    (data / "sessions.sqlite3").write_bytes(garbage)

    result = spasm_timer("--data-dir", str(data), "history", "--json", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert "damaged" in result.stderr and "moved aside" in result.stderr
    [kept] = data.glob("sessions.damaged-*.sqlite3")
    assert kept.read_bytes() == garbage  # every byte, in case it can be rescued
    assert str(kept) in result.stderr


@pytest.mark.parametrize("args", [["history"], ["import", "in.json"], ["export", "out.json"]])
def test_a_log_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path, args: list[str]) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    database = data / "sessions.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE sessions (id TEXT, future_column TEXT)")
        db.execute("INSERT INTO sessions VALUES ('a', 'from 2031')")
        db.execute("PRAGMA user_version = 99")
    db.close()
    before = digest(database)
    (tmp_path / "in.json").write_text('{"spasm_timer_log": 1, "sessions": []}')

    result = spasm_timer("--data-dir", str(data), *args, cwd=tmp_path)

    assert result.returncode == 2
    line = one_line(result.stderr)
    assert "newer" in line and str(database) in line
    assert digest(database) == before
    assert sorted(p.name for p in data.iterdir()) == ["sessions.sqlite3"]


# --- a full disk -------------------------------------------------------------------------

# Runs the real command with every SQLite connection capped at the pages the log has now
# (and SPARE_PAGES more): any write that needs a page past them then fails with SQLITE_FULL,
# as on a full disk.
FULL_DISK_RUNNER = """\
import os, runpy, sqlite3, sys
real_connect = sqlite3.connect
spare = int(os.environ.get("SPARE_PAGES", "0"))
def connect_to_a_full_disk(*args, **kwargs):
    db = real_connect(*args, **kwargs)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {max(pages, 1) + spare}")
    return db
sqlite3.connect = connect_to_a_full_disk
sys.argv = ["spasm-timer", *sys.argv[1:]]
runpy.run_module("spasm_timer", run_name="__main__")
"""


def test_a_full_disk_fails_the_import_in_one_line_and_keeps_the_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    before = log_with_one_session(data)
    export = export_file_with_sessions(tmp_path, count=200)
    runner = tmp_path / "full_disk.py"
    runner.write_text(FULL_DISK_RUNNER)

    result = subprocess.run([sys.executable, str(runner), "--data-dir", str(data), "import",
                             str(export)], cwd=tmp_path, env=child_env(), capture_output=True,
                            text=True, timeout=60)

    assert result.returncode == 2
    line = one_line(result.stderr)
    assert "full" in line and str(data / "sessions.sqlite3") in line
    with SessionLog.open(DataPaths(data)) as log:
        assert json.dumps(log.sessions()) == before  # nothing half-imported, nothing lost
        assert log.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_full_disk_during_an_import_into_a_new_log_adds_nothing_and_keeps_it_in_wal(
        tmp_path: Path) -> None:
    """An import into an empty data dir goes through a rollback journal (written once, see
    storage/import_journal.py): a full disk half way leaves a sound empty log, back in WAL
    mode (which lets the app and `history` read while a command writes), and no journal."""
    data = tmp_path / "data"
    export = export_file_with_sessions(tmp_path, count=200)  # about 16 pages of 16 KiB
    runner = tmp_path / "full_disk.py"
    runner.write_text(FULL_DISK_RUNNER)

    # Room for the new log's tables (7 pages), not for the sessions.
    result = subprocess.run([sys.executable, str(runner), "--data-dir", str(data), "import",
                             str(export)], cwd=tmp_path, env=child_env(SPARE_PAGES="11"),
                            capture_output=True, text=True, timeout=60)

    assert result.returncode == 2
    line = one_line(result.stderr)
    assert "full" in line and str(data / "sessions.sqlite3") in line
    database = data / "sessions.sqlite3"
    assert not (data / "sessions.sqlite3-journal").exists()
    assert database.read_bytes()[18:20] == bytes([2, 2])  # the header's WAL mode
    with sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True) as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    db.close()
    with SessionLog.open(DataPaths(data)) as log:
        assert log.count() == 0
        assert log.add_sessions(json.loads(export.read_text())["sessions"]) == (200, 0)


# --- private by default ------------------------------------------------------------------

def test_files_the_commands_create_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    export = export_file_with_sessions(tmp_path, count=2)

    # umask 0 would make everything world-readable if the code trusted it.
    imported = spasm_timer("--data-dir", str(data), "import", str(export), cwd=tmp_path, umask=0)
    assert imported.returncode == 0, imported.stderr
    assert mode_of(data) == 0o700
    assert mode_of(data / "sessions.sqlite3") == 0o600
    for sidecar in data.glob("sessions.sqlite3-*"):
        assert mode_of(sidecar) == 0o600, sidecar

    for name in ("mine.json", "mine.csv"):
        exported = spasm_timer("--data-dir", str(data), "export", name, cwd=tmp_path, umask=0)
        assert exported.returncode == 0, exported.stderr
        assert mode_of(tmp_path / name) == 0o600, name


# --- nothing leaves the computer ---------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["list"], ["plan", "calf-cramp"], ["validate"], ["history"], ["import", "in.json"],
    ["export", "out.json"], ["history", "--json"],
])
def test_commands_never_touch_the_network(tmp_path: Path, args: list[str]) -> None:
    trace = tmp_path / "trace.txt"
    prefix = strace_prefix(trace)
    export_file_with_sessions(tmp_path, count=1).rename(tmp_path / "in.json")
    data = tmp_path / "data"
    log_with_one_session(data)

    result = spasm_timer("--data-dir", str(data), *args, cwd=tmp_path, prefix=prefix)

    assert result.returncode == 0, result.stderr
    assert internet_calls(trace) == []


# --- the app window -------------------------------

@pytest.mark.slow
def test_a_whole_session_in_the_app_never_touches_the_network(tmp_path: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    trace = tmp_path / "trace.txt"
    prefix = strace_prefix(trace)
    routine = write_routine(SHORT_ROUTINE, "three-quick-holds.yaml")
    data = tmp_path / "data"

    safety_note_read(data)
    result = spasm_timer("--data-dir", str(data), "run", str(routine), "--start",
                         "--quit-when-done", cwd=tmp_path, prefix=prefix, timeout=90)

    assert result.returncode == 0, result.stderr
    assert internet_calls(trace) == []
    [session] = history_json(data, tmp_path)
    assert session["status"] == "completed"
    assert len(session["steps"]) == 3  # type: ignore[arg-type]
    assert mode_of(data) == 0o700 and mode_of(data / "sessions.sqlite3") == 0o600


def start_app(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(command(*args), cwd=cwd, env=child_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stop(process: subprocess.Popen[str]) -> None:
    """Ends a process this test started (and only that one)."""
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=30)


def steps_logged(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with read_only(database) as db:
            return int(db.execute("SELECT COUNT(*) FROM steps").fetchone()[0])
    except sqlite3.OperationalError:  # the file exists but its tables are not made yet
        return 0


@pytest.mark.slow
def test_a_second_launch_hands_over_to_the_running_app(tmp_path: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDir

    from spasm_timer.single_instance import server_address

    data = tmp_path / "data"
    routine = write_routine(SHORT_ROUTINE, "three-quick-holds.yaml")
    address = server_address(DataPaths(data))
    socket_file = Path(address) if os.path.isabs(address) else Path(QDir.tempPath()) / address
    first = start_app("--data-dir", str(safety_note_read(data)), cwd=tmp_path)
    try:
        wait_until(socket_file.exists, 30, "the first app to listen")
        began = time.monotonic()
        second = spasm_timer("--data-dir", str(data), "run", str(routine.relative_to(tmp_path)),
                             "--start", cwd=tmp_path, timeout=30)
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - began < 10  # it handed over and left, it did not run
        # The first app got the routine (by absolute path) and started it.
        wait_until(lambda: steps_logged(data / "sessions.sqlite3") >= 1, 30,
                   "the first app to log a step of the handed-over routine")
        assert first.poll() is None
    finally:
        stop(first)


@pytest.mark.slow
def test_a_session_killed_midway_reads_as_interrupted(tmp_path: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    database = data / "sessions.sqlite3"
    routine = write_routine(FIVE_STEPS, "five-quick-holds.yaml")

    app = start_app("--data-dir", str(safety_note_read(data)), "run", str(routine), "--start",
                    cwd=tmp_path)
    try:
        wait_until(lambda: steps_logged(database) >= 2 or app.poll() is not None, 60,
                   "two steps in the log")
        assert app.poll() is None, app.communicate()[1]
        os.kill(app.pid, signal.SIGKILL)  # a power cut, as far as the log can tell
        app.wait(timeout=30)
    finally:
        stop(app)

    [session] = history_json(data, tmp_path)
    assert session["status"] == "interrupted"
    assert len(session["steps"]) >= 2  # type: ignore[arg-type]
    with read_only(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# Runs the real app with a bug planted in a Qt slot. The crash dialog shows as usual (it
# waits for nobody); what it says is also written to stderr for the test to read.
BUGGY_APP_RUNNER = """\
import runpy, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

real_show = QMessageBox.show

def show_and_say(box):
    print("SHOWN: " + box.text().replace(chr(10), " "), file=sys.stderr)
    real_show(box)

QMessageBox.show = show_and_say
real_exec = QApplication.exec

def exec_with_a_bug(*args):
    def planted_bug():
        note = " ".join(["my", "private", "note"])  # a value, as a real note would be
        raise RuntimeError("planted bug; the note says: " + note)
    QTimer.singleShot(0, planted_bug)
    return real_exec()  # a static method in PySide6: no self to pass on

QApplication.exec = exec_with_a_bug
sys.argv = ["spasm-timer", *sys.argv[1:]]
runpy.run_module("spasm_timer", run_name="__main__")
"""


@pytest.mark.slow
def test_a_bug_in_the_app_is_reported_and_the_session_goes_on(tmp_path: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    routine = write_routine(SHORT_ROUTINE, "three-quick-holds.yaml")
    runner = tmp_path / "buggy_app.py"
    runner.write_text(BUGGY_APP_RUNNER)

    safety_note_read(data)
    result = subprocess.run([sys.executable, str(runner), "--data-dir", str(data), "run",
                             str(routine), "--start", "--quit-when-done"], cwd=tmp_path,
                            env=child_env(), capture_output=True, text=True, timeout=90)

    assert result.returncode == 0, result.stderr
    [report] = (data / "crash-reports").glob("crash-*.txt")
    assert mode_of(report) == 0o600 and mode_of(report.parent) == 0o700
    text = report.read_text(encoding="utf-8")
    assert "planted_bug" in text and "my private note" not in text
    assert result.stderr.count("SHOWN: Something went wrong. Your sessions are safe") == 1
    [session] = history_json(data, tmp_path)
    assert session["status"] == "completed"  # the bug did not take the session with it
