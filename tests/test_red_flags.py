"""Which warning signs say "get help now": the help page lists them first, apart."""

from __future__ import annotations

from spasm_timer.core.red_flags import RED_FLAGS


def test_get_help_now_holds_the_long_cramp_the_back_emergency_and_the_clot() -> None:
    urgent = [flag.said_by for flag in RED_FLAGS if flag.urgent]
    assert urgent == ["10 minutes", "buttocks", "blood clot"]
    assert all("help" in flag.text or "care" in flag.text for flag in RED_FLAGS if flag.urgent)
