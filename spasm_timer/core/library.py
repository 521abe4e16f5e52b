"""All the routines a person can pick: bundled ones, and their own, which win on the same id."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spasm_timer.core.loader import RoutineFileError, load_routine_file
from spasm_timer.core.routine import Routine

BUNDLED = "bundled"
USER = "user"

# Parsed files keyed by path, kept while (size, mtime) stay the same: the app reloads the
# library when files change without parsing the unchanged ones again.
_cache: dict[Path, tuple[tuple[int, int], Routine | RoutineFileError]] = {}


@dataclass
class Library:
    routines: dict[str, Routine] = field(default_factory=dict)
    skipped: list[RoutineFileError] = field(default_factory=list)
    # id → the bundled file that a user routine of the same id replaces
    replaced: dict[str, Path] = field(default_factory=dict)

    def sorted_routines(self) -> list[Routine]:
        return sorted(self.routines.values(), key=lambda r: (r.area.lower(), r.name.lower()))


def _load_cached(path: Path, origin: str, illustrations_dir: Path | None) -> Routine:
    try:
        stat = path.stat()
        signature = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        signature = (-1, -1)
    cached = _cache.get(path)
    if cached and cached[0] == signature and signature != (-1, -1):
        result = cached[1]
    else:
        try:
            result = load_routine_file(path, origin, illustrations_dir)
        except RoutineFileError as error:
            result = error
        _cache[path] = (signature, result)
    if isinstance(result, RoutineFileError):
        raise result
    return result


def routine_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.yaml") if p.is_file())
    except OSError:
        return []


def load_library(bundled_dir: Path, user_dir: Path | None,
                 illustrations_dir: Path | None = None) -> Library:
    """Loads every routine it can; a bad file is skipped and reported, never fatal."""
    library = Library()
    folders = [(bundled_dir, BUNDLED)] + ([(user_dir, USER)] if user_dir else [])
    for folder, origin in folders:
        for path in routine_files(folder):
            try:
                routine = _load_cached(path, origin, illustrations_dir)
            except RoutineFileError as error:
                library.skipped.append(error)
                continue
            bundled_twin = library.routines.get(routine.id)
            if origin == USER and bundled_twin is not None and bundled_twin.origin == BUNDLED:
                library.replaced[routine.id] = bundled_twin.path or path
            library.routines[routine.id] = routine
    return library


class UnknownRoutineError(LookupError):
    """Neither a known routine id nor a routine file."""


def find_routine(reference: str, library: Library, illustrations_dir: Path | None = None) -> Routine:
    """A routine by id, or by path to a .yaml file.

    Raises RoutineFileError for a file that does not load, UnknownRoutineError for an unknown id.
    """
    path = Path(reference).expanduser()
    looks_like_path = reference.endswith((".yaml", ".yml")) or "/" in reference or "\\" in reference
    if looks_like_path:
        return load_routine_file(path, USER, illustrations_dir)
    if reference in library.routines:
        return library.routines[reference]
    raise UnknownRoutineError(f"no routine with id '{reference}' (see: spasm-timer list)")
