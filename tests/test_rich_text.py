"""Plain text put into rich text reads as written, whatever characters it has."""

from __future__ import annotations

from spasm_timer.ui.rich_text import escape_html


def test_markup_characters_show_as_written(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextDocument

    text = "Heat < 20 min & cold > never; <b>not bold</b> &amp; Fuß"
    document = QTextDocument()
    document.setHtml(f"<ul><li>{escape_html(text)}</li></ul>")
    assert document.toPlainText().strip() == text
