"""The main window's menus: File, View, Settings, Help, with their keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from spasm_timer.i18n import _


def build_menus(window: Any) -> None:
    """Adds the menus to `window`; keeps the actions others enable or check on it."""
    menus = window.menuBar()
    file_menu = menus.addMenu(_("&File"))
    add_action(window, file_menu, _("&Open routine file…"), window.open_routine_file,
               QKeySequence.StandardKey.Open)
    add_action(window, file_menu, _("Open &data folder"), window.open_data_folder)
    file_menu.addSeparator()
    # Quit closes the window, which asks first while a session runs (and quits even while a
    # bedtime reminder keeps the app in the tray). Ctrl+Q by name: some
    # platforms bind no key to the standard Quit.
    add_action(window, file_menu, _("&Quit"), window.quit_app, QKeySequence("Ctrl+Q"))
    view_menu = menus.addMenu(_("&View"))
    window.full_screen_action = add_action(window, view_menu, _("&Full screen"),
                                           window.toggle_full_screen, QKeySequence("F11"))
    window.full_screen_action.setCheckable(True)
    window.history_action = add_action(window, view_menu, _("&History…"), window.show_history,
                                       QKeySequence("Ctrl+H"))
    window.settings_action = add_action(window, menus, _("&Settings…"), window.show_settings,
                                        QKeySequence.StandardKey.Preferences)
    help_menu = menus.addMenu(_("&Help"))
    add_action(window, help_menu, _("&Safety information"), window.show_safety)
    add_action(window, help_menu, _("&About Spasm Timer"), window.show_about)
    from spasm_timer.ui.routine_menu import (
        RoutineActions,  # new, edit, add, share, help
    )

    window.routine_actions = RoutineActions(window, file_menu, help_menu)
    for menu in (file_menu, view_menu, help_menu):
        menu.aboutToShow.connect(lambda menu=menu: leave_room(menu))


def leave_room(menu: Any) -> None:
    """A little more width than Qt gives: with our style sheet, at large text, Qt shortens
    the widest item of a menu without shortcuts ("About S…m Timer"), in every language."""
    menu.setMinimumWidth(0)
    menu.setMinimumWidth(menu.sizeHint().width() + 3 * menu.fontMetrics().averageCharWidth())


def add_action(window: Any, menu: Any, text: str, slot: Callable[[], object],
               shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
    # Text set apart: with it as an argument PySide also tries QAction(QIcon, text),
    # which builds QIcon and its enums (~1.5 ms) before the first paint.
    action = QAction(window)
    action.setText(text)
    # setShortcuts, not setShortcut: PySide matches the latter's overloads against
    # `QtCore.Qt` key enums, building that whole namespace before the first paint.
    # A standard key also gets every binding the platform has for it.
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut is not None:
        action.setShortcuts([shortcut])
    action.triggered.connect(lambda *_args: slot())
    menu.addAction(action)
    return action
