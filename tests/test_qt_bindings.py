"""The Qt bindings the app runs on must not eat references to Python's singletons.

PySide6 6.12.0 drops a reference to True on every signal emit and to None on every call of a
method that returns nothing. On Python 3.11 those objects are not immortal: after a few minutes
of countdown the interpreter aborts mid-session. pyproject.toml keeps that version out; this
test fails if a version with the same fault ever comes back.
"""

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class Emitter(QObject):
    happened = Signal(object)


def test_signals_and_void_calls_keep_true_and_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    emitter, timer = Emitter(), QTimer()
    emitter.happened.connect(lambda value: None)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(1000):
        emitter.happened.emit(1)
        timer.setSingleShot(True)
        timer.stop()
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(None) - none_before) < 50
