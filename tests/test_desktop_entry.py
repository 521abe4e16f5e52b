"""A place in the desktop's menu: the shipped entry and metainfo, `desktop install|remove`."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from spasm_timer import APP_ID, paths
from spasm_timer.cli import main
from spasm_timer.desktop_entry import (
    INSTALLED_MARK,
    _exec_quote,
    desktop_entry_text,
    install,
    planned_files,
    remove,
    shipped_desktop_file,
    shipped_metainfo_file,
)

REPO = Path(__file__).resolve().parent.parent


def _validator(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        pytest.skip(f"{name} is not installed (Debian: desktop-file-utils / appstream)")
    return tool


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def test_the_shipped_desktop_entry_is_valid() -> None:
    result = subprocess.run([_validator("desktop-file-validate"), str(shipped_desktop_file())],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_the_shipped_metainfo_is_valid_with_screenshots_and_the_release() -> None:
    # --no-net: the check of the screenshot and homepage addresses needs the internet;
    # everything else is checked.
    result = subprocess.run([_validator("appstreamcli"), "validate", "--no-net",
                             str(shipped_metainfo_file())], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = shipped_metainfo_file().read_text(encoding="utf-8")
    from spasm_timer import __version__

    assert f'<release version="{__version__}"' in text
    assert text.count("<screenshot") >= 2 and f"<id>{APP_ID}</id>" in text
    assert f"<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>" in text


def test_install_writes_a_valid_entry_and_the_hicolor_icons(data_home: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["desktop", "install"]) == 0
    entry = data_home / "applications" / f"{APP_ID}.desktop"
    assert entry.is_file()
    result = subprocess.run([_validator("desktop-file-validate"), str(entry)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    for size in (16, 32, 64, 256):
        icon = data_home / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        assert icon.read_bytes() == paths.icon_path(size).read_bytes()
    assert (data_home / f"icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    assert "in your desktop's menu" in capsys.readouterr().out


def test_the_entry_runs_this_very_program(data_home: Path) -> None:
    install(data_home, command=_exec_quote("/opt/my venv/bin/spasm-timer"))
    text = (data_home / "applications" / f"{APP_ID}.desktop").read_text()
    assert 'Exec="/opt/my venv/bin/spasm-timer"\n' in text
    assert f"Icon={APP_ID}\n" in text and INSTALLED_MARK in text


@pytest.mark.parametrize(("argument", "quoted"), [
    ("/usr/bin/spasm-timer", "/usr/bin/spasm-timer"),
    ("/home/a b/bin/spasm-timer", '"/home/a b/bin/spasm-timer"'),
    ('/odd/"$x`\\/spasm-timer', '"/odd/\\"\\$x\\`\\\\/spasm-timer"'),
    ("/100%/spasm-timer", "/100%%/spasm-timer"),
])
def test_exec_arguments_are_quoted_as_the_spec_asks(argument: str, quoted: str) -> None:
    assert _exec_quote(argument) == quoted


def test_remove_takes_away_only_what_install_wrote(data_home: Path) -> None:
    install(data_home, command="spasm-timer")
    targets = list(planned_files(data_home))
    changed_icon = data_home / f"icons/hicolor/64x64/apps/{APP_ID}.png"
    changed_icon.write_bytes(b"the person's own icon")
    neighbour = data_home / "applications" / "other-app.desktop"
    neighbour.write_text("[Desktop Entry]\n")

    outcome = remove(data_home)

    assert changed_icon.read_bytes() == b"the person's own icon"
    assert [path for path, _ in outcome.kept] == [changed_icon]
    assert neighbour.exists()
    assert all(not path.exists() for path in targets if path != changed_icon)


def test_an_entry_not_written_by_install_is_left(data_home: Path) -> None:
    entry = data_home / "applications" / f"{APP_ID}.desktop"
    entry.parent.mkdir(parents=True)
    entry.write_text(desktop_entry_text("spasm-timer").replace(INSTALLED_MARK, ""))
    outcome = remove(data_home)
    assert [path for path, _ in outcome.kept] == [entry] and outcome.removed == []
    assert entry.exists()


def test_remove_with_nothing_installed_says_so(data_home: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["desktop", "remove"]) == 0
    assert "Nothing to remove" in capsys.readouterr().out
    assert not data_home.exists()


def test_a_folder_that_cannot_be_written_is_one_line(data_home: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    data_home.parent.mkdir(exist_ok=True)
    data_home.write_text("a file where a folder should be")
    assert main(["desktop", "install"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("spasm-timer: cannot install the desktop entry") and \
        len(error.strip().splitlines()) == 1


def test_a_folder_that_refuses_new_files_is_named(data_home: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The person can fix the folder they see named; the name of a temporary file the app
    tried to make in it would mean nothing to them."""
    applications = data_home / "applications"
    applications.mkdir(parents=True)
    create = os.open

    def refused(path: str, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(path).parent == applications:  # as a folder not theirs
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return create(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    assert main(["desktop", "install"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("spasm-timer: cannot install the desktop entry")
    assert str(applications) in error
    assert str(applications) + os.sep not in error  # nothing inside it: the folder itself
    assert list(applications.iterdir()) == []


@pytest.mark.slow
def test_the_wheel_carries_the_entry_metainfo_and_icons(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                             "-w", str(tmp_path), str(REPO)], capture_output=True, text=True,
                            timeout=300)
    if result.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {result.stderr.strip()[-200:]}")
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert f"spasm_timer/assets/desktop/{APP_ID}.desktop" in names
    assert f"spasm_timer/assets/desktop/{APP_ID}.metainfo.xml" in names
    data = "spasm_timer-" + wheel.name.split("-")[1] + ".data/data/share/"
    assert data + f"applications/{APP_ID}.desktop" in names
    assert data + f"metainfo/{APP_ID}.metainfo.xml" in names
    assert data + f"icons/hicolor/256x256/apps/{APP_ID}.png" in names


def test_the_menu_entry_and_the_software_centre_speak_german_and_spanish() -> None:
    """A German or Spanish desktop shows the app's menu entry and its software-centre page in
    that language: every text of the entry and of the metainfo has both translations."""
    import xml.etree.ElementTree as ET

    entry = shipped_desktop_file().read_text(encoding="utf-8").splitlines()
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        for language in ("de", "es"):
            assert any(line.startswith(f"{key}[{language}]=") for line in entry), (key, language)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    root = ET.parse(shipped_metainfo_file()).getroot()  # noqa: S314 - our own shipped file
    release_notes = set(root.iter("release"))  # the notes of past releases stay English
    release_texts = {text for release in release_notes for text in release.iter()}
    for tag in ("summary", "p", "li", "caption", "keyword"):
        found = [element.get(lang) for element in root.iter(tag)
                 if element not in release_texts]
        assert found.count("de") == found.count("es") == found.count(None), (tag, found)
