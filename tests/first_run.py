"""The first-run safety note holds back `run --start` until accepted: tests about other
things start from a data dir where the person has already read it."""

from __future__ import annotations

from pathlib import Path

from spasm_timer.paths import DataPaths
from spasm_timer.settings import Settings, SettingsFile


def safety_note_read(data_dir: Path) -> Path:
    """Makes `data_dir` (private) with settings that say the note was accepted."""
    SettingsFile(DataPaths(data_dir).settings).save(Settings(safety_note_seen=True))
    return data_dir
