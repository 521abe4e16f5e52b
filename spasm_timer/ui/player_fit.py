"""How the player fits a short screen: the picture gives way to the words, then the words
shrink down to a size still read from two metres, then the digits give way as little as they
must and never below their smallest box; every instruction stays whole on screen, since a
person two metres away cannot scroll (`measure`).

Measured once per session and size on the session's most demanding texts (`player_demand`),
through the view's layout, without drawing anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QLayout, QSizePolicy

from spasm_timer.ui.player_demand import most_demanding, showing_most_demanding
from spasm_timer.ui.theme import TEXT_POINTS

if TYPE_CHECKING:
    from spasm_timer.ui.player import PlayerView

MIN_BOX_PX = 40
MIN_TEXT_POINTS = 8.0
# Instructions too long to show whole at any size (a routine of one's own may have 2,000
# characters) show at least this many lines and scroll for the rest.
INSTRUCTION_LINES = 3
# The picture beside the digits is kept only where it can be at least this big each way:
# smaller, it is a smudge the person cannot read from two metres.
PICTURE_MIN_PX = 160
# How the width is shared between the picture's column and the digits', and the least the
# words get beside the digits (they get more where the digits do not need it: `share_width`).
PICTURE_SHARE = (3, 7)
SIDE_TEXT_SHARE = (2, 3)
# The digits' column beside the words is this much wider than the digits, and the columns
# this far apart (player.PlayerView._build).
DIGITS_ROOM = 1.15
MIDDLE_GAP_PX = 24
# Where what comes next shows beside the digits, in the order tried (`place_next_line`).
NEXT_IN_COLUMN, NEXT_BELOW, NEXT_HIDDEN = "column", "below", "hidden"
NEXT_PLACES = (NEXT_IN_COLUMN, NEXT_BELOW, NEXT_HIDDEN)
# Below this height the margins and gaps shrink: a 1024×600 screen needs every line.
COMPACT_BELOW_PX = 620


@dataclass(frozen=True)
class FitPlan:
    """How the player shows one session at one size: measured once, held from step to step."""

    beside: bool  # the words in the picture's place (`place_side_text`)
    next_line: str  # where what comes next shows: NEXT_IN_COLUMN, NEXT_BELOW or NEXT_HIDDEN
    points: float  # the text size
    box_limit: int | None  # the digits' box, where it gave way to the text (else its share)
    whole: bool  # every instruction whole on screen; False: the last resort, they scroll


def fit(view: PlayerView, chosen: float, session_fit: SessionFit) -> None:
    """The `chosen` text size where it fits; smaller where the screen is short, so that the
    countdown always keeps its share of the height and nothing is cut off (the order in which
    they give way: `measure`). Measured on the session's most demanding texts, so that
    nothing changes from one step to the next."""
    compact = view.height() < COMPACT_BELOW_PX
    margin = (12, 6) if compact else (28, 14)
    layout = view.layout()
    assert layout is not None, "made with the view"
    layout.setContentsMargins(margin[0], margin[1], margin[0], margin[1])
    layout.setSpacing(3 if compact else 6)
    show_plan(view, session_fit.plan(view, max(MIN_TEXT_POINTS, chosen)))


class SessionFit:
    """The plan for the session showing, measured once per size, text size and session
    (`player_demand`): a new step, a tick or a pause never changes it, so the picture never
    flickers and the text never jumps."""

    def __init__(self) -> None:
        self._measured_for: tuple[object, ...] | None = None
        self._plan: FitPlan | None = None

    def forget(self) -> None:
        """Other fonts or another session: measured again."""
        self._measured_for = None

    def plan(self, view: PlayerView, chosen: float) -> FitPlan:
        # Every hint the session can show is among its texts: a hint never fits anew.
        session = view.session_texts
        demands = (tuple(most_demanding(view, session, texts) for texts in session.roles)
                   if session is not None else ())
        key = (view.width(), view.height(), room_height(view), chosen, demands)
        if key == self._measured_for and self._plan is not None:
            return self._plan
        view.fit_demands = demands
        try:
            plan = measure(view, chosen)
        finally:
            view.fit_demands = ()
        if view.isVisible():  # a hidden view's size is not yet the one it will show at
            self._measured_for, self._plan = key, plan
        return plan


def show_plan(view: PlayerView, plan: FitPlan) -> None:
    place_side_text(view, plan.beside, plan.next_line)
    view.instructions_box.show_whole(plan.whole, INSTRUCTION_LINES)
    label = view.countdown_label
    label.box_limit = plan.box_limit
    label.fit(room_height(view))
    share_width(view)
    view.use_points(plan.points)
    view.instructions_box.updateGeometry()


def measure(view: PlayerView, chosen: float) -> FitPlan:
    """What gives way where not everything fits at the `chosen` text size, in this order:
    the picture (`needs_side_text`); then the text, down to the Normal size, which still
    reads from two metres; then, beside the digits, what comes next leaves the words'
    column for one line under both, and then the screen; then the digits, down to their
    smallest box (still a sixth of the window, and still the biggest thing on screen).
    Every instruction is whole on screen until then. Only an instruction longer than all
    that room scrolls, in three lines or more; and only where even that does not fit (notes
    in large text on a tiny window) does the text go below Normal.

    Leaves the view in the measured arrangement."""
    floor = min(TEXT_POINTS["normal"], chosen)
    beside = needs_side_text(view, chosen)
    place_side_text(view, beside)
    if not view.isVisible():
        return FitPlan(beside, NEXT_IN_COLUMN, chosen, None, whole=True)
    next_places = NEXT_PLACES if beside else (NEXT_IN_COLUMN,)
    for whole in (True, False):
        view.instructions_box.show_whole(whole, INSTRUCTION_LINES)
        for digits_give_way in (False, True):
            for place in next_places:
                plan = give_way(view, chosen, floor, FitPlan(beside, place, floor, None, whole),
                                digits_give_way)
                if plan is not None:
                    return plan
    place_side_text(view, beside)
    points = largest_points_that_fit(view, MIN_TEXT_POINTS, floor)
    shrink_countdown_to_fit(view, points)
    return FitPlan(beside, NEXT_IN_COLUMN, points, view.countdown_label.box_limit, whole=False)


def give_way(view: PlayerView, chosen: float, floor: float, plan: FitPlan,
             digits_give_way: bool) -> FitPlan | None:
    """`plan` at the largest text size down to `floor` at which everything fits with the
    digits at their share; or, if they may give way, at `floor` with the digits as large as
    they can be; None where not even that fits."""
    place_side_text(view, plan.beside, plan.next_line)
    label = view.countdown_label
    label.box_limit = None
    label.fit(room_height(view))
    if not digits_give_way:
        if text_fits(view, chosen):
            return replace(plan, points=chosen)
        if text_fits(view, floor):
            return replace(plan, points=largest_points_that_fit(view, floor, chosen))
        return None
    shrink_countdown_to_fit(view, floor)
    if text_fits(view, floor):
        return replace(plan, box_limit=label.box_limit)
    return None


def needs_side_text(view: PlayerView, chosen: float) -> bool:
    """Whether the player is too short for the picture at the `chosen` text size, measured:
    the picture goes when, with it at its smallest (`PICTURE_MIN_PX`), the digits at their
    full box and every instruction whole, the texts do not fit at the chosen size. The
    picture is the first to give way: a person who chose larger words does not get smaller
    ones for the sake of a drawing. A tall screen keeps it at any size.

    Leaves the view in the picture's arrangement; the caller places the words afterwards."""
    place_side_text(view, beside=False)
    view.instructions_box.show_whole(True, INSTRUCTION_LINES)
    view.countdown_label.box_limit = None
    view.countdown_label.fit(room_height(view))
    return not text_fits(view, chosen)


