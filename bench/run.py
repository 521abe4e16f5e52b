"""The Spasm Timer benchmark: one command, one table of ratios against same-run baselines.

    python bench/run.py            # the full run, 7 pairs, a few minutes on 2 cores
    python bench/run.py --quick    # a smoke run: 3 pairs, 10 s windows
    python bench/run.py --pairs 11 --only startup,history

Every comparison is paired: baseline and subject run in alternation (who goes first swaps
every pair) and the ratio is the median of the per-pair ratios. The table goes to stdout,
progress to stderr. It never fails: a metric that cannot be measured says why in its row,
and the exit status is 0 whatever the figures are.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# This checkout's app, for what is measured in this process too (see harness.child_env).
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import harness
import waits
from harness import Run

CORPUS = harness.REPO.parent / "shared" / "corpus" / "yaml-test-suite"
GROUPS = ("startup", "cpu", "boundaries", "history", "list", "validate", "library",
          "countdown", "keys", "exchange", "random-ids", "idle")


@dataclass
class Row:
    metric: str
    baseline: str
    measured: str
    value: str
    target: str
    verdict: str
    note: str = ""


@dataclass
class Options:
    pairs: int
    quick: bool
    scratch: Path
    xvfb: bool

    @property
    def cpu_seconds(self) -> float:
        return 10.0 if self.quick else 60.0

    @property
    def boundary_steps(self) -> int:
        return 10 if self.quick else 30

    @property
    def big_log(self) -> int:
        """The largest log measured: a million sessions, 100,000 in a quick run."""
        return 100_000 if self.quick else 1_000_000


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- formatting --------------------------------------------------------------------------

def secs(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def times(ratio: float) -> str:
    return f"{ratio:.2f}×"


def verdict(ok: bool, aim: bool | None = None) -> str:
    if not ok:
        return "**MISS**"
    return "ok, aim met" if aim else "ok" if aim is None else "ok, aim not met"


def spread(values: list[float], fmt: Callable[[float], str]) -> str:
    return f"{fmt(min(values))}–{fmt(max(values))}"


# --- start-up ----------------------------------------------------------------------------

def _startup(options: Options, label: str, env: dict[str, str], data: Path) -> list[Row]:
    bare = [harness.PYTHON, str(harness.BENCH / "bare_window.py")]
    app = [*harness.spasm_timer_command(), "--quit-after-startup", "--data-dir", str(data)]
    baselines, subjects = harness.paired(lambda: harness.run_timed(bare, env),
                                         lambda: harness.run_timed(app, env), options.pairs)
    failed = {run.returncode for run in subjects + baselines if run.returncode != 0}
    if failed:
        raise RuntimeError(f"a child exited with {sorted(failed)}")
    wall = harness.compare(baselines, subjects, lambda run: run.seconds)
    rss = harness.compare(baselines, subjects, lambda run: run.peak_rss_kib)
    n = len(wall.baseline)
    return [
        Row(f"start-up to painted main window, {label}", secs(wall.baseline_median),
            secs(wall.subject_median), times(wall.ratio), "≤ 1.5×, aim 1.25×",
            verdict(wall.ratio <= 1.5, wall.ratio <= 1.25),
            f"{n} pairs; app {spread(wall.subject, secs)}, bare {spread(wall.baseline, secs)}"),
        Row(f"peak RSS after start-up, {label}", mib(rss.baseline_median),
            mib(rss.subject_median), times(rss.ratio), "≤ 1.5×", verdict(rss.ratio <= 1.5),
            "ru_maxrss of the child (wait4)"),
    ]


def _first_paint_note(data: Path) -> str:
    """What the app had loaded by its first paint (first_paint_probe.py)."""
    seen = harness.run_probe("first_paint_probe.py", [str(data)], harness.child_env("offscreen"))
    namespace = "built (~12 ms lost)" if seen["qt_namespace"] else "not built"
    return (f"at the first paint: Qt namespace {namespace}, {seen['modules']} modules, "
            f"{seen['collector_passes']} collector passes")


def measure_startup(options: Options) -> list[Row]:
    rows: list[Row] = []
    data = options.scratch / "startup-data"
    log("start-up, offscreen")
    rows += _startup(options, "offscreen", harness.child_env("offscreen"), data)
    rows[0].note += "; " + _first_paint_note(data)
    if options.xvfb:
        log("start-up, Xvfb")
        with harness.xvfb() as display:
            if display is None:
                rows.append(Row("start-up to painted main window, Xvfb", "–", "–", "–",
                                "≤ 1.5×", "skipped", "Xvfb not available"))
            else:
                rows += _startup(options, "Xvfb", harness.child_env("xcb", display), data)
    log("start-up, offscreen, with a 100,000-session log")
    big = _history_dir(options, 100_000)
    more = _startup(options, "offscreen, 100,000-session log", harness.child_env("offscreen"),
                    big)
    more[0].note += "; extra row: the same start-up after years of logs"
    rows.append(more[0])
    return rows


# --- CPU while counting ------------------------------------------------------------------

def measure_cpu(options: Options) -> list[Row]:
    log(f"CPU while a step counts down, {options.cpu_seconds:.0f} s")
    data = options.scratch / "cpu-data"
    result = harness.run_probe("countdown_cpu.py", ["--seconds", str(options.cpu_seconds),
                                                    "--data-dir", str(data)],
                               harness.child_env("offscreen"))
    percent = float(result["percent_of_core"])  # type: ignore[arg-type]
    note = (f"{result['routine']} / {result['step']} ({result['step_seconds']} s step), "
            f"{result['cpu_seconds']:.3f} s CPU in {result['wall_seconds']:.1f} s, "
            f"{result['timer_fired']} timer wake-ups, {result['display_changed']} display "
            f"changes; offscreen")
    return [Row(f"CPU while a step counts down ({options.cpu_seconds:.0f} s)", "–",
                f"{result['cpu_seconds']:.3f} s CPU", f"{percent:.2f}% of a core",
                "≤ 1%, aim 0.3%", verdict(percent <= 1.0, percent <= 0.3), note)]


# --- step boundaries ---------------------------------------------------------------------

def measure_boundaries(options: Options) -> list[Row]:
    rows = []
    steps = options.boundary_steps
    for stall in (0.0, 2.0):
        label = f"step boundaries, {steps} × 1 s" + (f", {stall:.0f} s stall" if stall else "")
        log(label)
        result = harness.run_probe("boundaries.py", ["--steps", str(steps), "--stall-seconds",
                                                     str(stall)], harness.child_env("offscreen"))
        late = float(result["max_late_ms"])  # type: ignore[arg-type]
        drift = float(result["final_drift_ms"])  # type: ignore[arg-type]
        note = f"{result['boundaries']} boundaries; min lateness {result['min_late_ms']:.1f} ms"
        if stall:
            note += (f"; {result['in_stall']} fell inside the {result['stall_seconds']:.2f} s "
                     f"stall and came at its end, late {result['in_stall_late_ms']} ms "
                     "(not counted in max/mean)")
        rows.append(Row(label, "–", f"max {late:.1f} ms, mean {result['mean_late_ms']:.1f} ms",
                        f"final drift {drift:.1f} ms", "each ≤ 20 ms late, no drift",
                        verdict(late <= 20 and abs(drift) <= 20), note))
    return rows


# --- history -----------------------------------------------------------------------------

_history_dirs: dict[int, Path] = {}


def _history_dir(options: Options, count: int) -> Path:
    """One data dir per log size for the whole run (the readers do not change it)."""
    if count not in _history_dirs:
        log(f"fixture: a log of {count:,} sessions")
        _history_dirs[count] = harness.data_dir(options.scratch, f"history-{count}",
                                                history=count)
    return _history_dirs[count]


def _csv_run(data: Path, output: Path) -> Run:
    run = harness.run_timed([*harness.spasm_timer_command(), "history", "--csv", "--data-dir",
                             str(data)], harness.child_env("offscreen"), output=output)
    if run.returncode != 0:
        raise RuntimeError(f"history --csv exited {run.returncode}")
    return run


def measure_history(options: Options) -> list[Row]:
    small, large = _history_dir(options, 1_000), _history_dir(options, 100_000)
    output = options.scratch / "history.csv"
    log("spasm-timer history --csv")
    baselines, subjects = harness.paired(lambda: _csv_run(small, output),
                                         lambda: _csv_run(large, output), options.pairs)
    wall = harness.compare(baselines, subjects, lambda run: run.seconds)
    lines = sum(1 for _ in output.open(encoding="utf-8"))
    rows = [Row("`history --csv`, 100,000 sessions", f"{secs(wall.baseline_median)} (1,000)",
                secs(wall.subject_median), times(wall.ratio), "≤ 2 s",
                verdict(wall.subject_median <= 2.0),
                f"{lines - 1:,} rows written to a file; peak RSS "
                f"{mib(statistics.median(run.peak_rss_kib for run in subjects))}")]

    log("history window, first page")
    tiny = _history_dir(options, 100)
    env = harness.child_env("offscreen")

    def probe(data: Path) -> dict[str, object]:
        return harness.run_probe("history_window_probe.py", ["--data-dir", str(data)], env)

    baselines_w, subjects_w = harness.paired(lambda: probe(tiny), lambda: probe(large),
                                             options.pairs)
    window = harness.compare(baselines_w, subjects_w, lambda r: float(r["window_ms"]) / 1000)  # type: ignore[arg-type]
    opening = harness.compare(baselines_w, subjects_w, lambda r: float(r["open_ms"]) / 1000)  # type: ignore[arg-type]
    ok = window.subject_median <= 0.3 and window.ratio <= 2.0
    rows.append(Row("history window, first page shown, 100,000 sessions",
                    f"{secs(window.baseline_median)} (100)", secs(window.subject_median),
                    times(window.ratio), "≤ 300 ms and ≤ 2×", verdict(ok),
                    f"from HistoryWindow(log) to the table's first paint; opening the log "
                    f"(not included) took {secs(opening.subject_median)} vs "
                    f"{secs(opening.baseline_median)}"))
    big = options.big_log
    log(f"history window, first page, {big:,} sessions")
    huge = _history_dir(options, big)
    baselines_w, subjects_w = harness.paired(lambda: probe(tiny), lambda: probe(huge),
                                             options.pairs)
    window = harness.compare(baselines_w, subjects_w, lambda r: float(r["window_ms"]) / 1000)  # type: ignore[arg-type]
    ok = window.subject_median <= 0.3 and window.ratio <= 2.0
    rows.append(Row(f"history window, first page shown, {big:,} sessions",
                    f"{secs(window.baseline_median)} (100)", secs(window.subject_median),
                    times(window.ratio), "≤ 300 ms and ≤ 2×", verdict(ok),
                    "totals, what helps and charts of a long log come after, from a thread"))
    return rows


# --- what the person waits for (waits.py) ------------------------------------------------

def measure_countdown(options: Options) -> list[Row]:
    log("time to a running countdown, by log size")
    return waits.measure_countdown(options, Row, lambda count: _history_dir(options, count),
                                   options.big_log)


def measure_keys(options: Options) -> list[Row]:
    log("how long a key waits after the first paint")
    return waits.measure_keys(options, Row, lambda count: _history_dir(options, count),
                              options.big_log)


def measure_exchange(options: Options) -> list[Row]:
    log(f"export, import and history --json of {options.big_log:,} sessions")
    return waits.measure_exchange(options, Row, lambda count: _history_dir(options, count),
                                  options.big_log)


def measure_random_ids(options: Options) -> list[Row]:
    count = options.big_log // 4  # the size of issue 13's check: 250,000; 25,000 quick
    log(f"import of {count:,} sessions with random ids")
    return waits.measure_random_ids(options, Row, count)


def measure_idle(options: Options) -> list[Row]:
    log("resident memory after 10 s idle")
    return waits.measure_idle(options, Row)


# --- routine files -----------------------------------------------------------------------

def _timed_command(args: list[str], expect: tuple[int, ...] = (0,)) -> Run:
    run = harness.run_timed([*harness.spasm_timer_command(), *args],
                            harness.child_env("offscreen"))
    if run.returncode not in expect:
        raise RuntimeError(f"spasm-timer {args[0]} exited {run.returncode}")
    return run


def measure_list(options: Options) -> list[Row]:
    log("spasm-timer list")
    few = harness.data_dir(options.scratch, "routines-10", routines=10)
    many = harness.data_dir(options.scratch, "routines-1000", routines=1000)
    baselines, subjects = harness.paired(
        lambda: _timed_command(["list", "--data-dir", str(few)]),
        lambda: _timed_command(["list", "--data-dir", str(many)]), options.pairs)
    wall = harness.compare(baselines, subjects, lambda run: run.seconds)
    return [Row("`list`, 1,000 user routine files", f"{secs(wall.baseline_median)} (10)",
                secs(wall.subject_median), times(wall.ratio), "≤ 1 s",
                verdict(wall.subject_median <= 1.0),
                f"{len(wall.subject)} pairs; {spread(wall.subject, secs)}")]


def measure_validate(options: Options) -> list[Row]:
    files = sorted(str(path) for path in CORPUS.glob("*.yaml")) if CORPUS.is_dir() else []
    if not files:
        return [Row("`validate`, YAML test-suite corpus", "–", "–", "–", "≤ 3 s", "skipped",
                    "corpus not found at ../shared/corpus/yaml-test-suite")]
    log(f"spasm-timer validate, {len(files)} files")
    data = options.scratch / "validate-data"
    command = ["validate", "--data-dir", str(data), *files]
    _timed_command(command, expect=(0, 1))  # warm-up
    runs = [_timed_command(command, expect=(0, 1)) for _ in range(options.pairs)]
    median = statistics.median(run.seconds for run in runs)
    return [Row(f"`validate`, {len(files)}-file YAML corpus", "–", secs(median), secs(median),
                "≤ 3 s", verdict(median <= 3.0),
                f"median of {len(runs)}; every file invalid, as the corpus intends")]


# --- the routine library at start-up --------------------------------------------------------

def _forget_cache(data: Path) -> None:
    (data / "routine-cache.json").unlink(missing_ok=True)


def _library_probe(data: Path, cold: bool) -> dict[str, object]:
    if cold:
        _forget_cache(data)
    env = {**harness.child_env("offscreen"), "SPASM_TIMER_TTS_ENGINE": "mock"}
    return harness.run_probe("library_probe.py", [str(data)], env)


def measure_library(options: Options) -> list[Row]:
    """Start-up with 10,000 routine files of one's own: the first paint against 10 files, and
    how long until all of them are in the list, with the routine cache warm and cold."""
    few = harness.data_dir(options.scratch, "library-10", routines=10)
    many = harness.data_dir(options.scratch, "library-10000", routines=10_000)
    env = harness.child_env("offscreen")
    rows = []
    for cold in (False, True):
        temperature = "cold" if cold else "warm"
        log(f"start-up with 10,000 user routines, {temperature} cache")
        for data in (few, many):
            _library_probe(data, cold=False)  # fills the cache (and the page cache)

        def start(data: Path, cold: bool = cold) -> Run:
            if cold:
                _forget_cache(data)
            app = [*harness.spasm_timer_command(), "--quit-after-startup", "--data-dir", str(data)]
            return harness.run_timed(app, env)

        baselines, subjects = harness.paired(lambda: start(few), lambda: start(many),
                                             options.pairs)
        wall = harness.compare(baselines, subjects, lambda run: run.seconds)
        rows.append(Row(f"start-up to painted main window, 10,000 user routines, {temperature} "
                        "cache", f"{secs(wall.baseline_median)} (10)", secs(wall.subject_median),
                        times(wall.ratio), "≤ 1.3×", verdict(wall.ratio <= 1.3),
                        f"{len(wall.subject)} pairs; the library loads after the first paint"))
        runs = 1 if options.quick else 3
        probes = [_library_probe(many, cold) for _ in range(runs)]
        median = statistics.median(float(p["library_full"]) for p in probes)  # type: ignore[arg-type]
        cpu = statistics.median(float(p["library_full_cpu"]) for p in probes)  # type: ignore[arg-type]
        workers = statistics.median(float(p["library_full_worker_cpu"])  # type: ignore[arg-type]
                                    for p in probes)
        rows.append(Row(f"all 10,000 user routines in the library list, {temperature} cache",
                        "–", secs(median), secs(median), "≤ 3 s" if cold else "–",
                        verdict(median <= 3.0) if cold else "measured",
                        f"median of {runs}; from process start, offscreen; {secs(cpu)} of CPU "
                        f"in the app and {secs(workers)} in the processes parsing files by "
                        "then (the fairer figures on a busy machine)"))
    return rows


MEASURES: dict[str, Callable[[Options], list[Row]]] = {
    "startup": measure_startup,
    "cpu": measure_cpu,
    "boundaries": measure_boundaries,
    "history": measure_history,
    "list": measure_list,
    "validate": measure_validate,
    "library": measure_library,
    "countdown": measure_countdown,
    "keys": measure_keys,
    "exchange": measure_exchange,
    "random-ids": measure_random_ids,
    "idle": measure_idle,
}


def measure(group: str, options: Options) -> list[Row]:
    """One group of rows; a failure becomes a row that says why, never a crash."""
    try:
        return MEASURES[group](options)
    except ModuleNotFoundError as error:
        return [Row(group, "–", "–", "–", "–", "not measured", f"not there yet: {error}")]
    except Exception as error:  # noqa: BLE001 - the benchmark reports, it never fails
        traceback.print_exc(file=sys.stderr)
        message = " ".join(str(error).split())[:300]
        return [Row(group, "–", "–", "–", "–", "not measured", f"{type(error).__name__}: "
                                                                 f"{message}")]


# --- output ------------------------------------------------------------------------------

def cell(text: str) -> str:
    return text.replace("|", "\\|")


def render(rows: list[Row], command: str, started: datetime, seconds: float) -> str:
    import PySide6

    lines = [
        f"## Spasm Timer benchmark — {started.isoformat(timespec='seconds')}",
        "",
        f"Command: `{command}`  ",
        (f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PySide6 {PySide6.__version__}, {platform.system()} {platform.release()}; "
        f"took {seconds:.0f} s"),
        "",
        "| metric | baseline | measured | ratio or value | target | verdict |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append("| " + " | ".join(cell(text) for text in (
            row.metric, row.baseline, row.measured, row.value, row.target, row.verdict)) + " |")
    notes = [(number, row) for number, row in enumerate(rows, start=1) if row.note]
    if notes:
        lines += ["", "Notes:"]
        lines += [f"- {row.metric}: {row.note}" for _, row in notes]
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 3 pairs, a 10 s CPU window, 10 boundaries")
    parser.add_argument("--pairs", type=int, default=None,
                        help="baseline/subject pairs per comparison (default 7; 3 with --quick)")
    parser.add_argument("--only", default=",".join(GROUPS),
                        help=f"comma-separated groups to run (default: all of {','.join(GROUPS)})")
    parser.add_argument("--no-xvfb", action="store_true", help="skip the start-up on Xvfb")
    parser.add_argument("--json", type=Path, default=None,
                        help="also write the rows as JSON to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    groups = [group.strip() for group in args.only.split(",") if group.strip()]
    unknown = [group for group in groups if group not in MEASURES]
    if unknown:
        print(f"unknown group(s): {', '.join(unknown)}; known: {', '.join(GROUPS)}",
              file=sys.stderr)
        return 2
    pairs = args.pairs or (3 if args.quick else 7)
    started, clock = datetime.now().astimezone(), time.monotonic()
    command = "python bench/run.py" + "".join(
        f" {shlex.quote(arg)}" for arg in (sys.argv[1:] if argv is None else argv))
    rows: list[Row] = []
    with harness.scratch() as scratch:
        options = Options(pairs=pairs, quick=args.quick, scratch=scratch, xvfb=not args.no_xvfb)
        for group in groups:
            rows += measure(group, options)
    print(render(rows, command, started, time.monotonic() - clock))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"date": started.isoformat(), "command": command,
                                         "rows": [asdict(row) for row in rows]}, indent=2),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
