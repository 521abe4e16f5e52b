"""The app's own export lines read straight into rows: never a yes where the general way (JSON
decoding and the checks) says no, and always the same rows where both say yes."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from test_import_batches import ODD_VALUES
from test_log_exchange import app_layout, as_the_app_writes, odd_sessions_of

from spasm_timer.storage import export_reader, import_process
from spasm_timer.storage.exchange import ImportFileError, export_json, import_json
from spasm_timer.storage.import_checks import (
    SESSION_RULES,
    STEP_RULES,
    Count,
    Seconds,
    check_batch,
)
from spasm_timer.storage.import_lines import KNOWN_CHARS, ExportLines, rows_of_lines
from spasm_timer.storage.import_rows import RowBatch, row_batch
from spasm_timer.storage.log import SessionLog

SIDE_VALUES = ["left", "right", None, "Left", ""]


def general_rows(lines: list[str]) -> RowBatch | None:
    """The rows the general way gives for these lines; None when it refuses them."""
    stream = io.BytesIO(app_layout(lines).encode("utf-8"))
    try:
        sessions = [session for _, batch in export_reader.iter_session_batches(stream)
                    for session in batch]
        return row_batch(check_batch(sessions, 0))
    except ImportFileError:
        return None


def assert_never_more_than_the_general_way(lines: list[str]) -> bool:
    """True when the fast way read the lines (with the general way's rows)."""
    fast = rows_of_lines(",\n".join(lines))
    if fast is None:
        return False
    assert fast == general_rows(lines), lines
    return True


@pytest.fixture
def sessions() -> list[dict[str, Any]]:
    return odd_sessions_of(20261207, 200)


def test_plain_lines_are_read_the_fast_way_with_the_same_rows(
        sessions: list[dict[str, Any]]) -> None:
    lines = [as_the_app_writes(session) for session in sessions]
    plain = [line for line in lines if "\\" not in line]  # an escape: the general way
    assert len(plain) > 50
    assert assert_never_more_than_the_general_way(plain)
    # Lines with an escape among them are decoded one by one; the rest still go fast.
    assert assert_never_more_than_the_general_way(lines)


def test_no_odd_value_in_any_field_passes_the_fast_way_unless_the_checks_pass_it(
        sessions: list[dict[str, Any]]) -> None:
    sound = next(s for s in sessions if len(s["steps"]) > 1 and "\\" not in as_the_app_writes(s))
    fast = 0
    places = [(name, False) for name in SESSION_RULES] + [(name, True) for name in STEP_RULES]
    for name, in_step in places:
        for value in [*ODD_VALUES, *SIDE_VALUES, 0.0, 1e-3, 1.0005, 604_800.0, 1e5]:
            odd = copy.deepcopy(sound)
            (odd["steps"][1] if in_step else odd)[name] = value
            lines = [as_the_app_writes(sound).replace(sound["id"], "0" * 8 + sound["id"][8:]),
                     as_the_app_writes(odd)]
            fast += assert_never_more_than_the_general_way(lines)
    assert fast > 100  # sound values do go the fast way


def test_steps_met_before_give_the_same_rows_and_the_same_verdicts(
        sessions: list[dict[str, Any]]) -> None:
    """A person's sessions repeat their steps; steps read once are not read again, and give
    each later session its own rows."""
    plain = [s for s in sessions if "\\" not in as_the_app_writes(s)]
    done_again = [{**session, "id": session["id"][:-6] + "abcdef",
                   "steps": plain[number % 5]["steps"]}
                  for number, session in enumerate(plain)]
    lines = ExportLines()
    for stretch in (plain[:30], done_again, plain[:30]):
        texts = [as_the_app_writes(session) for session in stretch]
        assert lines(",\n".join(texts)) == general_rows(texts)
    wrong = copy.deepcopy(done_again[:3])
    step = next(session["steps"][0] for session in plain if session["steps"])
    wrong[2]["steps"] = [{**step, "outcome": "exploded"}]
    assert lines(",\n".join(as_the_app_writes(session) for session in wrong)) is None


def test_steps_kept_from_a_file_of_ever_new_steps_stay_few(
        sessions: list[dict[str, Any]]) -> None:
    """A hostile file whose every session has new, long steps does not grow the reader's
    memory: what is kept is dropped once it passes its limit."""
    sound = next(s for s in sessions if len(s["steps"]) > 1 and "\\" not in as_the_app_writes(s))
    lines = ExportLines()
    for stretch in range(15):
        texts = []
        for number in range(20):
            session = copy.deepcopy(sound)
            session["steps"] = [{**step, "title": f"{stretch} {number} " + "x" * 900}
                                for step in sound["steps"] * 10]
            texts.append(as_the_app_writes(session))
        assert lines(",\n".join(texts)) is not None
        assert lines.known_chars <= KNOWN_CHARS + len(",\n".join(texts))


@pytest.mark.parametrize("change", [
    ('"steps":[', '"steps":[ '), ('},{"index"', '}, {"index"'), ('},{"index"', '}x{"index"'),
    ('},{"index"', '}{"index"'), ('}]}', '},]}'), (',"pauses":', ',"extra":1,"pauses":'),
    ('"notes":', '"Notes":'), ('{"id":', '{"id" :'), ('"completed"}', '"completed","x":1}'),
    ('}]}', '}]} '), ('"index":1,', '"index":01,'), ('"index":1,', '"index":1.0,'),
    ('"index":1,', '"index":\u0661,'),  # an Arabic-Indic one: a digit to Python, not to JSON
])
def test_a_line_written_any_other_way_goes_the_general_way(
        sessions: list[dict[str, Any]], change: tuple[str, str]) -> None:
    sound = next(s for s in sessions if len(s["steps"]) > 1 and "\\" not in as_the_app_writes(s)
                 and s["steps"][0]["index"] == 1)
    line = as_the_app_writes(sound)
    assert rows_of_lines(line) is not None
    changed = line.replace(*change)
    assert changed != line
    # Read as the general way reads it (decoded on its own), or left to it whole.
    assert_never_more_than_the_general_way([changed])


def test_an_app_export_imports_the_same_the_fast_way_and_the_general_way(
        tmp_path: Path, sessions: list[dict[str, Any]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The sessions whose lines hold an escape (the general way's) a year later: the plain
    # ones come first in the file, whole stretches of them for the fast way.
    plain = [session for session in sessions if "\\" not in as_the_app_writes(session)]
    escaped = [{**session, "started_at": session["started_at"].replace("2024-", "2025-", 1),
                "ended_at": session["ended_at"] and session["ended_at"].replace("2024-", "2025-",
                                                                                1)}
               for session in sessions if session not in plain]
    with SessionLog.open(tmp_path / "first" / "sessions.sqlite3") as first:
        assert first.add_sessions(plain + escaped) == (200, 0)
        export_json(first, tmp_path / "export.json")
    monkeypatch.setattr(export_reader, "BATCH_SESSIONS", 7)  # runs cut to the batch size
    answered: list[int] = []  # sessions the fast way gave rows for, a stretch at a time

    class Counted(ExportLines):
        def __call__(self, stretch: str) -> RowBatch | None:
            rows = super().__call__(stretch)
            if rows is not None:
                answered.append(len(rows.sessions))
            return rows

    monkeypatch.setattr(import_process, "ExportLines", Counted)
    fast_reads: list[int] = []
    with SessionLog.open(tmp_path / "fast" / "sessions.sqlite3") as fast:
        assert import_json(fast, tmp_path / "export.json", progress=fast_reads.append) == (200, 0)
        fast_sessions = fast.sessions()
    # The fast way did read the plain lines, and a stretch shared with escaped ones; a
    # stretch of escaped lines alone was left to the general way, in one call.
    assert len(plain) <= sum(answered) < len(sessions)
    assert len(plain) > 50
    monkeypatch.setattr(import_process, "ExportLines", lambda: lambda stretch: None)
    with SessionLog.open(tmp_path / "general" / "sessions.sqlite3") as general:
        assert import_json(general, tmp_path / "export.json") == (200, 0)
        assert general.sessions() == fast_sessions
    assert all(later - earlier <= 7
               for earlier, later in zip([0, *fast_reads], fast_reads[:-1], strict=False))


def test_a_bad_value_in_an_app_export_is_named_as_before(
        tmp_path: Path, sessions: list[dict[str, Any]]) -> None:
    lines = [as_the_app_writes(session) for session in sessions]
    lines[150] = lines[150].replace('"pauses":', '"pauses":9999999', 1)
    source = tmp_path / "in.json"
    source.write_text(app_layout(lines), encoding="utf-8")
    with SessionLog.open(tmp_path / "log" / "sessions.sqlite3") as log:
        with pytest.raises(ImportFileError, match=r"sessions\[150\]\.pauses"):
            import_json(log, source)
        assert log.count() == 0


# Every number field the checks give a range, as (name, in a step, its rule).
RANGED = [(name, in_step, rule)
          for in_step, rules in ((False, SESSION_RULES), (True, STEP_RULES))
          for name, rule in rules.items() if isinstance(rule, Count | Seconds)]


def _plain_with_steps(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    return next(s for s in sessions if len(s["steps"]) > 1 and "\\" not in as_the_app_writes(s))


def _with(session: dict[str, Any], name: str, in_step: bool, value: Any) -> str:
    changed = copy.deepcopy(session)
    (changed["steps"][1] if in_step else changed)[name] = value
    return as_the_app_writes(changed)


@pytest.mark.parametrize(("name", "in_step", "rule"),
                         [ranged for ranged in RANGED if ranged[0] not in ("pain_before",
                                                                           "pain_after")])
def test_a_range_tightened_in_the_checks_is_tightened_the_fast_way_too(
        sessions: list[dict[str, Any]], name: str, in_step: bool, rule: Count | Seconds,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The import stores what the fast way lets by with the schema's checks off: its ranges
    are the checks' own. (The ratings' range is spelled in a pattern when loaded.)"""
    sound = _plain_with_steps(sessions)
    line = _with(sound, name, in_step, 3)
    assert rows_of_lines(line) is not None
    monkeypatch.setattr(rule, "low", 4)
    monkeypatch.setattr(rule, "high", 5)
    assert rows_of_lines(line) is None
    assert general_rows([line]) is None


@pytest.mark.parametrize(("name", "in_step", "rule"), RANGED)
def test_every_range_is_kept_the_fast_way_to_its_edges(
        sessions: list[dict[str, Any]], name: str, in_step: bool,
        rule: Count | Seconds) -> None:
    """Just beyond a range goes the general way (which refuses it); its edges go fast."""
    sound = _plain_with_steps(sessions)
    for beyond in (rule.low - 1, rule.high + 1):
        line = _with(sound, name, in_step, beyond)
        assert rows_of_lines(line) is None, (name, beyond)
        assert general_rows([line]) is None
    for edge in (rule.low, rule.high):
        line = _with(sound, name, in_step, edge)
        assert rows_of_lines(line) == general_rows([line]) is not None, (name, edge)


ESCAPED_NOTES = ['said "ouch" twice', "line one\nline two", "café — 💆 ok\u0007"]


def test_every_tenth_session_with_an_escape_keeps_the_rest_fast_and_the_rows_the_same(
        tmp_path: Path, sessions: list[dict[str, Any]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One note with a quote, a line break or a control character costs its own line, not
    its stretch: every stretch is read the fast way, and the log holds what the general way
    gives, in the same order."""
    plain = [session for session in sessions if "\\" not in as_the_app_writes(session)]
    mixed = [{**session, "notes": ESCAPED_NOTES[number // 10 % 3]} if number % 10 == 9
             else session for number, session in enumerate(plain)]
    assert sum("\\" in as_the_app_writes(session) for session in mixed) >= 5
    with SessionLog.open(tmp_path / "first" / "sessions.sqlite3") as first:
        assert first.add_sessions(mixed) == (len(mixed), 0)
        export_json(first, tmp_path / "export.json")
    answered: list[int] = []

    class Counted(ExportLines):
        def __call__(self, stretch: str) -> RowBatch | None:
            rows = super().__call__(stretch)
            answered.append(-1 if rows is None else len(rows.sessions))
            return rows

    monkeypatch.setattr(export_reader, "BATCH_SESSIONS", 25)
    monkeypatch.setattr(import_process, "ExportLines", Counted)
    with SessionLog.open(tmp_path / "fast" / "sessions.sqlite3") as fast:
        assert import_json(fast, tmp_path / "export.json") == (len(mixed), 0)
        fast_sessions = fast.sessions()
    # Every stretch read fast (the last session, with no `},` after it, is read on its own).
    assert -1 not in answered and sum(answered) == len(mixed) - 1
    monkeypatch.setattr(import_process, "ExportLines", lambda: lambda stretch: None)
    with SessionLog.open(tmp_path / "general" / "sessions.sqlite3") as general:
        assert import_json(general, tmp_path / "export.json") == (len(mixed), 0)
        assert general.sessions() == fast_sessions
    assert {session["notes"] for session in fast_sessions} >= set(ESCAPED_NOTES)


def test_a_step_with_an_escape_goes_the_general_way_alone(
        sessions: list[dict[str, Any]]) -> None:
    """A routine whose step title holds a quote: its sessions' lines are decoded one by one,
    with the rows of the general way; the plain lines around them still go fast."""
    plain = [session for session in sessions
             if "\\" not in as_the_app_writes(session) and session["steps"]]
    quoted = copy.deepcopy(plain[3])
    quoted["steps"][0]["title"] = 'Press "here"'
    texts = [as_the_app_writes(session) for session in [*plain[:3], quoted, *plain[4:9]]]
    assert assert_never_more_than_the_general_way(texts)
    lines = ExportLines()
    assert lines(",\n".join(texts)) == lines(",\n".join(texts)) == general_rows(texts)


@pytest.mark.parametrize("odd", [
    '{"id":"x"}]', '{"id":"x"}', '[1,2],', '', ' ', '{"id":', '"sessions"],{',
    '{"notes":"a\\"b"},{"notes":"c"},', '{"pauses":NaN},', '{"a":[[[[[[[[1]]]]]]]]},',
])
def test_a_line_that_is_not_one_session_among_plain_ones_is_never_read_as_more(
        sessions: list[dict[str, Any]], odd: str) -> None:
    """Whatever stands on a line among the app's own (none of these is a session the
    general way would add), the stretch is left to the general way, which names it."""
    plain = [as_the_app_writes(session) for session in sessions
             if "\\" not in as_the_app_writes(session)][:6]
    for at in (0, 3, 6):
        for line in (odd, odd.removesuffix(",")):
            lines = [*plain[:at], line, *plain[at:]]
            assert not assert_never_more_than_the_general_way(lines), (at, line)
            assert general_rows(lines) is None


@pytest.mark.parametrize("break_it", [
    lambda line: line.replace('"pauses":', '"pauses":9999999', 1),  # a value out of range
    lambda line: line.replace('"status":', '"status" ', 1),  # not JSON
    lambda line: line.replace('"notes":"', '"notes":"\\ud800', 1),  # half a character
])
def test_a_bad_line_with_an_escape_among_plain_ones_is_named_as_before(
        tmp_path: Path, sessions: list[dict[str, Any]], break_it: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The escaped line is the bad one: the person reads the same place and problem as when
    the whole stretch went the general way, and nothing is added."""
    plain = [session for session in sessions if "\\" not in as_the_app_writes(session)]
    lines = [as_the_app_writes({**session, "notes": ESCAPED_NOTES[0]} if number % 10 == 9
                               else session) for number, session in enumerate(plain)]
    lines[29] = break_it(lines[29])
    source = tmp_path / "in.json"
    source.write_text(app_layout(lines), encoding="utf-8")
    messages = []
    for reader in (ExportLines, lambda: lambda stretch: None):
        monkeypatch.setattr(import_process, "ExportLines", reader)
        with SessionLog.open(tmp_path / "log" / "sessions.sqlite3") as log:
            with pytest.raises(ImportFileError) as refused:
                import_json(log, source)
            assert log.count() == 0
        messages.append(str(refused.value))
    assert messages[0] == messages[1]
    assert "sessions[29]" in messages[0] or "line 31 column" in messages[0]
