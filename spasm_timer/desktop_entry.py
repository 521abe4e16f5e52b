"""`spasm-timer desktop install|remove`: a place in the desktop's menu, for one person.

`pip install` or pipx put a command on the PATH but nothing in the menu. `install` writes the
desktop entry and the icons under the person's XDG data folder ($XDG_DATA_HOME, or
~/.local/share): `applications/<id>.desktop` and `icons/hicolor/<size>/apps/<id>.png|svg`.
`remove` takes away only what `install` wrote: the entry carries a mark, and an icon is removed
only while it is byte for byte the one shipped. No Qt, no root, nothing outside that folder.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from spasm_timer import APP_ID, paths
from spasm_timer.i18n import _
from spasm_timer.os_errors import problem_text
from spasm_timer.private_files import temporary_beside

ICON_SIZES = (16, 32, 64, 256)
# The mark `remove` looks for: an entry without it was not written by `install`.
INSTALLED_MARK = "X-SpasmTimer-Installed-By=spasm-timer desktop install"
# What the desktop's list of start-up programs says about the autostart entry, in each
# language the app ships: a desktop file carries its own translations.
AUTOSTART_COMMENTS = (
    "Comment=Starts Spasm Timer in the tray for the bedtime reminder\n"
    "Comment[de]=Startet Spasm Timer im Infobereich für die Erinnerung zur Schlafenszeit\n"
    "Comment[es]=Abre Spasm Timer en la bandeja para el recordatorio de la hora de dormir\n"
)


def desktop_dir() -> Path:
    """The shipped desktop entry and AppStream metainfo (inside the package when installed)."""
    return paths.assets_dir() / "desktop"


def shipped_desktop_file() -> Path:
    return desktop_dir() / f"{APP_ID}.desktop"


def shipped_metainfo_file() -> Path:
    return desktop_dir() / f"{APP_ID}.metainfo.xml"


def xdg_data_home() -> Path:
    """$XDG_DATA_HOME when it is an absolute path (the spec ignores anything else), or
    ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local/share"


@dataclass
class Outcome:
    """What `install` or `remove` did, file by file."""

    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, str]] = field(default_factory=list)  # (file, why it was left)


