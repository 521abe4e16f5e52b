"""A routine's texts in several languages: each text one string, or one per language.

    name: Calf cramp relief                                  # the same in every language
    name: {en: Calf cramp relief, de: Wadenkrampf lösen}     # one per language

Every text a person reads or hears may be written either way: the name, area, description,
each safety note, and each step's title and instructions. The language in use picks its own
entry; a language the mapping lacks gets the fallback: the English entry when there is one,
else the first one written. So one file serves every language, and a translation is added
beside the text it translates, where it cannot drift out of step.

Each entry is checked like a text written alone (length, characters, not empty), and the
keys must be language codes as the desktop names them ("de", never "DE", "de_DE" or "ger"),
so a translation is never silently out of reach. Plain Python and PyYAML's nodes, no Qt.
"""

from __future__ import annotations

import locale
from collections.abc import Callable, Collection, Mapping
from typing import NamedTuple

import yaml

from spasm_timer.core.text_safety import unsafe_text_problem
from spasm_timer.core.yaml_reading import STR_TAG, Collector, short
from spasm_timer.i18n import SHIPPED_LANGUAGES, _

FALLBACK_LANGUAGE = "en"

# Two-letter codes glibc has locales for, less its old or wrong aliases (jp for ja, cz for
# cs): languages a desktop can be set to, so a translation into one of them can be shown once
# the app speaks it.
_NOT_LANGUAGES = frozenset({"cz", "jp", "sp", "pd", "pp", "in", "iw", "sh", "c"})
LANGUAGE_CODES = frozenset(
    code for code in (name.split("_")[0].split(".")[0].split("@")[0]
                      for name in locale.locale_alias)
    if len(code) == 2 and code.isalpha() and code.islower() and code not in _NOT_LANGUAGES
) | frozenset(SHIPPED_LANGUAGES)

# What people write for the shipped languages instead of their codes.
_WRITTEN_FOR = {"eng": "en", "english": "en", "ger": "de", "deu": "de", "german": "de",
                "deutsch": "de", "spa": "es", "esp": "es", "spanish": "es", "español": "es",
                "espanol": "es", "castellano": "es"}

# (node, field, its language code) → the checked text, or "" if bad
CheckText = Callable[[yaml.Node, str, str], str]


class ChosenText(NamedTuple):
    """A text in the language in use (`shown`) and in the fallback (`fallback`). A named
    tuple: a file has dozens, and a frozen dataclass takes three times as long to make."""

    shown: str
    fallback: str
    languages: tuple[str, ...] = ()  # the codes it is written in; empty for a plain text


def language_hint(code: str) -> str | None:
    """The code someone meant by `code` ("DE", "de_DE", "german" → "de"), if it is plain."""
    lowered = code.strip().lower()
    if lowered in _WRITTEN_FOR:
        return _WRITTEN_FOR[lowered]
    base = lowered.replace("-", "_").split("_")[0].split(".")[0]
    if base != code and base in LANGUAGE_CODES:
        return base
    return None


def shown_language(languages: Collection[str], language: str) -> str:
    """Which of a text's `languages` (in file order, such as a mapping's keys) is shown when
    `language` is in use."""
    if language in languages:
        return language
    return FALLBACK_LANGUAGE if FALLBACK_LANGUAGE in languages else next(iter(languages))


def choose(texts: Mapping[str, str], language: str) -> tuple[str, str]:
    """(the text for `language`, the fallback) of a mapping read in file order: the fallback
    is the text shown when the fallback language is in use."""
    return texts[shown_language(texts, language)], texts[shown_language(texts, FALLBACK_LANGUAGE)]


_SCALAR = yaml.ScalarNode


def text_name(field: str, language: str | None) -> str:
    """How a message names a text: `'title'`, or `'title' (de)` for one entry of several.
    Made only when a message is said: a file has hundreds of texts and most have none."""
    return f"'{field}'" if language is None else f"'{field}' ({language})"


