"""argparse's own words ("usage:", "options", "invalid choice: …") in the person's language.

argparse looks each of its words up when it prints it, not when it is imported, through the
names `_` and `ngettext` it took from the standard `gettext` module. Those read gettext's
global catalog, made of compiled .mo files; the app has none (it compiles its .po files in
memory, spasm_timer/i18n.py), so the lookups would always answer in English.
`speak_the_persons_language()` points those two names at `spasm_timer.i18n` instead: argparse
then translates through the command line's own catalog, in the language in use at the moment
it prints, English included (where the catalog gives every word back unchanged).

The `N_()` list below only puts argparse's messages into the catalog (`tools/i18n.py
extract`); its msgids are argparse's own, word for word (Python 3.11, and the two that 3.14
adds). Messages a person never sees (a mistake in how a parser is built, a deprecated option)
are left out. A newer Python that rewords one would print that one in English: the test
tests/test_argparse_words.py fails on that Python, so the list is brought up to date.
"""

from __future__ import annotations

import argparse

from spasm_timer import i18n
from spasm_timer.i18n import N_, ngettext

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)

# Added by newer Pythons, each with the first version that prints it: a section's heading,
# and a choice with a suggestion.
NEWER_ARGPARSE_MESSAGES = {
    N_("%(heading)s:"): (3, 14),
    N_("invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)"):
        (3, 14),
}


def _counted_messages() -> None:
    """Never called: marks argparse's one counted message for the catalog, as N_() cannot."""
    ngettext("expected %s argument", "expected %s arguments", 1)


def speak_the_persons_language() -> None:
    """From now on argparse's own words come from the app's catalog (see the module's note)."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
