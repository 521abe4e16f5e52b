"""A picture of what the hands do for every kind of step; a step's own picture wins; the
bundled pictures follow the dark look."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fakes import step
from player_helpers import make_rig
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtSvg import QSvgRenderer

from spasm_timer import paths
from spasm_timer.core.guidance import KIND_PICTURES, kind_picture
from spasm_timer.core.routine import STEP_KINDS
from spasm_timer.ui.accessibility import ILLUSTRATION_WORDS
from spasm_timer.ui.picture_theme import themed_svg
from spasm_timer.ui.player import PlayerView


def test_every_kind_has_a_picture_that_draws_and_is_described() -> None:
    assert set(KIND_PICTURES) == set(STEP_KINDS)
    for kind in STEP_KINDS:
        picture = kind_picture(kind)
        assert picture is not None and picture.is_file(), kind
        assert QSvgRenderer(str(picture)).isValid(), picture
        assert picture.stem in ILLUSTRATION_WORDS, f"{picture.name} has no words for a screen reader"
    techniques = {"pressure", "circular", "petrissage", "friction", "trigger_point", "stretch",
                  "heat", "cold", "breathe"}
    assert len({KIND_PICTURES[kind] for kind in techniques}) == len(techniques)


@pytest.fixture
def view(qtbot):  # type: ignore[no-untyped-def]
    def make(steps):  # type: ignore[no-untyped-def]
        rig = make_rig(steps)
        player = PlayerView(rig.driver)
        qtbot.addWidget(player)
        player.resize(1024, 600)
        player.show()
        qtbot.waitExposed(player)
        rig.driver.start()
        return player

    return make


def test_a_step_without_a_picture_shows_its_kind(view) -> None:  # type: ignore[no-untyped-def]
    player = view([step(30, kind="friction", title="Rub across")])
    assert not player.image_label.is_placeholder
    assert player.image_label._path == kind_picture("friction")
    assert "rubbing" in player.image_label.accessibleDescription()


def test_a_steps_own_picture_still_wins(view) -> None:  # type: ignore[no-untyped-def]
    own = paths.illustrations_dir() / "calf.svg"
    player = view([replace(step(30, kind="friction"), image=own)])
    assert player.image_label._path == own


def _average_lightness(svg: bytes) -> float:
    renderer = QSvgRenderer(svg)
    image = QImage(80, 60, QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    from PySide6.QtGui import QPainter

    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return sum(QColor(image.pixel(x, y)).lightness() for x in range(80) for y in range(60)) / 4800


def test_bundled_pictures_turn_dark_with_the_look_and_own_pictures_never_do(
        tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    bundled = kind_picture("pressure")
    assert bundled is not None
    assert themed_svg(bundled, dark=False) is None  # drawn as it is
    dark = themed_svg(bundled, dark=True)
    assert dark is not None
    assert _average_lightness(dark) < _average_lightness(bundled.read_bytes()) - 80
    own = tmp_path / "mine.svg"
    own.write_bytes(bundled.read_bytes())
    assert themed_svg(own, dark=True) is None


def test_the_player_redraws_its_picture_when_the_look_turns_dark(view) -> None:  # type: ignore[no-untyped-def]
    player = view([step(30, kind="pressure")])
    light = player.image_label.pixmap().toImage()
    palette = QPalette(player.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#1d2023"))
    player.image_label.setPalette(palette)
    dark = player.image_label.pixmap().toImage()
    centre = (light.width() // 8, light.height() // 2)  # on the card, beside the body
    assert QColor(dark.pixel(*centre)).lightness() < QColor(light.pixel(*centre)).lightness()
