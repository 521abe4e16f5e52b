"""The start-up baseline: a bare PySide6 window with one label, shown, painted once, then quit.

It does what `spasm-timer --quit-after-startup` does with nothing of the app around it: make a
QApplication, show a window, wait for the window's first paint event, quit on the next turn of
the event loop (when the frame has been flushed). Whatever the app costs beyond this script is
the app's own. With `--stay` it stays open instead, the baseline for memory at idle.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget


class _FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self.app.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.setWindowTitle("bare")
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("12:34"))
    spy = _FirstPaint(app)
    if "--stay" not in sys.argv:
        window.installEventFilter(spy)
    window.resize(640, 480)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
