"""What the editor lets a person write always loads: each field holds no more than the
loader's limit for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_editor import open_editor, type_text
from window_helpers import make_window

from spasm_timer import paths
from spasm_timer.core.node_reading import TEXT_LIMITS
from spasm_timer.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, data_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, paths.DataPaths(data_dir))


def test_every_text_the_editor_takes_is_one_the_library_loads(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, data_dir: Path) -> None:
    editor = open_editor(qtbot, window)
    editor.name.setFocus()
    type_text(qtbot, "N" * (TEXT_LIMITS["name"] + 5))  # typed, key by key
    # The rest pasted, as a long text usually arrives.
    area = editor.area.lineEdit()
    assert area is not None
    area.insert("A" * (TEXT_LIMITS["area"] + 5))
    editor.description.insertPlainText("D" * (TEXT_LIMITS["description"] + 5))
    editor.safety.insertPlainText("Stop if it hurts\n" + "S" * (TEXT_LIMITS["safety"] + 5))
    form = editor.step_form
    form.title.insert("T" * (TEXT_LIMITS["title"] + 5))
    form.instructions.insertPlainText("I" * (TEXT_LIMITS["instructions"] + 5))
    form.duration.setText("20s")
    check = editor.check_now()
    assert check.ok, check.errors
    path = editor.save()
    assert path is not None, editor.status.text()
    routine = window.library.routines[path.stem]
    assert len(routine.name) == TEXT_LIMITS["name"]
    assert len(routine.area) == TEXT_LIMITS["area"]
    assert len(routine.description) == TEXT_LIMITS["description"]
    assert routine.safety == ("Stop if it hurts", "S" * TEXT_LIMITS["safety"])
    assert len(routine.steps[0].title) == TEXT_LIMITS["title"]
    assert len(routine.steps[0].instructions) == TEXT_LIMITS["instructions"]


def test_a_long_safety_note_pasted_among_others_is_cut_to_the_limit(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    editor = open_editor(qtbot, window)
    editor.safety.insertPlainText("first\n" + "L" * (TEXT_LIMITS["safety"] + 9) + "\nlast")
    assert editor.draft().safety == ["first", "L" * TEXT_LIMITS["safety"], "last"]


def test_an_emoji_counts_as_one_character_as_the_loader_counts_it(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    """Qt counts an emoji as two units: the fields stopped at half the loader's limit for
    a text of emoji, and a little early for a name with one in it."""
    editor = open_editor(qtbot, window)
    editor.name.insert("💪" * (TEXT_LIMITS["name"] + 5))  # pasted
    area = editor.area.lineEdit()
    assert area is not None
    area.insert("Calf 🦵" + "x" * TEXT_LIMITS["area"])
    editor.description.insertPlainText("🙂" * (TEXT_LIMITS["description"] + 5))
    editor.safety.insertPlainText("first\n" + "⚠️" * TEXT_LIMITS["safety"] + "\nlast")
    form = editor.step_form
    form.title.insert("🔥" * (TEXT_LIMITS["title"] + 5))
    draft = editor.draft()
    assert draft.name == "💪" * TEXT_LIMITS["name"]
    assert len(draft.area) == TEXT_LIMITS["area"] and draft.area.startswith("Calf 🦵x")
    assert draft.description == "🙂" * TEXT_LIMITS["description"]
    # "⚠️" is two characters for the loader too (the sign and its emoji form).
    assert draft.safety == ["first", ("⚠️" * TEXT_LIMITS["safety"])[:TEXT_LIMITS["safety"]],
                            "last"]
    assert form.title.text() == "🔥" * TEXT_LIMITS["title"]


def test_typing_into_a_nearly_full_field_takes_what_fits_and_keeps_its_end(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    editor = open_editor(qtbot, window)
    editor.name.setText("🦵" * (TEXT_LIMITS["name"] - 2) + "!")  # room for one more
    editor.name.setCursorPosition(2)  # after the first emoji (two of Qt's units)
    editor.name.setFocus()
    type_text(qtbot, "ab")
    assert editor.name.text() == "🦵a" + "🦵" * (TEXT_LIMITS["name"] - 3) + "!"
    instructions = editor.step_form.instructions
    instructions.setPlainText("🦵" * (TEXT_LIMITS["instructions"] - 2) + "!")
    cursor = instructions.textCursor()
    cursor.setPosition(2)
    instructions.setTextCursor(cursor)
    instructions.insertPlainText("ab")
    assert instructions.toPlainText() == "🦵a" + "🦵" * (TEXT_LIMITS["instructions"] - 3) + "!"
