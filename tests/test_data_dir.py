"""An unusable data dir is named in one line; a new one is private; an existing one is left be."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from spasm_timer import i18n
from spasm_timer.data_dir import DataDirError, check_data_dir, ensure_private_data_dir

needs_permissions = pytest.mark.skipif(
    os.name != "posix" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="root (or a non-POSIX system) ignores folder permissions")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_usable_folder_and_a_missing_one_are_fine(tmp_path: Path) -> None:
    assert check_data_dir(tmp_path) is None
    assert check_data_dir(tmp_path / "not" / "yet") is None
    assert not (tmp_path / "not").exists()  # checking creates nothing
    assert list(tmp_path.iterdir()) == []  # and the write probe leaves nothing behind


def test_a_file_is_named_as_a_file(tmp_path: Path) -> None:
    file = tmp_path / "data"
    file.write_text("mine")
    assert check_data_dir(file) == f"data dir {file} is a file, not a folder"
    assert file.read_text() == "mine"


def test_a_file_in_the_path_is_named(tmp_path: Path) -> None:
    file = tmp_path / "data"
    file.write_text("")
    problem = check_data_dir(file / "inside")
    assert problem == f"data dir {file / 'inside'} cannot be created: {file} is a file, not a folder"


def test_something_that_is_neither_file_nor_folder(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert check_data_dir(fifo) == f"data dir {fifo} is not a folder"


@needs_permissions
def test_a_read_only_folder_is_not_writable(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o500)
    try:
        problem = check_data_dir(folder)
        assert problem is not None and str(folder) in problem and "not writable" in problem
        problem = check_data_dir(folder / "sub")
        assert problem is not None and "cannot be created" in problem
    finally:
        folder.chmod(0o700)


def test_a_full_disk_is_found_by_the_probe_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(descriptor: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", disk_full)
    problem = check_data_dir(tmp_path)
    monkeypatch.undo()
    assert problem == f"data dir {tmp_path} cannot be written: the disk is full"
    assert list(tmp_path.iterdir()) == []  # the probe file is gone even so


@pytest.mark.parametrize(("language", "number", "said"), [
    ("de", errno.ENOSPC, "Datenordner {folder} ist nicht beschreibbar: der Datenträger ist voll"),
    ("de", errno.EACCES, "Datenordner {folder} ist nicht beschreibbar: keine Berechtigung"),
    ("es", errno.EROFS, ("no se puede escribir en la carpeta de datos {folder}: "
                        "el disco es de solo lectura")),
    ("es", errno.EDQUOT, ("no se puede escribir en la carpeta de datos {folder}: "
                         "la cuota de disco está agotada")),
])
def test_a_refused_write_is_said_in_the_persons_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, number: int,
        said: str) -> None:
    def refused(descriptor: int, data: bytes) -> int:
        raise OSError(number, os.strerror(number))

    i18n.use_language(language)
    monkeypatch.setattr(os, "write", refused)
    problem = check_data_dir(tmp_path)
    monkeypatch.undo()
    assert problem == said.format(folder=tmp_path)


def test_a_missing_folder_is_created_private_with_its_parents(tmp_path: Path) -> None:
    old_umask = os.umask(0)  # the widest umask: the folders must still come out 0700
    try:
        assert ensure_private_data_dir(tmp_path / "a" / "data") is None
    finally:
        os.umask(old_umask)
    assert mode_of(tmp_path / "a") == 0o700
    assert mode_of(tmp_path / "a" / "data") == 0o700


def test_an_existing_open_folder_is_warned_about_not_changed(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o755)
    warning = ensure_private_data_dir(folder)
    assert warning is not None and str(folder) in warning and "755" in warning
    assert mode_of(folder) == 0o755
    folder.chmod(0o700)
    assert ensure_private_data_dir(folder) is None


def test_an_unusable_folder_raises_one_line(tmp_path: Path) -> None:
    file = tmp_path / "data"
    file.write_text("")
    with pytest.raises(DataDirError) as raised:
        ensure_private_data_dir(file)
    assert str(raised.value) == f"data dir {file} is a file, not a folder"
    assert "\n" not in str(raised.value)


def test_a_folder_without_write_permission_is_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as the test above, for a run as root, where permissions do not bite."""
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert check_data_dir(tmp_path) == f"data dir {tmp_path} is not writable: permission denied"
