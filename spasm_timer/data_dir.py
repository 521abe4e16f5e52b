"""Is the data dir usable, and is it private? One line when it is not, naming the folder.

How to wire it: a command that needs the data dir (history, export, import, the app) asks
`check_data_dir(data.root)` first and, when it gets a line back, prints `spasm-timer: <line>`
and exits 2. Before writing anything, `ensure_private_data_dir(data.root)` creates the folder
0700 (raising DataDirError with the same kind of line when it cannot) and returns a warning
when an existing folder can be read by other people; its mode is theirs to choose, so it is
never changed. Commands that need no data dir (list, plan, validate) call neither: a broken
data dir must not stop someone from reading a routine. Plain Python, no Qt.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from spasm_timer.i18n import _
from spasm_timer.os_errors import reason_text
from spasm_timer.private_files import make_private_folder, probe_write


class DataDirError(Exception):
    """The data dir cannot be used; str() is the one line to show, naming the folder."""


def _nearest_existing(path: Path) -> Path:
    """The folder itself, or the closest ancestor that exists (where it would be created)."""
    while not os.path.lexists(path) and path.parent != path:
        path = path.parent
    return path


def check_data_dir(path: str | os.PathLike[str]) -> str | None:
    """What is wrong with the data dir at `path`, in one line, or None when it can be used.

    A folder that does not exist yet is fine as long as it can be created.
    """
    folder = Path(path)
    existing = _nearest_existing(folder)
    try:
        mode = existing.stat().st_mode  # follows symlinks: a link to a folder is a folder
    except OSError as error:
        return _("data dir {folder} cannot be used: {reason}").format(
            folder=folder, reason=reason_text(error))
    if existing == folder:
        if stat.S_ISREG(mode):
            return _("data dir {folder} is a file, not a folder").format(folder=folder)
        if not stat.S_ISDIR(mode):
            return _("data dir {folder} is not a folder").format(folder=folder)
    elif not stat.S_ISDIR(mode):
        return _("data dir {folder} cannot be created: {existing} is a file, not a folder"
                 ).format(folder=folder, existing=existing)
    if not os.access(existing, os.W_OK | os.X_OK):
        if existing == folder:
            return _("data dir {folder} is not writable: permission denied").format(folder=folder)
        return _("data dir {folder} cannot be created inside {existing}: permission denied"
                 ).format(folder=folder, existing=existing)
    try:
        probe_write(existing)
    except OSError as error:
        return _("data dir {folder} cannot be written: {reason}").format(
            folder=folder, reason=reason_text(error))
    return None


def ensure_private_data_dir(path: str | os.PathLike[str]) -> str | None:
    """Creates the data dir 0700 if it is missing; returns a warning when an existing one is
    open to other users (its mode is left alone), else None. Raises DataDirError."""
    folder = Path(path)
    problem = check_data_dir(folder)
    if problem:
        raise DataDirError(problem)
    try:
        if not folder.exists():
            make_private_folder(folder)
            return None
        mode = stat.S_IMODE(folder.stat().st_mode)
    except OSError as error:
        raise DataDirError(_("data dir {folder} cannot be created: {reason}").format(
            folder=folder, reason=reason_text(error))) from error
    if mode & 0o077 and os.name == "posix":
        return _("data dir {folder} can be read by other users (mode {mode}); "
                 "`chmod 700 {folder}` keeps your sessions to yourself").format(
                     folder=folder, mode=f"{mode:o}")
    return None
