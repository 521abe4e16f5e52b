"""A pseudo-translation: every string about 40% longer and full of accents, its placeholders,
markup and keyboard shortcuts kept, so a layout test sees what German or a longer language
would cut before a translator does ("Pause" -> "Þàüšé~~").

It also checks what a view shows: `cut_or_overlapping` lists every text a person cannot read
whole, the way they would notice it.
"""

from __future__ import annotations

import gettext
import math
import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QGroupBox,
    QLabel,
    QMenuBar,
    QPushButton,
    QTabBar,
    QToolButton,
    QWidget,
)

from spasm_timer.ui.accessibility import without_mnemonic

ACCENTED = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķļɱñöþǫŕšţüṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÜṼŴẊÝŽ", strict=True))
# What must come through unchanged: {placeholders}, %s, <markup>, &entities;, && and newlines.
KEPT = re.compile(r"\{[^{}]*\}|%(?:\([a-z_]+\))?[sdif]|<[^<>]*>|&[a-zA-Z#0-9]+;|&&|\n")
LONGER_BY = 0.4


def pseudo(text: str) -> str:
    """`text` about 40% longer, its letters accented, what code or Qt reads kept whole.

    Each word grows (as German words do), so a text that wraps still wraps."""
    pieces, position = [], 0
    for match in KEPT.finditer(text):
        pieces += [_longer(text[position:match.start()]), match.group()]
        position = match.end()
    pieces.append(_longer(text[position:]))
    return "".join(pieces)


def _longer(plain: str) -> str:
    def grow(word: re.Match[str]) -> str:
        letters = word.group()
        accented = "".join(ACCENTED.get(char, char) for char in letters)
        return accented + "~" * math.ceil(len(letters) * LONGER_BY)

    return re.sub(r"[A-Za-z]+", grow, plain)


class PseudoTranslations(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        # The decimal separator and date patterns are formats, not words.
        return message if context in ("decimal separator", "long date", "short date") \
            else pseudo(message)


def cut_or_overlapping(top: QWidget) -> list[str]:
    """Every text in `top` a person cannot read whole: cut by its own box, or lying over
    another text. Hidden widgets and pages do not count; a text in a scroll area may lie
    beyond its viewport (the person scrolls to it) but not be cut there."""
    shown = [widget for widget in top.findChildren(QWidget)
             if widget.isVisibleTo(top) and _shows_text(widget)]
    problems = [f"{_name(widget)}: cut ({why})" for widget in shown
                if (why := _cut(widget)) is not None]
    for index, first in enumerate(shown):
        for second in shown[index + 1:]:
            if _overlap(first, second, top):
                problems.append(f"{_name(first)} overlaps {_name(second)}")
    return problems


def _shows_text(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):
        return bool(widget.text().strip()) and widget.pixmap().isNull()
    if isinstance(widget, QAbstractButton):
        return bool(widget.text().strip())
    return isinstance(widget, (QComboBox, QGroupBox, QTabBar, QMenuBar))


def _cut(widget: QWidget) -> str | None:
    slack = 1
    if isinstance(widget, QLabel):
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            return f"needs {needed} px high, has {widget.height()}" \
                if needed > widget.height() + slack else None
        needed = widget.sizeHint().width()
        return f"needs {needed} px wide, has {widget.width()}" \
            if needed > widget.width() + slack else None
    if isinstance(widget, (QPushButton, QToolButton)):
        # A button may give up some of its padding; its text itself must fit.
        metrics = widget.fontMetrics()
        text = without_mnemonic(widget.text())
        needed = metrics.horizontalAdvance(text) + widget.iconSize().width() * \
            (not widget.icon().isNull()) + 2
        if needed > widget.width() or metrics.height() > widget.height():
            return f"text needs {needed}×{metrics.height()}, has {widget.width()}×{widget.height()}"
        return None
    if isinstance(widget, QComboBox):  # the shown choice and the arrow beside it
        metrics = widget.fontMetrics()
        needed = metrics.horizontalAdvance(widget.currentText()) + 20
        if needed > widget.width() or metrics.height() > widget.height():
            return f"text needs {needed}×{metrics.height()}, has {widget.width()}×{widget.height()}"
        return None
    if isinstance(widget, QAbstractButton):
        hint = widget.sizeHint()
        if hint.width() > widget.width() + slack or hint.height() > widget.height() + slack:
            return f"needs {hint.width()}×{hint.height()}, has {widget.width()}×{widget.height()}"
        return None
    if isinstance(widget, QGroupBox):
        needed = widget.fontMetrics().horizontalAdvance(widget.title()) + 16
        return f"title needs {needed} px" if needed > widget.width() else None
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            if widget.tabRect(index).width() + slack < widget.tabSizeHint(index).width():
                return f"tab {widget.tabText(index)!r}"
        return None
    if isinstance(widget, QMenuBar):
        for action in widget.actions():
            if action.isVisible() and not widget.rect().contains(widget.actionGeometry(action)):
                return f"menu {action.text()!r} beyond the bar"
    return None


def _overlap(first: QWidget, second: QWidget, top: QWidget) -> bool:
    if first.isAncestorOf(second) or second.isAncestorOf(first):
        return False
    if _scroll_area(first) is not _scroll_area(second):
        return False
    one = first.rect().translated(first.mapTo(top, first.rect().topLeft()))
    other = second.rect().translated(second.mapTo(top, second.rect().topLeft()))
    common = one.intersected(other)
    return common.width() > 2 and common.height() > 2


def _scroll_area(widget: QWidget) -> QWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    return f"{type(widget).__name__} {widget.objectName() or ''} {text[:40]!r}".strip()
