"""The operating system's errors in the person's words.

An OSError's own text ("[Errno 13] Permission denied: '/home/…/log.csv'") is the C library's
English, whatever language the app speaks. For the errors people meet (a file that is not
there, no permission, a full or read-only disk, a folder where a file was meant, a path that
is too long or goes nowhere) the app says
what happened in their language, naming the file; any other error keeps the operating system's
text, which says more than nothing. Plain Python, no Qt: the command line uses it too.

Both forms fit after a colon, inside a sentence: "Could not export to log.csv: {problem}".
"""

from __future__ import annotations

import errno
import os

from spasm_timer.i18n import N_, _

# What happened to the file at {path}.
_ABOUT_PATH = {
    errno.ENOENT: N_("{path} does not exist"),
    errno.EACCES: N_("no permission to use {path}"),
    errno.EPERM: N_("no permission to use {path}"),
    errno.ENOSPC: N_("the disk is full: no room for {path}"),
    errno.EROFS: N_("{path} is on a read-only disk"),
    errno.EISDIR: N_("{path} is a folder, not a file"),
    errno.EDQUOT: N_("the disk quota is used up: no room for {path}"),
    errno.ENOTDIR: N_("part of the path {path} is a file, not a folder"),
    errno.ENAMETOOLONG: N_("the path {path} is too long"),
    errno.ELOOP: N_("the path {path} loops through symbolic links"),
}

# The same, when the error names no file (a write to a file already open, for one).
_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.ENOTDIR: N_("part of the path is a file, not a folder"),
    errno.ENAMETOOLONG: N_("the path is too long"),
    errno.ELOOP: N_("the path loops through symbolic links"),
}


def os_reason(error: OSError) -> str | None:
    """What went wrong in a few words without the file ("permission denied"), in the
    person's language; None when the error is not one of the common ones."""
    known = _REASONS.get(error.errno) if isinstance(error.errno, int) else None
    return _(known) if known else None


def reason_text(error: OSError) -> str:
    """`os_reason`, or the operating system's own words for an error that is not a common
    one: always something to say after a colon."""
    return os_reason(error) or error.strerror or str(error)


def problem_text(error: BaseException) -> str:
    """What went wrong, to show the person: for the common OSErrors a phrase in their language
    naming the file ("no permission to use /home/…/log.csv"); for anything else its own text."""
    if isinstance(error, OSError) and isinstance(error.errno, int):
        about_path = _ABOUT_PATH.get(error.errno)
        if about_path and isinstance(error.filename, (str, bytes, os.PathLike)):
            return _(about_path).format(path=os.fsdecode(error.filename))
        reason = os_reason(error)
        if reason:
            return reason
    return str(error)
