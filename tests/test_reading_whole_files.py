"""Reading a file the app was given reads all of it, whatever size the system says it has."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasm_timer.private_files import UnreadableFile, read_regular_file


@pytest.mark.parametrize("size", [0, 1, 4095, 70_000, 300_000])
def test_a_file_is_read_whole(tmp_path: Path, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    (tmp_path / "file").write_bytes(data)
    assert read_regular_file(tmp_path / "file", 1024 * 1024) == data


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"a" * 1000)
    assert read_regular_file(tmp_path / "file", 1000) == b"a" * 1000
    with pytest.raises(UnreadableFile) as refused:
        read_regular_file(tmp_path / "file", 999)
    assert refused.value.why == "size"


def test_a_file_whose_size_reads_as_nothing_is_still_read_whole() -> None:
    """Some files say they hold 0 bytes and hold more (the system's own, under /proc): the
    first read asks for what the size says, and the reading goes on until the end."""
    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("no file here whose size reads 0 while it holds text")
    text = read_regular_file(status, 1024 * 1024).decode()
    assert text.startswith("Name:") and "VmRSS" in text
