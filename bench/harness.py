"""What every measurement shares: running children, pairing, Xvfb, and cached fixtures.

Nothing here asserts a time. Each helper returns numbers; `run.py` turns them into a table.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = BENCH / ".cache"
PYTHON = sys.executable
# Bump when the shape of a generated fixture changes, so an old cache is not reused: the
# generator's, or a new log's (4: steps stored once, 16 KiB pages, at the same log version).
FIXTURE_VERSION = 4


# --- children ----------------------------------------------------------------------------

def spasm_timer_command() -> list[str]:
    """The installed `spasm-timer` script beside this interpreter, as a person would run it."""
    script = Path(PYTHON).with_name("spasm-timer")
    if script.exists():
        return [str(script)]
    found = shutil.which("spasm-timer")
    return [found] if found else [PYTHON, "-m", "spasm_timer"]


def child_env(platform: str = "offscreen", display: str | None = None) -> dict[str, str]:
    """The environment of a measured child: offscreen Qt unless told otherwise, no data dir
    from the caller's environment (every child gets `--data-dir`)."""
    env = dict(os.environ)
    env.pop("SPASM_TIMER_DATA_DIR", None)
    # The children run this checkout's code, whatever the interpreter has installed: with a
    # venv shared between checkouts (an editable install of another one), a probe in bench/
    # would import the other checkout's app and measure that.
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    # An installed app runs from compiled bytecode; a shell with PYTHONDONTWRITEBYTECODE would
    # make every child recompile every module, a cost no person pays. The .pyc files go to
    # the cache, not beside the sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    env["QT_QPA_PLATFORM"] = platform
    if display is not None:
        env["DISPLAY"] = display
    elif platform == "offscreen":
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    return env


@dataclass
class Run:
    """One child process: wall seconds from spawn to exit, its own peak RSS, exit code, and
    the CPU it used (user + system: on a busy machine, the steadier figure)."""

    seconds: float
    peak_rss_kib: int
    returncode: int
    stdout: str = ""
    cpu_seconds: float = 0.0


def run_timed(command: list[str], env: dict[str, str], output: Path | None = None,
              cwd: Path | None = None) -> Run:
    """Spawns `command`, waits for it with wait4 so its own rusage (peak RSS) comes back.

    stdout goes to `output` (a file, as `> file` would) or /dev/null; stderr to /dev/null.
    """
    out = open(output, "wb") if output else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    finally:
        if output:
            out.close()  # type: ignore[union-attr]
    process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    return Run(seconds, int(usage.ru_maxrss), process.returncode,
               cpu_seconds=usage.ru_utime + usage.ru_stime)


def run_probe(script: str, args: list[str], env: dict[str, str],
              timeout: float = 300) -> dict[str, object]:
    """Runs a probe script of bench/ and returns the JSON object it prints last."""
    result = subprocess.run([PYTHON, str(BENCH / script), *args], env=env, capture_output=True,
                            text=True, timeout=timeout, cwd=REPO)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"{script} exited {result.returncode}: " + " | ".join(tail))
    return json.loads(lines[-1])  # type: ignore[no-any-return]


# --- pairing -----------------------------------------------------------------------------

@dataclass
class Paired:
    """Baseline and subject values measured in alternation, pair by pair."""

    baseline: list[float] = field(default_factory=list)
    subject: list[float] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [s / b for b, s in zip(self.baseline, self.subject, strict=True) if b > 0]

    @property
    def ratio(self) -> float:
        """The median of the per-pair ratios: each pair shares the machine's mood."""
        return statistics.median(self.ratios)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline)

    @property
    def subject_median(self) -> float:
        return statistics.median(self.subject)


T = TypeVar("T")


def paired(baseline: Callable[[], T], subject: Callable[[], T], pairs: int,
           warmup: int = 1) -> tuple[list[T], list[T]]:
    """Runs both `warmup` times unmeasured (page cache, .pyc), then `pairs` pairs, swapping
    which goes first every pair so neither always gets the warmer machine. Returns the
    baseline results and the subject results, in pair order."""
    for _ in range(warmup):
        baseline()
        subject()
    baselines: list[T] = []
    subjects: list[T] = []
    for number in range(pairs):
        if number % 2 == 0:
            baselines.append(baseline())
            subjects.append(subject())
        else:
            subjects.append(subject())
            baselines.append(baseline())
    return baselines, subjects


def compare(baselines: list[T], subjects: list[T], value: Callable[[T], float]) -> Paired:
    """One figure of paired results, e.g. `compare(b, s, lambda run: run.seconds)`."""
    return Paired([value(b) for b in baselines], [value(s) for s in subjects])


# --- Xvfb --------------------------------------------------------------------------------

@contextlib.contextmanager
def xvfb() -> Iterator[str | None]:
    """A private Xvfb server for the block; yields its DISPLAY, or None when there is none."""
    binary = shutil.which("Xvfb")
    if binary is None:
        yield None
        return
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen([binary, "-displayfd", str(write_fd), "-screen", "0",
                                "1280x800x24", "-nolisten", "tcp"], pass_fds=(write_fd,),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        yield f":{number}" if number else None
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- fixtures ----------------------------------------------------------------------------

def build_history(database: Path, count: int, random_ids: bool = False) -> None:
    """A log of `count` sessions, written by SQL (`big_log.py`): a million take about 20 s of CPU.
    With `random_ids`, their ids are as random as a person's.

    In a child process: SQLite's page cache for the build would otherwise stay in this
    process, and every child spawned later would start its peak RSS from that size.
    """
    subprocess.run([PYTHON, str(BENCH / "big_log.py"), str(database), str(count),
                    *(["--random-ids"] if random_ids else [])], check=True, cwd=REPO)


def _schema_version() -> int:
    from spasm_timer.storage.log import SCHEMA_VERSION

    return SCHEMA_VERSION


def cached_history(count: int, cache: Path = CACHE) -> Path:
    """The cached `sessions.sqlite3` with `count` sessions, built on first use."""
    folder = cache / f"history-{count}-f{FIXTURE_VERSION}-s{_schema_version()}"
    database = folder / "sessions.sqlite3"
    if not database.exists():
        building = cache / f".building-{os.getpid()}-{count}"
        shutil.rmtree(building, ignore_errors=True)
        build_history(building / "sessions.sqlite3", count)
        for suffix in ("-wal", "-shm"):
            (building / f"sessions.sqlite3{suffix}").unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        building.rename(folder)
    return database


def cached_routines(count: int, cache: Path = CACHE) -> Path:
    """A folder of `count` valid routine files (the bundled ones under new names)."""
    from spasm_timer.paths import bundled_routines_dir

    folder = cache / f"routines-{count}-f{FIXTURE_VERSION}"
    if not folder.is_dir():
        sources = sorted(bundled_routines_dir().glob("*.yaml"))
        building = cache / f".building-{os.getpid()}-routines-{count}"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        for number in range(count):
            source = sources[number % len(sources)]
            shutil.copyfile(source, building / f"mine-{number:05d}-{source.name}")
        building.rename(folder)
    return folder


def data_dir(parent: Path, name: str, history: int | None = None,
             routines: int | None = None) -> Path:
    """A fresh data dir under `parent` holding copies of the cached fixtures asked for."""
    folder = parent / name
    folder.mkdir(parents=True)
    if history is not None:
        shutil.copyfile(cached_history(history), folder / "sessions.sqlite3")
    if routines is not None:
        shutil.copytree(cached_routines(routines), folder / "routines")
    return folder


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A temp dir for one benchmark run, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="spasm-bench-") as folder:
        yield Path(folder)
