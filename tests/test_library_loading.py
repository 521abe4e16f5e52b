"""The library after the first paint: routines load on a worker thread and the list fills in."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from spasm_timer import paths
from spasm_timer.core import library as library_module
from spasm_timer.core.library import Library, find_known_routine, load_known_routines
from spasm_timer.settings import SettingsFile
from spasm_timer.ui import library_loading
from spasm_timer.ui.main_window import MainWindow

GOOD = "name: Mine {n}\narea: calf\nsteps:\n  - {{kind: stretch, title: Reach, duration: 30s}}\n"
BAD = "name: Broken\narea: calf\nsteps:\n  - {kind: squeeze, title: Squeeze, duration: 1s}\n"


def user_routines(data_dir: Path, count: int) -> Path:
    folder = data_dir / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"mine-{number:03d}.yaml").write_text(GOOD.format(n=number))
    return folder


def empty_window(qtbot, data_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    data_paths = paths.DataPaths(data_dir)
    settings_file = SettingsFile(data_paths.settings)
    window = MainWindow(data_paths, settings_file, settings_file.load(), library=Library())
    qtbot.addWidget(window)
    window.show()
    return window


def mine_shown(window: MainWindow) -> int:
    return sum(r.name.startswith("Mine ") for r in window.library_view.routines_shown())


def paced_window(qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A window that records the size of each list it shows while the library loads.

    For its first batches the worker waits until the list has shown them: on a busy machine it
    could otherwise finish before the window's first refresh, and the list would fill at once.
    """
    shown = threading.Event()
    sizes: list[int] = []

    def paced_load(data, on_batch=None, before_parsing=None, save_later=None, stop=None):  # type: ignore[no-untyped-def]
        def paced_batch(routines):  # type: ignore[no-untyped-def]
            shown.clear()
            on_batch(routines)
            if len(sizes) < 3:
                shown.wait(timeout=5)
        return load_known_routines(data, on_batch=paced_batch, before_parsing=before_parsing,
                                   save_later=save_later, stop=stop)

    monkeypatch.setattr(library_loading, "load_known_routines", paced_load)
    window = empty_window(qtbot, data_dir)
    real_set_library = window.library_view.set_library
    monkeypatch.setattr(window.library_view, "set_library", lambda library, lead_in: (
        sizes.append(len(library.routines)), real_set_library(library, lead_in), shown.set()))
    return window, sizes


