"""The shortcuts that make a big library load fast give what the plain way gives: the same
values, the same pictures, the same problems on the same lines."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import REPO
from shared_files import corpus_files

from spasm_timer import paths
from spasm_timer.core.library import load_library
from spasm_timer.core.loader import RoutineFileError, load_routine_file
from spasm_timer.core.yaml_reading import Loader

# PyYAML's own safe loader, with the same parser as the app's.
PLAIN_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A plain value starting with each character some tag's pattern looks at, and ones that look
# like a number, a boolean or nothing but are text.
TRICKY_VALUES = [
    "", "~", "null", "Null", "NULL", "nul", "true", "True", "yes", "Yes", "on", "On", "off",
    "no", "n", "y", "Y", "false", "f", "t", "tr", "o", "0", "12", "-3", "+4", "1_000", "0x1f",
    "0o17", "0b101", "1:30", "1.5", ".5", "-.inf", ".NaN", ".nan", "1e3", "2001-12-14",
    "2001-12-14t21:59:43.10-05:00", "<<", "=", "45s", "10-30s", "1m30s", "stretch", "Körper",
    "über", "ñ", "-", "-x", "+x", ".x", "0x", "yes please", "not null", "true story", "~x",
]


def _nodes(root: yaml.Node | None) -> list[tuple[str, str, int, int, object]]:
    """Every node's kind, tag, line, column and (for a value) text, in a fixed order."""
    found, stack, seen = [], [root], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        found.append((type(node).__name__, node.tag, node.start_mark.line,
                      node.start_mark.column, value))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
    return found


def _composed(text: str, loader: type) -> object:
    try:
        return _nodes(yaml.compose(text, Loader=loader))
    except yaml.YAMLError as error:
        return type(error).__name__, str(error)


@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_each_value_gets_the_type_pyyaml_itself_gives(value: str) -> None:
    assert Loader is not PLAIN_LOADER  # else this tests nothing
    # "true" must stay a yes/no and "12" a number, or a routine would read them as text.
    for written in (value, f"'{value}'", f'"{value}"'):
        text = f"key: {written}\nlist: [{written}]\n{written or 'x'}: 1\n"
        assert _composed(text, Loader) == _composed(text, PLAIN_LOADER), written


@pytest.mark.parametrize("files", [lambda: sorted(paths.bundled_routines_dir().glob("*.yaml")),
                                   corpus_files], ids=["bundled", "corpus"])
def test_every_bundled_routine_and_corpus_file_reads_as_pyyaml_reads_it(files) -> None:  # type: ignore[no-untyped-def]
    for path in files():
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert _composed(text, Loader) == _composed(text, PLAIN_LOADER), path


STEP = "  - {{kind: rest, title: r{number}, duration: 5, image: {image}}}\n"


def _routine(*images: str) -> str:
    steps = "".join(STEP.format(number=n, image=image) for n, image in enumerate(images))
    return "name: Mine\narea: calf\nsteps:\n" + steps


def _outcome(path: Path) -> object:
    try:
        routine = load_routine_file(path, "user", paths.illustrations_dir())
    except RoutineFileError as error:
        return [str(problem) for problem in error.problems]
    return routine


def test_a_library_finds_each_picture_as_loading_its_file_alone_does(tmp_path: Path) -> None:
    # The library remembers where each picture is for the length of one load; what each
    # routine gets (or what is wrong with it, on which line) must not change with that.
    user = tmp_path / "routines"
    user.mkdir()
    (user / "mine.svg").write_text("<svg/>")
    (tmp_path / "secret.svg").write_text("<svg/>")
    (user / "sneaky.svg").symlink_to(tmp_path / "secret.svg")
    texts = {
        "a-beside.yaml": _routine("mine.svg", "mine.svg", "calf.svg"),
        "b-assets.yaml": _routine("calf.svg", "calf.svg"),
        "c-missing.yaml": _routine("calf.svg", "gone.svg", "gone.svg"),
        "d-outside.yaml": _routine("mine.svg", "sneaky.svg"),
        "e-beside-again.yaml": _routine("mine.svg"),
    }
    for name, text in texts.items():
        (user / name).write_text(text)
    library = load_library(paths.bundled_routines_dir(), user, paths.illustrations_dir())
    skipped = {error.path.name: [str(p) for p in error.problems] for error in library.skipped}
    for name in texts:
        alone = _outcome(user / name)
        if isinstance(alone, list):
            assert skipped[name] == alone
        else:
            assert library.routines[Path(name).stem] == alone
    assert set(skipped) == {"c-missing.yaml", "d-outside.yaml"}
    assert [problem.line for problem in library.skipped[0].problems] == [5, 6]  # the steps naming gone.svg


