"""Draws the technique pictures, one per kind of step: what the hands do.

Run it to write technique-*.svg beside it. They share the look of the area pictures: a pale
rounded card, the body in warm skin tones with a slate outline, the worked muscle in peach,
and the movement in blue. (Heat, cold and breathing use heat.svg, cold.svg and breathe.svg.)
"""

from __future__ import annotations

from pathlib import Path

OUTLINE = "#46586a"
SKIN = "#fbf4ec"
MUSCLE, MUSCLE_EDGE = "#f7b98b", "#e98a6b"
MOVE = "#3b7ea1"
KNOT = "#e76f51"

CARD = '<rect x="4" y="4" width="392" height="292" rx="24" fill="#f4f7f9" stroke="none"/>'
BODY = (f'<path d="M24 196 C120 172 280 172 376 196 L376 272 C280 260 120 260 24 272 Z" '
        f'fill="{SKIN}" stroke="{OUTLINE}" stroke-width="3" stroke-linejoin="round"/>')


def muscle(rx: int = 78, ry: int = 20, cx: int = 200, cy: int = 214) -> str:
    return (f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="{MUSCLE}" '
            f'stroke="{MUSCLE_EDGE}" stroke-width="2"/>')


def hand(x: float, y: float, angle: float = 0, size: float = 1) -> str:
    """A hand seen from above, fingertips at (x, y), pointing down when angle is 0."""
    fingers = "".join(f'<rect x="{fx}" y="-58" width="19" height="58" rx="9.5"/>'
                      for fx in (-41, -20, 1, 22))
    return (f'<g transform="translate({x} {y}) rotate({angle}) scale({size})" fill="{SKIN}" '
            f'stroke="{OUTLINE}" stroke-width="3" stroke-linejoin="round">'
            f'<rect x="-32" y="-200" width="64" height="100" rx="16"/>'
            f'<ellipse cx="-44" cy="-92" rx="13" ry="30" transform="rotate(28 -44 -92)"/>'
            f'{fingers}'
            f'<rect x="-44" y="-118" width="88" height="72" rx="26"/>'
            f'</g>')


def arrow(path: str, tip: tuple[float, float], angle: float, colour: str = MOVE) -> str:
    """A stroke and a filled head at `tip`, pointing along `angle` (degrees, 0 = right)."""
    x, y = tip
    head = (f'<path d="M0 0 L-16 -9 L-16 9 Z" fill="{colour}" stroke="none" '
            f'transform="translate({x} {y}) rotate({angle})"/>')
    return (f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="5" '
            f'stroke-linecap="round"/>{head}')


def svg(*parts: str) -> str:
    body = "\n  ".join((CARD, *parts))
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" '
            f'height="300">\n  {body}\n</svg>\n')


PICTURES = {
    # Palm and fingertips resting on the muscle, pressing gently down.
    "pressure": svg(BODY, muscle(), hand(200, 210),
                    arrow("M96 96 L96 150", (96, 160), 90),
                    arrow("M304 96 L304 150", (304, 160), 90)),
    # Fingertips on the spot, circling outward from its centre.
    "circles": svg(BODY, muscle(), hand(200, 206),
                   f'<path d="M140 214 A60 22 0 1 0 260 214" fill="none" stroke="{MOVE}" '
                   'stroke-width="5" stroke-linecap="round"/>',
                   arrow("M270 200 A80 30 0 0 0 120 196", (120, 196), 200)),
    # Two hands grasp, squeeze toward each other and lift the muscle.
    "kneading": svg(BODY, muscle(rx=96, ry=24, cy=210), hand(150, 208, -28), hand(250, 208, 28),
                    arrow("M112 262 L160 262", (170, 262), 0),
                    arrow("M288 262 L240 262", (230, 262), 180),
                    arrow("M200 190 L200 150", (200, 140), -90)),
    # Fingertips rubbing firmly back and forth right over the spot.
    "friction": svg(BODY, muscle(), hand(200, 208),
                    arrow("M150 250 L262 250", (272, 250), 0),
                    arrow("M250 250 L138 250", (128, 250), 180),
                    f'<path d="M150 238 L164 226 L178 238 L192 226 L206 238 L220 226 L234 238 '
                    f'L248 226" fill="none" stroke="{MOVE}" stroke-width="3" '
                    'stroke-linecap="round" stroke-linejoin="round" opacity="0.6"/>'),
    # A firm, still hold on the knot, with a timer: 10 to 30 seconds, then let go.
    "hold": svg(BODY, muscle(), f'<circle cx="200" cy="214" r="9" fill="{KNOT}"/>',
                f'<circle cx="200" cy="214" r="22" fill="none" stroke="{KNOT}" stroke-width="3" '
                'opacity="0.5"/>',
                hand(200, 206),
                f'<circle cx="320" cy="80" r="34" fill="#ffffff" stroke="{MOVE}" '
                'stroke-width="5"/>',
                f'<path d="M320 80 L320 58 M320 80 L336 88" stroke="{MOVE}" stroke-width="5" '
                'stroke-linecap="round"/>',
                f'<rect x="310" y="36" width="20" height="9" rx="3" fill="{MOVE}"/>'),
    # The muscle drawn long between two hands, slowly, to a mild pull.
    "stretch": svg(BODY, muscle(rx=118, ry=14), hand(120, 214, -50, 0.72), hand(280, 214, 50, 0.72),
                   arrow("M160 130 L80 130", (70, 130), 180),
                   arrow("M240 130 L320 130", (330, 130), 0),
                   f'<path d="M120 214 L280 214" stroke="{MUSCLE_EDGE}" stroke-width="2" '
                   'stroke-dasharray="8 8"/>'),
    # A flat palm sweeping in long, light strokes along the muscle.
    "strokes": svg(BODY, muscle(rx=110), hand(262, 214, -90),
                   arrow("M64 150 C140 130 260 130 330 146", (340, 148), 12)),
}


def main() -> None:
    folder = Path(__file__).resolve().parent
    for name, text in PICTURES.items():
        (folder / f"technique-{name}.svg").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
