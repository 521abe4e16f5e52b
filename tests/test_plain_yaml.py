"""The quick reader of plain routine YAML gives exactly the tree libyaml gives, or steps aside:
so a file reads the same, good or bad, whichever way it was read."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from shared_files import corpus_files
from test_routine_reading_shortcuts import TRICKY_VALUES

from spasm_timer import paths
from spasm_timer.core import loader, node_reading, plain_yaml, routine_texts
from spasm_timer.core.loader import RoutineFileError, load_routine_file
from spasm_timer.core.plain_yaml import plain_compose
from spasm_timer.core.yaml_reading import MAX_DEPTH, Loader, plain_tag


def _tree(node: yaml.Node | None) -> object:
    """A node tree as plain values: kind, tag, style and value of each node, not its place."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return ("value", node.tag, node.style, node.value)
    if isinstance(node, yaml.SequenceNode):
        return ("list", node.tag, node.flow_style, [_tree(item) for item in node.value])
    return ("mapping", node.tag, node.flow_style,
            [(_tree(key), _tree(value)) for key, value in node.value])


def _libyaml(text: str) -> object:
    try:
        return _tree(yaml.compose(text, Loader=Loader))
    except yaml.YAMLError:
        return "an error"


def _same_or_aside(text: str) -> bool:
    """True when the quick reader gives libyaml's tree; False when it leaves the text alone.
    Fails when it gives another tree, or any tree for a text libyaml refuses."""
    quick = plain_compose(text)
    if quick is None:
        return False
    assert _tree(quick) == _libyaml(text), text
    return True


def _bundled() -> list[Path]:
    return sorted(paths.bundled_routines_dir().glob("*.yaml"))


def test_every_bundled_routine_is_read_the_quick_way_as_libyaml_reads_it() -> None:
    for path in _bundled():
        assert _same_or_aside(path.read_text(encoding="utf-8")), path


def test_every_corpus_file_is_read_as_libyaml_reads_it_or_left_to_it() -> None:
    for path in corpus_files():
        _same_or_aside(path.read_bytes().decode("utf-8", errors="replace"))


@pytest.mark.parametrize("value", [*TRICKY_VALUES, "0x1F", "1_000", "+.inf", ".Inf", "1:30:00",
                                   "2001-12-14 21:59:43.10 -5", "0777", "1e-3", "'", "a'b",
                                   "a #b", "a#b", "C#", "a: b", "a:", "a:b", "[x]", "x [y]",
                                   "{a}", "x, y", "'it''s'", '"say \\"hi\\""', "- x", "| x",
                                   "> x", "&a x", "*a", "!!str 1", "%x", "@x", "`x", "? x",
                                   "\\", "a\\nb", "a\\tb", 'a\\"b', "a\\\\b", "\\u00e9",
                                   "\\u00E9", "\\ud83d\\ude00", "\\udc00", "\\x41", "\\/",
                                   "\\e", "a\\ b", "\\b\\f\\r", "a\\"])
def test_each_value_reads_as_libyaml_reads_it(value: str) -> None:
    for written in (value, f"'{value}'", f'"{value}"'):
        for text in (f"key: {written}\n", f"key: {written}  # note\n", f"- {written}\n",
                     f"steps:\n  - {written}\n", f"m: {{a: {written}, b: 1}}\n",
                     f"{written}: 1\n", f"- k: {written}\n  j: 2\n"):
            _same_or_aside(text)


LAYOUTS = [
    "a: 1\nb:\n  c: 2\n  d: 3\ne: 4\n",
    "a:\n- 1\n- 2\nb: 3\n",
    "a:\n  - 1\n  - 2\nb: 3\n",
    "- a: 1\n  b: 2\n- c: 3\n",
    "-   a: 1\n    b: 2\n",
    "steps:\n- kind: x\n  list:\n  - a\n  title: t\n- kind: y\n",
    "  a: 1\n  b: 2\n",
    "# only a note\n\na: 1   \n\n# end\n",
    "a: 1\n  b: 2\n",           # deeper after a value
    "a:\n    - 1\n  b: 2\n",    # between two indents
    "a:\n  - 1\n  b: 2\n",      # a key beside a list's items
    "- 1\na: 2\n",              # a list beside a mapping
    "a: 1\n- 2\n",
    "a: one\n  two\n",          # a value running on
    "- one\n  two\n",
    "a:\nb: 1\n",               # an empty value
    "a:\n",
    "-\n  a: 1\n",
    "a: 1\na: 2\n",             # twice the same key: libyaml keeps both, the loader says so
    "a: 1\n---\nb: 2\n",
    "--- \na: 1\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\n...\n",
    "a: 'one\n  two'\n",
    'a: "one\\ttwo"\n',
    "a: {b: 1\n",
    "a: {b: 1, }\n",
    "a: {}\n",
    "a: {b: 1} c\n",
    "a: 'b' c\n",
    "a: 'b'# c\n",
    "a:\tb\n",
    "a: b\r\nc: d\r\n",
    "a: b\u2028c: d\n",
    "a: b\x85c: d\n",
    "a: \ufeffb\n",
    "a: b\u00a0\n",
    "\ufeffa: b\n",
    "a : b\n",
    "a:: b\n",
    "<<: {a: 1}\n",
    "no: 1\nyes: 2\nnull: 3\n",
    "name: Körper\ntitle: ñandú\n",
    "a: b # c: d\n",
    "a: 'b: c'\n",
    'a: "b # c"\n',
    "- - a\n",
    "- [a, b]\n",
    "a: - b\n",
    # The longest key libyaml reads is 1024 characters; a longer one is its error to say.
    f"{'k' * 1024}: v\n",
    f"{'k' * 1025}: v\n",
    f"- {'k' * 1025}: v\n",
    f"{'k' * 1025}:\n  b: 1\n",
    f"a: {{b: 1, {'k' * 1025}: v}}\n",
]


