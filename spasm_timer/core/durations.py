"""Durations as people write them: `45`, `"45s"`, `"1m30s"`, `"2m"`, ranges `"10-30s"`, `"15-20m"`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spasm_timer.i18n import _

MIN_SECONDS = 1
# Longer than any routine may be in total: a bigger number is a typo, not a plan.
MAX_SECONDS = 12 * 3600

# Patterns, not compiled ones: re compiles (and caches) them on first use, and start-up, which
# takes routines from the cache, never needs them.
_PART = r"(?:(?P<{p}h>\d{{1,5}})h)?(?:(?P<{p}m>\d{{1,5}})m)?(?:(?P<{p}s>\d{{1,6}})s?)?"
_SINGLE = r"^" + _PART.format(p="a") + r"$"
# A unit written only after the upper bound applies to both ends: "15-20m" is 15 to 20 minutes.
_RANGE = r"^(?P<low>[0-9hms]+?)-(?P<high>[0-9hms]+)$"



class DurationError(ValueError):
    """A duration that cannot be read; the message says why in a few words."""


@dataclass(frozen=True)
class Duration:
    """A planned time in whole seconds, with the bounds the person may move it within."""

    seconds: int
    min_seconds: int
    max_seconds: int

    @property
    def is_range(self) -> bool:
        return self.min_seconds != self.max_seconds

    @classmethod
    def fixed(cls, seconds: int) -> Duration:
        return cls(seconds, seconds, seconds)


# A library of thousands of routines writes the same few times ("30s", "2m") again and again.
# A text that is not a time raises each time it is read, so its message is in the language
# of that moment.
@functools.lru_cache(maxsize=512)
def _seconds_of(text: str) -> int:
    match = re.match(_SINGLE, text)
    if not match or not text:
        raise DurationError(_("{text} is not a duration (try 45s, 1m30s or 2m)").format(
            text=_quoted(text)))
    # A bare trailing number is seconds: "90" and "1m30" both mean 90 s.
    hours, minutes, seconds = (int(match.group(g) or 0) for g in ("ah", "am", "as"))
    return hours * 3600 + minutes * 60 + seconds


def _unit_of(text: str) -> str:
    return text[-1] if text and text[-1] in "hms" else ""


def _check_bounds(seconds: int, text: str) -> int:
    if seconds < MIN_SECONDS:
        raise DurationError(_("{text} is shorter than {shortest} s").format(
            text=_quoted(text), shortest=MIN_SECONDS))
    if seconds > MAX_SECONDS:
        raise DurationError(_("{text} is longer than 12 hours").format(text=_quoted(text)))
    return seconds


def parse_seconds(value: object) -> int:
    """One duration (no range) in whole seconds."""
    if isinstance(value, bool):
        raise DurationError(_("a duration must be a number of seconds or text like 45s"))
    if isinstance(value, int):
        return _check_bounds(value, str(value))
    if not isinstance(value, str):
        raise DurationError(_("a duration must be a number of seconds or text like 45s"))
    text = value.strip().lower().replace(" ", "")
    return _check_bounds(_seconds_of(text), text)


def parse_duration(value: object, default: object = None) -> Duration:
    """A duration or a range; a range plans its upper bound unless `default` says otherwise."""
    if isinstance(value, str) and "-" in value:
        text = value.strip().lower().replace(" ", "")
        match = re.match(_RANGE, text)
        if not match:
            raise DurationError(_("{text} is not a range (try 10-30s or 15-20m)").format(
                text=_quoted(text)))
        low_text, high_text = match.group("low"), match.group("high")
        if not _unit_of(low_text):
            low_text += _unit_of(high_text)
        low, high = parse_seconds(low_text), parse_seconds(high_text)
        if low > high:
            raise DurationError(_("range {text} is inverted (the shorter time comes first)")
                                .format(text=_quoted(text)))
        planned = high if default is None else parse_seconds(default)
        if not low <= planned <= high:
            raise DurationError(_("default {default} is outside the range {range}").format(
                default=_quoted(str(default)), range=text))
        return Duration(planned, low, high)
    if default is not None:
        raise DurationError(_("a default only goes with a range such as 10-30s"))
    return Duration.fixed(parse_seconds(value))


def format_seconds(seconds: float) -> str:
    """Short, readable: 45 s, 1 min 30 s, 15 min, 1 h 5 min."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)


def format_clock(seconds: int) -> str:
    """m:ss, or h:mm:ss from an hour: the way a kitchen timer shows time."""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_duration(duration: Duration) -> str:
    if not duration.is_range:
        return format_seconds(duration.seconds)
    return f"{format_seconds(duration.min_seconds)} – {format_seconds(duration.max_seconds)}"


def _quoted(text: str) -> str:
    """The text as the person wrote it, shortened and in quotes, inside a message."""
    return repr(_short(text))


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
