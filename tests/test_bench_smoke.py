"""The benchmark's pieces still work, in their smallest form.

Each test checks that a helper produced a number; none asserts how big it is. Timings belong
in `python bench/run.py`, never in a test.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import big_log  # noqa: E402
import harness  # noqa: E402
import run as bench_run  # noqa: E402
import waits  # noqa: E402

from spasm_timer.storage.import_checks import check_session  # noqa: E402
from spasm_timer.storage.log import SessionLog  # noqa: E402


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def test_pairs_alternate_and_ratios_are_per_pair() -> None:
    order: list[str] = []

    def baseline() -> float:
        order.append("b")
        return 2.0

    def subject() -> float:
        order.append("s")
        return 3.0

    baselines, subjects = harness.paired(baseline, subject, pairs=3, warmup=1)
    assert order == ["b", "s", "b", "s", "s", "b", "b", "s"]
    paired = harness.compare(baselines, subjects, float)
    assert paired.ratios == [1.5, 1.5, 1.5]
    assert is_number(paired.ratio)


def test_the_table_has_the_six_columns() -> None:
    row = bench_run.Row("m", "1 ms", "2 ms", "2.00×", "≤ 1.5×", "**MISS**", "a note")
    text = bench_run.render([row], "python bench/run.py --quick",
                            bench_run.datetime.now().astimezone(), 1.0)
    assert "| metric | baseline | measured | ratio or value | target | verdict |" in text
    assert "| m | 1 ms | 2 ms | 2.00× | ≤ 1.5× | **MISS** |" in text
    assert "python bench/run.py --quick" in text


@pytest.mark.slow
def test_bare_window_and_app_start_up_give_numbers(tmp_path: Path) -> None:
    env = harness.child_env("offscreen")
    bare = harness.run_timed([harness.PYTHON, str(BENCH / "bare_window.py")], env)
    app = harness.run_timed([*harness.spasm_timer_command(), "--quit-after-startup",
                             "--data-dir", str(tmp_path / "data")], env)
    for run in (bare, app):
        assert run.returncode == 0
        assert is_number(run.seconds) and run.seconds > 0
        assert run.peak_rss_kib > 0


def test_the_first_paint_probe_says_what_was_loaded(tmp_path: Path) -> None:
    seen = harness.run_probe("first_paint_probe.py", [str(tmp_path / "data")],
                             harness.child_env("offscreen"))
    # Building PySide's whole `QtCore.Qt` namespace costs the first paint about 12 ms, a
    # tenth of what start-up adds to a bare window: nothing on the way there may touch it.
    assert seen["qt_namespace"] is False
    assert isinstance(seen["modules"], int) and seen["modules"] > 100  # PySide alone has more
    assert isinstance(seen["collector_passes"], int)


@pytest.mark.parametrize("random_ids", [False, True])
def test_the_benchmark_log_holds_only_what_the_app_accepts(tmp_path: Path,
                                                           random_ids: bool) -> None:
    """The build skips the schema's CHECKs and foreign keys for speed: every session it
    writes must still pass the import's checks, and every step belong to a session."""
    with SessionLog.open(tmp_path / "sessions.sqlite3") as log:
        big_log.fill(log.connection, 60, random_ids)
        assert log.connection.execute("PRAGMA foreign_key_check").fetchall() == []
        sessions = log.sessions(newest_first=False)
    assert len(sessions) == 60
    ids = [session["id"] for session in sessions]
    assert len(set(ids)) == 60
    # Ordered ids grow with the sessions; random ones, as a person's, do not.
    assert (ids == sorted(ids)) is not random_ids
    assert {session["status"] for session in sessions} == {"completed", "stopped", "interrupted"}
    for number, session in enumerate(sessions):
        assert len(session["steps"]) == big_log.STEPS_PER_SESSION
        check_session(session, f"sessions[{number}]")


@pytest.mark.slow
def test_a_tiny_history_is_built_and_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    harness.build_history(data / "sessions.sqlite3", 20)
    output = tmp_path / "out.csv"
    run = harness.run_timed([*harness.spasm_timer_command(), "history", "--csv", "--data-dir",
                             str(data)], harness.child_env(), output=output)
    assert run.returncode == 0 and is_number(run.seconds)
    assert len(output.read_text(encoding="utf-8").splitlines()) == 21  # a header and 20 rows

    result = harness.run_probe("history_window_probe.py", ["--data-dir", str(data)],
                               harness.child_env())
    assert is_number(result["window_ms"]) and is_number(result["open_ms"])
    assert result["sessions"] == 20


