"""The routine editor, as a person uses it: keys first, then what lands on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from window_helpers import make_window

from spasm_timer import paths
from spasm_timer.core.routine_yaml import read_for_editing, save_text
from spasm_timer.ui.editor_window import EditorWindow
from spasm_timer.ui.main_window import MainWindow

HAND_WRITTEN = """\
# From my physio, March. Keep the holds short!
name: Physio calf
area: calf
steps:
  - kind: stretch        # against the wall
    title: Wall stretch
    duration: 15-30s
    repeat: 3

  - kind: trigger_point
    title: Hold the knot
    duration: 20s        # she said 20
"""


@pytest.fixture
def window(qtbot, data_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, paths.DataPaths(data_dir))


def open_editor(qtbot, window: MainWindow, keys: str = "Ctrl+N") -> EditorWindow:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.keyClick(window, *_key(keys))
    editors = window.routine_actions.editors
    qtbot.waitUntil(lambda: bool(editors))
    editor = editors[-1]
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor  # type: ignore[return-value]


def _key(keys: str) -> tuple[object, object]:
    *mods, key = keys.split("+")
    modifier = Qt.KeyboardModifier.NoModifier
    for mod in mods:
        modifier |= {"Ctrl": Qt.KeyboardModifier.ControlModifier,
                     "Alt": Qt.KeyboardModifier.AltModifier,
                     "Shift": Qt.KeyboardModifier.ShiftModifier}[mod]
    named = {"Up": Qt.Key.Key_Up, "Down": Qt.Key.Key_Down, "Insert": Qt.Key.Key_Insert,
             "Delete": Qt.Key.Key_Delete, "Tab": Qt.Key.Key_Tab, "Esc": Qt.Key.Key_Escape}
    return (named[key] if key in named else getattr(Qt.Key, f"Key_{key}")), modifier


def press(qtbot, keys: str) -> None:  # type: ignore[no-untyped-def]
    """Keys to whatever has the focus, as a person types them."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClick(widget, *_key(keys))


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClicks(widget, text)


def test_a_new_routine_from_the_keyboard_alone(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                               data_dir: Path) -> None:
    editor = open_editor(qtbot, window)
    assert editor.name.hasFocus()
    type_text(qtbot, "Evening calf")
    press(qtbot, "Alt+R")
    assert editor.area.hasFocus()
    editor.area.lineEdit().selectAll()
    type_text(qtbot, "calf")
    # The first step is there already; fill it in.
    press(qtbot, "Ctrl+2")
    press(qtbot, "Alt+K")
    assert editor.step_form.kind.hasFocus()
    editor.step_form.kind.setCurrentIndex(editor.step_form.kind.findData("stretch"))
    press(qtbot, "Alt+T")
    type_text(qtbot, "Lean into the wall")
    press(qtbot, "Alt+D")
    editor.step_form.duration.selectAll()
    type_text(qtbot, "15-30s")
    # A second step: duplicate it in the list, then move it up, then remove it again.
    press(qtbot, "Alt+P")
    assert editor.steps.list.hasFocus()
    press(qtbot, "Ctrl+Shift+D")
    assert len(editor.steps.steps()) == 2 and editor.steps.current_index() == 1
    press(qtbot, "Insert")
    assert len(editor.steps.steps()) == 3 and editor.steps.current_index() == 2
    press(qtbot, "Alt+Up")
    assert editor.steps.current_index() == 1
    assert editor.steps.steps()[1].title == ""  # the new, empty step moved up
    assert editor.check_now().errors  # a step without a title cannot be saved …
    press(qtbot, "Delete")
    assert [s.title for s in editor.steps.steps()] == ["Lean into the wall"] * 2
    press(qtbot, "Ctrl+S")
    saved = data_dir / "routines" / "evening-calf.yaml"
    assert saved.is_file(), editor.status.text()
    assert "evening-calf" in window.library.routines
    routine = window.library.routines["evening-calf"]
    assert [(s.kind, s.duration.min_seconds, s.duration.max_seconds) for s in routine.steps] \
        == [("stretch", 15, 30)] * 2


