"""Parsing many routine files at once, in worker processes.

A cold start with ten thousand routine files of one's own spends most of its time in PyYAML
and the loader's checks, which hold Python's lock: a thread cannot share that work, processes
can. So when there are many files to parse they are split into chunks and parsed by a few
worker processes (one per core, at most four), handed back in file order. With few files, or
where processes cannot be started, the caller parses them itself.

A worker is a plain `python -S -c` that imports this module and the loader, nothing else:
multiprocessing's spawn would start each one by importing the app's whole command line (its
`__main__`) and multiprocessing itself, and add a resource-tracker process, about a tenth of
a second of CPU per worker for nothing parsing needs. Each worker is sent its whole share of
chunks (every n-th one, so that all of them work on the front of the list first) in one
pickle on its stdin, and sends back each chunk's outcomes as one pickle on its stdout.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from spasm_timer.core.collector_pause import collector_paused
from spasm_timer.core.problems import Problem, RoutineFileError
from spasm_timer.core.routine import Routine

if TYPE_CHECKING:
    import subprocess

# Starting the processes costs about a tenth of a second: worth it only for many files.
PARALLEL_FROM = 400
CHUNK_FILES = 100
MAX_PROCESSES = 4

Item = tuple[Path, str]  # a file and its origin (bundled or user)


class Parsed(NamedTuple):
    """A routine a worker process parsed, and its entry for the routine cache as the cache
    writes it (routine_cache.routine_text): made there, beside the other workers, rather than
    by the app's one process, which also fills the window's list meanwhile."""

    routine: Routine
    cache_text: str


Outcome = Parsed | RoutineFileError


def process_count(files: int) -> int:
    """How many processes to parse `files` files with; 1 means: parse them in place."""
    if files < PARALLEL_FROM:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES, files // CHUNK_FILES))


def _parse_chunk(items: list[Item], illustrations_dir: Path | None, language: str
                 ) -> list[Parsed | tuple[Path, list[Problem]]]:
    """In a worker process: each file's routine and cache entry, or its path and problems
    (an exception with its own constructor does not travel between processes as it is). The
    language is passed on: a new process has not chosen one, and would say the problems in
    English."""
    from spasm_timer import i18n
    from spasm_timer.core.loader import load_routine_file
    from spasm_timer.core.routine_cache import routine_text
    from spasm_timer.core.routine_images import ImageLookup

    if i18n.current_language() != language:
        i18n.use_language(language)

    images = ImageLookup()
    results: list[Parsed | tuple[Path, list[Problem]]] = []
    # What parsing makes holds no cycles (node trees, routines, texts: their reference counts
    # free them), so the cycle collector's passes over it are only cost: about 5% of a file's.
    with collector_paused():
        for path, origin in items:
            try:
                routine = load_routine_file(path, origin, illustrations_dir, language=language,
                                            images=images)
            except RoutineFileError as error:
                results.append((error.path, error.problems))
            else:
                results.append(Parsed(routine, routine_text(routine)))
    return results


class WorkerEnded(RuntimeError):
    """A worker process ended before it sent all its chunks (it could not start, could not
    load the app's code, or died): the caller parses the rest itself."""


# How a worker process starts: with the app's own module search path (given as arguments),
# so it runs the same code as the app, and without `site`, which that path already holds.
_WORKER_CODE = ("import sys; sys.path[:] = sys.argv[1:]; "
                "from spasm_timer.core.routine_parsing import worker_main; worker_main()")


def parse_in_processes(items: list[Item], illustrations_dir: Path | None,
                       processes: int, language: str) -> Generator[Outcome, None, None]:
    """Each item's outcome, in order, its texts in `language`, parsed by `processes` worker
    processes. Raises OSError or WorkerEnded (a RuntimeError) when the processes cannot be
    started or die; what was yielded before stays good."""
    # Imported here: most starts parse nothing (and the app imports it on its GUI thread
    # first, see ui/worker_imports.py).
    import subprocess

    chunks = [[(str(path), origin) for path, origin in items[start:start + CHUNK_FILES]]
              for start in range(0, len(items), CHUNK_FILES)]
    count = max(1, min(processes, len(chunks)))
    workers: list[subprocess.Popen[bytes]] = []
    try:
        for _number in range(count):
            workers.append(subprocess.Popen(  # noqa: S603 - this interpreter, our own code
                [sys.executable, "-S", "-c", _WORKER_CODE, *sys.path],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE))
        for number, worker in enumerate(workers):
            assert worker.stdin is not None
            # The worker reads this before it imports the parser: the write does not wait.
            with worker.stdin:
                pickle.dump((language, illustrations_dir, chunks[number::count]), worker.stdin,
                            pickle.HIGHEST_PROTOCOL)
        for number in range(len(chunks)):
            yield from _outcomes(workers[number % count].stdout)
    finally:
        for worker in workers:
            _end(worker)


def _outcomes(stream: IO[bytes] | None) -> Iterator[Outcome]:
    """The outcomes of the next chunk a worker sends."""
    try:
        results = pickle.load(stream)  # type: ignore[arg-type]  # noqa: S301 - our worker's
    except (EOFError, pickle.UnpicklingError, ValueError) as error:
        raise WorkerEnded("a routine-parsing worker process ended early") from error
    for result in results:
        yield result if isinstance(result, Parsed) else RoutineFileError(*result)


def _end(worker: subprocess.Popen[bytes]) -> None:
    """A worker that has sent everything has ended by itself; one that has not (the load was
    overtaken, or it failed) is ended here: what it would still send is wanted by no one."""
    if worker.stdout is not None:
        worker.stdout.close()
    if worker.poll() is None:
        worker.kill()
    worker.wait()


def worker_main() -> None:
    """In a worker process: reads (language, pictures folder, chunks) from stdin, then writes
    each chunk's outcomes (`_parse_chunk`) to stdout, a pickle each, in order."""
    # Ctrl-C in a terminal reaches the whole process group: the app decides, and ends its
    # workers when it goes (a worker whose app has gone ends at its next write).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The outcomes go to the stdout the app reads; anything printed goes to stderr instead.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    language, illustrations_dir, chunks = pickle.load(sys.stdin.buffer)  # noqa: S301 - the app's
    try:
        for chunk in chunks:
            items = [(Path(path), origin) for path, origin in chunk]
            pickle.dump(_parse_chunk(items, illustrations_dir, language), out,
                        pickle.HIGHEST_PROTOCOL)
            out.flush()
    except BrokenPipeError:
        os._exit(0)  # the app stopped reading (a newer load, or it quit): quietly done
