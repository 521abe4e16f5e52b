"""All the routines a person can pick: bundled ones, and their own, which win on the same id."""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spasm_timer import paths
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.core.routine_cache import RoutineCache, Signature, file_signature
from spasm_timer.core.routine_images import ImageLookup
from spasm_timer.core.routine_parsing import parse_in_processes, process_count
from spasm_timer.i18n import _, current_language

if TYPE_CHECKING:
    from spasm_timer.paths import DataPaths

BUNDLED = "bundled"
USER = "user"


@dataclass
class Library:
    routines: dict[str, Routine] = field(default_factory=dict)
    skipped: list[RoutineFileError] = field(default_factory=list)
    # id → the bundled file that a user routine of the same id replaces
    replaced: dict[str, Path] = field(default_factory=dict)
    # Things to tell the person once (a cache that could not be read was moved aside).
    notes: list[str] = field(default_factory=list)

    def sorted_routines(self) -> list[Routine]:
        """By area, then name, as a dictionary orders them: "Hände" before "Hintere"."""
        return sorted(self.routines.values(),
                      key=lambda r: (dictionary_order(r.area), dictionary_order(r.name)))


def plain_letters(text: str) -> str:
    """The text as a dictionary reads it: accented letters as their plain ones (ä as a, é as
    e, ñ as n), any case as one ("ß" as "ss"). Sorting, grouping and search all use it, so
    what sorts together is found together: "talon" finds "talón", "fusse" finds "Füße"."""
    if text.isascii():  # nothing to unfold: most names, and the list sorts 10,000 of them
        return text.casefold()
    return "".join(char for char in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(char)).casefold()


def dictionary_order(text: str) -> tuple[str, str]:
    """A sort key that reads accented letters as their plain ones (see plain_letters), then
    breaks ties by the text itself. Code-point order would put every "Ä" or "É" after "z".
    (Spanish dictionaries shelve ñ after every n; read as n, it lands close enough.)"""
    return plain_letters(text), text.casefold()


def routine_files(folder: Path) -> list[Path]:
    """Every `*.yaml` in `folder` but subfolders. A named pipe or a broken link is listed
    too: the loader refuses it with a line, rather than it vanishing without a word."""
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries
                     if entry.name.endswith(".yaml") and not _is_folder(entry)]
    except OSError:
        return []
    return [folder / name for name in sorted(names)]


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _parse(path: Path, origin: str, illustrations_dir: Path | None,
           language: str | None = None, images: ImageLookup | None = None) -> Routine:
    # Imported here: with every file in the cache, start-up never loads PyYAML or the loader.
    from spasm_timer.core.loader import load_routine_file

    return load_routine_file(path, origin, illustrations_dir, language=language, images=images)


Batch = Callable[[list[Routine]], None]
# How often a loading library hands what it has so far to `on_batch`.
BATCH_SECONDS = 0.15


def load_library(bundled_dir: Path, user_dir: Path | None, illustrations_dir: Path | None = None,
                 cache_file: Path | None = None, on_batch: Batch | None = None,
                 before_parsing: Callable[[bool], object] | None = None,
                 save_later: Callable[[Callable[[], None]], object] | None = None,
                 stop: Callable[[], bool] | None = None) -> Library:
    """Loads every routine it can; a bad file is skipped and reported, never fatal.

    With `cache_file`, unchanged files come from the parsed-routine cache (routine_cache.py),
    which knows each file by its real path: the same folder spelled another way (a link, `..`)
    finds its routines there. `on_batch`, when given, gets the routines loaded so far every
    BATCH_SECONDS and at the end (the app fills its list while the rest loads). The routines'
    texts are in the language in use when the loading starts. `before_parsing`, when given, is
    called before the files of a folder are parsed, with whether worker processes will parse
    them (the app's worker thread has the GUI thread import the parser, and what starts the
    processes, first: ui/worker_imports.py). `save_later`, when given, is handed the writing of
    the cache instead of it being done before this returns (ten thousand routines take a
    second or more to write, and the person is waiting for the list); it is done here anyway
    when the person must be told about the cache. `stop`, when given, is asked as each file
    is listed and after each file parsed: once it says True (the app quits, or a newer load
    began) the load ends there, and the cache keeps what was parsed, so the next start need
    not parse it again.
    """
    language = current_language()
    library = Library()
    cache = RoutineCache(cache_file)
    seen: set[str] = set()
    pending: list[Routine] = []
    handed_over: float | None = None  # the first batch waits BATCH_SECONDS from its first routine

    def found(routine: Routine) -> None:
        nonlocal pending, handed_over
        add_routine(library, routine)
        if on_batch is not None:
            pending.append(routine)
            handed_over = handed_over or time.monotonic()
            if time.monotonic() - handed_over > BATCH_SECONDS:
                on_batch(pending)
                pending, handed_over = [], time.monotonic()

    folders = [(bundled_dir, BUNDLED)] + ([(user_dir, USER)] if user_dir else [])
    stopped = False
    for folder, origin in folders:
        real_folder = _real_path(folder)
        to_parse: list[tuple[Path, str, Signature | None]] = []
        for path in routine_files(folder):
            if stop is not None and stop():
                stopped = True  # ten thousand files take a while to list, and their cache to read
                break
            key = os.path.join(real_folder, path.name)
            seen.add(key)
            signature = file_signature(path)
            routine = cache.get(path, origin, signature, key, language)
            if routine is None:
                to_parse.append((path, key, signature))
            else:
                found(routine)
        if stopped:
            break
        items = [(path, origin) for path, _, _ in to_parse]
        if items and before_parsing is not None:
            before_parsing(process_count(len(items)) > 1)
        if items and stop is not None and stop():
            stopped = True  # the app quits: this folder is not parsed
            break
        # Closed when the loop ends, however it ends: worker processes parse no further chunks.
        with closing(_parse_all(items, illustrations_dir, language)) as outcomes:
            for (_path, key, signature), outcome in zip(to_parse, outcomes, strict=True):
                if isinstance(outcome, RoutineFileError):
                    library.skipped.append(outcome)
                else:
                    routine, text = outcome
                    cache.put(routine, signature, key, language, text)
                    found(routine)
                if stop is not None and stop():
                    stopped = True
                    break
        if stopped:
            break
    if on_batch is not None and pending:
        on_batch(pending)
    if not stopped:  # a stopped load has not seen every folder: it forgets nobody's files
        cache.forget_missing(seen)
    if save_later is not None and not cache.has_news:
        save_later(cache.save)
        return library
    cache.save()
    if cache.note:
        library.notes.append(cache.note)
    return library


