"""Each session's id is a random UUID, written the way an export and an import expect it."""

from __future__ import annotations

import uuid

from spasm_timer.storage.import_checks import _UUID
from spasm_timer.storage.session_ids import new_session_id


def test_session_ids_are_random_uuids_written_as_python_writes_them() -> None:
    ids = [new_session_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for session_id in ids:
        parsed = uuid.UUID(session_id)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == session_id
        assert _UUID.fullmatch(session_id)  # an exported log imports back
