"""Shared test setup: Qt runs offscreen, and every test gets its own data dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt's mock speech engine records what would be said; a real one may be slow or stuck here.
os.environ.setdefault("SPASM_TIMER_TTS_ENGINE", "mock")
os.environ.pop("SPASM_TIMER_DATA_DIR", None)
# English, whatever the machine's language: a test of another language sets its own.
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"

REPO = Path(__file__).resolve().parent.parent
# The tests test this checkout, not an installed copy: pyproject's `pythonpath` puts it first for
# the tests themselves, and this does the same for the processes they start (the command line,
# the app, scripts), which run from other folders where an installed copy would win.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])


@pytest.fixture(autouse=True, scope="session")
def cycles_collected_on_the_main_thread():  # type: ignore[no-untyped-def]
    """The app's rule (ui/main_thread_gc.py) for the whole run: Python's cycle collector
    never runs by itself, so a worker thread (the library's loader, the log writer) is never
    the one that happens to destroy a Qt object a test left in a cycle. Once, under load,
    such a pass crashed the whole run in the routine parser's thread."""
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def collect_after_each_test():  # type: ignore[no-untyped-def]
    """The passes Python would have made by now, on the main thread, as the app makes them."""
    yield
    from spasm_timer.ui.main_thread_gc import collect_if_due

    collect_if_due()


@pytest.fixture(autouse=True)
def english_after_each_test():  # type: ignore[no-untyped-def]
    """A test that switches the language (spasm_timer/i18n.py) leaves English behind it."""
    yield
    from spasm_timer import i18n

    i18n.use_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data dir, also set in the environment so child processes use it."""
    folder = tmp_path / "data"
    monkeypatch.setenv("SPASM_TIMER_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def write_routine(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Writes a routine file from YAML text and returns its path."""

    def write(text: str, name: str = "routine.yaml", folder: Path | None = None) -> Path:
        target = (folder or tmp_path / "routines")
        target.mkdir(parents=True, exist_ok=True)
        path = target / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
