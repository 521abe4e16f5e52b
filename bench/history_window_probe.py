"""Probe: how long the history window takes to show its first page. Prints one JSON line.

Times, in this process, from just before `HistoryWindow(log)` to the turn of the event loop
after the table's first paint (the first page of sessions is on screen). Opening the log is
timed apart (`open_ms`): the app opens it once, at start-up, not per window.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from spasm_timer.paths import DataPaths
    from spasm_timer.settings import Settings
    from spasm_timer.storage.log import SessionLog
    from spasm_timer.ui import theme
    from spasm_timer.ui.history_window import HistoryWindow

    app = QApplication(sys.argv[:1])
    theme.apply(app, Settings())
    began = time.perf_counter()
    log = SessionLog.open(DataPaths(args.data_dir))
    opened = time.perf_counter()
    result: dict[str, object] = {"open_ms": (opened - began) * 1000}

    def painted() -> None:
        result["window_ms"] = (time.perf_counter() - opened) * 1000
        result["rows_loaded"] = window.model.rowCount()
        result["sessions"] = log.count()
        app.quit()

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                QTimer.singleShot(0, painted)
            return False

    window = HistoryWindow(log)
    spy = FirstPaint()
    window.table.viewport().installEventFilter(spy)
    window.resize(1100, 750)
    window.show()
    QTimer.singleShot(60_000, app.quit)  # never hang a benchmark run
    app.exec()
    window.close()
    log.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
