"""The plan's rows, as `spasm-timer plan` prints them and the editor shows them."""

from __future__ import annotations

from fakes import make_timeline, ranged, step

from spasm_timer.core.plan_text import plan_rows


def test_the_plan_counts_from_zero_and_numbers_only_repeated_steps() -> None:
    rows = plan_rows(make_timeline([step(30, title="Press", repeat=2, rest=10),
                                    step(ranged(20, 10, 20), kind="stretch", title="Reach")],
                                   lead_in=5))
    assert [row[0] for row in rows] == ["0:00", "0:05", "0:35", "0:45", "1:15", "1:20"]
    assert [row[1] for row in rows] == [
        "get ready: Press", "Press [pressure] 1/2", "  rest", "Press [pressure] 2/2",
        "get ready: Reach", "Reach [stretch]"]
    assert rows[-1][2] == "20 s (may end after 10 s)"
