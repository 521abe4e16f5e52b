"""The countdown's digits: the biggest thing on screen, sized to a fixed share of the player.

The share grows with the text size the person chose, so Large and Huge show bigger digits
than Normal on the same screen; everything else in the player gives way before it does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# The share of the window's height the countdown's box always gets, per text size.
COUNTDOWN_SHARE = {"normal": 0.27, "large": 0.30, "huge": 0.33}
# However many notes and lines a step brings, the box keeps this share (Normal's, at most):
# the digits are then at least a sixth of the window tall, and notes and instructions scroll.
SMALLEST_SHARE = 0.28
# The digits fill this much of their box; the rest is breathing room.
COUNTDOWN_FILL = 0.95
MIN_PIXELS = 24


class CountdownLabel(QLabel):
    """Remaining time in equal-width digits, sized by `fit(window_height)`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("countdown")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Its font follows the space it gets; were its size hint to follow the font in turn,
        # the window could only ever grow past the screen.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.share = COUNTDOWN_SHARE["normal"]
        self.box_limit: int | None = None  # set when notes leave less room than the share
        # The session's longest time ("10:00"): sized for it from the start, the digits keep
        # one size from step to step.
        self.longest = ""
        self._player_height = 0

    def set_text_size(self, text_size: str) -> None:
        self.share = COUNTDOWN_SHARE.get(text_size, COUNTDOWN_SHARE["normal"])

    def box_height(self, player_height: int) -> int:
        """The height the countdown's box is promised in a player this tall."""
        return int(player_height * self.share)

    def smallest_box_height(self, player_height: int) -> int:
        """The box's height below which the digits no longer give way to other text."""
        return min(self.box_height(player_height), int(player_height * SMALLEST_SHARE))

    def fit(self, player_height: int | None = None) -> None:
        """Digits as tall as the promised box and the label's width allow, never clipped."""
        if player_height is not None:
            self._player_height = player_height
        box = self.box_height(self._player_height)
        if self.box_limit is not None:
            box = min(box, self.box_limit)
        self.setMinimumHeight(box)
        text = max(self.text() or "0:00", self.longest, key=len)
        font = self._digits_font()
        metrics = QFontMetrics(font)
        widest = _widest(metrics, text)
        room = min(box, self.height()) if self.height() > 0 else box
        # Across, within the pause frame (the stylesheet's border, there even while the time
        # runs). Up and down the line's room above and below the digits is empty, so the
        # frame may lie in it: the digits keep their size.
        across = self.contentsRect().width()
        scale = min(room / metrics.height(), across / max(1, widest))
        font.setPixelSize(max(MIN_PIXELS, int(100 * scale * COUNTDOWN_FILL)))
        if font.pixelSize() != self.font().pixelSize() or not self.font().featureTags():
            self.setFont(font)

    def width_for(self, text: str, player_height: int) -> int:
        """How wide the label must be to draw `text` as tall as its box (`box_limit`, if set)
        in a player this tall allows, within the pause frame: narrower, the digits would
        shrink."""
        metrics = QFontMetrics(self._digits_font())
        frame = self.width() - self.contentsRect().width()
        box = self.box_height(player_height)
        if self.box_limit is not None:
            box = min(box, self.box_limit)
        return frame + _widest(metrics, text) * box // metrics.height()

    def _digits_font(self) -> QFont:
        """The digits' font at 100 px: equal-width figures, demi-bold."""
        font = QFont(self.font())
        font.setFeature(QFont.Tag("tnum"), 1)  # no wobble as 1s turn into 0s
        font.setWeight(QFont.Weight.DemiBold)
        font.setPixelSize(100)
        return font

    def digit_height(self) -> int:
        """How tall the digits are drawn, in pixels (what a reader two metres away sees)."""
        return QFontMetrics(self.font()).tightBoundingRect("0123456789").height()

    def set_time(self, text: str) -> None:
        if text != self.text():
            refit = len(text) != len(self.text())
            self.setText(text)
            if refit:  # 9:59 → 10:00 needs room for one more digit
                self.fit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.fit()


def _widest(metrics: QFontMetrics, text: str) -> int:
    """Every digit as wide as the widest, so 1:11 and 0:00 get the same size."""
    return metrics.horizontalAdvance(text.replace(":", "").rjust(len(text), "0"))