def _parse_all(items: list[tuple[Path, str]], illustrations_dir: Path | None, language: str
               ) -> Generator[tuple[Routine, str | None] | RoutineFileError, None, None]:
    """Each file's routine (with its cache entry in JSON when a worker process made it) or
    error, in order: many files in worker processes, few (or all, where processes cannot be
    had) here."""
    done = 0
    processes = process_count(len(items))
    if processes > 1:
        try:
            # Closed with this generator, not when the collector gets to it: its worker
            # processes end as soon as the load stops.
            with closing(parse_in_processes(items, illustrations_dir, processes, language)
                         ) as outcomes:
                for outcome in outcomes:
                    done += 1
                    yield outcome
        except (OSError, RuntimeError, ImportError):  # WorkerEnded is a RuntimeError
            pass  # the rest is parsed here
    images = ImageLookup()
    for path, origin in items[done:]:
        try:
            yield _parse(path, origin, illustrations_dir, language, images), None
        except RoutineFileError as error:
            yield error


def _real_path(folder: Path) -> str:
    try:
        return os.path.realpath(folder)
    except (OSError, ValueError):
        return str(folder)


def add_routine(library: Library, routine: Routine) -> None:
    """Adds a routine; the person's own replaces a bundled one of the same id."""
    bundled_twin = library.routines.get(routine.id)
    if routine.origin == USER and bundled_twin is not None and bundled_twin.origin == BUNDLED:
        library.replaced[routine.id] = bundled_twin.path or routine.path  # type: ignore[assignment]
    library.routines[routine.id] = routine


def load_known_routines(data: DataPaths, on_batch: Batch | None = None,
                        before_parsing: Callable[[bool], object] | None = None,
                        save_later: Callable[[Callable[[], None]], object] | None = None,
                        stop: Callable[[], bool] | None = None) -> Library:
    """The bundled routines and the person's own, through the parsed-routine cache."""
    return load_library(paths.bundled_routines_dir(), data.user_routines,
                        paths.illustrations_dir(), data.routine_cache, on_batch, before_parsing,
                        save_later, stop)


def find_known_routine(reference: str, data: DataPaths) -> Routine:
    """A routine by path, or by id without loading the whole library: the person's own file
    of that name, else the bundled one. Raises as `find_routine` does."""
    if _looks_like_path(reference):
        return _parse(Path(reference).expanduser(), USER, paths.illustrations_dir())
    for folder, origin in ((data.user_routines, USER), (paths.bundled_routines_dir(), BUNDLED)):
        path = folder / f"{reference}.yaml"
        if os.path.lexists(path):
            return _parse(path, origin, paths.illustrations_dir())
    raise UnknownRoutineError(_("no routine with id '{id}' (see: spasm-timer list)").format(
        id=reference))


def _looks_like_path(reference: str) -> bool:
    return reference.endswith((".yaml", ".yml")) or "/" in reference or "\\" in reference


class UnknownRoutineError(LookupError):
    """Neither a known routine id nor a routine file."""


def find_routine(reference: str, library: Library,
                 illustrations_dir: Path | None = None) -> Routine:
    """A routine by id, or by path to a .yaml file.

    Raises RoutineFileError for a file that does not load, UnknownRoutineError for an unknown id.
    """
    if _looks_like_path(reference):
        return _parse(Path(reference).expanduser(), USER, illustrations_dir)
    if reference in library.routines:
        return library.routines[reference]
    for error in library.skipped:
        if error.path.stem == reference:
            raise error  # its file is there but does not load: say why, not "no such id"
    raise UnknownRoutineError(_("no routine with id '{id}' (see: spasm-timer list)").format(
        id=reference))
