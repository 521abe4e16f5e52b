"""Sessions as JSON text, written by SQLite itself: the export and `history --json` at speed.

Building a dict per session and per step and handing each to `json.dumps` cost about 110 µs a
session (two minutes for a million); SQLite's JSON functions give the same document with no
Python object per row. Each row is one session in the export shape of
`SessionLog.iter_sessions()` (SESSION_FIELDS, then `steps`), compact, in the log's order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from spasm_timer.storage.log import SESSION_FIELDS, STEP_FIELDS, SessionLog
from spasm_timer.storage.log_schema import ACTIVE_SECONDS_SQL
from spasm_timer.storage.log_statistics import session_filters
from spasm_timer.storage.parallel_reads import Chunk, ordered_chunks

# Between two sessions in a JSON list: one session per line.
SESSION_SEPARATOR = ",\n"

# The steps of session `s`, in their order, as the text of a JSON list.
_STEPS_JSON = """'[' || COALESCE((SELECT group_concat(step, ',') FROM (
        SELECT json_object('index', t.step_index, 'title', t.title, 'kind', t.kind,
                           'side', t.side, 'repetition', t.repetition,
                           'planned_seconds', t.planned_seconds,
                           'actual_seconds', t.actual_seconds, 'outcome', t.outcome) AS step
        FROM steps t WHERE t.session_id = s.id ORDER BY t.position)), '') || ']'"""

# The session's own fields as a JSON object without its closing brace, so the steps' text can
# follow without SQLite parsing it again. A session that never ended counts the seconds of its
# logged steps as its active time, as SessionLog does.
_SESSION_JSON_PIECE = """
    rtrim(json_object(
        'id', s.id, 'routine_id', s.routine_id, 'routine_name', s.routine_name,
        'started_at', s.started_at, 'ended_at', s.ended_at,
        'status', COALESCE(s.status, 'interrupted'), 'planned_seconds', s.planned_seconds,
        'active_seconds', """ + ACTIVE_SECONDS_SQL + """,
        'pain_before', s.pain_before, 'pain_after', s.pain_after, 'notes', s.notes,
        'pauses', s.pauses), '}') || ',"steps":' || """ + _STEPS_JSON + """ || '}'"""

assert SESSION_FIELDS[-1] == "pauses", "update the SQL above"
assert STEP_FIELDS[-1] == "outcome", "update the SQL above"


def session_json_chunks(log: SessionLog, since: date | str | None = None,
                        until: date | str | None = None, routine_id: str | None = None,
                        status: str | None = None,
                        newest_first: bool = True) -> Iterator[Chunk]:
    """One JSON object per session (`_SESSION_JSON_PIECE`), a few thousand sessions at a time:
    each chunk their number and their texts joined by SESSION_SEPARATOR, built on several
    cores."""
    where, params = session_filters(since, until, routine_id, status)
    return ordered_chunks(log.connection, log.path, _SESSION_JSON_PIECE, SESSION_SEPARATOR,
                          where, params, newest_first)