def place_side_text(view: PlayerView, beside: bool, next_line: str = NEXT_IN_COLUMN) -> None:
    """On a short screen the instructions and what comes next sit beside the digits, in the
    picture's place, and the picture is hidden: at night the words and the time matter more
    than the drawing, and under the digits they would take the height the text needs to stay
    at least at the Normal size. The side (LEFT / RIGHT) and the line above the digits then
    share one row across both columns, so that the title gets the whole width."""
    if view.words_beside != beside:
        move_words(view, beside)
    place_next_line(view, next_line if beside else NEXT_BELOW)
    share_width(view)


def move_words(view: PlayerView, beside: bool) -> None:
    view.words_beside = beside
    layout, side, row = view.layout(), view.side_column, view.banner_row
    assert isinstance(layout, QBoxLayout), "made with the view"
    box, banner = view.instructions_box, view.banner_label
    for widget, home, there in ((view.side_label, view.heading, row), (box, layout, side),
                                (banner, view.clock_column, row)):
        (there if beside else home).removeWidget(widget)
    if beside:
        row.addWidget(view.side_label)
        row.addWidget(banner, 1)
        side.insertWidget(0, box, 1)
    else:  # back where they were built (player.PlayerView._build)
        view.heading.addWidget(view.side_label)
        layout.insertWidget(layout.indexOf(view.middle_rows) + 1, box)
        view.clock_column.insertWidget(0, banner)
    view.image_label.setVisible(not beside)
    # The columns keep their shares whatever the words: a long line wraps, the digits stay.
    across = QSizePolicy.Policy.Ignored if beside else QSizePolicy.Policy.Expanding
    box.setSizePolicy(across, box.sizePolicy().verticalPolicy())


