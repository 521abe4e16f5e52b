"""The person's settings, kept as JSON in the data dir. Plain Python: the CLI reads them too."""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from spasm_timer.core.session_keys import read_extra_keys
from spasm_timer.i18n import SHIPPED_LANGUAGES, _, ngettext
from spasm_timer.private_files import (
    UnreadableFile,
    make_private_folder,
    move_aside,
    read_regular_file,
    write_private_atomically,
)

THEMES = ("system", "light", "dark", "night")
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
    read_instructions: bool = False  # read each step's instructions aloud while getting ready
    night_auto: bool = False  # the night look, and quieter cues, from 9 p.m. to 7 a.m.
    safety_note_seen: bool = False
    # One more key per session action, by action ("next": "PgDown"): see core/session_keys.py
    extra_keys: dict[str, str] = field(default_factory=dict)
    # The bedtime reminder (core/reminder.py): off until the person sets it.
    reminder_on: bool = False
    reminder_time: str = "21:30"  # HH:MM, the computer's local time
    reminder_days: str = "mon,tue,wed,thu,fri,sat,sun"
    reminder_routine: str = "night-calf-cramps"  # the bundled bedtime calf routine
    language: str = ""  # "en", "de", "es"; empty: the desktop's language (spasm_timer/i18n.py)

    def clamped(self) -> Settings:
        """The same settings with every value brought inside its allowed range."""
        return Settings(
            sounds_on=bool(self.sounds_on),
            volume=round(_number(self.volume, 0, 100) or 0),
            voice_on=bool(self.voice_on),
            voice_name=str(self.voice_name)[:200],
            voice_rate=_number(self.voice_rate, -1.0, 1.0) or 0.0,
            default_lead_in=round(_number(self.default_lead_in, 0, 60) or 0),
            theme=self.theme if self.theme in THEMES else "system",
            text_size=self.text_size if self.text_size in TEXT_SIZES else "normal",
            keep_on_top=bool(self.keep_on_top),
            read_instructions=bool(self.read_instructions),
            night_auto=bool(self.night_auto),
            safety_note_seen=bool(self.safety_note_seen),
            extra_keys=read_extra_keys(self.extra_keys) or {},
            reminder_on=bool(self.reminder_on),
            reminder_time=str(self.reminder_time)[:5],
            reminder_days=str(self.reminder_days)[:200],
            reminder_routine=str(self.reminder_routine)[:200],
            language=self.language if self.language in SHIPPED_LANGUAGES else "",
        )


def _number(value: object, low: float, high: float) -> float | None:
    """A finite number within [low, high], brought inside; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value):
        return None
    return min(high, max(low, float(value)))


def _read_value(name: str, value: object) -> object | None:
    """The setting `name` read from JSON, inside its range; None when it cannot be used."""
    if name == "extra_keys":
        return read_extra_keys(value)
    default = getattr(Settings, name)
    if isinstance(default, bool):
        return value if isinstance(value, bool) else None
    if name == "volume":
        number = _number(value, 0, 100)
        return None if number is None else round(number)
    if name == "default_lead_in":
        number = _number(value, 0, 60)
        return None if number is None else round(number)
    if name == "voice_rate":
        return _number(value, -1.0, 1.0)
    if not isinstance(value, str):
        return None
    if name == "theme":
        return value if value in THEMES else None
    if name == "text_size":
        return value if value in TEXT_SIZES else None
    if name == "language":
        return value if value in ("", *SHIPPED_LANGUAGES) else None
    return value if len(value) <= 200 and value.isprintable() else None


MAX_SETTINGS_BYTES = 64 * 1024


class SettingsFile:
    """Reads and writes settings.json. A file it could not read, or read only in part, is
    moved aside before the first save, never overwritten; the person is told once."""

    def __init__(self, path: Path):
        self.path = path
        self.problem: str | None = None  # what was wrong with the file, to tell the person once
        self._keep_aside = False
        self.moved_to: Path | None = None

    def load(self) -> Settings:
        """The settings; defaults for whatever the file lacks or holds in a form that cannot
        be used. Never raises for anything in the file."""
        try:
            data = read_regular_file(self.path, MAX_SETTINGS_BYTES)
        except UnreadableFile as error:
            if not os.path.lexists(self.path):
                return Settings()
            return self._unusable(f"{error}")
        try:
            raw = json.loads(data.decode("utf-8-sig"))
        except RecursionError:
            return self._unusable(_("is nested too deeply to be settings"))
        except (UnicodeDecodeError, ValueError) as error:
            if isinstance(error, json.JSONDecodeError):
                return self._unusable(_("is not valid JSON (line {line})")
                                      .format(line=error.lineno))
            return self._unusable(_("is not valid JSON"))
        if not isinstance(raw, dict):
            return self._unusable(_("is not a settings file (no {…} of names and values)"))
        values, bad = {}, []
        for item in fields(Settings):
            if item.name not in raw:
                continue
            value = _read_value(item.name, raw[item.name])
            if value is None:
                bad.append(item.name)
            else:
                values[item.name] = value
        if bad:
            self._keep_aside = True
            self.problem = ngettext(
                "{path}: {names} cannot be used as written; using the default for it. {kept}",
                "{path}: {names} cannot be used as written; using the default for them. {kept}",
                len(bad)).format(path=self.path, names=", ".join(bad), kept=self._kept)
        return Settings(**values)  # type: ignore[arg-type]

    @property
    def _kept(self) -> str:
        return _("The file is kept as it is until you change a setting; then it is moved aside.")

    def _unusable(self, why: str) -> Settings:
        self._keep_aside = True
        self.problem = _("{path}: {why}; using default settings. {kept}").format(
            path=self.path, why=why, kept=self._kept)
        return Settings()

    def save(self, settings: Settings) -> None:
        """Writes atomically through a fresh private file, never through a link; raises
        OSError when the disk refuses."""
        make_private_folder(self.path.parent)
        if self._keep_aside and os.path.lexists(self.path):
            self.moved_to = move_aside(self.path)
        self._keep_aside = False
        text = json.dumps(asdict(settings), indent=2) + "\n"
        write_private_atomically(self.path, text.encode("utf-8"))
