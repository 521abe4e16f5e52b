"""Probe: what the app has loaded by its first paint. Prints one JSON line.

Runs the real start-up (`spasm-timer --quit-after-startup`) in this process and looks at the
moment the window has painted. It explains the start-up ratio rather than timing it:
- `qt_namespace`: whether PySide has built the `QtCore.Qt` namespace, all 93 of its enums at
  once (~12 ms); the bare window never does, and nothing before the first paint should;
- `modules`: how many modules are imported;
- `collector_passes`: how many passes Python's cycle collector made (it is paused while the
  window is built, so these are the ones during the first imports).
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path


def main() -> int:
    data_dir = Path(sys.argv[1])
    passes = [0]
    gc.callbacks.append(lambda phase, info: passes.__setitem__(0, passes[0] + (phase == "stop")))
    result: dict[str, object] = {}

    from spasm_timer import app, cli

    after_first_paint = app._after_first_paint

    def look_then_go_on(*args: object) -> None:
        core = sys.modules["PySide6.QtCore"]
        result.update(qt_namespace="Qt" in core.__dict__, modules=len(sys.modules),
                      collector_passes=passes[0])
        after_first_paint(*args)

    app._after_first_paint = look_then_go_on  # type: ignore[assignment]
    code = cli.main(["--quit-after-startup", "--data-dir", str(data_dir)])
    print(json.dumps(result))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