def place_next_line(view: PlayerView, place: str) -> None:
    """What comes next: in the words' column beside the digits, wrapped; or one line under
    both columns, where the picture shows or where the instructions need the column's
    height; or, where even then the whole instructions do not fit, not at all (the voice
    says what comes next, and "Get ready:" names each step before it starts)."""
    after, side = view.next_label, view.side_column
    after.setVisible(place != NEXT_HIDDEN)
    in_column = place == NEXT_IN_COLUMN
    if (side.indexOf(after) >= 0) == in_column:
        return
    layout = view.layout()
    assert isinstance(layout, QBoxLayout), "made with the view"
    (layout if in_column else side).removeWidget(after)
    if in_column:
        side.addWidget(after)
    else:  # under the instructions, or under both columns
        layout.insertWidget(layout.indexOf(view.session_bar), after)
    after.setWordWrap(in_column)  # a narrow column
    across = QSizePolicy.Policy.Ignored if in_column else QSizePolicy.Policy.Expanding
    after.setSizePolicy(across, after.sizePolicy().verticalPolicy())


def share_width(view: PlayerView) -> None:
    """The picture gets its share of the width beside the digits. The words get all the
    width the digits do not need at their full height, and at least their share: wider,
    an instruction takes fewer lines, and the digits stay as big."""
    if not view.words_beside:
        shares = PICTURE_SHARE
    else:
        session = view.session_texts
        time = session.longest_time if session else view.countdown_label.text() or "0:00"
        layout = view.layout()
        assert layout is not None, "made with the view"
        margins = layout.contentsMargins()
        across = view.width() - margins.left() - margins.right() - MIDDLE_GAP_PX
        digits = int(view.countdown_label.width_for(time, room_height(view)) * DIGITS_ROOM)
        least = across * SIDE_TEXT_SHARE[0] // sum(SIDE_TEXT_SHARE)
        words = max(least, across - digits)
        shares = (words, across - words)
    view.middle.setStretchFactor(view.side_column, shares[0])
    view.middle.setStretchFactor(view.clock_column, shares[1])


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


def shrink_countdown_to_fit(view: PlayerView, points: float) -> None:
    """The text does not fit at `points` beside the digits at their share: the digits give
    way, as little as they must, and never below their smallest box."""
    label = view.countdown_label
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
    """Whether every line fits the view at this text size (the view is left at that size),
    with every text the session can show there (`PlayerView.fit_demands`), or with the
    view's own where none are given."""
    view.use_points(points)
    for demand in view.fit_demands:
        with showing_most_demanding(view, demand, lambda: lay_out(view)):
            if not fits_now(view):
                return False
    return bool(view.fit_demands) or fits_now(view)


def lay_out(view: PlayerView) -> QLayout:
    """The view's layout told that its texts changed, each label at its width now."""
    share_width(view)  # the digits' box may have changed
    # The box around the instructions keeps its old size until told: its label changed.
    view.instructions_box.updateGeometry()
    layout = view.layout()
    assert layout is not None, "made with the view"
    for inner in layout.findChildren(QLayout):  # a box layout keeps its rows' old sizes
        inner.invalidate()
    layout.invalidate()
    layout.activate()
    return layout


def fits_now(view: PlayerView) -> bool:
    """Whether every line of the view's texts fits it, as they are now."""
    layout = lay_out(view)
    width = view.width()
    needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
              else layout.totalMinimumSize().height())
    # And every row's words side by side: the buttons, the step's kind and number. (The line
    # above the digits wraps, like the instructions: its lines are in the height.)
    wide_enough = layout.totalMinimumSize().width() <= width
    return needed <= view.height() and wide_enough
