"""Files the app writes in the data dir: never through a planted link, never under a name that
can be guessed, and a file it cannot read is kept aside, never deleted."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from spasm_timer import cli
from spasm_timer.core.library import load_known_routines
from spasm_timer.data_dir import check_data_dir
from spasm_timer.paths import DataPaths
from spasm_timer.settings import Settings, SettingsFile

GOOD = "name: Mine\narea: calf\nsteps:\n  - {kind: stretch, title: Reach, duration: 30s}\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file elsewhere that a planted link points at; it must never change."""
    path = tmp_path / "victim.txt"
    path.write_text("precious")
    return path


def data_with_routine(tmp_path: Path) -> DataPaths:
    data = DataPaths(tmp_path / "data")
    data.user_routines.mkdir(parents=True)
    (data.user_routines / "mine.yaml").write_text(GOOD)
    return data


def untouched(victim: Path) -> bool:
    return victim.read_text() == "precious"


def test_saving_settings_never_writes_through_a_planted_link(tmp_path: Path, victim: Path) -> None:
    data = DataPaths(tmp_path / "data")
    data.root.mkdir()
    for planted in ("settings.json.tmp", "settings.json"):
        (data.root / planted).symlink_to(victim)
    SettingsFile(data.settings).save(Settings(volume=30))
    assert untouched(victim)
    info = os.lstat(data.settings)
    assert stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600
    assert SettingsFile(data.settings).load().volume == 30
    assert sorted(p.name for p in data.root.iterdir()) == ["settings.json", "settings.json.tmp"]


def test_the_routine_cache_never_writes_through_a_planted_link(tmp_path: Path, victim: Path) -> None:
    data = data_with_routine(tmp_path)
    (data.root / "routine-cache.json.tmp").symlink_to(victim)
    load_known_routines(data)
    assert untouched(victim)
    assert stat.S_ISREG(os.lstat(data.routine_cache).st_mode)


def test_a_failed_cache_write_leaves_no_temporary_file_and_the_old_cache_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = data_with_routine(tmp_path)
    load_known_routines(data)
    before = data.routine_cache.read_bytes()
    (data.user_routines / "more.yaml").write_text(GOOD)

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    assert "more" in load_known_routines(data).routines
    monkeypatch.undo()
    assert data.routine_cache.read_bytes() == before
    assert sorted(p.name for p in data.root.iterdir()) == ["routine-cache.json", "routines"]


def test_the_write_probe_uses_no_name_that_can_be_planted(tmp_path: Path, victim: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / f".spasm-timer-write-probe-{os.getpid()}").symlink_to(victim)
    (folder / ".spasm-timer-write-probe").symlink_to(victim)
    assert check_data_dir(folder) is None
    assert untouched(victim)
    assert len(list(folder.iterdir())) == 2  # the planted links, nothing of the probe's


def test_a_cache_that_cannot_be_read_is_moved_aside_and_the_person_told(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_with_routine(data_dir.parent)
    (data_dir / "routine-cache.json").write_bytes(b"\x00garbage{")
    assert cli.main(["list"]) == 0
    err = capsys.readouterr().err
    (aside,) = data_dir.glob("routine-cache.unreadable-*.json")
    assert aside.read_bytes() == b"\x00garbage{"
    assert f"{data_dir / 'routine-cache.json'} could not be read and was moved to {aside.name}" \
        in err
    assert cli.main(["list"]) == 0  # the new cache reads well: nothing more to say
    assert capsys.readouterr().err == ""


def test_a_settings_file_that_cannot_be_read_is_kept_byte_for_byte(tmp_path: Path) -> None:
    data = DataPaths(tmp_path / "data")
    data.root.mkdir()
    data.settings.write_bytes(b'{"volume": Infinity, "theme": "dark"')
    settings_file = SettingsFile(data.settings)
    settings = settings_file.load()
    assert settings_file.problem and "not valid JSON" in settings_file.problem
    settings_file.save(settings)
    (aside,) = data.root.glob("settings.unreadable-*.json")
    assert aside.read_bytes() == b'{"volume": Infinity, "theme": "dark"'
    assert settings_file.moved_to == aside
    assert SettingsFile(data.settings).load() == Settings()


def test_settings_with_one_bad_value_keep_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"volume": 1e999, "theme": "dark", "default_lead_in": 12}')
    settings_file = SettingsFile(path)
    settings = settings_file.load()
    assert (settings.volume, settings.theme, settings.default_lead_in) == (80, "dark", 12)
    assert settings_file.problem is not None and "volume" in settings_file.problem