def text_problem(text: str, field: str, language: str | None, limit: int, one_line: bool
                 ) -> str | None:
    """What is wrong with a text (stripped; "" for none written) of `field`, written alone or
    as the entry for `language`, as a message naming it; None when it is good. The one place
    that says which texts the loader takes: a text written alone and one of a text written per
    language (`plainly_good_texts`) are both checked here. Its first line answers the usual
    text, short printable ASCII, without a call or a message made."""
    if text and len(text) <= limit and text.isascii() and text.isprintable():
        return None  # what the checks below say of it, at a glance
    if not text:
        return _("{what} is empty").format(what=text_name(field, language))
    if len(text) > limit:
        return _("{what} is too long ({count} characters; at most {limit})").format(
            what=text_name(field, language), count=len(text), limit=limit)
    problem = unsafe_text_problem(text, one_line)
    return f"{text_name(field, language)} {problem}" if problem else None


def plainly_good_texts(pairs: list[tuple[yaml.Node, yaml.Node]], field: str, limit: int,
                       one_line: bool) -> dict[str, str] | None:
    """The texts by language of a mapping's pairs when every one is plainly good: a language
    code written once, and a plain text that `text_problem` takes. These are exactly the texts
    `read_translations` and the loader's check accept as they are; None as soon as any entry
    is anything else, for the full look, which says what is wrong and where. A routine file
    has dozens of these, and most are plainly good."""
    texts: dict[str, str] = {}
    for key_node, value_node in pairs:
        if type(key_node) is not _SCALAR or type(value_node) is not _SCALAR \
                or value_node.tag != STR_TAG:
            return None
        code = key_node.value
        text = value_node.value.strip()
        if code not in LANGUAGE_CODES or code in texts or \
                text_problem(text, field, code, limit, one_line) is not None:
            return None
        texts[code] = text
    return texts or None


def read_translations(node: yaml.MappingNode, field: str, language: str, out: Collector,
                      check: CheckText, plainly_good: dict[str, str] | None = None
                      ) -> ChosenText:
    """The texts of a mapping such as `{en: ..., de: ...}`, each checked by `check`; problems
    go to `out` with the line of the entry at fault. An empty ChosenText when any is bad.
    `plainly_good`, when given, is what `plainly_good_texts` found the entries to be, so
    none needs a check of its own."""
    if plainly_good is not None:
        shown, fallback = choose(plainly_good, language)
        return ChosenText(shown, fallback, tuple(plainly_good))
    texts: dict[str, str] = {}
    bad = False
    for key_node, value_node in node.value:
        code = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(code, str) or code not in LANGUAGE_CODES:
            out.add(_unknown_language(field, code), key_node)
            bad = True
            continue
        if code in texts:
            out.add(_("'{field}' has two texts in '{language}'").format(
                field=field, language=code), key_node)
            bad = True
            continue
        if not isinstance(value_node, yaml.ScalarNode):
            out.add(_("'{field}' in '{language}' must be one text, not a list or a mapping")
                    .format(field=field, language=code), value_node)
            bad = True
            continue
        text = check(value_node, field, code)
        bad = bad or not text
        texts[code] = text
    if not node.value:
        out.add(_("'{field}' has no text: write it as text, or as texts by language such as "
                  "{{en: ..., de: ...}}").format(field=field), node)
        return ChosenText("", "")
    if bad:
        return ChosenText("", "")
    shown, fallback = choose(texts, language)
    return ChosenText(shown, fallback, tuple(texts))


def _unknown_language(field: str, code: str | None) -> str:
    if code is None:
        return _("'{field}' has a key that is not a language code such as en, de or es").format(
            field=field)
    if " " in code.strip():  # `{de: Hör auf, wenn es weh tut}`: YAML split the text
        return _("'{field}' has an unknown language '{code}': inside {{ }} a comma ends a "
                 "text, so put a text with a comma in quotes").format(field=field, code=short(code))
    hint = language_hint(code)
    if hint:
        return _("'{field}' has an unknown language '{code}' (did you mean '{hint}'?)").format(
            field=field, code=short(code), hint=hint)
    return _("'{field}' has an unknown language '{code}' (a two-letter code such as en, de "
             "or es)").format(field=field, code=short(code))
