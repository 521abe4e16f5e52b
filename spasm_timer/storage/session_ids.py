"""The id of a new session: a random (version 4) UUID, written as `str(uuid.uuid4())` is."""

from __future__ import annotations

import os


def new_session_id() -> str:
    """A fresh random UUID, lowercase with its four hyphens.

    Not `uuid.uuid4()`: the `uuid` module brings `platform` and a native part, about 0.4 MiB
    that would stay in memory from the log's first opening for as long as the app runs."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4: random
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    digits = raw.hex()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
