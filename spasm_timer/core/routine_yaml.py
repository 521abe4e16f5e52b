"""Saving an edited routine into the text it came from, changing only what the person changed.

A hand-written routine has the author's comments, blank lines, quoting and order; PyYAML
would lose them all on the first save. ruamel.yaml's round-trip mode keeps them: the file is
read into a tree that remembers its comments and layout, only the changed fields are set in it,
and it is written back. A field the person did not touch keeps its exact text.

A text written once per language (core/routine_texts.py) is edited in the language shown:
a change sets that language's entry and leaves the other languages' as they were.

Plain Python, no Qt; the editor only ever calls this for text the loader has accepted.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from spasm_timer.core.routine_draft import (
    ROUTINE_FIELDS,
    STEP_FIELDS,
    RoutineDraft,
    StepDraft,
    draft_from_data,
    emit,
    routine_items,
    step_items,
)
from spasm_timer.core.routine_texts import shown_language
from spasm_timer.i18n import _, current_language


class UnreadableRoutineText(ValueError):
    """Text the round-trip reader cannot take: the editor then never writes over it."""


def _yaml(text: str = "") -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096  # never fold a line the person wrote long
    mapping, sequence, offset = _indents(text)
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    return handler


def _indents(text: str) -> tuple[int, int, int]:
    """The indentation a file uses for lists (`steps:` then `  - kind:` is offset 2)."""
    match = re.search(r"^(?P<key>[ ]*)[A-Za-z_]+:[ ]*\n(?P<dash>[ ]*)- ", text, re.MULTILINE)
    if match is None:
        return 2, 4, 2
    offset = max(0, len(match.group("dash")) - len(match.group("key")))
    return 2, offset + 2, offset


def read_for_editing(text: str, language: str | None = None) -> tuple[RoutineDraft, Any]:
    """The draft to edit, its texts in `language` (by default the language in use), and the
    tree it came from; raises UnreadableRoutineText."""
    try:
        tree = _yaml(text).load(text)
    except (YAMLError, ValueError, RecursionError) as error:
        raise UnreadableRoutineText(str(error).splitlines()[0] if str(error) else "") from error
    if not isinstance(tree, CommentedMap) or not isinstance(tree.get("steps"), CommentedSeq):
        raise UnreadableRoutineText(_("not a routine with a list of steps"))
    return draft_from_data(tree, language), tree


def save_text(draft: RoutineDraft, original_text: str | None,
              images: dict[int, str] | None = None, language: str | None = None) -> str:
    """The YAML to save: fresh text for a new routine; otherwise the original text with only
    the changed fields changed. `images` overrides a step's picture (a file copied in); the
    draft's texts are those of `language` (by default the language in use)."""
    if original_text is None:
        return emit(draft, images)[0]
    language = language or current_language()
    before, tree = read_for_editing(original_text, language)
    _update_mapping(tree, routine_items(draft), routine_items(before), ROUTINE_FIELDS, language)
    _update_steps(tree["steps"], draft, before, images or {}, language)
    out = io.StringIO()
    _yaml(original_text).dump(tree, out)
    return out.getvalue()


def with_names(text: str, rename: Callable[[str, str | None], str]) -> str:
    """The text with its name changed in every language it is written in, and nothing else:
    `rename(name, language)` gives each new name (`language` is None for a name written
    once). A copy of a routine is named a copy in each of its languages, not only in the one
    on screen. Raises UnreadableRoutineText."""
    _draft, tree = read_for_editing(text)
    names = tree.get("name")
    if isinstance(names, CommentedMap):
        for language in list(names):
            names[language] = rename(str(names[language]), str(language))
    elif names is not None:
        tree["name"] = rename(str(names), None)
    out = io.StringIO()
    _yaml(text).dump(tree, out)
    return out.getvalue()