def test_each_problem_shows_beside_its_field_in_the_loaders_words(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, data_dir: Path) -> None:
    editor = open_editor(qtbot, window)
    form = editor.step_form
    form.kind.setCurrentIndex(form.kind.findData("heat"))
    form.title.setText("Warm pack")
    form.duration.setText("25m")
    form.changed.emit()
    editor.name.setText("Heat")
    editor.area.setEditText("back")
    check = editor.check_now()
    assert not check.ok
    duration_box = form.problems["duration"]
    assert duration_box.isVisibleTo(form)
    assert "20 minutes" in duration_box.error.text()
    assert not form.problems["title"].isVisibleTo(form)
    # A hard limit blocks saving: nothing is written.
    press(qtbot, "Ctrl+S")
    assert not (data_dir / "routines").exists() or not list((data_dir / "routines").glob("*.yaml"))
    assert "Fix the problems" in editor.status.text()
    assert form.duration.hasFocus()  # taken to the problem


def test_a_time_outside_the_usual_range_is_a_warning_the_person_may_keep(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, data_dir: Path) -> None:
    editor = open_editor(qtbot, window)
    editor.name.setText("Long hold")
    editor.area.setEditText("calf")
    form = editor.step_form
    form.kind.setCurrentIndex(form.kind.findData("trigger_point"))
    form.title.setText("Hold")
    form.duration.setText("90s")
    form.changed.emit()
    check = editor.check_now()
    assert check.ok
    warning = form.problems["duration"].warning
    assert warning.isVisibleTo(form) and "10–30 s" in warning.text()
    assert editor.save() == data_dir / "routines" / "long-hold.yaml"


def test_the_plan_shows_what_plan_prints(qtbot, window: MainWindow, capsys) -> None:  # type: ignore[no-untyped-def]
    window.library_view._select("calf-cramp")
    editor = open_editor(qtbot, window, "Ctrl+D")
    editor.check_now()
    from spasm_timer.cli import main

    main(["plan", "calf-cramp"])
    printed = capsys.readouterr().out.splitlines()
    shown = editor.plan.toPlainText().splitlines()
    assert shown == printed[-len(shown):]  # the same table, row for row
    total = printed[0].split(", ")[-1].removesuffix(" in all")
    assert editor.plan_total.text() == f"{total} in all"


def test_duplicating_a_bundled_routine_makes_a_copy_of_ones_own(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, data_dir: Path) -> None:
    window.library_view._select("calf-cramp")
    editor = open_editor(qtbot, window, "Ctrl+D")
    assert editor.name.text() == "Calf cramp relief (my copy)"
    path = editor.save()
    assert path == data_dir / "routines" / "calf-cramp-relief-my-copy.yaml"
    bundled = (paths.bundled_routines_dir() / "calf-cramp.yaml").read_text()
    # Its name in every language says it is a copy, each in its own words; the rest is as it was.
    assert path.read_text() == bundled.replace(
        "  en: Calf cramp relief\n", "  en: Calf cramp relief (my copy)\n", 1).replace(
        "  de: Wadenkrampf lösen\n", "  de: Wadenkrampf lösen (meine Kopie)\n", 1).replace(
        "  es: Alivio del calambre de pantorrilla\n",
        "  es: Alivio del calambre de pantorrilla (mi copia)\n", 1)
    assert window.library.routines["calf-cramp"].origin == "bundled"  # untouched


def test_editing_a_hand_written_file_keeps_its_comments(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                        data_dir: Path) -> None:
    own = data_dir / "routines" / "physio.yaml"
    own.write_text(HAND_WRITTEN)
    window.reload_library()
    window.library_view._select("physio")
    editor = open_editor(qtbot, window, "Ctrl+E")
    editor.steps.set_current(1)
    editor.step_form.duration.setText("25s")
    editor.step_form.changed.emit()
    assert editor.save() == own
    assert own.read_text() == HAND_WRITTEN.replace("duration: 20s ", "duration: 25s ")


def test_a_file_changed_elsewhere_is_not_overwritten(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                      data_dir: Path) -> None:
    own = data_dir / "routines" / "physio.yaml"
    own.write_text(HAND_WRITTEN)
    window.reload_library()
    window.library_view._select("physio")
    editor = open_editor(qtbot, window, "Ctrl+E")
    changed_elsewhere = HAND_WRITTEN + "# added in a text editor\n"
    own.write_text(changed_elsewhere)
    editor.name.setText("Mine now")
    assert editor.save() is None
    assert own.read_text() == changed_elsewhere
    assert "not overwritten" in editor.status.text()


