"""Python's cycle collector paused while a lot is read that holds no cycles.

Reading many routine files (in a worker process) and adding an import's batches to the log
make hundreds of thousands of objects that their reference counts free: the collector's
passes over them are only cost. Plain Python, so that both core and storage may use it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside, and afterwards as it was found: the app keeps it off
    on purpose (ui/main_thread_gc.py), and what pauses it must never turn it on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
