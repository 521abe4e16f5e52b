"""Light and dark looks and the text size, applied to the whole app at once.

Widgets never pick colours or font sizes themselves: they set a `role` property (title,
subtitle, hint, primary, safety, notice, badge, group) and this module's stylesheet sizes and
colours every role, scaled to the person's text size. Changing a setting re-applies it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from spasm_timer.settings import Settings

# Base text in points. "normal" is already generous: the screen is often two metres away.
TEXT_POINTS = {"normal": 13.0, "large": 17.0, "huge": 22.0}


@dataclass(frozen=True)
class Colours:
    """One calm colour set; the safety box is warm sand, never alarm red."""

    window: str
    base: str
    text: str
    muted: str
    button: str
    accent: str
    accent_text: str
    safety_back: str
    safety_border: str
    notice_back: str
    notice_border: str
    badge_back: str


LIGHT = Colours(window="#f5f3ee", base="#ffffff", text="#1f2328", muted="#5b6068",
                button="#e8e5de", accent="#2f7d73", accent_text="#ffffff",
                safety_back="#fbf1dc", safety_border="#d9bf85", notice_back="#e9f1f7",
                notice_border="#9fbad1", badge_back="#dcebe8")
DARK = Colours(window="#1d2023", base="#26292d", text="#e9e6e1", muted="#a4a8ae",
               button="#33373c", accent="#4aa598", accent_text="#0f1412",
               safety_back="#3a3325", safety_border="#75623a", notice_back="#23313d",
               notice_border="#4d6a82", badge_back="#2c4541")


# Night: dim, warm and low in contrast, for a dark bedroom; the text keeps WCAG AA contrast
# (at least 4.5:1) against the background (tests/test_night.py measures it), and the
# countdown, running or paused, 7:1 (tests/test_paused_countdown.py).
NIGHT = Colours(window="#14100c", base="#1b1510", text="#c99a6b", muted="#8a6c4f",
                button="#241c15", accent="#7a4a26", accent_text="#e8c9a6",
                safety_back="#2a1f14", safety_border="#5e4528", notice_back="#1f1812",
                notice_border="#4d3a26", badge_back="#2a2017")


def night_now(settings: Settings) -> bool:
    """Whether the night look is on: chosen, or switched to on its own at night."""
    if settings.theme == "night":
        return True
    if not settings.night_auto:
        return False
    from datetime import datetime

    from spasm_timer.core.night import is_night

    return is_night(datetime.now().time())


def text_points(settings: Settings) -> float:
    return TEXT_POINTS.get(settings.text_size, TEXT_POINTS["normal"])


# Whether the desktop prefers dark, for the `system` theme; None until first asked.
_desktop_dark: bool | None = None

# set_role hands back the very widget it was given, with its own type (a QLabel stays a QLabel).
_AnyWidget = TypeVar("_AnyWidget", bound=QWidget)


def desktop_prefers_dark() -> bool:
    """The desktop's light or dark preference, as far as it is known yet.

    Qt's colour scheme is the authority, but asking for it makes PySide build all 93 enums of
    the `QtCore.Qt` namespace (~12 ms). So the first answer, for the first paint, comes from
    the platform's own palette, which platform themes make dark for a dark desktop; `apply`
    asks before it replaces that palette with ours. Once the window is up the main window
    reports Qt's scheme through `note_colour_scheme`, now and whenever it changes.
    """
    global _desktop_dark  # noqa: PLW0603  # one desktop, one preference, for the whole process
    if _desktop_dark is None:
        _desktop_dark = QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return _desktop_dark


def note_colour_scheme(scheme: object) -> bool:
    """Takes Qt's `ColorScheme`; returns True when the preference changed. `Unknown` (the
    platform does not say) keeps what the palette told."""
    from PySide6.QtCore import Qt

    global _desktop_dark  # noqa: PLW0603  # see desktop_prefers_dark
    if scheme == Qt.ColorScheme.Unknown:
        return False
    dark = scheme == Qt.ColorScheme.Dark
    changed = _desktop_dark is not None and dark != _desktop_dark  # None: nothing shown yet
    _desktop_dark = dark
    return changed


def colours_for(settings: Settings) -> Colours:
    """The colours to use; `system` follows the desktop's light or dark preference."""
    if night_now(settings):
        return NIGHT
    if settings.theme == "dark":
        return DARK
    if settings.theme == "light":
        return LIGHT
    return DARK if desktop_prefers_dark() else LIGHT


def _palette(colours: Colours) -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: colours.window,
        QPalette.ColorRole.WindowText: colours.text,
        QPalette.ColorRole.Base: colours.base,
        QPalette.ColorRole.AlternateBase: colours.window,
        QPalette.ColorRole.Text: colours.text,
        QPalette.ColorRole.Button: colours.button,
        QPalette.ColorRole.ButtonText: colours.text,
        QPalette.ColorRole.Highlight: colours.accent,
        QPalette.ColorRole.HighlightedText: colours.accent_text,
        QPalette.ColorRole.ToolTipBase: colours.base,
        QPalette.ColorRole.ToolTipText: colours.text,
        QPalette.ColorRole.PlaceholderText: colours.muted,
        QPalette.ColorRole.Link: colours.accent,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colours.muted))
    return palette


