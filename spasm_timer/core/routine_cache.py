"""Parsed routines kept between runs, so an unchanged file is never parsed again.

Start-up then needs neither PyYAML nor the loader: a few stats and one small JSON file. An
entry counts only while its file keeps the same size, modification and change times and inode,
and only for the app version and loader that wrote it. A routine written in several languages
is kept once for each language it was shown in; one written in one language, once for all.
The cache is plain JSON, never pickle: it lives in the data dir and must not be able to run
anything. A cache that cannot be read is moved aside and written anew; it holds nothing of
the person's own.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from spasm_timer import __version__
from spasm_timer.core.durations import MAX_SECONDS, Duration
from spasm_timer.core.routine import (
    SIDES,
    STEP_KINDS,
    THERMAL_KINDS,
    FallbackTexts,
    Routine,
    Step,
)
from spasm_timer.i18n import _
from spasm_timer.private_files import (
    UnreadableFile,
    move_aside,
    read_regular_file,
    write_private_atomically,
)

Signature = list[int]
# Entries are valid only for the rules that checked them: the app version and every module
# whose rules a routine passed (the loader, durations, limits, heat and cold, text), so that a
# changed rule in any of them checks each routine again.
_RULES = tuple(Path(__file__).with_name(name) for name in (
    "loader.py", "node_reading.py", "plain_yaml.py", "yaml_reading.py", "durations.py",
    "routine.py", "timeline.py", "heat_cold_limit.py", "text_safety.py", "routine_texts.py",
    "routine_images.py"))
# The key of a routine with one text per field: it reads the same in every language.
ANY_LANGUAGE = "*"


def _rules_signature() -> str:
    return f"{__version__}:{[file_signature(rules) for rules in _RULES]}"


def file_signature(path: Path) -> Signature | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def routine_to_json(routine: Routine) -> dict[str, Any]:
    return {
        "id": routine.id, "name": routine.name, "area": routine.area,
        "description": routine.description, "safety": list(routine.safety),
        "lead_in_seconds": routine.lead_in_seconds, "schema": routine.schema,
        "languages": list(routine.languages),
        "fallback": None if routine.fallback is None else
        {"area": routine.fallback.area, "safety": list(routine.fallback.safety)},
        "steps": [{"kind": s.kind, "title": s.title, "instructions": s.instructions,
                   "duration": [s.duration.seconds, s.duration.min_seconds, s.duration.max_seconds],
                   "repeat": s.repeat, "rest_seconds": s.rest_seconds, "sides": s.sides,
                   "image": str(s.image) if s.image else None} for s in routine.steps],
    }


class DamagedEntry(ValueError):
    """A cache entry that is not what the loader would have made (edited by hand)."""


def _check_step(step: Step) -> None:
    low, planned, high = step.duration.min_seconds, step.duration.seconds, step.duration.max_seconds
    numbers = (low, planned, high, step.repeat, step.rest_seconds)
    texts = (step.title, step.instructions)
    if (step.kind not in STEP_KINDS or step.sides not in SIDES
            or not all(type(n) is int for n in numbers)
            or not all(isinstance(t, str) for t in texts)
            or not 1 <= low <= planned <= high <= MAX_SECONDS
            or step.repeat < 1 or step.rest_seconds < 0):
        raise DamagedEntry(step.title)


def check_entry(routine: Routine) -> None:
    """Raises DamagedEntry unless the routine keeps every rule the loader checks on numbers:
    a cache edited by hand must not get 45 minutes of heat past the loader."""
    # Imported here: start-up from the cache has no other use for the timeline.
    from spasm_timer.core.timeline import heat_cold_problems, limit_problems

    for step in routine.steps:
        _check_step(step)
    lead_in = routine.lead_in_seconds
    if not routine.steps or (lead_in is not None and (type(lead_in) is not int or lead_in < 0)):
        raise DamagedEntry(routine.id)
    fallback = routine.fallback_texts
    if not all(isinstance(t, str) for t in (routine.name, routine.area, routine.description,
                                             *routine.safety, *routine.languages,
                                             fallback.area, *fallback.safety)):
        raise DamagedEntry(routine.id)
    if limit_problems(routine):
        raise DamagedEntry(routine.id)
    if any(step.kind in THERMAL_KINDS for step in routine.steps) and heat_cold_problems(routine):
        raise DamagedEntry(routine.id)


def routine_from_json(data: dict[str, Any], path: Path, origin: str,
                      images: dict[str, Path] | None = None) -> Routine:
    """The routine an entry holds. `images`, kept across entries, makes one Path of each
    picture: thousands of routines name the same few, and making a Path is costly."""
    images = {} if images is None else images

    def image(name: str) -> Path:
        found = images.get(name)
        if found is None:
            found = images[name] = Path(name)
        return found

    steps = tuple(
        Step(kind=s["kind"], title=s["title"], instructions=s["instructions"],
             duration=Duration(*s["duration"]), repeat=s["repeat"],
             rest_seconds=s["rest_seconds"], sides=s["sides"],
             image=image(s["image"]) if s["image"] else None)
        for s in data["steps"])
    fallback = data["fallback"]
    return Routine(id=data["id"], name=data["name"], area=data["area"], steps=steps,
                   description=data["description"], safety=tuple(data["safety"]),
                   lead_in_seconds=data["lead_in_seconds"], path=path, origin=origin,
                   schema=data["schema"], languages=tuple(data["languages"]),
                   fallback=None if fallback is None else
                   FallbackTexts(fallback["area"], tuple(fallback["safety"])))


_ENCODER = json.JSONEncoder(separators=(",", ":"), check_circular=False)


def routine_text(routine: Routine) -> str:
    """The routine as its cache entry holds it, in JSON."""
    return _ENCODER.encode(routine_to_json(routine))


class EncodedRoutine:
    """A routine put in the cache, already in JSON (`routine_text`): written out as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _entry_line(key: str, entry: dict[str, Any]) -> str:
    """One entry's line of the cache file."""
    routines = entry.get("routines")
    if not (isinstance(routines, dict)
            and any(isinstance(data, EncodedRoutine) for data in routines.values())):
        return json.dumps(key) + ":" + _ENCODER.encode(entry)
    kept = ",".join(json.dumps(language) + ":" + (
        data.text if isinstance(data, EncodedRoutine) else _ENCODER.encode(data))
        for language, data in routines.items())
    # Each field as "name":value, the routines last (as json.dumps of the entry would put
    # them once moved there), joined: an entry of routines alone is `{"routines":{...}}`.
    fields = [json.dumps(name) + ":" + _ENCODER.encode(value)
              for name, value in entry.items() if name != "routines"]
    fields.append(f'"routines":{{{kept}}}')
    return json.dumps(key) + ":{" + ",".join(fields) + "}"


