"""Helpers for the player, driver, cue and tray tests: a driver on a fake clock, moved by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from fakes import FakeClock, make_timeline

from spasm_timer.core.events import SessionEvent
from spasm_timer.core.routine import Step
from spasm_timer.ui.session_driver import SessionDriver


@dataclass
class Rig:
    """A driver on a fake clock, with every event it sent kept in order."""

    driver: SessionDriver
    clock: FakeClock
    events: list[SessionEvent] = field(default_factory=list)

    def run_for(self, seconds: float) -> None:
        """Moves time on by `seconds`, waking the driver at each moment its timer would fire,
        as the real QTimer would (cues are heard at their own moment, not all at the end)."""
        target = self.clock.now() + seconds
        while True:
            wakeup = self.driver.session.next_wakeup()
            if wakeup is None or wakeup > target:
                break
            self.clock.set(max(self.clock.now(), wakeup))
            self.driver.on_timer()
        self.clock.set(target)
        self.driver.on_timer()

    def run_to_end(self, limit: float = 24 * 3600) -> None:
        self.run_for(limit)


def make_rig(steps: list[Step] | None = None, lead_in: int = 0, recorder=None) -> Rig:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    driver = SessionDriver(make_timeline(steps, lead_in=lead_in), clock, recorder=recorder)
    rig = Rig(driver, clock)
    driver.event_occurred.connect(rig.events.append)
    return rig
