"""Whether the app that runs a session is alive, so a session it is running reads "in
progress", and only a session whose app is gone reads "interrupted".

The app holds an exclusive lock (`flock`) on `sessions.running.lock` beside the log for as
long as it runs, and keeps in that file the id of the session it is running (nothing
between sessions). A reader (the History window, `spasm-timer history`) asks
`session_in_progress(database)`: it gets the id only while the lock is held. The system
drops the lock the moment the app's process ends, however it ends (a crash, `kill -9`), so
a stale file never makes a dead session look alive. Where `flock` does not exist, no session
reads "in progress".
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl

    HAVE_FLOCK = True
except ImportError:  # not a POSIX system
    HAVE_FLOCK = False

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_MAX_ID_BYTES = 200


def presence_path(database: Path) -> Path:
    return database.with_name(database.stem + ".running.lock")


class AppPresence:
    """The running app's side: holds the lock, and names the session it runs."""

    def __init__(self, database: Path) -> None:
        self.path = presence_path(database)
        self._descriptor: int | None = None

    def hold(self) -> bool:
        """Takes the lock; False when it cannot (another app of this data dir holds it, no
        flock here, or the folder is not writable): then nothing reads "in progress"."""
        if not HAVE_FLOCK or self._descriptor is not None:
            return self._descriptor is not None
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
        except OSError:
            return False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        self._descriptor = descriptor
        self.running(None)
        return True

    def running(self, session_id: str | None) -> None:
        """The session now running, or None between sessions."""
        if self._descriptor is None:
            return
        try:
            os.ftruncate(self._descriptor, 0)
            if session_id:
                os.pwrite(self._descriptor, session_id.encode("utf-8")[:_MAX_ID_BYTES], 0)
        except OSError:
            pass  # it only tells the history what runs; the session itself is unaffected

    def release(self) -> None:
        if self._descriptor is not None:
            self.running(None)
            os.close(self._descriptor)  # closing drops the lock
            self._descriptor = None


def session_in_progress(database: Path) -> str | None:
    """The id of the session a living app is running now, or None."""
    if not HAVE_FLOCK:
        return None
    try:
        descriptor = os.open(presence_path(database), os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:  # held: the app is alive
            text = os.pread(descriptor, _MAX_ID_BYTES, 0).decode("utf-8", "replace").strip()
            return text or None
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return None  # nobody holds it: no app runs a session
    finally:
        os.close(descriptor)
