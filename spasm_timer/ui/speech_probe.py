"""Checks, in a child process, that a speech engine answers at all.

Some speech engines block the calling thread for good when their service is stuck (speechd
with no audio device, for one). Creating the engine inside the app would then freeze the
window mid-session, so the app first asks this small process, with a time limit, and only
creates the engine itself once the probe has answered.

Run as `python -m spasm_timer.ui.speech_probe [ENGINE]`; prints one JSON line.
"""

from __future__ import annotations

import json
import os
import signal
import sys

# The app waits 8 s for an answer; by then this probe has no one to answer to.
GIVE_UP_SECONDS = 15
PR_SET_PDEATHSIG = 1


def _go_with_the_app(parent: int) -> None:
    """Never outlive the app: it may be stopped (SIGTERM, a crash) while this probe is stuck
    in a speech service, where nothing would ever end it."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # killed when the app goes
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        raise SystemExit(1)  # the app went before the line above took effect
    if hasattr(signal, "alarm"):
        signal.alarm(GIVE_UP_SECONDS)  # its default action ends the process, stuck or not


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTextToSpeech import QTextToSpeech

    app = QCoreApplication([sys.argv[0]])  # noqa: F841 - the engine needs an application
    engine = argv[0] if argv else ""
    speech = QTextToSpeech(engine) if engine else QTextToSpeech()
    working = speech.state() != QTextToSpeech.State.Error
    print(json.dumps({"ok": working, "engine": speech.engine()}), flush=True)
    return 0 if working else 1


if __name__ == "__main__":
    _go_with_the_app(os.getppid())
    raise SystemExit(main(sys.argv[1:]))
