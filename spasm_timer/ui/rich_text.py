"""Plain text put into Qt rich text (the safety note, When to get help, the PDF report)."""

from __future__ import annotations


def escape_html(text: str) -> str:
    """`text` with `&`, `<` and `>` escaped, so Qt shows it as written.

    Not `html.escape`: importing `html` loads its table of two thousand named characters,
    about half a MiB that would stay in memory for as long as the app runs, only for the
    first-run safety note."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
