"""Tables for the terminal: columns lined up by what the terminal shows, not by characters.

Plain Python, no Qt; used by `list`, `plan` and `history`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: wide (CJK, emoji) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(lines: Sequence[Sequence[str]]) -> None:
    """Prints the lines (the header first) as columns two spaces apart."""
    widths = [max(display_width(line[column]) for line in lines)
              for column in range(len(lines[0]))]
    for line in lines:
        cells = (cell + " " * (width - display_width(cell))
                 for cell, width in zip(line, widths, strict=True))
        print("  ".join(cells).rstrip())
