"""Probe: how long a person waits, from typing the command, for the countdown to run.

Runs the real `spasm-timer run ROUTINE --start --data-dir DIR` in this process and notes the
moment the session driver has started the session and the event loop has turned once after
it (the first step's countdown is on screen and ticking); then exits at once. Prints one JSON line:
`countdown_s`, seconds from `--spawned-at` (the parent's clock when it spawned this process)
to that moment. The data dir's settings say the safety note has been read, as on every start
after the first, and the offer to carry on the session the last run cut short is declined.
Each run leaves the routine cut short, with its running-session note, so every start after
the first waits for the log to open in full before it counts down (as after a crash; see
`START_WAITS_TO_OFFER_MS` in app.py), not just the 300 ms a start with nothing cut short
gives the log: the figure is the longer of the two waits.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--routine", default="calf-cramp")
    parser.add_argument("--spawned-at", type=float, required=True)
    args = parser.parse_args()

    from spasm_timer import cli
    from spasm_timer.paths import DataPaths
    from spasm_timer.settings import Settings, SettingsFile
    from spasm_timer.ui import session_driver

    SettingsFile(DataPaths(args.data_dir).settings).save(Settings(safety_note_seen=True))
    # Each run ends mid-session, so the next finds the routine cut short and would ask
    # whether to carry it on, waiting for a person: answered "start afresh" at once.
    from spasm_timer.ui import resume_offer

    resume_offer.offer_to_carry_on = lambda *args, **kwargs: None  # type: ignore[assignment]
    result: dict[str, object] = {}
    original_start = session_driver.SessionDriver.start

    def started(self, at: int = 0) -> bool:  # type: ignore[no-untyped-def]
        done = original_start(self, at)
        from PySide6.QtCore import QTimer

        def running() -> None:
            if "countdown_s" not in result:
                result["countdown_s"] = time.time() - args.spawned_at
                print(json.dumps(result), flush=True)
                # At once: a quit during a session may ask "Stop the session?", and the
                # timing is all this probe is for.
                os._exit(0)

        QTimer.singleShot(0, running)
        return done

    session_driver.SessionDriver.start = started  # type: ignore[method-assign]
    from PySide6.QtCore import QTimer

    QTimer.singleShot(120_000, lambda: sys.exit(3))  # never hang a benchmark run
    cli.main(["run", args.routine, "--start", "--data-dir", str(args.data_dir)])
    return 0 if "countdown_s" in result else 4


if __name__ == "__main__":
    raise SystemExit(main())
