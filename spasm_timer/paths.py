"""The one module that knows where files live.

Nothing here touches the disk at import time: a command that only lists routines must not
create folders, and a test can point everything elsewhere with `--data-dir` or
`SPASM_TIMER_DATA_DIR`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "SPASM_TIMER_DATA_DIR"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """`routines/` or `assets/`: inside the installed package, or beside it in a checkout."""
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def bundled_routines_dir() -> Path:
    return _resource_dir("routines")


def assets_dir() -> Path:
    return _resource_dir("assets")


def illustrations_dir() -> Path:
    return assets_dir() / "illustrations"


def sounds_dir() -> Path:
    return assets_dir() / "sounds"


def icon_path(size: int | None = None) -> Path:
    icons = assets_dir() / "icons"
    return icons / (f"spasm-timer-{size}.png" if size else "spasm-timer.svg")


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("spasm-timer", appauthor=False))


@dataclass(frozen=True)
class DataPaths:
    """Where the person's own files are: the log, settings, routines, crash reports."""

    root: Path

    @classmethod
    def resolve(cls, override: str | os.PathLike[str] | None = None) -> DataPaths:
        chosen = override or os.environ.get(DATA_DIR_ENV)
        return cls(Path(chosen).expanduser() if chosen else default_data_dir())

    @property
    def database(self) -> Path:
        return self.root / "sessions.sqlite3"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def user_routines(self) -> Path:
        return self.root / "routines"

    @property
    def routine_cache(self) -> Path:
        return self.root / "routine-cache.json"

    @property
    def crash_reports(self) -> Path:
        return self.root / "crash-reports"

    @property
    def instance_lock(self) -> Path:
        return self.root / "instance.lock"

    @property
    def instance_address(self) -> Path:
        """Where the running app says which socket it listens on: launches that see another
        XDG_RUNTIME_DIR (or none) still find it."""
        return self.root / "instance-address"
