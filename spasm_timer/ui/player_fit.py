"""How the player fits a short screen: the largest text size at which every line fits, and,
when even the smallest does not, digits that give way as little as they must and never below
their smallest box (a person reads them from two metres; notes and instructions scroll).

Plain functions of a `PlayerView`, measured through its layout without drawing anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QLayout, QSizePolicy

from spasm_timer.ui.theme import TEXT_POINTS

if TYPE_CHECKING:
    from spasm_timer.ui.player import PlayerView

MIN_BOX_PX = 40
MIN_TEXT_POINTS = 8.0
# The instructions show this many lines at most, under or beside the digits; more scroll
# (the voice reads them whole, when Settings has "Read the instructions aloud too" on).
INSTRUCTION_LINES = 3
# The picture beside the digits is kept only where it can be at least this big each way:
# smaller, it is a smudge the person cannot read from two metres.
PICTURE_MIN_PX = 160
# The picture stays only where the texts fit beside it at the chosen size, up to this one.
# Measured at 1024×600 and Large: with the picture the words came out at 10.8–13.5 pt from
# step to step, below Normal on most; beside the digits, 15–17 pt.
PICTURE_TEXT_UP_TO = "large"
# How the width is shared between the picture's column and the digits', and between the
# words and the digits beside them (the digits need less without the line above them).
PICTURE_SHARE = (3, 7)
SIDE_TEXT_SHARE = (2, 3)
# Below this height the margins and gaps shrink: a 1024×600 screen needs every line.
COMPACT_BELOW_PX = 620


def fit(view: PlayerView, chosen: float, side_text: SideTextChoice) -> None:
    """The `chosen` text size where it fits; smaller where the screen is short, so that the
    countdown always keeps its share of the height and nothing is cut off (the order in which
    they give way: `give_way`)."""
    compact = view.height() < COMPACT_BELOW_PX
    margin = (12, 6) if compact else (28, 14)
    layout = view.layout()
    assert layout is not None, "made with the view"
    layout.setContentsMargins(margin[0], margin[1], margin[0], margin[1])
    layout.setSpacing(3 if compact else 6)
    place_side_text(view, beside=side_text.wanted(view, chosen))
    view.countdown_label.box_limit = None
    view.countdown_label.fit(room_height(view))
    high = max(MIN_TEXT_POINTS, chosen)
    if text_fits(view, high) or not view.isVisible():
        return
    give_way(view, high)


class SideTextChoice:
    """Whether the words take the picture's place (`needs_side_text`), measured once per size
    and text size: the answer never flips back and forth at one size."""

    def __init__(self) -> None:
        self._measured_for: tuple[object, ...] | None = None
        self._beside = False

    def forget(self) -> None:
        """Other fonts: the picture's room is measured again."""
        self._measured_for = None

    def wanted(self, view: PlayerView, chosen: float) -> bool:
        key = (view.width(), view.height(), room_height(view), chosen)
        if key != self._measured_for:
            self._measured_for = key
            self._beside = needs_side_text(view, chosen)
        return self._beside


def needs_side_text(view: PlayerView, chosen: float) -> bool:
    """Whether the player is too short for the picture at the `chosen` text size, measured:
    the picture goes when, with it at its smallest (`PICTURE_MIN_PX`) and the digits at
    their full box, the texts do not fit at the chosen size, or at Large when Huge is
    chosen (`PICTURE_TEXT_UP_TO`). A person who chose larger words does not get them at the
    Normal size, or below it on a step with more to say, for the sake of a drawing; a tall
    screen keeps the picture at any size.

    Leaves the view in the picture's arrangement; the caller places the words afterwards."""
    place_side_text(view, beside=False)
    view.countdown_label.box_limit = None
    view.countdown_label.fit(room_height(view))
    return not text_fits(view, min(TEXT_POINTS[PICTURE_TEXT_UP_TO], chosen))


def place_side_text(view: PlayerView, beside: bool) -> None:
    """On a short screen the instructions and what comes next sit beside the digits, in the
    picture's place, and the picture is hidden: at night the words and the time matter more
    than the drawing, and under the digits they would take the height the text needs to stay
    at least at the Normal size. The side (LEFT / RIGHT) and the line above the digits then
    share one row across both columns, so that the title gets the whole width."""
    if view.words_beside == beside:
        return
    view.words_beside = beside
    layout, side, row = view.layout(), view.side_column, view.banner_row
    assert isinstance(layout, QBoxLayout), "made with the view"
    box, after, banner = view.instructions_box, view.next_label, view.banner_label
    for widget, home, there in ((view.side_label, view.heading, row), (box, layout, side),
                                (after, layout, side), (banner, view.clock_column, row)):
        (there if beside else home).removeWidget(widget)
    if beside:
        row.addWidget(view.side_label)
        row.addWidget(banner, 1)
        side.addWidget(box, 1)
        side.addWidget(after)
    else:  # back where they were built (player.PlayerView._build)
        view.heading.addWidget(view.side_label)
        below_digits = layout.indexOf(view.session_bar)
        layout.insertWidget(below_digits, after)
        layout.insertWidget(below_digits, box)
        view.clock_column.insertWidget(0, banner)
    view.image_label.setVisible(not beside)
    shares = SIDE_TEXT_SHARE if beside else PICTURE_SHARE
    view.middle.setStretchFactor(side, shares[0])
    view.middle.setStretchFactor(view.clock_column, shares[1])
    after.setWordWrap(beside)  # a narrow column
    banner.setWordWrap(beside)  # a long hint beside the side's LEFT or RIGHT
    # The columns keep their shares whatever the words: a long line wraps, the digits stay.
    across = QSizePolicy.Policy.Ignored if beside else QSizePolicy.Policy.Expanding
    for widget in (box, after):
        widget.setSizePolicy(across, widget.sizePolicy().verticalPolicy())


def room_height(view: PlayerView) -> int:
    """The countdown's share is of the whole window: a note or a menu bar in larger text
    takes its room from the other lines, not from the digits."""
    window = view.window()
    return window.height() if window is not view else view.height()


def give_way(view: PlayerView, chosen: float) -> None:
    """Not everything fits at the `chosen` text size. The text gives way first, down to the
    Normal size; then the digits, down to their smallest box (still a sixth of the window);
    only then the text goes below Normal."""
    normal = min(TEXT_POINTS["normal"], chosen)
    if text_fits(view, normal):
        view.use_points(largest_points_that_fit(view, normal, chosen))
        return
    shrink_countdown_to_fit(view)  # at the Normal size, where text_fits left the view
    if text_fits(view, normal):
        return
    view.use_points(largest_points_that_fit(view, MIN_TEXT_POINTS, normal))
    shrink_countdown_to_fit(view)


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
    # digits' box): a long hint fits in it, or the text gets smaller. Beside the digits it
    # wraps instead, in the row it shares with the side, counted in the height.
    banner = view.banner_label
    across = view.countdown_label.width()
    # And every row's words side by side: the buttons, the step's kind and number.
    wide_enough = layout.totalMinimumSize().width() <= width
    return needed <= view.height() and wide_enough and (
        banner.wordWrap() or across <= 0 or banner.sizeHint().width() <= across)