def test_a_file_the_editor_cannot_read_is_never_opened(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                       data_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from spasm_timer.core.library import find_routine

    own = data_dir / "routines" / "mine.yaml"
    own.write_text(HAND_WRITTEN)
    routine = find_routine(str(own), window.library)
    own.write_text("name: [broken\n")
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: told.append(args[2]))
    from spasm_timer.ui.editor_window import open_editor as open_it

    assert open_it(window, routine, duplicate=False) is None
    assert "cannot be read by the editor" in told[0]
    assert own.read_text() == "name: [broken\n"


def test_try_it_runs_the_routine_unsaved(qtbot, window: MainWindow, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, window)
    editor.name.setText("Quick")
    editor.area.setEditText("calf")
    editor.step_form.title.setText("Press")
    editor.step_form.changed.emit()
    press(qtbot, "Ctrl+T")
    assert window.stack.currentWidget() is window.start_screen
    assert window.start_screen.routine.name == "Quick"
    assert not list((data_dir / "routines").glob("*.yaml"))


def test_delete_moves_ones_own_routine_to_the_trash(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                     data_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    own = data_dir / "routines" / "physio.yaml"
    own.write_text(HAND_WRITTEN)
    window.reload_library()
    window.library_view._select("physio")
    trashed = []
    from spasm_timer.ui import editor_files

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(editor_files, "move_to_trash",
                        lambda path: trashed.append(path) or path.unlink() or True)
    window.routine_actions.delete_routine()
    assert trashed == [own]
    assert "physio" not in window.library.routines


def test_bundled_routines_are_never_deleted(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    window.library_view._select("calf-cramp")
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    window.routine_actions.delete_routine()
    assert "not one of your own" in told[0]
    assert (paths.bundled_routines_dir() / "calf-cramp.yaml").is_file()


def test_every_bundled_routine_survives_a_round_trip_unchanged() -> None:
    for path in sorted(paths.bundled_routines_dir().glob("*.yaml")):
        text = path.read_text()
        draft, _ = read_for_editing(text)
        assert save_text(draft, text) == text, path.name


def test_a_picture_file_from_elsewhere_is_copied_beside_the_routine(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, data_dir: Path, tmp_path: Path) -> None:
    picture = tmp_path / "photos" / "my-wall-stretch.svg"
    picture.parent.mkdir()
    picture.write_bytes((paths.illustrations_dir() / "calf.svg").read_bytes())
    editor = open_editor(qtbot, window)
    editor.name.setText("With my picture")
    editor.area.setEditText("calf")
    editor.step_form.title.setText("Wall stretch")
    editor.step_form.use_picture_file(str(picture))
    path = editor.save()
    assert path is not None
    assert (path.parent / "my-wall-stretch.svg").read_bytes() == picture.read_bytes()
    assert "image: my-wall-stretch.svg" in path.read_text()
    step = window.library.routines[path.stem].steps[0]
    assert step.image is not None and step.image.parent == path.parent


def test_closing_with_unsaved_changes_asks_first(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    editor = open_editor(qtbot, window)
    editor.name.setFocus()
    type_text(qtbot, "Half done")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a) or answers.pop(0))
    press(qtbot, "Esc")
    assert editor.isVisible() and len(asked) == 1  # Cancel: the work stays
    press(qtbot, "Esc")  # Discard: the editor goes
    qtbot.waitUntil(lambda: not window.routine_actions.editors)
    assert len(asked) == 2


def test_try_it_never_interrupts_a_running_session(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_routine("calf-cramp")
    window.start_session()
    running = window.driver
    assert running is not None and not running.is_over
    editor = open_editor(qtbot, window)
    editor.name.setText("Quick")
    editor.area.setEditText("calf")
    editor.step_form.title.setText("Press")
    editor.step_form.changed.emit()
    editor.try_it()
    assert window.driver is running and not running.is_over
    assert "session is running" in editor.status.text()
    running.stop()


def test_a_routine_the_trash_cannot_take_stays_where_it_is(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                            data_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    own = data_dir / "routines" / "physio.yaml"
    own.write_text(HAND_WRITTEN)
    window.reload_library()
    window.library_view._select("physio")
    told = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: told.append(a[2]))
    monkeypatch.setattr("PySide6.QtCore.QFile.moveToTrash", lambda *a: (False, ""))
    window.routine_actions.delete_routine()
    assert own.read_text() == HAND_WRITTEN  # never deleted outright
    assert "left where it is" in told[0]
    assert "physio" in window.library.routines
