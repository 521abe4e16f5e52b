"""Screen readers find every control by name: the library, start screen, player, end screen,
History and Settings walked as AT-SPI walks them (Qt's accessibility tree)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeClock
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget
from window_helpers import THREE_QUICK_STEPS, make_logged_window, run_for, run_to_end

Role = QAccessible.Role
# The roles a screen reader lists as controls (those AT-SPI calls button, check box, combo
# box, text, slider, spin button, list, table, page tab, link...).
CONTROL_ROLES = {Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ComboBox,
                 Role.EditableText, Role.Slider, Role.SpinBox, Role.List, Role.Table,
                 Role.PageTab, Role.Link, Role.Tree, Role.ButtonMenu, Role.ButtonDropDown}


def unnamed_controls(root: QWidget) -> list[str]:
    """The controls a screen reader would find, showing, without a name."""
    found: list[str] = []

    def walk(node, trail: str, depth: int) -> None:  # type: ignore[no-untyped-def]
        if node is None or not node.isValid() or depth > 40:
            return
        state = node.state()
        if state.invisible or state.offscreen:
            return
        role = node.role()
        name = (node.text(QAccessible.Text.Name) or "").strip()
        here = f"{trail} > {role.name}"
        if role in CONTROL_ROLES and not name:
            widget = node.object()
            found.append(f"{here} ({widget.objectName() or type(widget).__name__})")
        if role in (Role.List, Role.Table, Role.Tree):
            return  # their rows are items, read by their text
        for index in range(node.childCount()):
            walk(node.child(index), here, depth + 1)

    walk(QAccessible.queryAccessibleInterface(root), type(root).__name__, 0)
    return found


def label_of(control: QWidget) -> str:
    """What a screen reader reads as a control's label: on Linux, Qt names a combo box by its
    value and links its label through the "labelled by" relation, which Orca reads first."""
    interface = QAccessible.queryAccessibleInterface(control)
    labels = [other.text(QAccessible.Text.Name)
              for other, _ in interface.relations(QAccessible.RelationFlag.Label)]
    return labels[0] if labels else interface.text(QAccessible.Text.Name)


@pytest.fixture
def window(qtbot, data_dir: Path, write_routine):  # type: ignore[no-untyped-def]
    shown = make_logged_window(qtbot, data_dir, FakeClock())
    shown.routine_path = write_routine(THREE_QUICK_STEPS.replace("1s}", "20s}"))
    yield shown
    shown.close_log()


def test_the_library_names_every_control(window) -> None:  # type: ignore[no-untyped-def]
    window.show_library()
    assert unnamed_controls(window) == []


def test_the_start_screen_names_every_control(window) -> None:  # type: ignore[no-untyped-def]
    window.open_routine("calf-cramp")
    assert window.stack.currentWidget() is window.start_screen
    assert unnamed_controls(window) == []


def test_the_player_names_every_control(window) -> None:  # type: ignore[no-untyped-def]
    window.open_routine("calf-cramp")
    window.start_session()
    run_for(window, 8)
    assert unnamed_controls(window) == []


def test_the_end_screen_names_every_control(window) -> None:  # type: ignore[no-untyped-def]
    window.open_routine(str(window.routine_path))
    window.start_session()
    run_to_end(window)
    assert unnamed_controls(window) == []


def test_history_names_every_control(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from history_helpers import add, session

    add(window.log, session("2026-11-20"))
    window.show_history()
    history = window.history_window
    qtbot.waitExposed(history)
    assert unnamed_controls(history) == []
    # Combo boxes and dates are read by their label, not by the value they show.
    for control, label in ((history.routine_combo, "Routine"), (history.from_date, "From"),
                           (history.status_combo, "Status")):
        assert label_of(control) == label
    history.close()


def test_settings_names_every_control(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    assert unnamed_controls(dialog) == []
    for control, label in ((dialog.theme, "Colours"), (dialog.text_size, "Text size")):
        assert label_of(control) == label
    dialog.close()


def test_the_walk_finds_an_unnamed_control(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The check itself can fail: a bare line edit has no name."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    box = QWidget()
    qtbot.addWidget(box)
    QVBoxLayout(box).addWidget(QLineEdit())
    box.show()
    qtbot.waitExposed(box)
    assert len(unnamed_controls(box)) == 1


def test_a_field_is_named_by_its_label_as_it_reads(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The & that marks the Alt key is not read out, and && (a written ampersand) is read as &:
    in the editor's forms and in the forms named after the fact alike."""
    from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

    from spasm_timer.ui.accessibility import name_form_fields
    from spasm_timer.ui.editor_fields import add_field

    box = QWidget()
    qtbot.addWidget(box)
    form = QFormLayout(box)
    edited, named = QLineEdit(), QLineEdit()
    add_field(form, "Heat && &cold", edited, "heat", {})
    form.addRow(QLabel("&Salt && pepper"), named)
    name_form_fields(form)
    assert (edited.accessibleName(), named.accessibleName()) == ("Heat & cold", "Salt & pepper")
