"""Files the app writes in the data dir, and files it reads there or from the command line.

Writes never follow a link and never use a name someone could guess and plant first: a fresh
temporary file is made beside the target (`tempfile.mkstemp`: O_CREAT | O_EXCL | O_NOFOLLOW,
a random name, 0600), filled, flushed, and renamed over the target, which replaces a link
planted there instead of writing through it. A failed write leaves nothing behind.

Reads refuse what is not a regular file (a named pipe would hang the reader, a device never
ends) and stop at a size, so no file can make a command wait or fill the memory.

A file the app could not read is never deleted or written over: `move_aside` keeps it under a
new name beside the old one. Plain Python, no Qt.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

from spasm_timer.i18n import _
from spasm_timer.local_formats import decimal
from spasm_timer.os_errors import os_reason


class UnreadableFile(OSError):
    """A file that cannot be read as asked; str() says why in a few words. `why` is `kind`
    (not a regular file), `size` (too big) or `system` (the system refused)."""

    def __init__(self, message: str, why: str = "system"):
        super().__init__(message)
        self.why = why

    def __str__(self) -> str:
        return str(self.args[0])


def _kind_of(mode: int) -> str:
    """What a file that is not a regular file is, as the end of a sentence about it."""
    if stat.S_ISDIR(mode):
        return _("is a folder, not a file")
    if stat.S_ISFIFO(mode):
        return _("is a named pipe, not a file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("is a device, not a file")
    if stat.S_ISSOCK(mode):
        return _("is a socket, not a file")
    return _("is not a regular file")


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of `path`; raises UnreadableFile for anything but a regular file of at most
    `max_bytes`, and for any error of the system (named in its own words)."""
    try:
        # O_NONBLOCK: opening a named pipe with no writer would otherwise wait for good.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the name
        raise UnreadableFile(_reason(error)) from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(_kind_of(info.st_mode), "kind")
        if info.st_size > max_bytes:
            raise UnreadableFile(_("is {size}; at most {limit} is read").format(
                size=_size(info.st_size), limit=_size(max_bytes)), "size")
        chunks, total = [], 0
        # The first read asks for the size the file says it has, and a byte more to see it
        # grew: a read of up to 1 MiB makes a buffer that large each time (the system maps
        # fresh pages for it), more than reading a small routine file costs, and a cold
        # start reads thousands of them. Then 64 KiB at a time (a file whose size reads 0).
        ask = info.st_size + 1
        while chunk := os.read(descriptor, min(ask, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            ask = 1 << 16
            if total > max_bytes:  # it grew while being read
                raise UnreadableFile(_("is larger than {limit}").format(limit=_size(max_bytes)),
                                     "size")
        return b"".join(chunks)
    except UnreadableFile:
        raise
    except OSError as error:
        raise UnreadableFile(_reason(error)) from error
    finally:
        os.close(descriptor)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return _("cannot be read: {reason}").format(
            reason=os_reason(error) or error.strerror.lower())
    return _("cannot be read: the name holds a character no file name can")


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{decimal(count / 1048576)} MiB"  # units are the same in every language
    if count >= 1024:
        return f"{decimal(count / 1024, places=0)} KiB"
    return _("{count} bytes").format(count=count)


def write_private_atomically(path: Path, data: bytes) -> None:
    """Replaces `path` with `data`, readable by its owner only; raises OSError and then leaves
    no temporary file behind (the old file, if any, stays whole)."""
    descriptor, temporary = temporary_beside(path)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.replace(temporary, path)
        except OSError as error:  # about `path`, not the temporary file the error names
            raise OSError(error.errno, error.strerror, str(path)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def temporary_beside(path: Path) -> tuple[int, str]:
    """A new temporary file (0600) in `path`'s folder, to be renamed over `path`: its
    descriptor and name. When it cannot be made, the error names that folder, which the person
    chose; the temporary file's name would mean nothing to them."""
    try:
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path.parent)) from error


def move_aside(path: Path, label: str = "unreadable") -> Path:
    """Renames `path` to `<stem>.<label>-<time><suffix>` beside it (never over another file)
    and returns the new path; raises OSError when it cannot."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for number in range(1, 1000):
        extra = "" if number == 1 else f"-{number}"
        target = path.with_name(f"{path.stem}.{label}-{stamp}{extra}{path.suffix}")
        if not os.path.lexists(target):
            os.rename(path, target)
            return target
    raise FileExistsError(f"no free name beside {path}")


def make_private_folder(folder: Path) -> None:
    """Creates `folder` and its missing parents, each 0700 whatever the umask says; folders
    that are there already are left as they are."""
    missing = []
    while not os.path.lexists(folder) and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(mode=0o700)
        new.chmod(0o700)  # the umask may have removed bits; this only ever narrows to 0700


def probe_write(folder: Path) -> None:
    """Writes and removes a tiny file under a fresh random name: the only sure way to learn
    "full" or "read-only", and one no planted link can redirect."""
    descriptor, name = tempfile.mkstemp(dir=folder, prefix=".spasm-timer-write-probe-")
    try:
        os.write(descriptor, b"spasm-timer")
    finally:
        os.close(descriptor)
        os.unlink(name)
