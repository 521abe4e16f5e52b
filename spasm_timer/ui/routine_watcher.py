"""Watches the folder of the person's own routines, so the library follows their edits."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from spasm_timer.data_dir import DataDirError, ensure_private_data_dir

# File saves come as bursts of change signals (write, rename, chmod): reload once they settle.
RELOAD_DELAY_MS = 300
# Past this many routine files only their folder is watched (see watch_files).
MAX_WATCHED_FILES = 500


class RoutineFolderWatcher(QObject):
    """Emits `changed()` once a burst of changes to the routine files has settled."""

    changed = Signal()

    def __init__(self, data_root: Path, folder: Path, parent: QObject | None = None,
                 watch_now: bool = True) -> None:
        super().__init__(parent)
        self.folder = folder
        self.watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._settle.timeout.connect(self._on_settled)
        self.watcher.directoryChanged.connect(lambda _: self._settle.start())
        self.watcher.fileChanged.connect(lambda _: self._settle.start())
        try:
            # Often the first thing to create the data dir: it must be born private.
            ensure_private_data_dir(data_root)
            folder.mkdir(mode=0o700, exist_ok=True)
        except (OSError, DataDirError):
            return  # no folder for own routines (the data dir is unusable): nothing to watch
        if watch_now:
            self.watch_files()

    def watch_files(self) -> None:
        """Watches the folder and each routine file in it (in-place edits change no folder).
        With thousands of files, which cost dearly and run into the system's limit on
        watches, only the folder: it still sees files added, removed or saved by replacing."""
        folder = self.folder
        wanted = {str(folder), *_routine_files_up_to(folder, MAX_WATCHED_FILES + 1)} \
            if folder.is_dir() else set()
        if len(wanted) > MAX_WATCHED_FILES:
            wanted = {str(folder)}
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        if watched - wanted:
            self.watcher.removePaths(list(watched - wanted))
        # Editors often save by replacing the file, which drops it from the watch: re-add.
        if wanted - watched:
            self.watcher.addPaths(sorted(wanted - watched))

    def _on_settled(self) -> None:
        self.watch_files()
        self.changed.emit()


def _routine_files_up_to(folder: Path, most: int) -> list[str]:
    """The folder's routine files, but no more than `most`: listing all of ten thousand held
    the window for a good part of a second, only to watch none of them."""
    found: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if fnmatch.fnmatch(entry.name, "*.y*ml"):
                    found.append(entry.path)
                    if len(found) >= most:
                        break
    except OSError:
        pass
    return found
