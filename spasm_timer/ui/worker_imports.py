"""Native modules a worker thread needs, imported on the GUI thread before the worker uses them.

A thread that imports a C extension holds Python's lock while it waits for the system's
dynamic-loader lock. If the GUI thread is inside the loader at that moment without Python's
lock (Qt loading a plugin: sound, speech, pictures) and Qt logs a line, our Qt message handler
(qt_messages.py) waits for Python's lock while holding the loader's: both threads wait for
good, and the window freezes. So no worker thread of the app may import a native module for
the first time. Each worker's modules are listed here and imported on the GUI thread first, a
few on each turn of the event loop, so that a key pressed meanwhile is still answered at once
(importing PyYAML whole takes about 50 ms).

`tests/test_worker_imports.py` runs each worker in a fresh interpreter and fails if it loads a
native module itself.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

# What parsing routine files needs (core/loader.py), in slices of a few milliseconds each,
# the modules others import first. `yaml` brings its C part, _yaml.
PARSING: tuple[tuple[str, ...], ...] = (
    ("unicodedata", "difflib"),
    ("datetime", "base64"),
    ("yaml",),
    ("spasm_timer.core.loader",),
)

# And what starting worker processes and reading their pickles needs besides
# (core/routine_parsing.py): only for many files.
PARSING_IN_PROCESSES: tuple[tuple[str, ...], ...] = (
    *PARSING,
    ("select", "_posixsubprocess", "fcntl", "math", "_struct", "_pickle"),
    ("subprocess", "pickle"),
)

# What the log writer's thread needs (ui/log_link.py and the storage modules it uses).
LOG: tuple[tuple[str, ...], ...] = (
    ("fcntl", "spasm_timer.storage.app_presence"),
    ("datetime",),
    ("sqlite3",),
    ("spasm_timer.storage.log_statistics", "spasm_timer.storage.log_opening"),
    ("spasm_timer.storage.log",),
    ("spasm_timer.storage.log_checkup", "spasm_timer.storage.pending_writes"),
    ("spasm_timer.storage.log_writer",),
    ("spasm_timer.ui.log_link",),
)


def missing(slices: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The slices with a module not imported yet."""
    return [tuple(names) for names in slices if any(name not in sys.modules for name in names)]


def import_now(slices: Sequence[Sequence[str]]) -> None:
    for names in slices:
        for name in names:
            importlib.import_module(name)


def import_in_turns(slices: Sequence[Sequence[str]], then: Callable[[], object],
                    context: QObject | None = None) -> None:
    """Imports one slice per turn of the event loop, then calls `then` (at once when all
    are imported already). Call on the GUI thread."""
    pending = missing(slices)

    def next_slice() -> None:
        if not pending:
            then()
            return
        import_now([pending.pop(0)])
        if context is None:
            QTimer.singleShot(0, next_slice)
        else:
            QTimer.singleShot(0, context, next_slice)

    next_slice()
