"""Adding a routine file to the person's own routines, and saving a copy of any routine to share.

A file is checked with the loader's own rules before anything is written; a file that does not
load is refused with its problems and nothing is copied. A good file is copied as it was written,
byte for byte, so its comments and layout stay the person's. A routine already there under the
same id, or a bundled one it would hide, is only replaced when asked. Plain Python, no Qt: the
command line and the app share it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from spasm_timer import paths
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.data_dir import ensure_private_data_dir
from spasm_timer.i18n import _
from spasm_timer.private_files import read_regular_file, write_private_atomically

# As the loader: a routine file is at most 1 MiB; a picture, a few MiB at the very most.
MAX_ROUTINE_BYTES = 1024 * 1024
MAX_PICTURE_BYTES = 16 * 1024 * 1024


class RoutineExistsError(Exception):
    """A routine with the same id is already there; str() says which, in one line."""

    def __init__(self, routine_id: str, existing: Path, bundled: bool):
        self.routine_id = routine_id
        self.existing = existing
        self.bundled = bundled
        clash = (_("'{id}' is already a bundled routine ({path})") if bundled
                 else _("'{id}' is already one of your routines ({path})"))
        super().__init__(clash.format(id=routine_id, path=existing))


class TargetExistsError(Exception):
    """A file to be written is already there and may not be replaced."""


@dataclass
class Added:
    """What `add_routine_file` did: the routine as checked, where it went, what it replaced."""

    routine: Routine
    path: Path
    replaced: Path | None = None
    replaced_bundled: bool = False
    pictures: list[Path] = field(default_factory=list)


def check_routine_file(path: Path) -> Routine:
    """The routine in `path`, checked as the library checks it; raises RoutineFileError."""
    from spasm_timer.core.loader import load_routine_file

    return load_routine_file(Path(path), "user", paths.illustrations_dir())


def user_routine_path(data: paths.DataPaths, routine_id: str) -> Path:
    return data.user_routines / f"{routine_id}.yaml"


def bundled_routine_path(routine_id: str) -> Path | None:
    path = paths.bundled_routines_dir() / f"{routine_id}.yaml"
    return path if path.is_file() else None


def existing_routine(data: paths.DataPaths, routine_id: str) -> RoutineExistsError | None:
    """Why a routine called `routine_id` would replace another, or None when the id is free."""
    mine = user_routine_path(data, routine_id)
    if mine.exists():
        return RoutineExistsError(routine_id, mine, bundled=False)
    bundled = bundled_routine_path(routine_id)
    if bundled is not None:
        return RoutineExistsError(routine_id, bundled, bundled=True)
    return None


def _own_pictures(routine: Routine, source: Path) -> list[tuple[Path, Path]]:
    """(picture, its path relative to the routine) for each picture kept beside the routine
    rather than among the bundled illustrations: those must travel with it."""
    folder = source.parent.resolve()
    shared = paths.illustrations_dir().resolve()
    found = []
    for step in routine.steps:
        if step.image is None:
            continue
        real = step.image.resolve()
        if real.is_relative_to(folder) and not real.is_relative_to(shared):
            pair = (real, real.relative_to(folder))
            if pair not in found:
                found.append(pair)
    return found


def add_routine_file(source: Path, data: paths.DataPaths, replace: bool = False) -> Added:
    """Checks `source` and copies it, as written, into the person's routines folder.

    Raises RoutineFileError (nothing copied) for a file that does not load, RoutineExistsError
    when the id is taken and `replace` is false, DataDirError or OSError when it cannot write.
    """
    source = Path(source).expanduser()
    routine = check_routine_file(source)
    clash = existing_routine(data, routine.id)
    if clash is not None and not replace:
        raise clash
    content = read_regular_file(source, MAX_ROUTINE_BYTES)
    ensure_private_data_dir(data.root)
    folder = data.user_routines
    folder.mkdir(mode=0o700, exist_ok=True)
    target = user_routine_path(data, routine.id)
    pictures = []
    for picture, relative in _own_pictures(routine, source):
        destination = folder / relative
        if destination.resolve() != picture:
            destination.parent.mkdir(parents=True, exist_ok=True)
            write_private_atomically(destination, read_regular_file(picture, MAX_PICTURE_BYTES))
        pictures.append(destination)
    if target.resolve() != source.resolve():
        write_private_atomically(target, content)
    return Added(check_routine_file(target), target, clash.existing if clash else None,
                 bool(clash and clash.bundled), pictures)


def save_copy(routine: Routine, target: Path, replace: bool = False) -> list[Path]:
    """Writes the file of `routine` to `target`, as written, with any pictures of its own
    beside it; returns every file written. Raises TargetExistsError when `target` is there and
    `replace` is false."""
    if routine.path is None:
        raise ValueError(_("'{id}' has no file to copy").format(id=routine.id))
    target = Path(target).expanduser()
    if target.suffix.lower() not in (".yaml", ".yml"):
        target = target.with_name(target.name + ".yaml")
    if target.exists() and not replace:
        raise TargetExistsError(_("{path} is already there; choose another name, or replace it")
                                .format(path=target))
    if target.resolve() == routine.path.resolve():
        return [target]
    _share_copy(target, read_regular_file(routine.path, MAX_ROUTINE_BYTES))
    written = [target]
    for picture, relative in _own_pictures(routine, routine.path):
        destination = target.parent / relative
        if destination.resolve() != picture:
            destination.parent.mkdir(parents=True, exist_ok=True)
            _share_copy(destination, read_regular_file(picture, MAX_PICTURE_BYTES))
            written.append(destination)
    return written


def _share_copy(target: Path, content: bytes) -> None:
    """A file to give away: written as safely as the app's own, with the usual permissions."""
    write_private_atomically(target, content)
    current = os.umask(0o022)
    os.umask(current)
    os.chmod(target, 0o666 & ~current)


__all__ = ["Added", "RoutineExistsError", "RoutineFileError", "TargetExistsError",
           "add_routine_file", "check_routine_file", "existing_routine", "save_copy",
           "user_routine_path"]
