"""Keys a person can choose: one more key for each session action, pressed in to set it.

Presentation clickers send PageDown, PageUp or B; foot pedals send F-keys or letters. The
defaults always stay; a key another action already has is refused on the spot, with the
action it belongs to named.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.session_keys import ACTIONS, DEFAULT_KEYS, refusal
from spasm_timer.i18n import _, pgettext
from spasm_timer.ui import screen_fit
from spasm_timer.ui.theme import set_role

# Action → the player's method (or signal) it runs.
PLAYER_SLOTS = {"play_pause": "primary_action", "next": "go_next", "previous": "go_back",
                "done": "finish_step", "extend": "extend", "stop": "request_stop",
                "mute": "toggle_mute", "time_left": "time_left_requested",
                "full_screen": "toggle_full_screen"}


def qt_key(name: str) -> object | None:
    """The Qt key for a portable key name ("PgDown" → Qt.Key_PageDown), or None."""
    sequence = QKeySequence(name)
    if sequence.count() != 1:
        return None
    return sequence[0].key()  # type: ignore[index]  # PySide's stubs lack QKeySequence[i]


def key_actions(player: object,
                extra_keys: Mapping[str, str]) -> dict[object, Callable[[], object]]:
    """The player's key table: each action's default keys (`DEFAULT_KEYS`, the one list of
    them), then the person's own."""
    chosen = [(action, name) for action, names in DEFAULT_KEYS.items() for name in names]
    table: dict[object, Callable[[], object]] = {}
    for action, name in [*chosen, *extra_keys.items()]:
        key, slot = qt_key(name), getattr(player, PLAYER_SLOTS.get(action, ""), None)
        if key is None or slot is None:
            continue
        table[key] = slot.emit if hasattr(slot, "emit") else slot
    return table


def key_name(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def shown_keys(names: tuple[str, ...]) -> str:
    """ "Space", "Right or N": key names as the person's keyboard labels them (Qt's own
    translations name the keys: "Leertaste", "Espacio")."""
    shown = [QKeySequence(name).toString(QKeySequence.SequenceFormat.NativeText) or name
             for name in names]
    text = shown[0]
    for other in shown[1:]:
        text = pgettext("between two keys", "{first} or {second}").format(first=text,
                                                                        second=other)
    return text


class KeysDialog(QDialog):
    """Each session action, its keys, and a field to press one more into.

    Emits `keys_changed(dict)` with every accepted change (the caller saves it).
    """

    keys_changed = Signal(object)

    def __init__(self, extra_keys: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Session keys — Spasm Timer"))
        self.extra_keys = dict(extra_keys)
        self.edits: dict[str, QKeySequenceEdit] = {}
        self.problem = set_role(QLabel(), "hint")
        self.problem.setObjectName("key_problem")
        self.problem.setWordWrap(True)
        grid = QGridLayout()
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(0, 3)  # the action's words get the room, the key field less
        grid.setColumnStretch(2, 2)
        grid.addWidget(set_role(QLabel(_("Action")), "hint"), 0, 0)
        grid.addWidget(set_role(QLabel(_("Keys")), "hint"), 0, 1)
        grid.addWidget(set_role(QLabel(_("Your own key")), "hint"), 0, 2)
        for row, (action, english) in enumerate(ACTIONS.items(), start=1):
            words = _(english)  # marked in core/session_keys.py
            named = QLabel(words)
            named.setWordWrap(True)
            grid.addWidget(named, row, 0)
            grid.addWidget(QLabel(shown_keys(DEFAULT_KEYS[action])), row, 1)
            edit = QKeySequenceEdit(QKeySequence(self.extra_keys.get(action, "")))
            edit.setMaximumSequenceLength(1)
            # The field a screen reader lands on is the line edit inside.
            for field in (edit, *edit.findChildren(QLineEdit)):
                field.setAccessibleName(_("Your own key for {action}").format(action=words))
            for line in edit.findChildren(QLineEdit):  # Qt's own hint says "Sie" in German
                line.setPlaceholderText(_("Press a key"))
            edit.editingFinished.connect(lambda a=action: self._chosen(a))
            clear = QPushButton(_("Clear"))
            clear.setAccessibleName(_("Clear your own key for {action}").format(action=words))
            clear.clicked.connect(lambda _checked=False, a=action: self._clear(a))
            self.edits[action] = edit
            grid.addWidget(edit, row, 2)
            grid.addWidget(clear, row, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        how = set_role(QLabel(_("Click a field, then press the key your clicker, pedal or "
                                "keyboard sends. The usual keys keep working.")), "hint")
        how.setWordWrap(True)  # within a 1024-pixel screen, at any text size and language
        layout.addWidget(how)
        # The actions scroll when the screen is too short for all of them (Huge text on a
        # 600-pixel laptop); the dialog opens within the screen.
        table = QWidget()
        table.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(table)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        wanted = layout.sizeHint() + QSize(scroll.verticalScrollBar().sizeHint().width(), 0)
        screen_fit.fit_within_screen(self, wanted.width(), wanted.height())

    def _chosen(self, action: str) -> None:
        name = key_name(self.edits[action].keySequence())
        why = refusal(action, name, self.extra_keys)
        if why is None and name and qt_key(name) is None:
            why = _("{key}: choose one key.").format(key=name)
        if why is not None:
            self.problem.setText(why)
            self.edits[action].setKeySequence(QKeySequence(self.extra_keys.get(action, "")))
            return
        self.problem.setText("")
        if name == self.extra_keys.get(action, ""):
            return
        if name:
            self.extra_keys[action] = name
        else:
            self.extra_keys.pop(action, None)
        self.keys_changed.emit(dict(self.extra_keys))

    def _clear(self, action: str) -> None:
        self.edits[action].clear()
        self._chosen(action)
