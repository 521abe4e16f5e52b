"""How the player fits a short screen: the largest text size at which every line fits, and,
when even the smallest does not, digits that give way as little as they must and never below
their smallest box (a person reads them from two metres; notes and instructions scroll).

Plain functions of a `PlayerView`, measured through its layout without drawing anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLayout

if TYPE_CHECKING:
    from spasm_timer.ui.player import PlayerView

MIN_BOX_PX = 40


def room_height(view: PlayerView) -> int:
    """The countdown's share is of the whole window: a note or a menu bar in larger text
    takes its room from the other lines, not from the digits."""
    window = view.window()
    return window.height() if window is not view else view.height()


def largest_points_that_fit(view: PlayerView, low: float, high: float) -> float:
    """The largest text size between `low` and `high` at which everything fits, to half a
    point (`low` when none does)."""
    while high - low > 0.5:
        middle = (low + high) / 2
        low, high = (middle, high) if text_fits(view, middle) else (low, middle)
    return low


def shrink_countdown_to_fit(view: PlayerView) -> None:
    """Notes at the top took so much room that even the smallest text does not fit: the
    digits give way too, as little as they must, and never below their smallest box."""
    label = view.countdown_label
    points = view.shown_points
    if text_fits(view, points):
        return
    room = room_height(view)
    low, high = max(MIN_BOX_PX, label.smallest_box_height(room)), label.box_height(room)
    while high - low > 2:  # the largest box that fits, to two pixels
        middle = (low + high) // 2
        label.box_limit = middle
        label.fit()
        low, high = (middle, high) if text_fits(view, points) else (low, middle)
    label.box_limit = low
    label.fit()


def text_fits(view: PlayerView, points: float) -> bool:
    """Whether every line fits the view at this text size (the view is left at that size)."""
    view.use_points(points)
    # The box around the instructions keeps its old size until told: its label changed.
    view.instructions_box.updateGeometry()
    layout = view.layout()
    assert layout is not None, "made with the view"
    for inner in layout.findChildren(QLayout):  # a box layout keeps its rows' old sizes
        inner.invalidate()
    layout.invalidate()
    width = view.width()
    needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
              else layout.totalMinimumSize().height())
    # The line above the digits is one line across the clock's column (as wide as the
    # digits' box): a long hint fits in it, or the text gets smaller.
    across = view.countdown_label.width()
    return needed <= view.height() and (
        across <= 0 or view.banner_label.sizeHint().width() <= across)
