"""Keys a person can choose: pressed into Settings, refused on a conflict, kept in
settings.json, and obeyed by the player on the fake clock."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from fakes import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from window_helpers import THREE_QUICK_STEPS, make_logged_window, run_for

from spasm_timer.core.session_keys import read_extra_keys, refusal
from spasm_timer.settings import Settings, SettingsFile

TWENTY_SECOND_STEPS = THREE_QUICK_STEPS.replace("1s}", "20s}")


def test_conflicts_are_refused_with_the_action_named() -> None:
    assert refusal("next", "PgDown", {}) is None
    assert "Start, pause, resume" in (refusal("next", "Space", {}) or "")
    assert "already does “Next" in (refusal("next", "N", {}) or "")
    assert "Back" in (refusal("next", "PgUp", {"previous": "PgUp"}) or "")
    assert refusal("next", "PgDown", {"next": "PgDown"}) is None  # pressing its own key again
    assert "without Ctrl" in (refusal("next", "Ctrl+N", {}) or "")


def test_settings_file_keeps_them_and_refuses_bad_ones(tmp_path: Path) -> None:
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(replace(Settings(), extra_keys={"next": "PgDown", "previous": "PgUp"}))
    assert json.loads((tmp_path / "settings.json").read_text())["extra_keys"] == {
        "next": "PgDown", "previous": "PgUp"}
    assert SettingsFile(tmp_path / "settings.json").load().extra_keys == {
        "next": "PgDown", "previous": "PgUp"}
    assert read_extra_keys({"next": "Space"}) is None  # Space already starts and pauses
    assert read_extra_keys({"jump": "J"}) is None
    assert read_extra_keys(["next"]) is None
    (tmp_path / "settings.json").write_text('{"extra_keys": {"next": "P"}, "volume": 40}')
    broken = SettingsFile(tmp_path / "settings.json")
    loaded = broken.load()
    assert loaded.extra_keys == {} and loaded.volume == 40
    assert broken.problem is not None and "extra_keys" in broken.problem


def test_a_clicker_key_pressed_in_settings_drives_the_session(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                              write_routine) -> None:
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.show_settings()
    keys = window.settings_dialog.show_keys()
    edit = keys.edits["next"]
    edit.setKeySequence(QKeySequence("PgDown"))
    edit.editingFinished.emit()
    edit = keys.edits["previous"]
    edit.setKeySequence(QKeySequence("N"))  # already Next's: refused on the spot
    edit.editingFinished.emit()
    assert "already does “Next" in keys.problem.text()
    assert edit.keySequence().isEmpty()
    keys.close()
    window.settings_dialog.close()
    assert window.settings.extra_keys == {"next": "PgDown"}
    assert SettingsFile(window.data_paths.settings).load().extra_keys == {"next": "PgDown"}

    window.open_routine(str(write_routine(TWENTY_SECOND_STEPS)))
    window.start_session()
    run_for(window, 2)
    qtbot.keyClick(window.player, Qt.Key.Key_PageDown)
    assert window.driver.segment.title == "Circle"
    qtbot.keyClick(window.player, Qt.Key.Key_Right)  # the usual key still works
    assert window.driver.segment.title == "Stretch"
    window.close_log()


def test_every_key_field_has_a_name(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from test_accessible_names import unnamed_controls

    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.show_settings()
    keys = window.settings_dialog.show_keys()
    qtbot.waitExposed(keys)
    assert unnamed_controls(keys) == []
    keys.close()
    window.settings_dialog.close()
    window.close_log()
