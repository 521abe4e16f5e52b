"""Probe: start-up with a routine library, until the first paint and until the list is full.

Runs the real app (`spasm-timer --data-dir DIR`) in this process, offscreen, and prints one
JSON line: seconds from the start of this process to the first paint (`first_paint`) and to
the moment the background load has put every routine in the list (`library_full`), the CPU
seconds the process had used by then (`library_full_cpu`: on a busy machine the fairer
figure) and its worker processes that parsed files (`library_full_worker_cpu`), and how many
routines the list then holds. The app quits once the library is full.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()


def main() -> int:
    data_dir = Path(sys.argv[1])
    result: dict[str, object] = {}

    from PySide6.QtCore import QTimer

    from spasm_timer import app, cli

    after_first_paint = app._after_first_paint

    def measure(application, window, args) -> None:  # type: ignore[no-untyped-def]
        result["first_paint"] = time.perf_counter() - STARTED
        after_first_paint(application, window, args)

        def check() -> None:
            filler = window._library_filler
            if filler is not None and not filler.running and not window.library_view.filling:
                result["library_full"] = time.perf_counter() - STARTED
                usage = resource.getrusage(resource.RUSAGE_SELF)
                result["library_full_cpu"] = usage.ru_utime + usage.ru_stime
                # The worker processes that parsed files have ended by now.
                workers = resource.getrusage(resource.RUSAGE_CHILDREN)
                result["library_full_worker_cpu"] = workers.ru_utime + workers.ru_stime
                result["routines"] = len(window.library_view.routines_shown())
                application.quit()
            else:
                # Every 50 ms while the routines load, every 5 ms once the list fills (10,000
                # rows take longer than 50 ms to fill, so the end is still seen within 5 ms):
                # waking 200 times a second throughout cost the app's CPU figure about 0.02 s
                # for each second the load took, 0.6 s of a 30 s cold load on a busy machine.
                loaded = filler is not None and not filler.running
                QTimer.singleShot(5 if loaded else 50, check)

        check()

    app._after_first_paint = measure  # type: ignore[assignment]
    code = cli.main(["--data-dir", str(data_dir)])
    print(json.dumps(result))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
