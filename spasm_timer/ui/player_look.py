"""How the player looks: colours from its stylesheet, text sizes set as fonts.

Sizes are set with `setFont`, not in the stylesheet: the player may draw its text smaller than
the chosen size where the screen is short (`PlayerView.fit_text`), and a font set directly
changes a widget's size at once, where a stylesheet's font only does on the next polish.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from spasm_timer.ui.theme import Colours

# Object name → (size as a multiple of the base text, weight). Buttons: "button".
FONT_ROLES: dict[str, tuple[float, QFont.Weight]] = {
    "kind": (1.4, QFont.Weight.Normal),
    "stepOf": (1.4, QFont.Weight.Normal),
    "title": (2.3, QFont.Weight.DemiBold),
    "side": (3.4, QFont.Weight.ExtraBold),
    "banner": (2.0, QFont.Weight.Bold),
    "repetition": (2.2, QFont.Weight.DemiBold),
    "instructions": (1.55, QFont.Weight.Normal),
    "nextUp": (1.4, QFont.Weight.Normal),
    "illustration": (1.2, QFont.Weight.Normal),
    "button": (1.25, QFont.Weight.Normal),
    "primary": (1.25, QFont.Weight.Bold),
}


# A paused countdown keeps the text's colour (it must read as well from two metres) and is
# framed, under the PAUSED line: a shape and a word, not a dimmer colour. The frame is there,
# unseen, while the time runs, so the digits keep their size when it shows. The frame's
# colour is the muted one, which keeps the 3:1 a shape needs in every theme.
PAUSE_FRAME_PX = 4
# The PAUSED box's words keep this far from its edges. Its frame and padding are there,
# unseen, while the time runs too: the line takes the same room whether paused or not.
BANNER_PADDING_PX = 16


def player_stylesheet(c: Colours) -> str:
    """Every rule starts with #player, so it outranks the app-wide stylesheet's rules."""
    return f"""
        #player {{ background: {c.window}; }}
        #player QLabel {{ color: {c.text}; background: transparent; }}
        #player QScrollArea, #player QScrollArea > QWidget {{ background: transparent; }}
        #player #kind, #player #stepOf {{ color: {c.muted}; }}
        #player #side {{ color: {c.accent_text}; background: {c.accent}; border-radius: 14px;
                        padding: 0 10px; }}
        #player #banner {{ border: 2px solid transparent; border-radius: 10px;
                          padding: 2px {BANNER_PADDING_PX}px; }}
        #player #banner[paused="true"] {{ background: {c.safety_back};
                                         border-color: {c.safety_border}; }}
        #player #countdown {{ border: {PAUSE_FRAME_PX}px solid transparent; border-radius: 18px; }}
        #player #countdown[paused="true"] {{ border-color: {c.muted}; }}
        #player #nextUp {{ color: {c.muted}; }}
        #player #illustration {{ color: {c.muted}; background: {c.base}; border-radius: 14px; }}
        #player QPushButton {{ padding: 5px 9px; }}
        #player QPushButton#primary {{ background: {c.accent}; color: {c.accent_text};
                                      border-color: {c.accent}; }}
        #player QProgressBar {{ background: {c.button}; border: none; border-radius: 3px; }}
        #player QProgressBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
    """


def set_fonts(widgets: list[QWidget], points: float) -> None:
    """Each widget's font at its role's share of `points` (its object name is its role)."""
    for widget in widgets:
        role = widget.objectName()
        factor, weight = FONT_ROLES.get(role) or FONT_ROLES["button"]
        font = QFont(widget.font())
        font.setPointSizeF(points * factor)
        font.setWeight(weight)
        if font != widget.font():
            widget.setFont(font)


def player_label(name: str, wrap: bool = False,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QLabel:
    """One of the player's labels; its object name is its role (see FONT_ROLES)."""
    label = QLabel("")
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    return label


def progress_bar(name: str, height: int, steps: int) -> QProgressBar:
    """A thin bar without text: the step's or the session's progress, in `steps` steps."""
    bar = QProgressBar()
    bar.setObjectName(name)
    bar.setRange(0, steps)
    bar.setTextVisible(False)
    bar.setFixedHeight(height)
    return bar
