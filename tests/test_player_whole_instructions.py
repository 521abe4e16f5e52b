"""The player's instructions read whole from two metres: a person with oily hands cannot
scroll. On a 1024×600 and a 1366×768 screen, at every text size, every step of a session
shows its whole instruction, the digits stay bigger than the words, and the text size, the
picture and the digits keep one size from the first step to the last (the player is fitted
to the session's most demanding step, not to the one showing).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication
from window_helpers import default_look, make_window_at_text_size

from spasm_timer import paths
from spasm_timer.ui import screen_fit
from spasm_timer.ui.main_window import MainWindow
from spasm_timer.ui.player import PlayerView

SCREENS = {"1024x600": QRect(0, 0, 1024, 600), "1366x768": QRect(0, 0, 1366, 768)}
# Between a box's edge and its words, as a person sees a label that is not cramped.
CLEAR_OF_EDGES_PX = 12
ROUTINES = sorted(path.stem for path in paths.bundled_routines_dir().glob("*.yaml"))


@pytest.fixture(autouse=True)
def _default_look_after():  # type: ignore[no-untyped-def]
    yield
    default_look()


def _settle(player: PlayerView) -> None:
    """The player fits its text on the next turns of the event loop (no time passes)."""
    for _turn in range(10):
        QApplication.processEvents()
        if not player._fit_timer.isActive():
            QApplication.processEvents()  # the layouts take the fitted sizes
            return
    raise AssertionError("the player never settled")


def _hidden_words(player: PlayerView) -> str:
    """What of the instruction lies beyond its box, if anything."""
    box, words = player.instructions_box, player.instructions_label
    view = box.viewport()
    needed = words.heightForWidth(view.width())
    if needed <= view.height() and box.verticalScrollBar().value() == 0:
        return ""
    return f"{needed} px of text in {view.height()} px: {words.text()[-30:]!r} below the fold"


def _look(player: PlayerView) -> tuple[object, ...]:
    """What a person would see jump between steps."""
    return (player.instructions_label.font().pointSizeF(), player.title_label.font().pointSizeF(),
            player.image_label.isVisible(), player.countdown_label.digit_height())


def _walk(window: MainWindow, routine: str) -> list[str]:
    """Every segment of `routine` in turn: what a person could not read, or saw change."""
    assert window.open_routine(routine) is not None
    window.start_session()
    player = window.player
    problems, looks = [], set()
    step = 0
    while window.driver is not None and not window.driver.is_over:
        _settle(player)
        where = f"{routine}, part {step}"
        hidden = _hidden_words(player)
        if hidden:
            problems.append(f"{where}: {hidden}")
        words = player.instructions_label.fontMetrics().height()
        if player.countdown_label.digit_height() <= words:
            problems.append(f"{where}: digits no bigger than the words")
        looks.add(_look(player))
        window.driver.next()
        step += 1
    if len(looks) > 1:
        problems.append(f"{routine}: the look changed between steps: {sorted(looks)}")
    window.show_library()
    return problems


def _window(qtbot, data_dir: Path, monkeypatch, screen: str, text_size: str) -> MainWindow:  # type: ignore[no-untyped-def]
    room = SCREENS[screen]
    monkeypatch.setattr(screen_fit, "available_room", lambda widget=None: room)
    return make_window_at_text_size(qtbot, data_dir, text_size)


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("text_size", ["normal", "large", "huge"])
def test_the_calf_stretch_reads_whole_and_nothing_jumps(  # type: ignore[no-untyped-def]
        qtbot, data_dir, monkeypatch, screen, text_size):
    window = _window(qtbot, data_dir, monkeypatch, screen, text_size)
    problems = _walk(window, "calf-cramp")
    assert problems == [], "\n".join(problems)
    window.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_every_bundled_step_reads_whole_at_huge(qtbot, data_dir, monkeypatch, screen):  # type: ignore[no-untyped-def]
    window = _window(qtbot, data_dir, monkeypatch, screen, "huge")
    problems = [problem for routine in ROUTINES for problem in _walk(window, routine)]
    assert problems == [], "\n".join(problems)
    window.close()


def test_the_longest_step_sets_the_size_from_the_first_step_on(  # type: ignore[no-untyped-def]
        qtbot, data_dir, monkeypatch):
    """At Normal on 1024×600 the first step's short words would fit beside the picture;
    the stretch's long ones later would not: the player measures the longest from the start,
    so the words never shrink when it comes."""
    window = _window(qtbot, data_dir, monkeypatch, "1024x600", "normal")
    assert window.open_routine("calf-cramp") is not None
    window.start_session()
    player = window.player
    _settle(player)
    first = _look(player)
    while window.driver is not None and "toes" not in player.title_label.text():
        window.driver.next()
        _settle(player)
    assert _hidden_words(player) == ""
    assert _look(player) == first
    window.close()


def test_paused_beside_the_side_keeps_its_words_off_the_box_edges(  # type: ignore[no-untyped-def]
        qtbot, data_dir, monkeypatch):
    """At Huge on 1366×768 PAUSED shares a row with LEFT: its words stay clear of the
    box's edges, whole, and pausing moves nothing."""
    window = _window(qtbot, data_dir, monkeypatch, "1366x768", "huge")
    assert window.open_routine("calf-cramp") is not None
    window.start_session()
    player = window.player
    while window.driver is not None and not player.side_label.text():
        window.driver.next()
    _settle(player)
    running = player.countdown_label.geometry(), player.instructions_box.geometry()
    player.primary_action()
    _settle(player)
    banner = player.banner_label
    assert "PAUSED" in banner.text() and player.side_label.isVisible()
    assert banner.y() == player.side_label.y()  # one row
    inside = banner.contentsRect()
    assert inside.left() >= CLEAR_OF_EDGES_PX and banner.width() - inside.right() > CLEAR_OF_EDGES_PX
    widest = banner.fontMetrics().horizontalAdvance(banner.text())
    assert widest <= inside.width() or banner.heightForWidth(banner.width()) <= banner.height()
    assert (player.countdown_label.geometry(), player.instructions_box.geometry()) == running
    window.close()


