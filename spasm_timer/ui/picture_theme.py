"""The bundled pictures in the dark look: the same drawings, in colours that sit on a dark
window (a pale card would glare at night). A person's own pictures are never recoloured."""

from __future__ import annotations

import re
from pathlib import Path

from spasm_timer import paths

# Light colour of the bundled drawings → its dark counterpart. Skin and muscle stay warm but
# dimmer; outlines turn light, so every shape keeps its edge.
DARK_COLOURS = {
    "#f4f7f9": "#26292d",  # the card: the dark look's base
    "#46586a": "#c9d3dc",  # outlines
    "#fbf4ec": "#4a4038",  # skin
    "#f7b98b": "#a8694a",  # the worked muscle
    "#e98a6b": "#d08a6c",
    "#3b7ea1": "#6fb3d6",  # movement, cold
    "#e76f51": "#f08a6e",  # a knot, heat
    "#ffffff": "#33373c",
    "#cfe6f1": "#2f4654",
    "#b9dcec": "#3d5a6b",
    "#e6f2f8": "#263a45",
    "#dcedf5": "#263a45",
    "#bde0f0": "#35586b",
    "#fbe4d2": "#4a3428",
    "#f7c59f": "#8a5a3c",
}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")


def is_bundled(path: Path) -> bool:
    try:
        return path.resolve().parent == paths.illustrations_dir().resolve()
    except OSError:
        return False


def themed_svg(path: Path, dark: bool) -> bytes | None:
    """The SVG to draw for `path` in the current look; None: draw the file as it is."""
    if not dark or not is_bundled(path):
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return _COLOUR.sub(lambda m: DARK_COLOURS.get(m.group(0).lower(), m.group(0)), text).encode()
