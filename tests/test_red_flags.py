"""Which warning signs say "get help now": the help page lists them first, apart."""

from __future__ import annotations

import os
import subprocess
import sys

from spasm_timer.core.red_flags import RED_FLAGS


def test_get_help_now_holds_the_long_cramp_the_back_emergency_and_the_clot() -> None:
    urgent = [flag.said_by for flag in RED_FLAGS if flag.urgent]
    assert urgent == ["10 minutes", "buttocks", "blood clot"]
    assert all("help" in flag.text or "care" in flag.text for flag in RED_FLAGS if flag.urgent)


def test_the_safety_note_speaks_the_language_in_use_not_the_one_at_first_import() -> None:
    """The note's table is built once, when its module is first imported: a language in use
    at that moment must not stay in it. In a fresh interpreter, so the import really is the
    first one."""
    script = """
from spasm_timer import i18n
i18n.use_language("de")
from spasm_timer.ui.get_help import get_help_html
from spasm_timer.ui.safety import safety_html
german = (safety_html(), get_help_html())
i18n.use_language("en")
english = (safety_html(), get_help_html())
from spasm_timer.core.red_flags import RED_FLAGS
for flag in RED_FLAGS:
    assert all(flag.english[:40] in html for html in english), flag.english
    assert all(flag.english[:40] not in html for html in german), flag.english
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.strip() == "ok", done.stderr
