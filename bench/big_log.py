"""A log of any size in SQL alone, for the benchmark: a million sessions in well under a minute.

Plausible sessions: 12 steps each, 85% completed, 10% stopped, 5% interrupted, 60% rated, 10%
with a note, about three hours apart, the newest on 2026-11-21. Every value is a hash of the
session's number computed by SQLite itself: no Python object per row, so the size costs
SQLite's time only, and every run builds the same log.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

STEPS_PER_SESSION = 12
# The newest session starts about here, local time +01:00, as seconds since 1970 of that
# wall-clock time (SQLite's 'unixepoch' then prints it unchanged).
_NEWEST_WALL_CLOCK = 1795248000  # 2026-11-21T08:00:00
_HOURS_APART = 3

# h(i, salt): a well-mixed 32-bit number from the session number, the same on every run.
_HASH = "((({i}) * 2654435761 + {salt} * 97531) % 4294967296)"


def _h(i: str, salt: int) -> str:
    return _HASH.format(i=i, salt=salt)


_ROUTINES = (("calf-cramp", "Calf cramp relief"), ("neck-shoulders", "Neck and shoulders"),
             ("lower-back", "Lower back"), ("night-calf-cramps", "Night calf cramps"),
             ("hamstrings", "Hamstrings"), ("heat-session", "Heat session"))
# Which routine session i did, by i % 6: a CASE, not a join, so that the rows go in in
# session order (a join let SQLite loop over the routines first: six interleaved runs, and
# every index insert of the steps landed in the middle of its tree).
_ROUTINE_ID, _ROUTINE_NAME = (
    "CASE i % 6 " + " ".join(f"WHEN {k} THEN '{routine[part]}'"
                             for k, routine in enumerate(_ROUTINES)) + " END"
    for part in (0, 1))
_KINDS = ("breathe", "stretch", "effleurage", "pressure", "trigger_point", "circular",
          "petrissage", "friction")

# One row per session number, with its status roll (0-999) and rating roll. The id starts
# with the number, so the indexes on it grow at their end (a build four times faster).
_NUMBERS = f"""
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
    SELECT i, {_h('i', 1)} % 1000 AS roll, {_h('i', 2)} % 1000 AS rated,
           printf('%08x-%04x-4%03x-%04x-%08x%04x', i, {_h('i', 4)} % 65536,
                  {_h('i', 5)} % 4096, 32768 + {_h('i', 6)} % 16384, {_h('i', 3)},
                  {_h('i', 7)} % 65536) AS id,
           :newest - (:count - 1 - i) * {_HOURS_APART * 3600} + ({_h('i', 7)} % 60) * 60
               AS wall
    FROM n"""

_INSERT_SESSIONS = f"""
    INSERT INTO sessions (id, routine_id, routine_name, started_at, ended_at, status,
                          planned_seconds, active_seconds, pain_before, pain_after, notes,
                          pauses)
    SELECT id, {_ROUTINE_ID}, {_ROUTINE_NAME},
           strftime('%Y-%m-%dT%H:%M:%S.000+01:00', wall, 'unixepoch'),
           CASE WHEN roll < 950 THEN strftime('%Y-%m-%dT%H:%M:%S.000+01:00',
                                              wall + 660, 'unixepoch') END,
           CASE WHEN roll < 850 THEN 'completed' WHEN roll < 950 THEN 'stopped' END,
           {STEPS_PER_SESSION * 45 + 60}, NULL,
           CASE WHEN rated < 600 THEN 3 + {_h('i', 8)} % 6 END,
           CASE WHEN rated < 600 THEN {_h('i', 9)} % 5 END,
           CASE WHEN {_h('i', 10)} % 10 = 0 THEN 'felt better' ELSE '' END,
           {_h('i', 11)} % 2
    FROM ({_NUMBERS})"""

# The twelve steps every session plans, as a table of constants: position, the routine
# step's number, title, kind, side, planned seconds (30, 45 and 60 s four times each: 540 s).
_SIDES = ("'left'", "'right'", "NULL")
_PLAN = ", ".join(
    f"({p}, {p // 2 + 1}, 'Step {p // 2 + 1}', '{_KINDS[p % len(_KINDS)]}', {_SIDES[p % 3]}, "
    f"{30 + 15 * (p % 3)})"
    for p in range(STEPS_PER_SESSION))

# Steps in session order (rowid order of sessions), so every index grows at its end. A
# completed session's steps took their planned time, the others the same fraction of it.
_FRACTION = f"(({_h('s.rowid', 12)} % 1000) / 1000.0)"
_INSERT_STEPS = f"""
    WITH p(position, step, title, kind, side, planned) AS (VALUES {_PLAN})
    INSERT INTO steps (session_id, position, step_index, title, kind, side, repetition,
                       planned_seconds, actual_seconds, outcome)
    SELECT s.id, p.position, p.step, p.title, p.kind, p.side, 1, p.planned,
           CASE WHEN s.status = 'completed' THEN p.planned
                ELSE round(p.planned * {_FRACTION}, 3) END,
           'completed'
    FROM sessions s CROSS JOIN p"""

_ACTIVE_SECONDS = f"""
    UPDATE sessions SET active_seconds = CASE
        WHEN status = 'completed' THEN 540
        ELSE round(540 * {_FRACTION.replace('s.rowid', 'rowid')}, 3) END
    WHERE status IS NOT NULL"""


# The same sessions with random-looking ids, as a person's are (uuid4): the first eight hex
# digits a hash of the number (one-to-one below 2**32), so every index insert lands anywhere.
_ORDERED_ID = "printf('%08x-%04x-4%03x-%04x-%08x%04x', i,"
_RANDOM_ID_SESSIONS = _INSERT_SESSIONS.replace(
    _ORDERED_ID, _ORDERED_ID.replace(" i,", f" {_h('i', 13)},"))
assert _RANDOM_ID_SESSIONS != _INSERT_SESSIONS


def fill(db: sqlite3.Connection, count: int, random_ids: bool = False) -> None:
    """Adds `count` sessions and their steps to an empty log, in one transaction."""
    # No journal while building: a failed build is thrown away whole, and a WAL would write
    # every page twice.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")  # 256 MiB while building; the app sets its own
    # Every value is valid by construction (the bench smoke test checks a small log with
    # `PRAGMA integrity_check` and `foreign_key_check`): checking each of twelve million
    # steps against its CHECKs and its session would double the build's time.
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("BEGIN IMMEDIATE")
    db.execute(_RANDOM_ID_SESSIONS if random_ids else _INSERT_SESSIONS,
               {"count": count, "newest": _NEWEST_WALL_CLOCK})
    db.execute(_INSERT_STEPS)
    db.execute(_ACTIVE_SECONDS)
    db.execute("COMMIT")
    db.execute("PRAGMA ignore_check_constraints = OFF")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")


def build(database: Path, count: int, random_ids: bool = False) -> None:
    """A log of `count` sessions at `database`: the schema from the real SessionLog (its
    migrations), the rows from `fill`."""
    from spasm_timer.storage.log import SessionLog

    database.parent.mkdir(parents=True, exist_ok=True)
    with SessionLog.open(database) as log:
        fill(log.connection, count, random_ids)


if __name__ == "__main__":  # big_log.py DATABASE COUNT [--random-ids]
    build(Path(sys.argv[1]), int(sys.argv[2]), "--random-ids" in sys.argv[3:])
