"""Checks, in a child process, that a speech engine answers at all.

Some speech engines block the calling thread for good when their service is stuck (speechd
with no audio device, for one). Creating the engine inside the app would then freeze the
window mid-session, so the app first asks this small process, with a time limit, and only
creates the engine itself once the probe has answered.

Run as `python -m spasm_timer.ui.speech_probe [ENGINE]`; prints one JSON line.
"""

from __future__ import annotations

import json
import sys


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
    raise SystemExit(main(sys.argv[1:]))