@pytest.mark.slow
def test_routine_files_fixture_lists(tmp_path: Path) -> None:
    folder = harness.cached_routines(3, cache=tmp_path / "cache")
    data = harness.data_dir(tmp_path, "data")
    (data / "routines").symlink_to(folder)
    run = harness.run_timed([*harness.spasm_timer_command(), "list", "--data-dir", str(data)],
                            harness.child_env(), output=tmp_path / "list.txt")
    assert run.returncode == 0 and is_number(run.seconds)
    assert "mine-00002" in (tmp_path / "list.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_library_probe_waits_for_the_whole_list(tmp_path: Path) -> None:
    folder = harness.cached_routines(3, cache=tmp_path / "cache")
    data = harness.data_dir(tmp_path, "data")
    (data / "routines").symlink_to(folder)
    env = {**harness.child_env("offscreen"), "SPASM_TIMER_TTS_ENGINE": "mock"}
    result = harness.run_probe("library_probe.py", [str(data)], env)
    assert is_number(result["first_paint"]) and is_number(result["library_full_cpu"])
    assert is_number(result["library_full_worker_cpu"])
    assert result["library_full"] >= result["first_paint"]  # type: ignore[operator]
    assert isinstance(result["routines"], int) and result["routines"] >= 3


@pytest.mark.slow
def test_countdown_cpu_probe_gives_a_number(tmp_path: Path) -> None:
    result = harness.run_probe("countdown_cpu.py", ["--seconds", "1", "--data-dir",
                                                    str(tmp_path / "data")], harness.child_env())
    assert is_number(result["percent_of_core"])
    assert result["still_on_step"] is True


@pytest.mark.slow
def test_boundary_probe_gives_numbers() -> None:
    result = harness.run_probe("boundaries.py", ["--steps", "2"], harness.child_env())
    assert result["boundaries"] == 2
    for key in ("max_late_ms", "mean_late_ms", "final_drift_ms"):
        assert is_number(result[key])


@pytest.mark.slow
def test_a_failing_metric_becomes_a_row_not_a_crash(tmp_path: Path) -> None:
    def broken(_options: bench_run.Options) -> list[bench_run.Row]:
        raise RuntimeError("no such thing")

    bench_run.MEASURES["broken"] = broken
    try:
        options = bench_run.Options(pairs=1, quick=True, scratch=tmp_path, xvfb=False)
        rows = bench_run.measure("broken", options)
    finally:
        del bench_run.MEASURES["broken"]
    assert rows[0].verdict == "not measured" and "no such thing" in rows[0].note


@pytest.mark.slow
def test_the_countdown_probe_times_a_real_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    harness.build_history(data / "sessions.sqlite3", 20)
    result = harness.run_probe("countdown_start_probe.py",
                               ["--data-dir", str(data), "--spawned-at", str(time.time())],
                               harness.child_env("offscreen"))
    assert is_number(result["countdown_s"]) and result["countdown_s"] > 0
    from spasm_timer.storage.log import SessionLog

    with SessionLog.open(data / "sessions.sqlite3") as log:  # the session it started is logged
        assert log.count() == 21


@pytest.mark.slow
def test_the_keys_probe_times_keys_until_the_start_up_settles(tmp_path: Path) -> None:
    data = tmp_path / "data"
    harness.build_history(data / "sessions.sqlite3", 20)
    env = {**harness.child_env("offscreen"), "SPASM_TIMER_TTS_ENGINE": "mock"}
    result = harness.run_probe("keys_probe.py", ["--data-dir", str(data)], env)
    assert is_number(result["worst_key_ms"]) and is_number(result["settled_s"])
    assert isinstance(result["keys"], int) and result["keys"] > 10  # pressed all along


@pytest.mark.slow
def test_the_exchange_rows_time_every_command_and_its_memory(tmp_path: Path) -> None:
    def log_dir(count: int) -> Path:
        folder = tmp_path / f"log-{count}"
        if not folder.exists():
            harness.build_history(folder / "sessions.sqlite3", count)
        return folder

    options = bench_run.Options(pairs=1, quick=True, scratch=tmp_path, xvfb=False)
    rows = waits.measure_exchange(options, bench_run.Row, log_dir, 30)
    assert [row.metric.split(",")[0] for row in rows] == [
        "`export FILE.json`", "`import FILE.json`", "`history --json` to a file",
        "`history --csv` to a file"]
    for row in rows:
        assert "peak" in row.measured and "CPU" in row.note
        assert row.verdict in ("ok", "**MISS**")


@pytest.mark.slow
def test_the_random_id_import_row_times_both_imports_and_their_memory(tmp_path: Path) -> None:
    options = bench_run.Options(pairs=1, quick=True, scratch=tmp_path, xvfb=False)
    [row] = waits.measure_random_ids(options, bench_run.Row, 30)
    assert row.metric == "`import FILE.json`, 30 sessions with random ids"
    assert "peak" in row.measured and "ordered" in row.baseline and "CPU" in row.note
    assert row.verdict == "ok"
    assert not (tmp_path / "random-ids" / "random.json").exists()  # the files are cleaned up


def test_children_measure_this_checkout_s_app(tmp_path: Path) -> None:
    """A probe in bench/ imports the app of the checkout it belongs to, not whichever one
    the interpreter has installed (a venv shared between checkouts)."""
    import subprocess

    found = subprocess.run([harness.PYTHON, "-c", "import spasm_timer; print(spasm_timer.__file__)"],
                           env=harness.child_env(), cwd=tmp_path, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert Path(found).resolve().is_relative_to(harness.REPO)