def _update_mapping(node: CommentedMap, wanted: list[tuple[str, object]],
                    was: list[tuple[str, object]], order: tuple[str, ...], language: str) -> None:
    """Sets what changed, adds what is new (in its usual place), removes what was cleared."""
    wanted_map, was_map = dict(wanted), dict(was)
    for key in order:
        if key not in wanted_map:
            if key in was_map and key in node:
                del node[key]
            continue
        value = wanted_map[key]
        if key in was_map and was_map[key] == value and key in node:
            continue  # untouched: its text, quotes and comments stay as they were
        node_value = _node_value(value)
        if key in node and isinstance(value, str) and isinstance(node[key], CommentedMap):
            _set_shown_text(node[key], value, language)
        elif key in node and isinstance(value, list) and isinstance(node[key], CommentedSeq):
            _update_notes(node[key], value, language)
        elif key in node and isinstance(value, list) and isinstance(node[key], CommentedMap):
            # `safety: {en: ..., de: ...}`, one note written without a list
            node[key] = CommentedSeq([node[key]])
            _update_notes(node[key], value, language)
        elif key in node:
            node[key] = node_value
        else:
            node.insert(_position(node, key, order), key, node_value)


def _set_shown_text(texts: CommentedMap, text: str, language: str) -> None:
    """Sets the text of the language shown; the other languages' texts stay."""
    texts[shown_language(texts, language)] = text


def _update_notes(notes: CommentedSeq, wanted: list[str], language: str) -> None:
    """Safety notes as edited: a note kept as it was keeps its node (its translations and
    comments), wherever it moved; an edited note keeps the translations of the note that was
    in its place; a new one is plain text."""
    originals = list(notes)
    shown = [_shown(note, language) for note in originals]
    used: set[int] = set()
    chosen: list[int | None] = []
    for text in wanted:
        same = next((i for i, was in enumerate(shown) if was == text and i not in used), None)
        if same is not None:
            used.add(same)
        chosen.append(same)
    items: list[object] = []
    for index, (text, same) in enumerate(zip(wanted, chosen, strict=True)):
        if same is not None:
            items.append(originals[same])
        elif index < len(originals) and index not in used and index not in chosen \
                and isinstance(originals[index], CommentedMap):
            used.add(index)
            _set_shown_text(originals[index], text, language)
            items.append(originals[index])
        else:
            items.append(text)
    if len(items) != len(originals) or any(a is not b for a, b in zip(items, originals,
                                                                      strict=False)):
        notes[:] = items


def _shown(note: object, language: str) -> str:
    if isinstance(note, CommentedMap):
        return str(note[shown_language(note, language)]) if note else ""
    return str(note).strip()


def _node_value(value: object) -> object:
    if isinstance(value, dict):
        mapping = CommentedMap(value)
        mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        return CommentedSeq(value)
    return value


def _position(node: CommentedMap, key: str, order: tuple[str, ...]) -> int:
    """After the last key that comes before `key` in the usual order."""
    earlier = set(order[: order.index(key)])
    keys = list(node.keys())
    last = max((index for index, existing in enumerate(keys) if existing in earlier), default=-1)
    return last + 1


def _update_steps(sequence: CommentedSeq, draft: RoutineDraft, before: RoutineDraft,
                  images: dict[int, str], language: str) -> None:
    originals = list(sequence)
    items = []
    for index, step in enumerate(draft.steps):
        wanted = step_items(step, images.get(index))
        if step.source is not None and step.source < len(originals):
            node = originals[step.source]
            _update_mapping(node, wanted, step_items(before.steps[step.source]), STEP_FIELDS,
                            language)
        else:
            node = CommentedMap()
            for key, value in wanted:
                node[key] = _node_value(value)
        items.append(node)
    if items != originals or len(items) != len(originals) or any(
            a is not b for a, b in zip(items, originals, strict=False)):
        sequence[:] = items


def step_sources(draft: RoutineDraft) -> list[int | None]:
    return [step.source for step in draft.steps]


__all__ = ["StepDraft", "UnreadableRoutineText", "read_for_editing", "save_text", "with_names"]