def test_no_routine_file_is_read_before_the_first_paint(data_dir: Path) -> None:
    user_routines(data_dir, 50)
    code = ("import sys; from spasm_timer.cli import main; rc = main(['--quit-after-startup']); "
            "print('yaml' in sys.modules, 'spasm_timer.core.loader' in sys.modules); sys.exit(rc)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], env=env, text=True,
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
    assert not (data_dir / "routine-cache.json").exists()  # nothing was loaded, nothing cached


def test_the_list_fills_in_while_the_routines_load(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = user_routines(data_dir, 60)
    (folder / "broken.yaml").write_text(BAD)
    monkeypatch.setattr(library_module, "BATCH_SECONDS", 0)
    monkeypatch.setattr(library_loading, "REFRESH_MS", 1)
    window, sizes = paced_window(qtbot, data_dir, monkeypatch)
    assert mine_shown(window) == 0
    window.load_library_in_background()
    assert "Loading" in window.library_view.hint.text()
    qtbot.waitUntil(lambda: mine_shown(window) == 60 and not window._library_filler.running,
                    timeout=10_000)
    assert len(sizes) > 2 and sizes == sorted(sizes)  # it grew, batch by batch
    # Enter opens the routine at the top, not whichever happened to arrive first.
    assert window.library_view.current_routine() is window.library_view.routines_shown()[0]
    assert "Loading" not in window.library_view.hint.text()
    assert window.library_view.banner.isVisible()  # the broken file is named there
    assert "broken.yaml" in window.library_view.banner.details.text()


def test_a_routine_asked_for_by_id_is_found_without_the_library(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_routines(data_dir, 3)
    data = paths.DataPaths(data_dir)
    monkeypatch.setattr(library_module, "load_library", lambda *a, **k: pytest.fail("whole library"))
    assert find_known_routine("mine-001", data).name == "Mine 1"
    assert find_known_routine("calf-cramp", data).origin == "bundled"
    with pytest.raises(library_module.UnknownRoutineError):
        find_known_routine("no-such-routine", data)


def test_the_cache_knows_a_folder_by_its_real_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "data"
    user_routines(real, 5)
    (tmp_path / "link").symlink_to(real)
    load_known_routines(paths.DataPaths(real))
    parsed: list[Path] = []
    real_parse = library_module._parse
    monkeypatch.setattr(library_module, "_parse", lambda path, *rest: (
        parsed.append(path), real_parse(path, *rest))[1])
    for spelling in (tmp_path / "link", tmp_path / "link" / ".." / "data", real):
        library = load_known_routines(paths.DataPaths(spelling))
        assert sum(r.origin == "user" for r in library.routines.values()) == 5
    assert parsed == []  # every spelling found the routines in the cache: warm


def test_a_save_killed_midway_leaves_no_temporary_file_for_good(tmp_path: Path) -> None:
    data = paths.DataPaths(tmp_path / "data")
    user_routines(data.root, 1)
    leftover = data.root / ".routine-cache.json.abc123.tmp"
    leftover.write_text("{half")
    load_known_routines(data)
    assert not leftover.exists()
    assert sorted(p.name for p in data.root.iterdir()) == ["routine-cache.json", "routines"]


def test_routine_files_are_watched_after_the_first_paint_and_not_by_the_thousand(
        qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from spasm_timer.ui import routine_watcher

    folder = user_routines(data_dir, 8)
    window = empty_window(qtbot, data_dir)
    watcher = window.routine_watcher.watcher
    assert watcher.files() == [] and watcher.directories() == []  # not yet
    window.load_library_in_background()
    assert len(watcher.files()) == 8 and watcher.directories() == [str(folder)]
    qtbot.waitUntil(lambda: not window._library_filler.running, timeout=10_000)

    monkeypatch.setattr(routine_watcher, "MAX_WATCHED_FILES", 5)
    (folder / "one-more.yaml").write_text(GOOD.format(n=99))
    window.load_library_in_background()
    assert watcher.files() == [] and watcher.directories() == [str(folder)]
    qtbot.waitUntil(lambda: mine_shown(window) == 9, timeout=10_000)


def test_many_files_are_parsed_in_worker_processes_with_the_same_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spasm_timer.core import routine_parsing

    data = paths.DataPaths(tmp_path / "data")
    folder = user_routines(data.root, 7)
    (folder / "mine-003.yaml").write_text(BAD)
    serial = load_known_routines(data)
    serial_cache = data.routine_cache.read_bytes()
    data.routine_cache.unlink()

    monkeypatch.setattr(routine_parsing, "PARALLEL_FROM", 2)
    monkeypatch.setattr(routine_parsing, "CHUNK_FILES", 2)
    in_place: list[Path] = []
    real_parse = library_module._parse
    monkeypatch.setattr(library_module, "_parse", lambda path, *rest: (
        in_place.append(path), real_parse(path, *rest))[1])
    parallel = load_known_routines(data)
    assert in_place == []  # every file went to the worker processes
    assert parallel.routines == serial.routines
    assert [(e.path, e.problems) for e in parallel.skipped] == \
        [(e.path, e.problems) for e in serial.skipped]
    # The processes wrote the routines for the cache as the app does: the same file.
    assert data.routine_cache.read_bytes() == serial_cache
    assert load_known_routines(data).routines == serial.routines  # and the cache is warm


def test_a_long_list_is_not_rebuilt_again_and_again_while_it_loads(
        qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    user_routines(data_dir, 60)
    monkeypatch.setattr(library_module, "BATCH_SECONDS", 0)
    monkeypatch.setattr(library_loading, "REFRESH_MS", 1)
    monkeypatch.setattr(library_loading, "FILL_IN_UP_TO", 20)
    window, sizes = paced_window(qtbot, data_dir, monkeypatch)
    window.load_library_in_background()
    qtbot.waitUntil(lambda: not window._library_filler.running, timeout=10_000)
    assert mine_shown(window) == 60
    # Rebuilt while short; past 20 rows only once more, with everything.
    assert sum(size >= 20 for size in sizes) <= 2 and sizes[-1] == 60 + len(
        [r for r in window.library.routines.values() if r.origin == "bundled"])


def test_the_loading_hint_fits_a_small_screen_at_huge_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from spasm_timer.settings import Settings
    from spasm_timer.ui import theme
    from spasm_timer.ui.library_view import LibraryView

    app = QApplication.instance()
    theme.apply(app, Settings(text_size="huge"))
    try:
        view = LibraryView()
        qtbot.addWidget(view)
        view.set_loading(True)
        assert view.minimumSizeHint().width() <= 1024 - 64  # the window's own margins too
    finally:
        theme.apply(app, Settings())


def test_a_long_list_fills_a_chunk_per_turn_and_keeps_where_the_person_moved(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Ten thousand rows at once held the window for a second: a long list shows its first
    # rows at once, the rest while the window keeps answering keys.
    from spasm_timer.ui import library_view

    monkeypatch.setattr(library_view, "ROWS_PER_TURN", 5)
    user_routines(data_dir, 30)
    library = load_known_routines(paths.DataPaths(data_dir))
    view = library_view.LibraryView()
    qtbot.addWidget(view)
    view.set_library(library, 5)
    assert view.filling and 0 < len(view.routines_shown()) < len(library.routines)
    assert view.current_routine() is not None  # Enter opens a routine from the first moment
    view.list.setCurrentIndex(view.model.index(2, 0))  # the person moves down meanwhile
    moved_to = view.current_routine()
    qtbot.waitUntil(lambda: not view.filling)
    assert len(view.routines_shown()) == len(library.routines)
    assert view.current_routine() is moved_to


QUIT_WHEN_LOADED = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from spasm_timer.paths import DataPaths
from spasm_timer.ui.library_loading import LibraryLoading
app = QApplication([])
QTimer.singleShot(50_000, app.quit)  # never hang the test run
loading = LibraryLoading(DataPaths(Path(sys.argv[1])))
loading.finished.connect(lambda generation, library: app.quit())
loading.start()
app.exec()
"""


@pytest.mark.slow
def test_quitting_as_the_library_arrives_ends_cleanly_and_keeps_the_cache(tmp_path: Path) -> None:
    """The app quits the moment the list is complete: the load's thread was still inside Qt,
    sending it, and was cut off there (the process aborted at exit), or had not yet started
    the cache writer (the next start parsed every file again). A race: tried a few times."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for attempt in range(10):
        data_dir = tmp_path / f"data-{attempt}"
        user_routines(data_dir, 4)
        result = subprocess.run([sys.executable, "-c", QUIT_WHEN_LOADED, str(data_dir)],
                                env=env, text=True, capture_output=True, timeout=60,
                                check=False)
        assert result.returncode == 0, result.stderr
        assert (data_dir / "routine-cache.json").exists(), f"no routine cache, try {attempt}"


QUIT_AT_FIRST_BATCH = QUIT_WHEN_LOADED.replace(
    "loading.finished.connect(lambda generation, library: app.quit())",
    "loading.batch.connect(lambda generation, routines: app.quit())")


@pytest.mark.slow
def test_quitting_during_a_long_load_keeps_what_was_parsed_for_the_next_start(
        tmp_path: Path) -> None:
    """Quitting while many files are still being parsed cut the parse off, and nothing of
    it reached the routine cache: the next start parsed every file again."""
    import json

    data_dir = tmp_path / "data"
    user_routines(data_dir, 900)  # enough for worker processes, and for more than a moment
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", QUIT_AT_FIRST_BATCH, str(data_dir)],
                            env=env, text=True, capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    cached = json.loads((data_dir / "routine-cache.json").read_text())["routines"]
    user_entries = [key for key in cached if "mine-" in key]
    # Some parsed before the quit, not all: the load stopped, and kept its part.
    assert 0 < len(user_entries) < 900, len(user_entries)
