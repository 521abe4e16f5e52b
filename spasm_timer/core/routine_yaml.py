"""Saving an edited routine into the text it came from, changing only what the person changed.

A hand-written routine has the author's comments, blank lines, quoting and order; PyYAML
would lose them all on the first save. ruamel.yaml's round-trip mode keeps them: the file is
read into a tree that remembers its comments and layout, only the changed fields are set in it,
and it is written back. A field the person did not touch keeps its exact text.

Plain Python, no Qt; the editor only ever calls this for text the loader has accepted.
"""

from __future__ import annotations

import io
import re
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


def read_for_editing(text: str) -> tuple[RoutineDraft, Any]:
    """The draft to edit and the tree it came from; raises UnreadableRoutineText."""
    try:
        tree = _yaml(text).load(text)
    except (YAMLError, ValueError, RecursionError) as error:
        raise UnreadableRoutineText(str(error).splitlines()[0] if str(error) else "") from error
    if not isinstance(tree, CommentedMap) or not isinstance(tree.get("steps"), CommentedSeq):
        raise UnreadableRoutineText("not a routine with a list of steps")
    return draft_from_data(tree), tree


def save_text(draft: RoutineDraft, original_text: str | None,
              images: dict[int, str] | None = None) -> str:
    """The YAML to save: fresh text for a new routine; otherwise the original text with only
    the changed fields changed. `images` overrides a step's picture (a file copied in)."""
    if original_text is None:
        return emit(draft, images)[0]
    before, tree = read_for_editing(original_text)
    _update_mapping(tree, routine_items(draft), routine_items(before), ROUTINE_FIELDS)
    _update_steps(tree["steps"], draft, before, images or {})
    out = io.StringIO()
    _yaml(original_text).dump(tree, out)
    return out.getvalue()


def _update_mapping(node: CommentedMap, wanted: list[tuple[str, object]],
                    was: list[tuple[str, object]], order: tuple[str, ...]) -> None:
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
        if key in node:
            node[key] = node_value
        else:
            node.insert(_position(node, key, order), key, node_value)


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
                  images: dict[int, str]) -> None:
    originals = list(sequence)
    items = []
    for index, step in enumerate(draft.steps):
        wanted = step_items(step, images.get(index))
        if step.source is not None and step.source < len(originals):
            node = originals[step.source]
            _update_mapping(node, wanted, step_items(before.steps[step.source]), STEP_FIELDS)
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


__all__ = ["StepDraft", "UnreadableRoutineText", "read_for_editing", "save_text"]
