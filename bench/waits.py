"""What the person waits for, at the sizes a long life of logs and routines reaches.

Groups for `run.py`: the time to a running countdown with 0, 100,000 and 1,000,000 sessions;
how long a key waits after the first paint;
the history window at a million; export, import and `history --json` of a million sessions
with their peak memory; importing an export with random ids; the app's memory after 10 s
idle. Each against a baseline taken in the same run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import harness
from harness import Run

BIG = 1_000_000


def _countdown(data: Path) -> float:
    """Seconds from spawn to the countdown running (countdown_start_probe.py)."""
    spawned = time.time()
    result = harness.run_probe("countdown_start_probe.py",
                               ["--data-dir", str(data), "--spawned-at", str(spawned)],
                               harness.child_env("offscreen"))
    return float(result["countdown_s"])  # type: ignore[arg-type]


def measure_countdown(options: Any, row: Callable[..., Any], log_dir: Callable[[int], Path],
                      big: int) -> list[Any]:
    """`run calf-cramp --start` until the countdown runs, by log size, paired with the
    empty log; the empty log paired with the bare window's start-up."""
    rows = []
    empty = options.scratch / "countdown-empty"
    empty.mkdir()
    bare = [harness.PYTHON, str(harness.BENCH / "bare_window.py")]
    env = harness.child_env("offscreen")
    baselines, subjects = harness.paired(lambda: harness.run_timed(bare, env).seconds,
                                         lambda: _countdown(empty), options.pairs)
    paired = harness.compare(baselines, subjects, float)
    rows.append(row("countdown running, empty log (`run calf-cramp --start`)",
                    f"{_secs(paired.baseline_median)} (bare window)",
                    _secs(paired.subject_median), f"{paired.ratio:.2f}×", "–", "info",
                    f"{len(subjects)} pairs; spawn to the first turn of the event loop after "
                    "the session started"))
    for count in (100_000, big):
        data = options.scratch / f"countdown-{count}"
        data.mkdir()
        shutil.copyfile(log_dir(count) / "sessions.sqlite3", data / "sessions.sqlite3")
        pairs = options.pairs if count < BIG else max(3, options.pairs // 2)
        baselines, subjects = harness.paired(lambda: _countdown(empty),
                                             lambda data=data: _countdown(data), pairs)
        paired = harness.compare(baselines, subjects, float)
        rows.append(row(f"countdown running, {count:,}-session log",
                        f"{_secs(paired.baseline_median)} (empty)",
                        _secs(paired.subject_median), f"{paired.ratio:.2f}×", "≤ 1.2×",
                        _verdict(paired.ratio <= 1.2),
                        f"{len(subjects)} pairs; {_spread(paired.subject)}"))
    return rows


def _keys(data: Path) -> dict[str, Any]:
    """The longest a key waited after the first paint (keys_probe.py)."""
    env = {**harness.child_env("offscreen"), "SPASM_TIMER_TTS_ENGINE": "mock"}
    return harness.run_probe("keys_probe.py", ["--data-dir", str(data)], env)


def measure_keys(options: Any, row: Callable[..., Any], log_dir: Callable[[int], Path],
                 big: int) -> list[Any]:
    """How long a key waits after the first paint while the app opens the log, loads the
    library and the rest, with the big log against an empty one (safety note already read)."""
    empty, full = options.scratch / "keys-empty", options.scratch / f"keys-{big}"
    for data in (empty, full):
        _everyday_data_dir(data)
    shutil.copyfile(log_dir(big) / "sessions.sqlite3", full / "sessions.sqlite3")
    pairs = max(3, options.pairs // 2)
    baselines, subjects = harness.paired(lambda: _keys(empty), lambda: _keys(full), pairs)
    worst = harness.compare(baselines, subjects, lambda r: float(r["worst_key_ms"]) / 1000)
    settled = statistics.median(float(r["settled_s"] or 0) for r in subjects)
    return [row(f"longest wait for a key after the first paint, {big:,}-session log",
                f"{_secs(worst.baseline_median)} (empty)", _secs(worst.subject_median),
                _secs(worst.subject_median), "≤ 100 ms", _verdict(worst.subject_median <= 0.1),
                f"{pairs} pairs, median of each run's longest wait; "
                f"{_spread(worst.subject)}; a key every 10 ms from the first paint until the "
                f"start-up settled ({_secs(settled)}) and 1 s more")]


def _command(args: list[str], output: Path | None = None) -> Run:
    # The commands here write up to 2 GB each: without this, the disk is still writing back
    # the previous command's file while the next one is timed (an export once took 31 s
    # after an import, 20-24 s alone).
    os.sync()
    run = harness.run_timed([*harness.spasm_timer_command(), *args],
                            harness.child_env("offscreen"), output=output)
    if run.returncode != 0:
        raise RuntimeError(f"spasm-timer {args[0]} exited {run.returncode}")
    return run


def measure_exchange(options: Any, row: Callable[..., Any], log_dir: Callable[[int], Path],
                     big: int) -> list[Any]:
    """Export, import, `history --json` and `history --csv` of the big log, once each (they
    take tens of seconds), against the same command on 1,000 sessions, with peak memory."""
    rows = []
    files = options.scratch / "exchange"
    files.mkdir()
    sizes = {"baseline": 1_000, "subject": big}
    export: dict[str, Run] = {}
    imported: dict[str, Run] = {}
    printed: dict[str, Run] = {}
    tabled: dict[str, Run] = {}
    for side, count in sizes.items():
        source = log_dir(count)
        target = files / f"{side}.json"
        export[side] = _command(["export", str(target), "--force", "--data-dir", str(source)])
        fresh = files / f"import-{side}"
        imported[side] = _command(["import", str(target), "--data-dir", str(fresh)])
        printed[side] = _command(["history", "--json", "--data-dir", str(source)],
                                 output=files / f"history-{side}.json")
        tabled[side] = _command(["history", "--csv", "--data-dir", str(source)],
                                output=files / f"history-{side}.csv")
        size = target.stat().st_size
        if side == "subject":
            file_note = f"{big:,} sessions, {size / 1e6:,.0f} MB file"
        target.unlink()
        shutil.rmtree(fresh, ignore_errors=True)
        (files / f"history-{side}.json").unlink()
        (files / f"history-{side}.csv").unlink()
    for name, runs in (("`export FILE.json`", export), ("`import FILE.json`", imported),
                       ("`history --json` to a file", printed),
                       ("`history --csv` to a file", tabled)):
        base, subject = runs["baseline"], runs["subject"]
        memory_ok = subject.peak_rss_kib <= 150 * 1024
        time_ok = subject.seconds <= 30
        rows.append(row(f"{name}, {big:,} sessions", f"{_secs(base.seconds)} (1,000)",
                        f"{_secs(subject.seconds)}, peak {subject.peak_rss_kib / 1024:.0f} MiB",
                        f"{subject.seconds / base.seconds:.0f}×", "≤ 30 s, ≤ 150 MiB",
                        _verdict(time_ok and memory_ok),
                        f"{file_note}; one run each; CPU {_secs(subject.cpu_seconds)}; "
                        f"1,000 sessions: peak {base.peak_rss_kib / 1024:.0f} MiB"))
    return rows


def measure_random_ids(options: Any, row: Callable[..., Any], count: int) -> list[Any]:
    """Importing an export whose ids are random, as a person's are (a log built with ordered
    ids grows each index at its end, which real imports never do), against an export of the
    same sessions with ordered ids, once each, with peak memory."""
    files = options.scratch / "random-ids"
    imported: dict[bool, Run] = {}
    size = 0
    for random_ids in (False, True):
        side = "random" if random_ids else "ordered"
        source, export = files / f"log-{side}", files / f"{side}.json"
        harness.build_history(source / "sessions.sqlite3", count, random_ids=random_ids)
        _command(["export", str(export), "--data-dir", str(source)])
        shutil.rmtree(source)
        fresh = files / f"import-{side}"
        imported[random_ids] = _command(["import", str(export), "--data-dir", str(fresh)])
        size = export.stat().st_size
        export.unlink()
        shutil.rmtree(fresh)
    base, subject = imported[False], imported[True]
    memory_ok = subject.peak_rss_kib <= 400 * 1024
    return [row(f"`import FILE.json`, {count:,} sessions with random ids",
                f"{_secs(base.seconds)} (ordered ids)",
                f"{_secs(subject.seconds)}, peak {subject.peak_rss_kib / 1024:.0f} MiB",
                f"{subject.seconds / base.seconds:.2f}×", "≤ 400 MiB", _verdict(memory_ok),
                f"{size / 1e6:,.0f} MB file; one run each; CPU {_secs(subject.cpu_seconds)} "
                f"(ordered: {_secs(base.cpu_seconds)}, peak "
                f"{base.peak_rss_kib / 1024:.0f} MiB)")]


def _idle_rss_kib(command: list[str], seconds: float) -> int:
    """VmRSS of a child left alone for `seconds` after it started."""
    process = subprocess.Popen(command, env=harness.child_env("offscreen"),
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        time.sleep(seconds)
        if process.poll() is not None:
            raise RuntimeError(f"{command[-1]} exited {process.returncode} before {seconds} s")
        status = Path(f"/proc/{process.pid}/status").read_text()
        return next(int(line.split()[1]) for line in status.splitlines()
                    if line.startswith("VmRSS:"))
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure_idle(options: Any, row: Callable[..., Any]) -> list[Any]:
    """Resident memory 10 s after start, app and bare window each left alone."""
    data = options.scratch / "idle-data"
    bare = [harness.PYTHON, str(harness.BENCH / "bare_window.py"), "--stay"]
    app = [*harness.spasm_timer_command(), "--data-dir", str(data)]
    # Every start measured is an everyday one: the safety note already read, and the routine
    # cache built first, as by a person's first start. (Otherwise the first start alone parses
    # every routine, and with two pairs the median is half a first start; and every start
    # would hold the first-run note open over the library.) `list` saves the cache only into
    # a data folder that exists, which `_everyday_data_dir` makes.
    _everyday_data_dir(data)
    subprocess.run([*app, "list"], env=harness.child_env("offscreen"), check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    pairs = max(2, options.pairs // 2)
    baselines, subjects = harness.paired(lambda: _idle_rss_kib(bare, 10),
                                         lambda: _idle_rss_kib(app, 10), pairs, warmup=0)
    rss = harness.compare(baselines, subjects, float)
    return [row("resident memory after 10 s idle", f"{rss.baseline_median / 1024:.1f} MiB",
                f"{rss.subject_median / 1024:.1f} MiB", f"{rss.ratio:.2f}×", "≤ 1.4×",
                _verdict(rss.ratio <= 1.4), f"{pairs} pairs; VmRSS from /proc, offscreen, "
                "safety note read, routine cache built; baseline: the bare window, left open")]


def _everyday_data_dir(data: Path) -> None:
    """A private data folder whose safety note the person has already read, as on every
    start after their first."""
    from spasm_timer.paths import DataPaths
    from spasm_timer.settings import Settings, SettingsFile

    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    SettingsFile(DataPaths(data).settings).save(Settings(safety_note_seen=True))


def _secs(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _spread(values: list[float]) -> str:
    return f"{_secs(min(values))}–{_secs(max(values))}"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "**MISS**"
