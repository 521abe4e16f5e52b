"""An error nobody caught is written down, told once, and the app keeps running."""

from __future__ import annotations

import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from spasm_timer.crash import CrashHandler, install_crash_handler
from spasm_timer.paths import DataPaths

SECRET_NOTE = "left calf worse after the long drive to mum's"  # noqa: S105  # a private note, not a password


@pytest.fixture
def shown() -> list[str]:
    return []


@pytest.fixture
def handler(data_dir: Path, shown: list[str]) -> Iterator[CrashHandler]:
    installed = install_crash_handler(DataPaths(data_dir), show_message=shown.append)
    yield installed
    installed.uninstall()


def fail_in_a_slot() -> None:
    raise RuntimeError(f"could not save note: {SECRET_NOTE}")


def reports_in(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "crash-reports").glob("crash-*.txt"))


def test_an_error_in_a_qt_slot_is_reported_privately(qtbot, handler: CrashHandler, data_dir: Path, shown: list[str]) -> None:  # type: ignore[no-untyped-def]
    QTimer.singleShot(0, fail_in_a_slot)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)

    [report] = reports_in(data_dir)
    assert report.name.startswith("crash-") and report.name.endswith(f"-{__import__('os').getpid()}.txt")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    text = report.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "fail_in_a_slot" in text and "RuntimeError" in text
    assert "spasm-timer: 0." in text and "python: 3." in text and "PySide6" in text
    assert SECRET_NOTE not in text  # the person's words stay out of the report
    assert shown[0].startswith("Something went wrong. Your sessions are safe; a report was "
                               f"saved to {report}")


def test_the_same_error_twice_is_shown_once(qtbot, handler: CrashHandler, data_dir: Path, shown: list[str]) -> None:  # type: ignore[no-untyped-def]
    QTimer.singleShot(0, fail_in_a_slot)
    QTimer.singleShot(0, fail_in_a_slot)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)
    qtbot.wait(50)  # give the second error its turn: it must not be shown
    assert len(shown) == 1
    assert len(reports_in(data_dir)) == 1


def test_a_different_error_is_shown_again(qtbot, handler: CrashHandler, data_dir: Path, shown: list[str]) -> None:  # type: ignore[no-untyped-def]
    def fail_otherwise() -> None:
        raise KeyError("step")

    QTimer.singleShot(0, fail_in_a_slot)
    QTimer.singleShot(0, fail_otherwise)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=2000)
    assert len(reports_in(data_dir)) == 2


def test_the_app_keeps_running_after_an_error(qtbot, handler: CrashHandler, shown: list[str]) -> None:  # type: ignore[no-untyped-def]
    later: list[str] = []
    QTimer.singleShot(0, fail_in_a_slot)
    QTimer.singleShot(20, lambda: later.append("still here"))
    qtbot.waitUntil(lambda: later == ["still here"], timeout=2000)
    assert len(shown) == 1


def test_an_unwritable_data_dir_still_shows_the_message(qtbot, tmp_path: Path, shown: list[str], capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("")
    installed = install_crash_handler(DataPaths(not_a_folder), show_message=shown.append)
    try:
        QTimer.singleShot(0, fail_in_a_slot)
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)
    finally:
        installed.uninstall()
    assert "Something went wrong. Your sessions are safe" in shown[0]
    assert "could not be saved" in shown[0]
    err = capsys.readouterr().err
    assert "fail_in_a_slot" in err and "could not save a crash report" in err


def test_an_error_in_a_thread_is_reported(qtbot, handler: CrashHandler, data_dir: Path, shown: list[str]) -> None:  # type: ignore[no-untyped-def]
    worker = threading.Thread(target=fail_in_a_slot, name="exporter")
    worker.start()
    worker.join()
    # The message is posted to the GUI thread, where a dialog may be opened.
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)
    assert "thread: exporter" in reports_in(data_dir)[0].read_text(encoding="utf-8")


def test_a_broken_message_callable_does_not_raise(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(message: str) -> None:
        raise OSError("no dialog today")

    installed = CrashHandler(DataPaths(data_dir), show_message=broken)
    try:
        raise ValueError("boom")
    except ValueError:
        installed.handle(*sys.exc_info())  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert "Something went wrong" in err  # said on stderr instead
    assert len(reports_in(data_dir)) == 1


def test_the_hooks_are_installed_and_put_back(data_dir: Path) -> None:
    before = sys.excepthook, threading.excepthook
    installed = install_crash_handler(DataPaths(data_dir))
    assert sys.excepthook == installed.handle
    assert threading.excepthook == installed.handle_thread
    installed.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_ctrl_c_is_not_a_crash(data_dir: Path, shown: list[str]) -> None:
    seen: list[type[BaseException]] = []
    previous = sys.excepthook
    sys.excepthook = lambda kind, error, trace: seen.append(kind)
    try:
        installed = install_crash_handler(DataPaths(data_dir), show_message=shown.append)
        installed.handle(KeyboardInterrupt, KeyboardInterrupt(), None)
        installed.uninstall()
    finally:
        sys.excepthook = previous
    assert seen == [KeyboardInterrupt] and shown == []
    assert not (data_dir / "crash-reports").exists()


def test_the_crash_dialog_shows_over_the_window_and_lets_the_app_run_on(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

    from spasm_timer.crash import show_in_dialog

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    show_in_dialog("Something went wrong. Your sessions are safe.")  # returns at once
    [box] = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert box.text() == "Something went wrong. Your sessions are safe."
    assert box.windowTitle() == "Spasm Timer"
    box.accept()  # OK closes it
    qtbot.waitUntil(lambda: not box.isVisible())
