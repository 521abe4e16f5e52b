"""The operating system's errors in the person's words: the common ones said in German or
Spanish and naming the file, the rest in the operating system's own text."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from spasm_timer import i18n
from spasm_timer.data_dir import check_data_dir
from spasm_timer.os_errors import problem_text
from spasm_timer.paths import DataPaths
from spasm_timer.storage.log import LogUnavailableError, SessionLog

PATH = "/home/ana/Dokumente/sitzungen.csv"
COMMON = (errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EROFS, errno.EISDIR, errno.EDQUOT,
          errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP)


def said(error: OSError, language: str) -> str:
    i18n.use_language(language)
    try:
        return problem_text(error)
    finally:
        i18n.use_language("en")


@pytest.mark.parametrize("language", ["de", "es"])
@pytest.mark.parametrize("number", COMMON, ids=errno.errorcode.get)
def test_a_common_error_is_said_in_the_persons_language_naming_the_file(
        number: int, language: str) -> None:
    error = OSError(number, os.strerror(number), PATH)
    text = said(error, language)
    assert PATH in text
    assert os.strerror(number).lower() not in text.lower()  # not the C library's English
    assert text != said(error, "en")
    assert len({said(OSError(other, os.strerror(other), PATH), language)
                for other in COMMON}) == len(COMMON)  # each says what happened, not one line


@pytest.mark.parametrize("number", COMMON, ids=errno.errorcode.get)
def test_an_error_naming_no_file_still_says_what_happened(number: int) -> None:
    error = OSError(number, os.strerror(number))
    assert said(error, "de") not in (str(error), said(error, "en"))


def test_other_errors_keep_the_operating_systems_text() -> None:
    error = OSError(errno.EIO, os.strerror(errno.EIO), PATH)
    assert said(error, "de") == str(error)
    assert said(ValueError("a NUL byte in the name"), "de") == "a NUL byte in the name"


@pytest.mark.parametrize(("language", "loops"), [
    ("en", "the path loops through symbolic links"),
    ("de", "der Pfad läuft im Kreis über symbolische Links"),
    ("es", "la ruta da vueltas por enlaces simbólicos"),
])
def test_a_data_folder_whose_path_loops_is_said_so_by_the_check_and_the_log(
        tmp_path: Path, language: str, loops: str) -> None:
    """The data dir's check and the session log say the system's errors with the same words,
    in the person's language, naming the folder."""
    (tmp_path / "loop").symlink_to(tmp_path / "loop")  # a link that points at itself
    folder = tmp_path / "loop" / "data"
    i18n.use_language(language)
    problem = check_data_dir(folder)
    assert problem is not None and str(folder) in problem and problem.endswith(": " + loops)
    with pytest.raises(LogUnavailableError) as raised:
        SessionLog.open(DataPaths(folder))
    assert str(folder) in str(raised.value) and str(raised.value).endswith(": " + loops)


def test_a_failed_save_names_the_file_chosen_not_a_temporary_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Saving writes a temporary file beside the target first: an error names the target's
    folder (it is missing) or the target (it is a folder), never the temporary name."""
    from spasm_timer.private_files import write_private_atomically

    folder_in_the_way = tmp_path / "settings.json"
    folder_in_the_way.mkdir()
    for target, named, error in (
            (tmp_path / "gone" / "settings.json", tmp_path / "gone", FileNotFoundError),
            (folder_in_the_way, folder_in_the_way, IsADirectoryError)):
        with pytest.raises(error) as raised:
            write_private_atomically(Path(target), b"{}")
        text = said(raised.value, "de")
        assert str(named) in text and ".tmp" not in text
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # nothing left behind