def _written_entry_by_entry(entries: dict[str, Any]) -> str:
    """The cache as JSON with each entry on a line of its own, so that it can be read a line
    at a time: read whole, ten thousand routines hold Python's lock for a second or more
    (json's C parser never lets go of it), and the window, waiting for it, stands still."""
    head = json.dumps({"rules": _rules_signature(), "routines": {}}, separators=(",", ":"))
    lines = [_entry_line(key, entry) for key, entry in entries.items()]
    return head[:-2] + "\n" + ",\n".join(lines) + "\n}}"


def _read_entry_by_entry(text: str) -> dict[str, Any] | None:
    """What `_written_entry_by_entry` wrote, a line at a time; None for another layout.
    Raises ValueError for a line that is not what it wrote."""
    lines = text.split("\n")
    if len(lines) < 2 or not lines[0].endswith('"routines":{') or lines[-1] != "}}":
        return None
    data: dict[str, Any] = json.loads(lines[0] + "}}")
    if data.get("rules") != _rules_signature():
        return data  # another version's: nothing in it is read
    routines = data["routines"]
    for line in lines[1:-1]:
        routines.update(json.loads("{" + line.removesuffix(",") + "}"))
    return data


# Ten thousand routines take about 30 MiB; a bigger file was not written by the app.
MAX_CACHE_BYTES = 128 * 1024 * 1024


