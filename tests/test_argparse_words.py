"""Every argparse message the command line translates (spasm_timer/argparse_words.py) is one
the running Python's argparse still prints, word for word: a newer Python that rewords one
fails here, rather than leaving that message English on a German or Spanish command line."""

from __future__ import annotations

import argparse
import ast
import inspect
import sys
from types import ModuleType

from spasm_timer import argparse_words


def messages_in(module: ModuleType, functions: set[str]) -> set[str]:
    """The texts a module's source passes, written out, to any of `functions` (`_`, `N_`,
    `ngettext`): what gettext would look up."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in functions:
            found.update(arg.value for arg in node.args
                         if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return found


def routed_here() -> set[str]:
    """The argparse messages the app's catalog translates, less those this Python is too old
    to print."""
    too_new = {message for message, since in argparse_words.NEWER_ARGPARSE_MESSAGES.items()
               if sys.version_info[:2] < since}
    return messages_in(argparse_words, {"N_", "ngettext"}) - too_new


def test_every_translated_argparse_message_is_one_argparse_prints() -> None:
    printed = messages_in(argparse, {"_", "ngettext"})
    assert len(printed) > 20  # the reading found argparse's messages at all
    assert sorted(routed_here() - printed) == []


def test_the_check_sees_a_reworded_message() -> None:
    """The check itself can fail: a message argparse never prints is not among them."""
    printed = messages_in(argparse, {"_", "ngettext"})
    assert "usage: " in routed_here() and "usage: " in printed
    assert "expected %s arguments" in routed_here()  # the counted message, both forms
    assert "invalid choice: %(value)r (pick from %(choices)s)" not in printed
