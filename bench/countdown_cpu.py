"""Probe: the CPU a counting step costs. Prints one JSON line.

A PlayerView on a real bundled routine, driven by a real SessionDriver (one precise QTimer, the
MonotonicClock, the session log recording), moved to the first step of at least `--seconds` +
settle time. After a settle period the process CPU time (user + system, getrusage) is read at
the start and end of a window of `--seconds` during which the event loop runs untouched.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from qt_timing import precise_single_shot

SETTLE_SECONDS = 2.0


def _cpu() -> float:
    """User + system seconds of this process, to the microsecond."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from spasm_timer import paths
    from spasm_timer.core.clock import MonotonicClock
    from spasm_timer.core.library import load_library
    from spasm_timer.core.timeline import expand
    from spasm_timer.settings import Settings
    from spasm_timer.storage.log import SessionLog
    from spasm_timer.storage.recorder import SessionRecorder
    from spasm_timer.ui import theme
    from spasm_timer.ui.player import PlayerView
    from spasm_timer.ui.session_driver import SessionDriver

    app = QApplication(sys.argv[:1])
    settings = Settings()
    theme.apply(app, settings)

    needed = args.seconds + SETTLE_SECONDS + 3
    library = load_library(paths.bundled_routines_dir(), None, paths.illustrations_dir())
    choice = None
    for routine in library.sorted_routines():
        timeline = expand(routine, settings.default_lead_in)
        for index, segment in enumerate(timeline.segments):
            if segment.is_step and segment.seconds >= needed:
                choice = (routine, timeline, index, segment)
                break
        if choice:
            break
    if choice is None:
        raise SystemExit(f"no bundled routine has a step of {needed:.0f} s or more")
    routine, timeline, index, segment = choice

    log = SessionLog.open(paths.DataPaths(args.data_dir))
    driver = SessionDriver(timeline, MonotonicClock(), SessionRecorder(log, routine, timeline))
    player = PlayerView(driver, settings)
    player.resize(1024, 700)
    player.show()
    driver.start()
    while driver.index < index:
        driver.next()

    counts = {"timer_fired": 0, "display_changed": 0, "events": 0}

    def count(name: str):  # type: ignore[no-untyped-def]
        def bump(*_: object) -> None:
            counts[name] += 1
        return bump

    driver.timer.timeout.connect(count("timer_fired"))
    driver.display_changed.connect(count("display_changed"))
    driver.event_occurred.connect(count("events"))

    from PySide6.QtCore import QTimer

    marks: dict[str, object] = {}

    def begin() -> None:
        for key in counts:
            counts[key] = 0
        marks["times"] = _cpu()
        marks["wall"] = time.monotonic()
        precise_single_shot(app, round(args.seconds * 1000), end)

    def end() -> None:
        before, after = marks["times"], _cpu()
        wall = time.monotonic() - marks["wall"]  # type: ignore[operator]
        cpu = after - before  # type: ignore[operator]
        marks["result"] = {
            "cpu_seconds": cpu, "wall_seconds": wall, "percent_of_core": 100 * cpu / wall,
            "routine": routine.id, "step": segment.title, "step_seconds": segment.seconds,
            "still_on_step": driver.index == index, **counts,
        }
        app.quit()

    QTimer.singleShot(round(SETTLE_SECONDS * 1000), begin)
    app.exec()
    driver.stop()
    log.close()
    print(json.dumps(marks["result"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
