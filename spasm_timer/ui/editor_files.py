"""Where the routine editor reads from and writes to, and the rules that keep files safe.

- Only the person's own routines (in their routines folder) are edited in place; any other
  routine, bundled ones included, is edited as a copy under a new id.
- A file that does not load, or that the round-trip reader cannot take, is never opened for
  editing, so it is never overwritten; nor is a file that changed on disk after the editor
  read it.
- Deleting moves the file to the desktop's trash, never deletes it outright.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFile
from PySide6.QtWidgets import QMessageBox, QWidget

from spasm_timer import paths
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.core.routine_draft import RoutineDraft, free_id, slug
from spasm_timer.core.routine_yaml import (
    UnreadableRoutineText,
    read_for_editing,
    save_text,
    with_names,
)
from spasm_timer.i18n import _, current_language, words_in
from spasm_timer.os_errors import problem_text
from spasm_timer.private_files import (
    UnreadableFile,
    read_regular_file,
    write_private_atomically,
)
from spasm_timer.routine_files import MAX_PICTURE_BYTES, MAX_ROUTINE_BYTES


class EditorFileError(Exception):
    """Why a routine cannot be opened or saved; str() is the sentence to show."""


@dataclass
class EditorSource:
    """What the editor works on. `path` is the file saving writes (None: decided by the name
    at the first save); `text` the text it started from (None: a new routine)."""

    path: Path | None
    text: str | None
    fingerprint: str | None = None  # of the file as read, to notice a change made elsewhere
    copy_of: str | None = None


def _fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def is_own(routine: Routine, data: paths.DataPaths) -> bool:
    return (routine.origin == "user" and routine.path is not None
            and routine.path.parent.resolve() == data.user_routines.resolve())


def taken_ids(data: paths.DataPaths) -> set[str]:
    folders = [paths.bundled_routines_dir(), data.user_routines]
    return {p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.y*ml")}


def open_for_editing(routine: Routine | None, duplicate: bool,
                     data: paths.DataPaths) -> tuple[RoutineDraft, EditorSource]:
    """The draft and its source; raises EditorFileError when the file must not be edited."""
    if routine is None:
        return RoutineDraft(steps=[]), EditorSource(None, None)
    if routine.path is None:
        raise EditorFileError(_("“{name}” has no file to edit.").format(name=routine.name))
    try:
        content = read_regular_file(routine.path, MAX_ROUTINE_BYTES)
        text = content.decode("utf-8-sig")
        from spasm_timer.core.loader import load_routine_file

        load_routine_file(routine.path, routine.origin, paths.illustrations_dir())
        copying = duplicate or not is_own(routine, data)
        if copying:
            text = with_names(text, copy_name)
        draft, _tree = read_for_editing(text)
    except (UnreadableFile, UnicodeDecodeError, RoutineFileError, UnreadableRoutineText) as error:
        raise EditorFileError(_(
            "“{file}” cannot be read by the editor, so it is left as it is: {problem}. Fix "
            "it in a text editor; `spasm-timer validate` says what is wrong.").format(
                file=routine.path.name, problem=_first_line(error))) from error
    if copying:
        target = data.user_routines / f"{free_id(slug(draft.name), taken_ids(data))}.yaml"
        return draft, EditorSource(target, text, None, copy_of=routine.id)
    return draft, EditorSource(routine.path, text, _fingerprint(content))


def copy_name(name: str, language: str | None) -> str:
    """A copy's name in `language` (None: the language in use), marked as the person's copy
    in that language's words."""
    from spasm_timer.core.node_reading import TEXT_LIMITS

    with words_in(language or current_language()):
        return _("{name} (my copy)").format(name=name)[:TEXT_LIMITS["name"]]


def _first_line(error: Exception) -> str:
    if isinstance(error, RoutineFileError) and error.problems:
        return str(error.problems[0])
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def target_for(draft: RoutineDraft, source: EditorSource, data: paths.DataPaths) -> Path:
    """The file a save writes: the one being edited, or a new one named after the routine."""
    if source.path is not None:
        return source.path
    return data.user_routines / f"{free_id(slug(draft.name), taken_ids(data))}.yaml"


def save_draft(draft: RoutineDraft, source: EditorSource, data: paths.DataPaths) -> Path:
    """Writes the draft (checked by the caller) and returns the file; raises EditorFileError."""
    from spasm_timer.data_dir import DataDirError, ensure_private_data_dir

    target = target_for(draft, source, data)
    try:
        ensure_private_data_dir(data.root)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        if source.fingerprint is not None:
            _refuse_if_changed(target, source.fingerprint)
        images = _bring_pictures(draft, target.parent)
        text = save_text(draft, source.text, images)
        write_private_atomically(target, text.encode("utf-8"))
    except (OSError, DataDirError) as error:
        raise EditorFileError(_("The routine could not be saved: {problem}").format(
            problem=problem_text(error))) from error
    source.path, source.text = target, text
    source.fingerprint = _fingerprint(text.encode("utf-8"))
    return target


def _refuse_if_changed(target: Path, fingerprint: str) -> None:
    try:
        now = _fingerprint(read_regular_file(target, MAX_ROUTINE_BYTES))
    except UnreadableFile:
        now = None
    if now != fingerprint:
        raise EditorFileError(_(
            "“{file}” was changed or removed outside the editor since it was opened, so it "
            "was not overwritten. Use Save as new to keep your changes as a new "
            "routine.").format(file=target.name))


def _bring_pictures(draft: RoutineDraft, folder: Path) -> dict[int, str]:
    """Copies pictures chosen from elsewhere beside the routine; their names, by step."""
    names: dict[int, str] = {}
    for index, step in enumerate(draft.steps):
        chosen = Path(step.image)
        if not step.image or not chosen.is_absolute():
            continue
        content = read_regular_file(chosen, MAX_PICTURE_BYTES)
        name, number = chosen.name, 2
        while (folder / name).exists() and (folder / name).read_bytes() != content:
            name, number = f"{chosen.stem}-{number}{chosen.suffix}", number + 1
        if not (folder / name).exists():
            write_private_atomically(folder / name, content)
        names[index] = name
    return names


def delete_own_routine(window: QWidget, routine: Routine) -> bool:
    """Moves one's own routine file to the desktop's trash, after a yes."""
    data = window.data_paths  # type: ignore[attr-defined]
    if not is_own(routine, data) or routine.path is None:
        QMessageBox.information(window, _("Delete routine"), _(
            "“{name}” is not one of your own routines, so it cannot be deleted. Duplicate it "
            "to make a copy of your own.").format(name=routine.name))
        return False
    answer = QMessageBox.question(
        window, _("Delete routine?"),
        _("Move “{name}” to the trash? You can restore it from there.").format(
            name=routine.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    if not move_to_trash(routine.path):
        QMessageBox.warning(window, _("Routine not deleted"), _(
            "“{file}” could not be moved to the trash (this desktop may have none), so it "
            "was left where it is.").format(file=routine.path))
        return False
    window.reload_library()  # type: ignore[attr-defined]
    return True


def move_to_trash(path: Path) -> bool:
    return bool(QFile.moveToTrash(str(path))[0]) if path.exists() else False