@pytest.mark.parametrize("text", LAYOUTS)
def test_each_layout_reads_as_libyaml_reads_it_or_is_left_to_it(text: str) -> None:
    _same_or_aside(text)


def test_common_layouts_are_read_the_quick_way() -> None:
    # Else the quick reader would be correct and useless.
    for text in LAYOUTS[:8]:
        assert plain_compose(text) is not None, text


def test_a_text_the_editor_writes_with_line_breaks_is_read_the_quick_way() -> None:
    # The editor writes such a text as JSON, whose escapes YAML reads alike.
    text = 'instructions: "Breathe in.\\nHold it, \\"gently\\".\\tThen let go \\\\ relax: é"\n'
    assert _same_or_aside(text)
    read = plain_compose(text)
    assert read is not None
    assert read.value[0][1].value == 'Breathe in.\nHold it, "gently".\tThen let go \\ relax: é'


def test_nesting_past_the_limit_is_left_to_libyaml_which_says_so() -> None:
    deep = "".join(" " * (2 * level) + f"k{level}:\n" for level in range(MAX_DEPTH)) + \
        " " * (2 * MAX_DEPTH) + "last: 1\n"
    assert plain_compose(deep) is None
    within = "".join(" " * (2 * level) + f"k{level}:\n" for level in range(MAX_DEPTH - 1)) + \
        " " * (2 * MAX_DEPTH - 2) + "last: 1\n"
    assert _same_or_aside(within)


_NOISE = [" ", "  ", "-", "- ", ":", ": ", "#", " #", "'", '"', "{", "}", "[", ",", "&a ", "*a",
          "!", "|", ">", "%", "@", "\t", "\n", "\n  ", "\n- ", "?", "\\", "~", "0x", "1_0"]


def _mutations(seed: int, count: int) -> list[str]:
    """Bundled routines each broken or bent in one small place, the same ones every run."""
    chance = random.Random(seed)
    texts = [path.read_text(encoding="utf-8") for path in _bundled()]
    mutated = []
    for _ in range(count):
        text = chance.choice(texts)
        at = chance.randrange(len(text))
        how = chance.randrange(3)
        if how == 0:
            text = text[:at] + chance.choice(_NOISE) + text[at:]
        elif how == 1:
            text = text[:at] + text[at + chance.randint(1, 3):]
        else:
            lines = text.split("\n")
            line = chance.randrange(len(lines))
            lines[line] = " " * chance.randint(0, 6) + lines[line].lstrip(" ")
            text = "\n".join(lines)
        mutated.append(text)
    return mutated


def test_routines_bent_at_random_read_as_libyaml_reads_them_or_are_left_to_it() -> None:
    quick = sum(_same_or_aside(text) for text in _mutations(seed=13, count=400))
    assert quick > 100  # most small changes leave plain YAML plain


def _outcome(path: Path, language: str) -> object:
    try:
        return load_routine_file(path, "user", paths.illustrations_dir(), language=language)
    except RoutineFileError as error:
        return [str(problem) for problem in error.problems]


def test_the_loader_gives_the_same_routines_and_problems_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _bundled()
    for number, text in enumerate(_mutations(seed=7, count=150)):
        bent = tmp_path / f"bent-{number}.yaml"
        bent.write_text(text, encoding="utf-8")
        files.append(bent)
    good = _same_either_way(files, monkeypatch)
    assert len(good) >= 3 * len(_bundled())