# The keyboard focus on a green button: amber beside the light look's dark green, a pale
# cream beside the dark looks' lighter green (a dark ring on green was nearly invisible).
FOCUS_RING = "#ffbf47"
FOCUS_RING_ON_DARK = "#fff4cc"


def focus_ring(c: Colours) -> str:
    return FOCUS_RING if c == LIGHT else FOCUS_RING_ON_DARK


def stylesheet(settings: Settings) -> str:
    """The app-wide stylesheet: sizes per role, scaled to the text size."""
    c = colours_for(settings)
    pt = text_points(settings)

    def size(factor: float) -> str:
        return f"{pt * factor:.0f}pt"

    return f"""
    QPushButton {{ padding: 0.4em 1.1em; border-radius: 8px; background: {c.button};
                   border: 1px solid {c.muted}; color: {c.text}; }}
    QPushButton:focus {{ border: 2px solid {c.accent}; }}
    QPushButton:checked {{ background: {c.accent}; color: {c.accent_text};
                           border-color: {c.accent}; }}
    QPushButton:disabled {{ color: {c.muted}; border-color: {c.button}; }}
    QPushButton[role="primary"] {{ font-size: {size(1.45)}; font-weight: 600; padding: 0.3em 1.4em;
                                   background: {c.accent}; color: {c.accent_text};
                                   border: 2px solid {c.accent}; }}
    QPushButton[role="primary"]:focus {{ border: 4px solid {focus_ring(c)}; }}
    QPushButton[role="rating"] {{ min-width: 1.5em; min-height: 1.7em; padding: 0.15em;
                                  font-size: {size(1.15)}; }}
    QPushButton[role="link"] {{ background: transparent; border: none; color: {c.accent};
                                text-decoration: underline; padding: 0.1em; }}
    QLabel[role="title"] {{ font-size: {size(1.8)}; font-weight: 600; }}
    QLabel[role="subtitle"] {{ font-size: {size(1.3)}; font-weight: 600; }}
    QLabel[role="list"] {{ font-size: {size(1.15)}; }}
    QLabel[role="hint"] {{ color: {c.muted}; }}
    QLabel[role="badge"] {{ background: {c.badge_back}; border-radius: 6px; padding: 0.1em 0.5em; }}
    QFrame[role="safety"] {{ background: {c.safety_back}; border: 1px solid {c.safety_border};
                             border-radius: 10px; }}
    QFrame[role="notice"] {{ background: {c.notice_back}; border: 1px solid {c.notice_border};
                             border-radius: 10px; }}
    QFrame[role="safety"] QLabel, QFrame[role="notice"] QLabel {{ background: transparent; }}
    QFrame[role="notice"] QScrollArea, QFrame[role="notice"] QScrollArea > QWidget {{
        background: transparent; }}
    QCheckBox {{ spacing: 0.5em; }}
    QCheckBox::indicator {{ width: 1.1em; height: 1.1em; }}
    QListView#routines, QPlainTextEdit, QLineEdit {{ border: 1px solid {c.muted};
                                                    border-radius: 8px; padding: 0.25em;
                                                    background: {c.base}; }}
    QComboBox:editable {{ border: 1px solid {c.muted}; border-radius: 8px; padding: 0.2em 0.25em;
                          background: {c.base}; }}
    QListView#routines {{ outline: 0; }}
    QListView#routines:focus {{ border-color: {c.accent}; }}
    QListView#routines::item {{ padding: 0.45em 0.6em; border-radius: 6px; }}
    QListView#routines[compact="true"]::item {{ padding: 0.15em 0.6em; }}
    QListView#routines::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
    """


def apply(app: QApplication, settings: Settings) -> None:
    """Applies palette, base font and stylesheet to every widget of the app."""
    desktop_prefers_dark()  # read off the platform's palette before ours replaces it
    app.setPalette(_palette(colours_for(settings)))
    font = QFont(app.font())
    font.setPointSizeF(text_points(settings))
    app.setFont(font)
    app.setStyleSheet(stylesheet(settings))


def set_role(widget: _AnyWidget, role: str) -> _AnyWidget:
    """Gives a widget being built its look from the stylesheet; returns it for chaining.

    Qt reads the role when it polishes the widget, just before its first show. A widget
    already on screen takes a new role through `restyle`.
    """
    widget.setProperty("role", role)
    return widget


def restyle(widget: QWidget, name: str, value: object) -> None:
    """Sets a property the stylesheet reads, and has a widget already polished drawn by it
    again (Qt reads properties only when it polishes a widget). A value it already has
    changes nothing: polishing calls into the style, which builds PySide's whole `QtCore.Qt`
    namespace (~12 ms), and the pages on screen at start-up are built before the first paint."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
