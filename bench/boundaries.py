"""Probe: how late step boundaries reach the listeners, on a real QTimer. Prints one JSON line.

A routine of `--steps` one-second steps (no lead-ins, no rests) runs on a real SessionDriver
with the MonotonicClock and the session log recording, as in the app. Each boundary k is planned
at t0 + k, t0 being time.monotonic() just before `start()`; its lateness is when the driver's
StepEnded for it was delivered to a slot, minus that plan: the moment a cue can sound.

With `--stall-seconds`, a slot sleeps that long in the middle of the routine (an event loop
that hung on something). The boundaries that fall inside the stall can only be delivered when
it ends; they are counted apart. The ones after it show whether the schedule drifted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from qt_timing import precise_single_shot


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--stall-seconds", type=float, default=0.0)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from spasm_timer.core.clock import MonotonicClock
    from spasm_timer.core.durations import Duration
    from spasm_timer.core.events import SegmentStarted, StepEnded
    from spasm_timer.core.routine import Routine, Step
    from spasm_timer.core.timeline import expand
    from spasm_timer.paths import DataPaths
    from spasm_timer.storage.log import SessionLog
    from spasm_timer.storage.recorder import SessionRecorder
    from spasm_timer.ui.session_driver import SessionDriver

    app = QApplication(sys.argv[:1])
    steps = tuple(Step(kind="pressure", title=f"Press {n}", instructions="",
                       duration=Duration.fixed(1)) for n in range(1, args.steps + 1))
    routine = Routine(id="bench-seconds", name="Bench seconds", area="bench", steps=steps,
                      lead_in_seconds=0)
    timeline = expand(routine, 0)
    with tempfile.TemporaryDirectory() as spare:
        log = SessionLog.open(DataPaths(args.data_dir or Path(spare)))
        driver = SessionDriver(timeline, MonotonicClock(), SessionRecorder(log, routine, timeline))
        delivered: dict[int, float] = {}
        stall: dict[str, float] = {}
        stall_after = args.steps // 2

        def sleep_now() -> None:
            stall["from"] = time.monotonic()
            time.sleep(args.stall_seconds)
            stall["to"] = time.monotonic()

        def on_event(event: object) -> None:
            now = time.monotonic()
            if isinstance(event, StepEnded):
                delivered[event.index + 1] = now
            elif (isinstance(event, SegmentStarted) and event.index == stall_after
                  and args.stall_seconds > 0):
                # Half a second into the step, the loop hangs.
                precise_single_shot(app, 500, sleep_now)

        driver.event_occurred.connect(on_event)
        driver.finished.connect(lambda _status: app.quit())
        holder: dict[str, float] = {}

        def start() -> None:
            holder["t0"] = time.monotonic()
            driver.start()

        QTimer.singleShot(0, start)
        app.exec()
        log.close()

    t0 = holder["t0"]
    lateness = {k: (at - (t0 + k)) * 1000 for k, at in sorted(delivered.items())}
    inside = [k for k in lateness
              if stall and stall["from"] <= t0 + k < stall["to"]]
    outside = [ms for k, ms in lateness.items() if k not in inside]
    last = max(lateness)
    print(json.dumps({
        "boundaries": len(lateness), "max_late_ms": max(outside), "mean_late_ms":
        statistics.fmean(outside), "min_late_ms": min(outside), "final_drift_ms": lateness[last],
        "in_stall": len(inside), "in_stall_late_ms": [round(lateness[k], 1) for k in inside],
        "stall_seconds": (stall["to"] - stall["from"]) if stall else 0.0,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
