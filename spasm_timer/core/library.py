"""All the routines a person can pick: bundled ones, and their own, which win on the same id."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spasm_timer import paths
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.core.routine_cache import RoutineCache, file_signature

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
        return sorted(self.routines.values(), key=lambda r: (r.area.lower(), r.name.lower()))


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


def _parse(path: Path, origin: str, illustrations_dir: Path | None) -> Routine:
    # Imported here: with every file in the cache, start-up never loads PyYAML or the loader.
    from spasm_timer.core.loader import load_routine_file

    return load_routine_file(path, origin, illustrations_dir)


def load_library(bundled_dir: Path, user_dir: Path | None, illustrations_dir: Path | None = None,
                 cache_file: Path | None = None) -> Library:
    """Loads every routine it can; a bad file is skipped and reported, never fatal.

    With `cache_file`, unchanged files come from the parsed-routine cache (routine_cache.py).
    """
    library = Library()
    cache = RoutineCache(cache_file)
    seen: set[str] = set()
    folders = [(bundled_dir, BUNDLED)] + ([(user_dir, USER)] if user_dir else [])
    for folder, origin in folders:
        for path in routine_files(folder):
            seen.add(str(path))
            signature = file_signature(path)
            routine = cache.get(path, origin, signature)
            if routine is None:
                try:
                    routine = _parse(path, origin, illustrations_dir)
                except RoutineFileError as error:
                    library.skipped.append(error)
                    continue
                cache.put(routine, signature)
            _add(library, routine, origin, path)
    cache.forget_missing(seen)
    cache.save()
    if cache.note:
        library.notes.append(cache.note)
    return library


def _add(library: Library, routine: Routine, origin: str, path: Path) -> None:
    bundled_twin = library.routines.get(routine.id)
    if origin == USER and bundled_twin is not None and bundled_twin.origin == BUNDLED:
        library.replaced[routine.id] = bundled_twin.path or path
    library.routines[routine.id] = routine


def load_known_routines(data: DataPaths) -> Library:
    """The bundled routines and the person's own, through the parsed-routine cache."""
    return load_library(paths.bundled_routines_dir(), data.user_routines,
                        paths.illustrations_dir(), data.routine_cache)


class UnknownRoutineError(LookupError):
    """Neither a known routine id nor a routine file."""


def find_routine(reference: str, library: Library,
                 illustrations_dir: Path | None = None) -> Routine:
    """A routine by id, or by path to a .yaml file.

    Raises RoutineFileError for a file that does not load, UnknownRoutineError for an unknown id.
    """
    path = Path(reference).expanduser()
    looks_like_path = reference.endswith((".yaml", ".yml")) or "/" in reference or "\\" in reference
    if looks_like_path:
        return _parse(path, USER, illustrations_dir)
    if reference in library.routines:
        return library.routines[reference]
    raise UnknownRoutineError(f"no routine with id '{reference}' (see: spasm-timer list)")