def test_a_picture_added_after_a_load_is_found_by_the_next_load(tmp_path: Path) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    (user / "mine.yaml").write_text(_routine("new.svg"))
    first = load_library(paths.bundled_routines_dir(), user, paths.illustrations_dir())
    assert "mine" not in first.routines
    (user / "new.svg").write_text("<svg/>")
    second = load_library(paths.bundled_routines_dir(), user, paths.illustrations_dir())
    assert second.routines["mine"].steps[0].image == (user / "new.svg").resolve()


@pytest.mark.parametrize("name", ["\u3164\u3164", "\u2800", "\u3164 \u115f"])
def test_a_name_of_blank_letters_only_is_refused(write_routine, name: str) -> None:  # type: ignore[no-untyped-def]
    # Printable, yet nothing shows: the list would hold an empty row.
    path = write_routine(f'name: "{name}"\narea: calf\nsteps:\n  - {{kind: rest, title: r, '
                         'duration: 5}\n')
    with pytest.raises(RoutineFileError) as caught:
        load_routine_file(path)
    assert any("no visible characters" in str(p) and p.line == 1 for p in caught.value.problems)


def test_names_in_other_scripts_load(write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine("name: {en: Calf, de: Wadenkrampf lösen, es: Relajación}\n"
                         "area: Körper\nsteps:\n  - {kind: rest, title: Ruhe ñ, duration: 5}\n")
    routine = load_routine_file(path, language="de")
    assert (routine.name, routine.area) == ("Wadenkrampf lösen", "Körper")


def _my_routines(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for number in range(count):
        (folder / f"mine-{number}.yaml").write_text(_routine("calf.svg").replace(
            "Mine", f"Mine {number}"))
    return folder


def test_the_cache_written_after_the_list_is_handed_over_makes_the_next_load_warm(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spasm_timer.core import library as library_module

    user = _my_routines(tmp_path / "routines", 5)
    cache = tmp_path / "cache.json"
    saves: list = []
    first = load_library(paths.bundled_routines_dir(), user, paths.illustrations_dir(), cache,
                         save_later=saves.append)
    assert sum(r.origin == "user" for r in first.routines.values()) == 5
    assert not cache.exists() and len(saves) == 1  # the list came before the writing
    saves[0]()
    parsed: list[Path] = []
    real_parse = library_module._parse
    monkeypatch.setattr(library_module, "_parse", lambda path, *rest: (
        parsed.append(path), real_parse(path, *rest))[1])
    second = load_library(paths.bundled_routines_dir(), user, paths.illustrations_dir(), cache)
    assert parsed == [] and second.routines == first.routines


def test_a_cache_that_cannot_be_read_is_reported_even_when_the_writing_waits(
        tmp_path: Path) -> None:
    user = _my_routines(tmp_path / "routines", 2)
    cache = tmp_path / "cache.json"
    cache.write_text("{not json")
    saves: list = []
    library = load_library(paths.bundled_routines_dir(), user, paths.illustrations_dir(), cache,
                           save_later=saves.append)
    assert saves == []  # written at once, so that the person is told it was moved aside
    assert len(library.notes) == 1 and "moved" in library.notes[0]


def test_quitting_as_soon_as_the_list_is_full_still_leaves_the_cache(data_dir: Path) -> None:
    # The cache is written after the list is complete: quitting at that moment must wait for
    # it, or the next start parses every file again.
    import os
    import subprocess
    import sys

    _my_routines(data_dir / "routines", 30)
    # A slow disk: the writing takes a second.
    code = ("import sys, time; sys.path.insert(0, 'bench'); sys.argv[1:] = [sys.argv[1]]; "
            "from spasm_timer.core.routine_cache import RoutineCache; real = RoutineCache.save; "
            "RoutineCache.save = lambda cache: (time.sleep(1), real(cache))[1]; "
            "import library_probe; sys.exit(library_probe.main())")
    result = subprocess.run([sys.executable, "-c", code, str(data_dir)], cwd=REPO,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, text=True,
                            capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert '"routines": ' in result.stdout
    cached = (data_dir / "routine-cache.json").read_text()
    assert cached.count('"id":"mine-') == 30
