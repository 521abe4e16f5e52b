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
    def routine(id_: str, area: str, name: str) -> Routine:
        return Routine(id=id_, name=name, area=area, steps=(), path=tmp_path / f"{id_}.yaml")

    library = Library(routines={
        "a": routine("a", "Hintere Oberschenkel", "Dehnen"),
        "b": routine("b", "Hände und Unterarme", "Lockern"),
        "c": routine("c", "Hände und Unterarme", "Ausstreichen"),
    })
    assert [r.id for r in library.sorted_routines()] == ["c", "b", "a"]