def planned_files(data_home: Path) -> dict[Path, Path | None]:
    """Target → shipped source; None for the desktop entry, which is written, not copied."""
    icons = data_home / "icons" / "hicolor"
    files: dict[Path, Path | None] = {data_home / "applications" / f"{APP_ID}.desktop": None}
    for size in ICON_SIZES:
        files[icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = paths.icon_path(size)
    files[icons / "scalable" / "apps" / f"{APP_ID}.svg"] = paths.icon_path()
    return files


def launch_command() -> str:
    """The Exec= line's command: this very program, so the entry works from a venv or pipx
    whether or not its folder is on the menu's PATH."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "spasm-timer" and script.exists():
        return _exec_quote(str(script.resolve()))
    found = shutil.which("spasm-timer")
    if found:
        return _exec_quote(str(Path(found).resolve()))
    return f"{_exec_quote(sys.executable)} -m spasm_timer"


def _exec_quote(argument: str) -> str:
    """Quotes one Exec= argument as the Desktop Entry spec asks (double quotes, and `"`,
    backquote, `$` and backslash escaped inside them); `%` is doubled everywhere."""
    argument = argument.replace("%", "%%")
    if argument and all(c.isalnum() or c in "/._-+,:@%" for c in argument):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def desktop_entry_text(command: str) -> str:
    """The shipped entry with Exec= pointing at `command`, and the mark `remove` looks for."""
    lines = []
    for line in shipped_desktop_file().read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={command}"
        elif line.startswith("TryExec="):
            continue
        lines.append(line)
    lines.append(INSTALLED_MARK)
    return "\n".join(lines) + "\n"


def install(data_home: Path | None = None, command: str | None = None) -> Outcome:
    """Writes the entry and the icons; raises OSError when a file cannot be written."""
    data_home = data_home or xdg_data_home()
    outcome = Outcome()
    for target, source in planned_files(data_home).items():
        if source is None:
            content = desktop_entry_text(command or launch_command()).encode("utf-8")
        else:
            content = source.read_bytes()
        _write_file(target, content)
        outcome.written.append(target)
    _refresh_caches(data_home)
    return outcome


def remove(data_home: Path | None = None) -> Outcome:
    """Removes what `install` wrote; a file changed since, or not ours, is left and named."""
    data_home = data_home or xdg_data_home()
    outcome = Outcome()
    for target, source in planned_files(data_home).items():
        if not target.is_file():
            continue
        content = target.read_bytes()
        ours = (INSTALLED_MARK.encode() in content if source is None
                else content == source.read_bytes())
        if not ours:
            outcome.kept.append((target, _("not written by spasm-timer desktop install, or "
                                           "changed since")))
            continue
        target.unlink()
        outcome.removed.append(target)
    _refresh_caches(data_home)
    return outcome


def _write_file(target: Path, content: bytes) -> None:
    """Writes beside the target and renames, so the menu never reads half an entry."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = temporary_beside(target)  # a failure names the folder
    try:
        with open(descriptor, "wb") as out:
            out.write(content)
        os.chmod(temp_name, 0o644)  # menus and icon themes read it as the person; 0644 is usual
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _refresh_caches(data_home: Path) -> None:
    """Icon themes look at the folder's time to know they must look again; menus watch
    the applications folder on their own."""
    icons = data_home / "icons" / "hicolor"
    if icons.is_dir():
        os.utime(icons)


def run_desktop(action: str) -> int:
    """The command: prints what was done, one line per file; 1 when a file could not be
    written or removed."""
    try:
        outcome = install() if action == "install" else remove()
    except OSError as error:
        failed = (_("cannot install the desktop entry: {reason}") if action == "install"
                  else _("cannot remove the desktop entry: {reason}"))
        print(f"spasm-timer: {failed.format(reason=problem_text(error))}", file=sys.stderr)
        return 1
    for path in outcome.written:
        print(_("wrote {path}").format(path=path))
    for path in outcome.removed:
        print(_("removed {path}").format(path=path))
    for path, why in outcome.kept:
        print(_("left {path}: {reason}").format(path=path, reason=why), file=sys.stderr)
    if action == "install":
        print(_("Spasm Timer is in your desktop's menu; it runs: {command}")
              .format(command=launch_command()))
    elif not outcome.removed and not outcome.kept:
        print(_("Nothing to remove: no desktop entry was installed here."))
    return 0


# --- starting with the desktop ----------------------------------------------------------------

def autostart_supported() -> bool:
    """XDG autostart is how Linux and BSD desktops start programs at log-in."""
    return not sys.platform.startswith(("win", "darwin"))


def xdg_config_home() -> Path:
    value = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".config"


def autostart_file(config_home: Path | None = None) -> Path:
    return (config_home or xdg_config_home()) / "autostart" / f"{APP_ID}.desktop"


def autostart_enabled(config_home: Path | None = None) -> bool:
    """Whether our entry is there (one the person wrote themselves counts only if it is ours)."""
    target = autostart_file(config_home)
    try:
        return INSTALLED_MARK.encode() in target.read_bytes()
    except OSError:
        return False


def enable_autostart(data_dir: Path | None = None, config_home: Path | None = None,
                     command: str | None = None) -> Path:
    """Writes the autostart entry: the app starts with the desktop, in the tray. `data_dir`
    when the app runs with --data-dir. Raises OSError when it cannot be written."""
    command = command or launch_command()
    if data_dir is not None:
        command += f" --data-dir {_exec_quote(str(data_dir))}"
    text = desktop_entry_text(f"{command} --in-tray")
    text = "\n".join(line for line in text.splitlines()
                     if not line.startswith(("Comment=", "Comment["))) + "\n"
    text = text.replace("\n" + INSTALLED_MARK, "\nX-GNOME-Autostart-enabled=true\n"
                        + AUTOSTART_COMMENTS + INSTALLED_MARK)
    target = autostart_file(config_home)
    _write_file(target, text.encode("utf-8"))
    return target


def disable_autostart(config_home: Path | None = None) -> bool:
    """Removes our autostart entry; one not written by the app is left. Returns whether
    the app no longer starts with the desktop."""
    target = autostart_file(config_home)
    if not target.exists():
        return True
    if not autostart_enabled(config_home):
        return False
    target.unlink()
    return True
