"""The person's settings, kept as JSON in the data dir. Plain Python: the CLI reads them too."""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

THEMES = ("system", "light", "dark")
TEXT_SIZES = ("normal", "large", "huge")


@dataclass
class Settings:
    sounds_on: bool = True
    volume: int = 80  # percent
    voice_on: bool = True
    voice_name: str = ""  # empty: the engine's default voice
    voice_rate: float = 0.0  # -1 (slow) to 1 (fast)
    default_lead_in: int = 5  # seconds, for routines that do not set their own
    theme: str = "system"
    text_size: str = "normal"
    keep_on_top: bool = False
    safety_note_seen: bool = False

    def clamped(self) -> Settings:
        """The same settings with every value brought inside its allowed range."""
        return Settings(
            sounds_on=bool(self.sounds_on),
            volume=min(100, max(0, int(self.volume))),
            voice_on=bool(self.voice_on),
            voice_name=str(self.voice_name)[:200],
            voice_rate=min(1.0, max(-1.0, float(self.voice_rate))),
            default_lead_in=min(60, max(0, int(self.default_lead_in))),
            theme=self.theme if self.theme in THEMES else "system",
            text_size=self.text_size if self.text_size in TEXT_SIZES else "normal",
            keep_on_top=bool(self.keep_on_top),
            safety_note_seen=bool(self.safety_note_seen),
        )


class SettingsFile:
    """Reads and writes settings.json. A file it could not read is moved aside, never overwritten."""

    def __init__(self, path: Path):
        self.path = path
        self.problem: str | None = None  # what was wrong with the file, to tell the person once
        self._unreadable = False

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError) as error:
            self.problem = f"{self.path}: could not be read ({error}); using default settings"
            self._unreadable = True
            return Settings()
        if not isinstance(raw, dict):
            self.problem = f"{self.path}: is not a settings file; using default settings"
            self._unreadable = True
            return Settings()
        known = {f.name for f in fields(Settings)}
        try:
            return Settings(**{k: v for k, v in raw.items() if k in known}).clamped()
        except (TypeError, ValueError):
            self.problem = f"{self.path}: has values of the wrong type; using default settings"
            self._unreadable = True
            return Settings()

    def save(self, settings: Settings) -> None:
        """Writes atomically (temp file, then rename); raises OSError when the disk refuses."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self._unreadable and self.path.exists():
            stamp = time.strftime("%Y%m%d-%H%M%S")
            self.path.rename(self.path.with_name(f"settings.unreadable-{stamp}.json"))
            self._unreadable = False
        temporary = self.path.with_suffix(".json.tmp")
        # 0600 like the log: whatever the umask, only the person reads their settings.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as out:
            out.write(json.dumps(asdict(settings), indent=2) + "\n")
        os.chmod(temporary, 0o600)  # a leftover temp file may have had other bits
        os.replace(temporary, self.path)
