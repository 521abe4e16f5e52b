"""Text from files is shown as text: it never steers a terminal and never hides or disguises a name.

Two things live here, both plain Python:
- `unsafe_text_problem` is what the loader refuses in a routine's texts: control characters
  (an ESC sequence can clear a terminal or set its title), characters that turn the direction
  of text around (a name that reads as another one), and one-line texts, such as the name,
  with nothing visible in them.
- `for_terminal` is how every command prints text that came from a file or a log: control
  characters, direction overrides and undecodable bytes of file names become visible escapes
  (`\\x1b`, `\\u202e`, `\\udcff`). Call it on each value before printing; the layout's own line
  breaks stay outside it.
"""

from __future__ import annotations

import unicodedata

from spasm_timer.i18n import _

# Embeddings, overrides and isolates: they reorder the text that follows them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters that draw nothing (Hangul fillers, the blank Braille pattern, ...).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
_INVISIBLE_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me")


def _visible(char: str) -> bool:
    return char not in _BLANK_LETTERS and unicodedata.category(char) not in _INVISIBLE_CATEGORIES


def unsafe_text_problem(text: str, one_line: bool) -> str | None:
    """What makes `text` unfit to show, in words that follow its field's name, or None.

    Line breaks and tabs are fine in longer texts (instructions); a one-line text has none,
    and must have at least one visible character."""
    if text.isprintable():
        # The common case, decided without looking at each character: printable text holds
        # no controls, surrogates or direction marks, so all a one-line text can lack is
        # something visible (printable ASCII passes, as it always has; otherwise the first
        # visible character ends the search).
        if not one_line or text.isascii() or any(_visible(char) for char in text):
            return None
        return _("has no visible characters")
    for char in text:
        if char in BIDI_CONTROLS:
            return _("holds a character that reverses the direction of the text ({code}); it "
                     "can make one name look like another").format(code=_code(char))
        category = unicodedata.category(char)
        if category == "Cs":
            return _("holds a character that is not text ({code})").format(code=_code(char))
        if category == "Cc" and (one_line or char not in "\n\t"):
            return _("holds a control character ({code}), which is not shown as text").format(
                code=_code(char))
    if one_line and not any(_visible(char) for char in text):
        return _("has no visible characters")
    return None


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def for_terminal(text: object) -> str:
    """`text` as it may be printed: every control character, direction override and lone
    surrogate written as a visible escape, so a file cannot move the cursor, clear the screen,
    set the window title or disguise a name. Ordinary text comes back unchanged."""
    text = str(text)
    if text.isprintable() and text.isascii():
        return text
    return "".join(_escape(char) if _steers_terminal(char) else char for char in text)


def _steers_terminal(char: str) -> bool:
    """Controls, line and paragraph separators, lone surrogates and direction overrides;
    other invisible characters (the joiner inside an emoji, a no-break space) stay."""
    if char.isprintable():
        return False
    return char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")


def json_for_terminal(json_text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the same characters as
    `for_terminal` written as JSON escapes: still the same JSON, and safe to print."""
    if json_text.isascii():
        return json_text  # json.dumps escapes C0 controls itself
    # Line breaks here are the layout's (inside strings json.dumps has escaped them).
    return "".join(f"\\u{ord(char):04x}" if char != "\n" and _steers_terminal(char) else char
                   for char in json_text)
