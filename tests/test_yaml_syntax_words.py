"""A YAML syntax error in a routine file is said in the person's language, at its line and
column, with what to do: libyaml's English is kept only for the rare kinds nothing better
is known for."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasm_timer import i18n
from spasm_timer.core.problems import Problem
from spasm_timer.core.yaml_reading import Collector, compose


def problems_of(text: str) -> list[Problem]:
    out = Collector(Path("mine.yaml"))
    assert compose(text, out) is None
    return out.problems


def test_a_tab_used_to_indent_is_said_in_german_with_what_to_do() -> None:
    i18n.use_language("de")
    (problem,) = problems_of("name: Wade\nsteps:\n\t- kind: stretch\n")
    assert (problem.line, problem.column) == (3, 1)
    assert "Tab" in problem.message and "Leerzeichen" in problem.message
    assert "token" not in problem.message  # libyaml's words


def test_an_unclosed_quote_is_shown_where_it_opens_in_spanish() -> None:
    i18n.use_language("es")
    (problem,) = problems_of('name: "Pantorrilla\narea: calf\nsteps: []\n')
    assert (problem.line, problem.column) == (1, 7)  # not the file's end
    assert "comillas" in problem.message and "stream" not in problem.message


@pytest.mark.parametrize(("text", "said"), [
    ("name: Wade: links\n", "':'"),  # a colon in a text without quotes
    ("name: x\narea calf\nsteps: []\n", "':'"),
    ("steps: [a, b\narea: x\n", "[ ]"),
    ("name: x\n- a\n", "Einrückung"),
    ("steps:\n  - title: a\n   kind: b\n", "Einrückung"),
    ("name: *base\n", "Anker"),
])
def test_the_common_mistakes_are_said_in_the_persons_language(text: str, said: str) -> None:
    i18n.use_language("de")
    (problem,) = problems_of(text)
    assert problem.message.startswith("YAML-Syntax: ")
    assert said in problem.message
    assert problem.line is not None and problem.column is not None


def test_a_character_yaml_refuses_is_placed_by_line_and_column() -> None:
    """libyaml counts where it is in bytes: letters such as ä must not shift it."""
    i18n.use_language("de")
    (problem,) = problems_of("name: Wade\narea: Rücken\x07\n")
    assert (problem.line, problem.column) == (2, 13)
    assert "U+0007" in problem.message and "control" not in problem.message


def test_a_rare_mistake_keeps_the_readers_own_words_as_nothing_better_is_known() -> None:
    i18n.use_language("de")
    (problem,) = problems_of("name: !x!y Wade\n")
    assert problem.message.startswith("YAML-Syntax: ")
    assert len(problem.message) > len("YAML-Syntax: ")  # the reader's words follow
    assert (problem.line, problem.column) == (1, 7)  # where the tag begins


@pytest.mark.parametrize("language", ["de", "es"])
def test_an_error_the_reader_says_nothing_about_is_named_once(language: str) -> None:
    """With no words of the reader's to quote, the message is not its own prefix twice
    ("YAML-Syntax: YAML-Syntaxfehler")."""
    import yaml

    from spasm_timer.core.yaml_syntax import syntax_problem

    i18n.use_language(language)
    for error in (yaml.MarkedYAMLError(), yaml.YAMLError()):
        message, _where = syntax_problem(error, "name: Wade\n")
        assert message.casefold().count("yaml") == 1, message
