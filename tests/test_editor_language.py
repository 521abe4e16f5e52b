"""The routine editor in German and Spanish: its words, and Alt keys that still reach every
field once each."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from window_helpers import make_window

from spasm_timer import i18n, paths
from spasm_timer.core.library import find_routine
from spasm_timer.core.loader import load_routine_file
from spasm_timer.core.routine_draft import RoutineDraft, slug
from spasm_timer.ui.editor_files import EditorSource, open_for_editing, save_draft
from spasm_timer.ui.editor_window import EditorWindow


def open_editor(qtbot, data_dir: Path, language: str) -> EditorWindow:  # type: ignore[no-untyped-def]
    i18n.use_language(language)
    window = make_window(qtbot, paths.DataPaths(data_dir))
    editor = EditorWindow(window, RoutineDraft(steps=[]), EditorSource(None, None), "")
    editor.steps.add_step()
    return editor


def alt_letters(editor: EditorWindow) -> list[str]:
    """The letter after & in every label, button and tab of the editor."""
    texts = [label.text() for label in editor.findChildren(QLabel) if label.buddy()]
    texts += [button.text() for button in editor.findChildren(QPushButton)]
    texts += [editor.tabs.tabText(number) for number in range(editor.tabs.count())]
    return [match.lower() for text in texts for match in re.findall(r"&(\w)", text)]


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_each_alt_key_reaches_one_field(qtbot, data_dir: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    letters = alt_letters(open_editor(qtbot, data_dir, language))
    assert len(letters) >= 20  # every field, the step list, Try it, Save as new, the tabs
    assert [letter for letter, times in Counter(letters).items() if times > 1] == []


def test_a_german_editor_reads_german(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, data_dir, "de")
    buttons = {button.text() for button in editor.findChildren(QPushButton)}
    assert "Speichern" in buttons and "Save" not in buttons
    editor.check_now()  # no name, no area yet
    assert re.match(r"✗ \d+ Probleme zu beheben", editor.status.text())
    sides = [editor.step_form.sides.itemText(n) for n in range(editor.step_form.sides.count())]
    assert "Nur links" in sides
    kinds = [editor.step_form.kind.itemText(n) for n in range(editor.step_form.kind.count())]
    assert any(kind.startswith("Sanfter Druck") for kind in kinds)  # its capitals kept
    assert editor.step_form.sides.currentData() == "none"  # the file keeps its own word


def test_a_spanish_step_list_names_its_sides_in_spanish(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, data_dir, "es")
    editor.step_form.sides.setCurrentIndex(editor.step_form.sides.findData("both"))
    assert "ambos lados" in editor.steps.list.item(0).text()


def test_the_step_list_writes_times_as_the_start_screen_does(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """The field takes "1m" and "10-30s"; the list reads "1 min" and "10–30 s" ("1m" is a
    metre in German and Spanish)."""
    editor = open_editor(qtbot, data_dir, "es")
    editor.step_form.duration.setText("1m")
    editor.step_form.changed.emit()
    qtbot.waitUntil(lambda: "1 min" in editor.steps.list.item(0).text())
    editor.step_form.duration.setText("10-30s")
    editor.step_form.changed.emit()
    qtbot.waitUntil(lambda: "10–30 s" in editor.steps.list.item(0).text())


def test_a_copy_made_in_german_is_a_copy_in_every_language(data_dir: Path) -> None:
    i18n.use_language("de")
    data = paths.DataPaths(data_dir)
    bundled = find_routine(str(paths.bundled_routines_dir() / "calf-cramp.yaml"), None,  # type: ignore[arg-type]
                           paths.illustrations_dir())
    draft, source = open_for_editing(bundled, True, data)
    assert draft.name == "Wadenkrampf lösen (meine Kopie)"
    saved = save_draft(draft, source, data)
    names = {language: load_routine_file(saved, "user", paths.illustrations_dir(),
                                               language=language).name
             for language in ("en", "de", "es")}
    assert names == {"en": "Calf cramp relief (my copy)", "de": "Wadenkrampf lösen (meine Kopie)",
                     "es": "Alivio del calambre de pantorrilla (mi copia)"}


@pytest.mark.parametrize(("language", "routine", "file"), [
    ("de", "feet.yaml", "fusskrampf-loesen-meine-kopie.yaml"),
    ("de", "heat-session.yaml", "waerme-fuer-den-unteren-ruecken-meine-kopie.yaml"),
    ("es", "breathing-relaxation.yaml", "respiracion-y-relajacion-mi-copia.yaml"),
    ("es", "thighs.yaml", "soltar-el-muslo-cuadriceps-mi-copia.yaml"),
])
def test_a_copy_is_saved_under_a_file_name_that_reads_as_its_name(
        data_dir: Path, language: str, routine: str, file: str) -> None:
    """Umlauts and ß spelled out as German writes them without the marks, Spanish accents
    and ñ as the plain letter: the person finds "Fußkrampf lösen" as fusskrampf-loesen."""
    i18n.use_language(language)
    data = paths.DataPaths(data_dir)
    bundled = find_routine(str(paths.bundled_routines_dir() / routine), None,  # type: ignore[arg-type]
                           paths.illustrations_dir())
    draft, source = open_for_editing(bundled, True, data)
    assert save_draft(draft, source, data) == data.user_routines / file


@pytest.mark.parametrize(("name", "file_name"), [
    ("Übung für große Füße", "uebung-fuer-grosse-fuesse"),
    ("NACKENSTÄRKUNG", "nackenstaerkung"),
    ("Masaje con ungüento: talón y muñeca", "masaje-con-unguento-talon-y-muneca"),
    ("¿Qué hago si duele el cóccix?", "que-hago-si-duele-el-coccix"),
    ("Lo\u0308sen, as some keyboards type it", "loesen-as-some-keyboards-type-it"),
])
def test_a_new_routines_file_name_spells_out_german_and_spanish_letters(
        name: str, file_name: str) -> None:
    assert slug(name) == file_name


@pytest.mark.parametrize(("name", "file_name"), [
    ("Con", "con-routine"),  # Spanish "with": a routine could well be named so
    ("NUL", "nul-routine"),
    ("Aux!", "aux-routine"),
    ("prn", "prn-routine"),
    ("COM1", "com1-routine"),
    ("lpt9", "lpt9-routine"),
    ("Con calor", "con-calor"),  # only the bare names are Windows' own
    ("com10", "com10"),
    ("console", "console"),
])
def test_a_new_routines_file_name_is_never_one_windows_keeps_for_devices(
        name: str, file_name: str) -> None:
    # "con.yaml" cannot be saved on Windows: the routine would be lost with an odd error.
    assert slug(name) == file_name


def test_a_copy_of_a_routine_named_once_is_named_in_the_language_shown(data_dir: Path,
                                                                       tmp_path: Path) -> None:
    i18n.use_language("es")
    own = tmp_path / "elsewhere.yaml"
    own.write_text("name: Nacht\narea: calf\nsteps:\n"
                   "  - {kind: breathe, title: Atmen, instructions: Langsam., duration: 5s}\n")
    draft, source = open_for_editing(find_routine(str(own), None), True,  # type: ignore[arg-type]
                                     paths.DataPaths(data_dir))
    assert draft.name == "Nacht (mi copia)"
    assert source.text is not None and "name: Nacht (mi copia)\n" in source.text