class RoutineCache:
    """`get(path, origin)` → a Routine when the file is unchanged; `put` after parsing it.

    A cache file that cannot be read is moved aside when the new one is written (never
    deleted: it is the person's disk), and `note` says so once."""

    def __init__(self, file: Path | None):
        self.file = file
        # Routines put since the file was read are kept in JSON already (EncodedRoutine): saving
        # ten thousand of them right after the list fills then has only lines to join, where
        # encoding them held Python's lock against the window filling its list.
        self._entries: dict[str, Any] = {}
        self._changed = False
        self._unreadable = False
        self._images: dict[str, Path] = {}
        self.note: str | None = None
        if file is not None:
            self._entries = self._read(file)

    def _read(self, file: Path) -> dict[str, Any]:
        try:
            text = read_regular_file(file, MAX_CACHE_BYTES).decode("utf-8")
            data = _read_entry_by_entry(text)
            if data is None:  # not in the app's own layout (older, or written by hand)
                data = json.loads(text)
                self._changed = True  # written anew in its own layout
        except UnreadableFile:
            self._unreadable = os.path.lexists(file)
            return {}
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            self._unreadable = True
            return {}
        if not isinstance(data, dict) or not isinstance(data.get("routines"), dict):
            self._unreadable = True
            return {}
        # Written by another version: replaced as a whole, nothing in it is read.
        return data["routines"] if data.get("rules") == _rules_signature() else {}

    def get(self, path: Path, origin: str, signature: Signature | None,
            key: str | None = None, language: str = "en") -> Routine | None:
        """The cached routine of `path` (known in the cache as `key`, its real path, when
        given) with its texts in `language`, or None when the file changed, the routine was
        not yet shown in that language, or the entry cannot be trusted."""
        entry = self._entries.get(key or str(path))
        if signature is None or not isinstance(entry, dict):
            return None
        if entry.get("signature") != signature or entry.get("origin") != origin:
            return None
        try:
            kept = entry["routines"]
            data = kept.get(ANY_LANGUAGE) or kept.get(language)
            if data is None:
                return None
            if isinstance(data, EncodedRoutine):  # put since the file was read
                data = json.loads(data.text)
            routine = routine_from_json(data, path, origin, self._images)
            check_entry(routine)
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
            return None  # a cache from elsewhere, or edited by hand: parse the file instead
        return routine

    def put(self, routine: Routine, signature: Signature | None, key: str | None = None,
            language: str = "en", text: str | None = None) -> None:
        """Keeps `routine`, parsed with its texts in `language`, beside any other language's.
        `text`, when given, is the routine in JSON as `routine_text` makes it (a worker
        process that parsed the file made it already)."""
        if signature is None or routine.path is None:
            return
        key = key or str(routine.path)
        entry = self._entries.get(key)
        if not (isinstance(entry, dict) and isinstance(entry.get("routines"), dict)
                and entry.get("signature") == signature and entry.get("origin") == routine.origin):
            entry = {"signature": signature, "origin": routine.origin, "routines": {}}
            self._entries[key] = entry
        entry["routines"][language if routine.languages else ANY_LANGUAGE] = \
            EncodedRoutine(routine_text(routine) if text is None else text)
        self._changed = True

    @property
    def has_news(self) -> bool:
        """Whether saving will have something to tell the person (`note`)."""
        return self._unreadable

    def forget_missing(self, seen: set[str]) -> None:
        for key in [key for key in self._entries if key not in seen]:
            del self._entries[key]
            self._changed = True

    def save(self) -> None:
        """Writes the cache when it changed and its folder exists; never creates the folder."""
        if not (self._changed or self._unreadable) or self.file is None \
                or not self.file.parent.is_dir():
            return
        self._remove_leftovers()
        try:
            if self._unreadable:
                moved = move_aside(self.file)
                self.note = _("{file} could not be read and was moved to {moved}; it only held "
                              "routines already checked, and is being made anew").format(
                    file=self.file, moved=moved.name)
                self._unreadable = False
            data = _written_entry_by_entry(self._entries)
            write_private_atomically(self.file, data.encode("utf-8"))
            self._changed = False
        except (OSError, ValueError):
            pass  # a cache that cannot be written only costs the next start a few ms

    def _remove_leftovers(self) -> None:
        """Temporary files of saves that never finished (the app was killed mid-write): ours,
        by their name, and of no use to anyone."""
        assert self.file is not None
        for leftover in self.file.parent.glob(f".{self.file.name}.*.tmp"):
            try:
                if stat.S_ISREG(os.lstat(leftover).st_mode):
                    leftover.unlink()
            except OSError:
                pass
