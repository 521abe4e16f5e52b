"""The library lists areas and routines as a dictionary would, whatever their language."""

from __future__ import annotations

from pathlib import Path

from spasm_timer.core.library import Library, dictionary_order
from spasm_timer.core.routine import Routine


def test_accented_words_sort_with_their_plain_letters() -> None:
    areas = ["Hintere Oberschenkel", "Hände und Unterarme", "Zehen", "Ärmel", "espalda",
             "Émile"]
    assert sorted(areas, key=dictionary_order) == [
        "Ärmel", "Émile", "espalda", "Hände und Unterarme", "Hintere Oberschenkel", "Zehen"]


def test_the_library_lists_areas_then_names_in_that_order(tmp_path: Path) -> None:
    library = Library(routines={
        "a": _routine(tmp_path, "a", "Hintere Oberschenkel", "Dehnen"),
        "b": _routine(tmp_path, "b", "Hände und Unterarme", "Lockern"),
        "c": _routine(tmp_path, "c", "Hände und Unterarme", "Ausstreichen"),
    })
    assert [r.id for r in library.sorted_routines()] == ["c", "b", "a"]


def _routine(tmp_path: Path, id_: str, area: str, name: str) -> Routine:
    return Routine(id=id_, name=name, area=area, steps=(), path=tmp_path / f"{id_}.yaml")


def _library_view(qtbot, tmp_path: Path, *routines: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    """A library view showing routines given as (id, area, name)."""
    from spasm_timer.ui.library_view import LibraryView

    view = LibraryView()
    qtbot.addWidget(view)
    view.set_library(Library(routines={
        id_: _routine(tmp_path, id_, area, name) for id_, area, name in routines
    }), default_lead_in=5)
    return view


def test_an_area_spelled_with_ss_or_sharp_s_shows_one_header(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Two files of one person, one written "FÜSSE" (no capital ß on the keyboard): their
    # routines sort together, and one header stands above them, not a header before each.
    view = _library_view(qtbot, tmp_path,
                         ("a", "Füße", "Ausstreichen"),
                         ("b", "FÜSSE", "Beugen"),
                         ("c", "Füße", "Dehnen"))
    assert view.area_headers() == ["Füße"]
    assert [r.id for r in view.routines_shown()] == ["a", "b", "c"]


def test_searching_fuesse_with_ss_finds_the_routines_of_the_area_fuesse(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = _library_view(qtbot, tmp_path,
                         ("a", "Füße", "Ausstreichen"),
                         ("b", "Wade", "Dehnen"))
    view.search.setText("FÜSSE")  # typed without a ß
    assert [r.id for r in view.routines_shown()] == ["a"]
    assert view.area_headers() == ["Füße", "Wade"]
    assert not view.list.isRowHidden(0) and view.list.isRowHidden(2)  # Wade's header hides


def test_search_reads_accents_as_the_list_sorts_them(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = _library_view(qtbot, tmp_path,
                         ("talon", "Pie", "Masaje del talón"),
                         ("feet", "Füße", "Ausstreichen"),
                         ("calf", "Wade", "Dehnen"))

    def found(typed: str) -> list[str]:
        view.search.setText(typed)
        return [r.id for r in view.routines_shown()]

    assert found("talon") == ["talon"]  # typed without the accent
    assert found("TALÓN") == ["talon"]
    assert found("masaje talon") == ["talon"]
    assert found("fusse") == ["feet"]  # ü read as u, ß as ss
    assert found("Füsse") == ["feet"]
    assert found("fuße") == ["feet"]
    assert found("fuesse") == []  # the German ue spelling is not the key's rule
    assert len(found("")) == 3  # an empty search shows them all again
