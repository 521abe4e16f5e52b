"""The project's rule: no module over 500 lines; one that grows is split along a seam."""

from __future__ import annotations

from conftest import REPO

MAX_LINES = 500


def test_no_module_is_over_500_lines() -> None:
    too_long = {}
    for folder in ("spasm_timer", "tools", "bench"):
        for path in (REPO / folder).rglob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                too_long[str(path.relative_to(REPO))] = lines
    assert not too_long, f"split along a seam: {too_long}"
