"""Writes to the log that could not land yet, kept in a file beside it until they do.

`sessions.pending.jsonl`: one JSON object per line, appended and flushed to the disk
(`fsync`) as soon as a write has to wait; the file is removed once every write in it has
landed. On the next start the writer applies it again first: every write does nothing the
second time, so a write that landed just before a crash costs nothing.

A last line cut short by a crash is the write that was being kept at that moment: it is
left out. A file that cannot be read otherwise is moved aside, never deleted.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from spasm_timer.i18n import _

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

WRITE_KINDS = ("begin", "step", "pauses", "end", "update", "delete")


@dataclass(frozen=True)
class Write:
    """One change to the log: its kind, the session it is about, and its values."""

    kind: str
    session_id: str
    values: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> str:
        return json.dumps({"kind": self.kind, "session_id": self.session_id,
                           "values": self.values}, ensure_ascii=True)

    @classmethod
    def from_json(cls, line: str) -> Write:
        data = json.loads(line)
        if not isinstance(data, dict) or data.get("kind") not in WRITE_KINDS \
                or not isinstance(data.get("session_id"), str) \
                or not isinstance(data.get("values"), dict):
            raise ValueError("not a write")
        return cls(data["kind"], data["session_id"], data["values"])


def pending_path(database: Path) -> Path:
    return database.with_name(database.stem + ".pending.jsonl")


class PendingFile:
    """The file of writes still waiting for the log."""

    def __init__(self, database: Path) -> None:
        self.path = pending_path(database)

    def append(self, writes: list[Write]) -> None:
        """Adds `writes` and waits until the disk has them; raises OSError when it cannot."""
        if not writes:
            return
        data = "".join(write.as_json() + "\n" for write in writes).encode("ascii")
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | _NOFOLLOW,
                             0o600)
        try:
            written = os.write(descriptor, data)
            if written != len(data):
                raise OSError(28, _("the disk is full"))  # a short write: ENOSPC, in effect
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def read(self, now: datetime) -> tuple[list[Write], Path | None]:
        """The writes kept by an earlier run, and where an unreadable file was moved."""
        try:
            with open(self.path, "rb") as file:
                lines = file.read().split(b"\n")
        except FileNotFoundError:
            return [], None
        writes: list[Write] = []
        complete, last = lines[:-1], lines[-1]  # `last` is cut short (or b"" after "\n")
        for line in complete:
            try:
                writes.append(Write.from_json(line.decode("ascii")))
            except (ValueError, UnicodeDecodeError):
                return writes, self._move_aside(now)
        if last.strip():
            try:  # a last line whose newline did not reach the disk
                writes.append(Write.from_json(last.decode("ascii")))
            except (ValueError, UnicodeDecodeError):
                pass  # cut short by a crash while it was being kept: it never was
        return writes, None

    def _move_aside(self, now: datetime) -> Path:
        target = self.path.with_name(
            f"{self.path.stem}.unreadable-{now.strftime('%Y-%m-%dT%H-%M-%S')}.jsonl")
        os.replace(self.path, target)
        return target

    def clear(self) -> None:
        """Every write in the file has landed."""
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
