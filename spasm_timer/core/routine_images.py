"""Finding the picture a routine step names: beside the routine, else in the app's assets.

A name must stay inside the folder it is found in (no `..`, no link leading out). Loading a
library of thousands of routines asks the same few questions again and again ("breathe.svg"
in the same two folders); an `ImageLookup` made for one load remembers each answer for that
load, so a picture costs its stats once rather than once per step. Plain Python, no Qt.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

OUTSIDE = object()  # the name leads out of its folder
UNOPENABLE = object()  # a link that loops, or a name no file can have

Found = Path | object | None  # a Path, OUTSIDE, UNOPENABLE, or None: not in that folder


@functools.lru_cache(maxsize=256)
def resolved(folder: Path) -> Path:
    """A folder's real path; many routines share a folder, and resolving costs a stat a part."""
    return folder.resolve()


def _image_in(folder: Path, name: str) -> Found:
    """The image file `name` inside `folder`, OUTSIDE if it leads out of it, else None."""
    candidate = folder / name
    if Path(name).name == name and name not in (".", ".."):
        # A plain file name in a resolved folder stays inside it unless it is a link.
        try:
            mode = os.lstat(candidate).st_mode
        except OSError:
            return None
        if not stat.S_ISLNK(mode):
            return _shared(candidate) if stat.S_ISREG(mode) else None
    real = candidate.resolve()
    if not real.is_relative_to(folder):
        return OUTSIDE
    return _shared(real) if real.is_file() else None


def image_in(folder: Path, name: str) -> Found:
    """As `_image_in` in the folder's real path, with UNOPENABLE for a name that cannot be
    looked up at all. (A folder that cannot be resolved raises: the file is unreadable.)"""
    real_folder = resolved(folder)
    try:
        return _image_in(real_folder, name)
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a link loop (3.11/3.12)
        return UNOPENABLE


_SHARED_PATHS: dict[str, Path] = {}


def _shared(path: Path) -> Path:
    """One Path object for each image: thousands of routines name the same few pictures, and
    one object is pickled once (from the worker processes) and turned into text once."""
    if len(_SHARED_PATHS) > 4096:
        _SHARED_PATHS.clear()
    return _SHARED_PATHS.setdefault(str(path), path)


class ImageLookup:
    """`find(folder, name)`: what `image_in` says, remembered for the life of this object.

    Make one for one load of many files, never keep one: a picture added or removed later
    must be seen by the next load."""

    def __init__(self) -> None:
        self._answers: dict[tuple[str, str], Found] = {}

    def find(self, folder: Path, name: str) -> Found:
        # Keyed by the folder's text: a path's own hash and equality are slow, and each
        # routine file brings a new Path for its folder.
        key = (str(folder), name)
        if key not in self._answers:
            self._answers[key] = image_in(folder, name)
        return self._answers[key]
