"""No worker thread of the app loads a native module: the GUI thread imports them first.

A worker loading a shared library while the GUI thread is inside the system's loader (Qt
loading a sound or speech plugin) and Qt logs a line through the app's Python message handler:
the two threads wait for each other for good and the window freezes. Each worker runs here in
a fresh interpreter, as the app starts it, and every native module created is noted with the
thread that created it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOTE_NATIVE_LOADS = """
import importlib.machinery, json, sys, threading
loaded = []
create = importlib.machinery.ExtensionFileLoader.create_module
def noted(self, spec):
    loaded.append([threading.current_thread().name, spec.name])
    return create(self, spec)
importlib.machinery.ExtensionFileLoader.create_module = noted
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
QTimer.singleShot(50_000, app.quit)  # never hang the test run
"""

ROUTINE_LIBRARY = NOTE_NATIVE_LOADS + """
from spasm_timer.core import routine_parsing
routine_parsing.PARALLEL_FROM, routine_parsing.CHUNK_FILES = 2, 1  # worker processes too
from spasm_timer.paths import DataPaths
from spasm_timer.ui.library_loading import LibraryLoading
loading = LibraryLoading(DataPaths(Path(sys.argv[1])))
loading.finished.connect(lambda generation, library: (
    print(json.dumps({"routines": len(library.routines), "loaded": loaded})), app.quit()))
loading.start()
app.exec()
"""

FEW_ROUTINES = NOTE_NATIVE_LOADS + """
from spasm_timer.paths import DataPaths
from spasm_timer.ui.library_loading import LibraryLoading
loading = LibraryLoading(DataPaths(Path(sys.argv[1])))
loading.finished.connect(lambda generation, library: (
    print(json.dumps({"routines": len(library.routines), "loaded": loaded,
                      "multiprocessing": "multiprocessing" in sys.modules})), app.quit()))
loading.start()
app.exec()
"""

LOG_WRITER = NOTE_NATIVE_LOADS + """
from spasm_timer.ui import worker_imports
worker_imports.import_now(worker_imports.LOG)  # as the app does, a slice per turn
from spasm_timer.ui.log_link import LogLink
link = LogLink(Path(sys.argv[1]) / "sessions.sqlite3")
link.log_ready.connect(lambda log: (print(json.dumps({"loaded": loaded})), app.quit()))
link.start()
app.exec()
link.close()
"""

HISTORY_IMPORT = NOTE_NATIVE_LOADS + """
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui.history_import import ImportRun
database = Path(sys.argv[1]) / "sessions.sqlite3"
SessionLog.open(database).close()  # the writer opened it before the history shows
run = ImportRun(database, str(Path(sys.argv[1]) / "export.json"))
run.finished.connect(lambda result: (
    print(json.dumps({"result": repr(result), "loaded": loaded})), app.quit()))
run.start()
app.exec()
"""

GOOD = """id: mine-{n}
name: Mine {n}
area: calf
steps:
  - kind: stretch
    title: Stretch
    duration: 30s
"""


def run_noting_native_loads(code: str, data_dir: Path) -> dict[str, list]:  # type: ignore[type-arg]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code, str(data_dir)], env=env, text=True,
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def off_the_gui_thread(loaded: list[list[str]]) -> list[str]:
    return [name for thread, name in loaded if thread != "MainThread"]


@pytest.mark.slow
def test_the_routine_library_worker_loads_no_native_module(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    for number in range(4):  # none in the routine cache: all parsed, in worker processes
        (folder / f"mine-{number}.yaml").write_text(GOOD.format(n=number))
    seen = run_noting_native_loads(ROUTINE_LIBRARY, tmp_path)
    assert seen["routines"] >= 4
    assert off_the_gui_thread(seen["loaded"]) == []
    # the parser's C part was needed, and the GUI thread loaded it
    assert ["MainThread", "yaml._yaml"] in seen["loaded"]


@pytest.mark.slow
def test_a_few_routines_are_parsed_without_loading_what_starts_processes(tmp_path: Path) -> None:
    """What starts worker processes stays in memory once imported (about 2 MiB): a first
    start, which parses only the bundled routines and a few of one's own, does without."""
    folder = tmp_path / "routines"
    folder.mkdir()
    for number in range(4):
        (folder / f"mine-{number}.yaml").write_text(GOOD.format(n=number))
    seen = run_noting_native_loads(FEW_ROUTINES, tmp_path)
    assert seen["routines"] >= 4
    assert off_the_gui_thread(seen["loaded"]) == []
    assert ["MainThread", "yaml._yaml"] in seen["loaded"]
    assert not seen["multiprocessing"]


@pytest.mark.slow
def test_the_log_writer_loads_no_native_module(tmp_path: Path) -> None:
    seen = run_noting_native_loads(LOG_WRITER, tmp_path)
    assert off_the_gui_thread(seen["loaded"]) == []


@pytest.mark.slow
def test_the_history_import_loads_no_native_module(tmp_path: Path) -> None:
    from history_helpers import session

    sessions = [session("2026-11-20"), session("2026-11-21", status="interrupted")]
    (tmp_path / "export.json").write_text(json.dumps({"spasm_timer_log": 1,
                                                      "sessions": sessions}))
    seen = run_noting_native_loads(HISTORY_IMPORT, tmp_path)
    assert seen["result"] == "(2, 0)"
    assert off_the_gui_thread(seen["loaded"]) == []
