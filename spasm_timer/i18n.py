"""Translations for the window and the command line alike: gettext catalogs, no Qt.

Mark every string a person reads with `_()` where it is shown, `ngettext()` where it counts
something, and `N_()` where it is defined before the language is known (a module-level
table); the `N_()` string is then passed through `_()` where it is shown. Placeholders are
named (`_("{minutes} min left").format(minutes=m)`) so a translation may move them.

The catalogs are the `.po` files under `spasm_timer/locale/<language>/`, one per part of the
app so that work on one part does not touch the others; a language's files make one catalog.
The app reads only the language in use and compiles it in memory (a few milliseconds), so
there is no compiled file to go stale. docs/translating.md says how to add a language.

English is the source and the fallback: a string with no translation is shown in English.
"""

from __future__ import annotations

import gettext
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from spasm_timer.po_catalog import CatalogProblem, compile_catalog, read_po_files

LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# The languages the app ships, each named in its own language (how Settings lists them).
SHIPPED_LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "es": "Español"}
DEFAULT_LANGUAGE = "en"

# The desktop's language, in the order gettext itself reads these variables.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE
# words_in()'s (translations, language) for the thread inside its block, if any.
_this_thread = threading.local()


def _in_use() -> tuple[gettext.NullTranslations, str]:
    words: tuple[gettext.NullTranslations, str] | None = getattr(_this_thread, "words", None)
    return words if words is not None else (_translations, _language)


def _(message: str) -> str:
    """The message in the language in use."""
    return _in_use()[0].gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for `count`, by the language's own plural rules."""
    return _in_use()[0].ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """The message in the language in use, where the same English has different meanings."""
    return _in_use()[0].pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for the catalogs without translating it yet: see the module's note."""
    return message


def current_language() -> str:
    """The code of the language in use: "en", "de" or "es"."""
    return _in_use()[1]


def desktop_language(environ: Mapping[str, str] = os.environ) -> str:
    """The shipped language the desktop asks for, or English.

    LANGUAGE may list several languages ("de_AT:de:en"); the first shipped one wins. A C or
    POSIX locale means English, as it does for every gettext program."""
    for variable in LANGUAGE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for entry in value.split(":"):
            code = language_code(entry)
            if code in SHIPPED_LANGUAGES:
                return code
        if variable != "LANGUAGE":
            return DEFAULT_LANGUAGE  # the locale names a language the app does not ship
    return DEFAULT_LANGUAGE


def language_code(locale_name: str) -> str:
    """ "de_DE.UTF-8@euro" -> "de"; "C" and "POSIX" -> "en"."""
    base = locale_name.split(".", maxsplit=1)[0].split("@", maxsplit=1)[0].strip()
    if base in ("", "C", "POSIX"):
        return DEFAULT_LANGUAGE
    return base.replace("-", "_").split("_")[0].lower()


def chosen_language(setting: str, environ: Mapping[str, str] = os.environ) -> str:
    """The language of the person's setting, or the desktop's when the setting is empty."""
    return setting if setting in SHIPPED_LANGUAGES else desktop_language(environ)


def use_language(code: str) -> list[CatalogProblem]:
    """Translates from now on into `code`; returns what was wrong with its catalog files.

    A file that cannot be read is left out (its strings stay English) and named in the
    returned problems, with the line; the other files still load."""
    global _translations, _language
    if code not in SHIPPED_LANGUAGES:
        code = DEFAULT_LANGUAGE
    (_translations, problems), _language = translations_for(code), code
    return list(problems)


@cache
def translations_for(code: str) -> tuple[gettext.NullTranslations, tuple[CatalogProblem, ...]]:
    """One language's catalog, read and compiled once however often it is asked for (the
    app's language, the voice's English, Settings naming the chosen language in it), and
    what was wrong with its files. English, and any language not shipped, translate nothing."""
    if code not in SHIPPED_LANGUAGES or code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations(), ()
    catalog, problems = read_po_files(catalog_files(code))
    return compile_catalog(catalog), tuple(problems)


def use_translations(translations: gettext.NullTranslations, code: str) -> None:
    """Translates through `translations` (a pseudo-translation in the layout tests)."""
    global _translations, _language
    _translations, _language = translations, code


@contextmanager
def words_in(code: str) -> Iterator[None]:
    """Translates into `code` inside the block only, and on this thread only: the voice
    speaks English where the speech engine has no voice for the app's language, while the
    library's worker may be naming routines in the app's language at that very moment."""
    if code == current_language():
        yield
        return
    saved = getattr(_this_thread, "words", None)
    if code not in SHIPPED_LANGUAGES:
        code = DEFAULT_LANGUAGE
    _this_thread.words = (translations_for(code)[0], code)
    try:
        yield
    finally:
        _this_thread.words = saved


def catalog_files(code: str, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """The .po files that make up one language's catalog, in a stable order."""
    return sorted((locale_dir / code).glob("*.po"))

