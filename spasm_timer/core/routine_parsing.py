"""Parsing many routine files at once, in worker processes.

A cold start with ten thousand routine files of one's own spends most of its time in PyYAML,
which holds Python's lock: a thread cannot share that work, processes can. So when there are
many files to parse they are split into chunks and parsed by a small pool of processes (one
per core, at most four), in file order. With few files, or where processes cannot be started,
the caller parses them itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from spasm_timer.core.collector_pause import collector_paused
from spasm_timer.core.problems import Problem, RoutineFileError
from spasm_timer.core.routine import Routine

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


def parse_in_processes(items: list[Item], illustrations_dir: Path | None,
                       processes: int, language: str) -> Iterator[Outcome]:
    """Each item's outcome, in order, its texts in `language`, parsed by `processes` worker
    processes. Raises OSError (or the pool's own errors) when the processes cannot be started
    or die; what was yielded before stays good."""
    # Imported here: most starts parse nothing, and these modules cost the first paint and
    # the app's memory (about 30 ms and 2 MiB).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [items[start:start + CHUNK_FILES] for start in range(0, len(items), CHUNK_FILES)]
    # spawn, not fork: the app has threads and Qt, which a forked child must not inherit.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        for results in pool.map(_parse_chunk, chunks, [illustrations_dir] * len(chunks),
                                [language] * len(chunks)):
            for result in results:
                if isinstance(result, Parsed):
                    yield result
                else:
                    yield RoutineFileError(*result)
