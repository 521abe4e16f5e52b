"""Probe: how long a key waits after the first paint, while the app does what comes after it.

Runs the real app (`spasm-timer --data-dir DIR`) in this process, offscreen. From the first
paint on, a thread "presses a key" every 10 ms: it posts an event to an object of the GUI
thread, stamped with the moment it was meant to be pressed (so a thread held up by the
interpreter lock does not hide the wait), and the GUI thread notes when each is handled.
Keys are pressed until one second after the start-up has settled (log open, library full,
the rest of the work after the first paint done), or `--seconds` at most. Prints one JSON
line: `worst_key_ms`, the longest any key waited; `median_key_ms`; `keys`, how many were
pressed; `slow_keys`, how many waited over 100 ms; `settled_s`, seconds from the first paint
until the start-up settled.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from pathlib import Path

PRESS_EVERY_S = 0.01
AFTER_SETTLED_S = 1.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()

    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

    from spasm_timer import app, cli

    key_type = QEvent.Type(QEvent.registerEventType())
    waits: list[float] = []
    result: dict[str, object] = {}

    class KeyEvent(QEvent):
        def __init__(self, pressed_at: float) -> None:
            super().__init__(key_type)
            self.pressed_at = pressed_at

    class Receiver(QObject):
        def event(self, event: QEvent) -> bool:
            if isinstance(event, KeyEvent):
                waits.append(time.perf_counter() - event.pressed_at)
                return True
            return super().event(event)

    receiver = Receiver()
    stop = threading.Event()

    def press_keys() -> None:
        first = time.perf_counter()
        number = 0
        while not stop.is_set():
            number += 1
            meant = first + number * PRESS_EVERY_S
            pause = meant - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            QCoreApplication.postEvent(receiver, KeyEvent(meant))

    after_first_paint = app._after_first_paint

    def measure(application, window, options) -> None:  # type: ignore[no-untyped-def]
        painted = time.perf_counter()
        presser = threading.Thread(target=press_keys, name="keys", daemon=True)
        presser.start()
        after_first_paint(application, window, options)
        settled: list[float] = []

        def check() -> None:
            now = time.perf_counter()
            filler = window._library_filler
            ready = (window.log is not None and window.started_up
                     and filler is not None and not filler.running
                     and not window.library_view.filling)
            if ready and not settled:
                settled.append(now - painted)
            if (settled and now - painted > settled[0] + AFTER_SETTLED_S) \
                    or now - painted > args.seconds:
                stop.set()
                presser.join()
                QTimer.singleShot(50, application.quit)  # the last keys are handled
                result["settled_s"] = settled[0] if settled else None
            else:
                QTimer.singleShot(20, check)

        check()

    app._after_first_paint = measure  # type: ignore[assignment]
    code = cli.main(["--data-dir", str(args.data_dir)])
    result.update(worst_key_ms=round(max(waits) * 1000, 1), keys=len(waits),
                  slow_keys=sum(wait > 0.1 for wait in waits),
                  median_key_ms=round(sorted(waits)[len(waits) // 2] * 1000, 1))
    print(json.dumps(result))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