# A routine of one's own whose short lines (the editor makes one each time Enter is pressed)
# make a narrow but tall instruction, beside a wide one that takes fewer lines.
SHORT_LINES_ROUTINE = """\
name: Short lines
area: calf
lead_in: 0
steps:
  - kind: stretch
    title: Pull the toes back
    instructions: "Straighten the leg and pull your toes toward your shin, by hand or with a towel looped round the foot, and stop at a mild pull."
    duration: 20s
  - kind: stretch
    title: Sit and bend
    instructions: "Sit.\\nBend.\\nHold.\\nBreathe.\\nRest.\\nSlow.\\nStop."
    duration: 20s
"""


@pytest.mark.parametrize("screen", SCREENS)
def test_an_instruction_of_many_short_lines_reads_whole(  # type: ignore[no-untyped-def]
        qtbot, data_dir, monkeypatch, write_routine, screen):
    """Seven one-word lines are narrow but tall: the player is fitted to their height, not
    to the width of the other step's one long line, and none of them is below the fold."""
    write_routine(SHORT_LINES_ROUTINE, "short-lines.yaml", data_dir / "routines")
    window = _window(qtbot, data_dir, monkeypatch, screen, "huge")
    problems = _walk(window, "short-lines")
    assert problems == [], "\n".join(problems)
    window.close()


def test_a_text_taller_than_its_box_can_still_be_scrolled_to(  # type: ignore[no-untyped-def]
        qtbot, data_dir, monkeypatch):
    """Should a text ever be taller than the box measured for it, its last lines can still
    be reached: the box scrolls rather than hide them."""
    window = _window(qtbot, data_dir, monkeypatch, "1024x600", "huge")
    assert window.open_routine("calf-cramp") is not None
    window.start_session()
    player = window.player
    _settle(player)
    box = player.instructions_box
    assert box.verticalScrollBar().maximum() == 0  # whole: nothing to scroll
    player.instructions_label.setText("\n".join(f"Line {n}." for n in range(1, 16)))
    _settle(player)
    scroll_bar = box.verticalScrollBar()
    assert scroll_bar.maximum() > 0 and box.verticalScrollBarPolicy() != \
        Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    window.close()


def _segments_with_hints(window: MainWindow) -> list[str]:
    """Presses + and Enter on every part of the session, where each is refused: the look
    must not change for the hint that says why."""
    player = window.player
    problems = []
    while window.driver is not None and not window.driver.is_over:
        _settle(player)
        before = _look(player)
        title = player.title_label.text()
        for press in (player.extend, player.finish_step):
            if press is player.finish_step and window.driver.can_end_early():
                continue
            if press is player.extend and window.driver.can_extend():
                continue
            press()
            _settle(player)
            hint = player.banner_label.text()
            if _look(player) != before:
                problems.append(f"{title!r} with {hint!r}: {before} became {_look(player)}")
        window.driver.next()
    return problems


@pytest.mark.parametrize("screen", SCREENS)
def test_a_refused_key_says_why_without_resizing_anything(  # type: ignore[no-untyped-def]
        qtbot, data_dir, monkeypatch, screen):
    """+ on a hold at its longest, or Enter on a step that runs its full time, shows why on
    the line above the digits: the words, the title and the digits keep their size."""
    window = _window(qtbot, data_dir, monkeypatch, screen, "huge")
    assert window.open_routine("calf-cramp") is not None
    window.start_session()
    problems = _segments_with_hints(window)
    assert problems == [], "\n".join(problems)
    window.close()


NEARLY_TEN_MINUTES = """\
name: Nearly ten minutes
area: calf
lead_in: 0
steps:
  - kind: stretch
    title: Hold the stretch
    instructions: Breathe slowly and keep the pull mild.
    duration: 9m55s
"""


@pytest.mark.parametrize("screen", SCREENS)
def test_ten_more_seconds_past_ten_minutes_keep_the_digits_size(  # type: ignore[no-untyped-def]
        qtbot, data_dir, monkeypatch, write_routine, screen):
    """+10 s on a 9:55 step shows 10:05: one more digit than the step started with, at the
    same height, so the time a person reads from across the room does not shrink."""
    write_routine(NEARLY_TEN_MINUTES, "nearly-ten.yaml", data_dir / "routines")
    window = _window(qtbot, data_dir, monkeypatch, screen, "huge")
    assert window.open_routine("nearly-ten") is not None
    window.start_session()
    player = window.player
    _settle(player)
    before = _look(player)
    assert player.countdown_label.text() == "9:55"
    player.extend()
    _settle(player)
    assert player.countdown_label.text() == "10:05"
    assert _look(player) == before
    window.close()