def test_the_loader_gives_the_same_problems_either_way_for_the_corpus(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _same_either_way(corpus_files(), monkeypatch)


def _same_either_way(files: list[Path], monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Asserts each file loads the same in each language with the quick reading and without;
    returns the routines that loaded."""
    languages = ("en", "de", "es")
    quick = {(path, language): _outcome(path, language) for path in files for language in languages}
    monkeypatch.setattr(loader, "plain_compose", lambda text: None)
    for (path, language), outcome in quick.items():
        assert outcome == _outcome(path, language), (path, language)
    return [outcome for outcome in quick.values() if not isinstance(outcome, list)]


def test_both_readers_tag_plain_values_as_the_safe_loader_does() -> None:
    # One plain_tag for libyaml's nodes and the quick reader's: "12" stays a number, "no" a
    # boolean, "~" nothing and a word text, as PyYAML's own safe loader reads them.
    safe_resolve = yaml.SafeLoader("").resolve
    for value in [*TRICKY_VALUES, "Calf", "0x1F", ".inf", "é", "12" * 30]:
        expected = safe_resolve(yaml.ScalarNode, value, (True, False))
        assert plain_tag(value) == expected, value
        assert plain_tag(value) == expected, value  # remembered, the same
        tree = _libyaml(f"k: {value}\n")
        if value and tree != "an error":  # ("k: -" is a list where a value belongs)
            assert tree[3][0][1][1] == expected, value  # type: ignore[index]
    assert plain_tag("12") != plain_tag("Calf")


def test_without_quick_tags_every_file_is_left_to_libyaml(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Were a tag ever to depend on where its node sits, the quick reader could not know it.
    assert plain_compose(LAYOUTS[0]) is not None
    monkeypatch.setattr(plain_yaml, "QUICK_TAGS", False)
    assert plain_compose(LAYOUTS[0]) is None


# Texts each unfit in its own way, or fit only just: what the quick look at translated texts
# must either accept exactly as the full check does, or leave to it.
_ODD_TEXTS = ["", "''", '""', "~", "null", "12", "yes", "x" * 80, "x" * 81, "x" * 2001, "é" * 81,
              "\"a\\u001bb\"", "\"\\u202eevil\"", "\"\\u200b\"", "\u3164", "\u2800", "a\u0301",
              "\u0301", "\"x\\ty\"", "\"x\\ny\"", "' padded '", "Füße", "[a, b]", "{en: x}"]


def _texts_bent(seed: int, count: int) -> list[str]:
    """Bundled routines with one translated text, or its language code, replaced."""
    chance = random.Random(seed)
    texts = [path.read_text(encoding="utf-8") for path in _bundled()]
    bent = []
    for _ in range(count):
        lines = chance.choice(texts).split("\n")
        entries = [number for number, line in enumerate(lines)
                   if line.lstrip(" ")[:4] in ("en: ", "de: ", "es: ")]
        number = chance.choice(entries)
        indent = lines[number][:len(lines[number]) - len(lines[number].lstrip(" "))]
        code, text = lines[number].lstrip(" ").split(": ", 1)
        if chance.randrange(4) == 0:
            code = chance.choice(["EN", "de_DE", "xx", "no", "en", "de", "es", "1"])
        else:
            text = chance.choice(_ODD_TEXTS)
        lines[number] = f"{indent}{code}: {text}"
        bent.append("\n".join(lines))
    return bent


def test_the_quick_look_at_translated_texts_says_what_the_full_check_says(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _bundled()
    for number, text in enumerate(_texts_bent(seed=16, count=300) +
                                  _mutations(seed=3, count=100)):
        bent = tmp_path / f"bent-{number}.yaml"
        bent.write_text(text, encoding="utf-8")
        files.append(bent)
    languages = ("en", "de", "es")
    quick = {(path, language): _outcome(path, language) for path in files for language in languages}
    monkeypatch.setattr(node_reading, "plainly_good_texts", lambda *args: None)
    for (path, language), outcome in quick.items():
        assert outcome == _outcome(path, language), (path, language)
    refused = sum(isinstance(outcome, list) for outcome in quick.values())
    assert 3 * 100 < refused < len(quick) - 3 * len(_bundled())  # both kinds well tried


def test_translated_texts_of_the_bundled_routines_are_all_plainly_good() -> None:
    # Else the quick look would be right and useless.
    seen = []
    real = routine_texts.plainly_good_texts

    def counted(*args):  # type: ignore[no-untyped-def]
        seen.append(real(*args))
        return seen[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(node_reading, "plainly_good_texts", counted)
        for path in _bundled():
            load_routine_file(path, "bundled", paths.illustrations_dir())
    assert seen and all(texts is not None for texts in seen)


def test_a_rule_added_for_texts_holds_for_translated_texts_too(  # type: ignore[no-untyped-def]
        monkeypatch, tmp_path: Path) -> None:
    # One function says which texts are good; a new rule there (here: no name may end in a
    # full stop) must refuse a text written per language, quick look or not, as it refuses
    # one written alone.
    real = routine_texts.text_problem

    def no_full_stop(text, field, language, limit, one_line):  # type: ignore[no-untyped-def]
        if field == "name" and text.endswith("."):
            return f"'{field}' ends in a full stop"
        return real(text, field, language, limit, one_line)

    monkeypatch.setattr(routine_texts, "text_problem", no_full_stop)
    steps = "area: calf\nsteps:\n  - {kind: stretch, title: Lean, duration: 20s}\n"
    for name in ("X.", "{en: X., de: X.}", "{en: X, de: X.}"):
        path = tmp_path / "mine.yaml"
        path.write_text(f"name: {name}\n{steps}", encoding="utf-8")
        for language in ("en", "de"):
            with pytest.raises(RoutineFileError, match="full stop"):
                load_routine_file(path, "user", paths.illustrations_dir(), language=language)
    path.write_text(f"name: {{en: X, de: Y}}\n{steps}", encoding="utf-8")
    assert load_routine_file(path, "user", paths.illustrations_dir(), language="de").name == "Y"
