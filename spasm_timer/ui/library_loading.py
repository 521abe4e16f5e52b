"""Loads the routine library on a worker thread, after the window is on screen.

Ten thousand routine files of one's own must not stand between a person and the window: the
library is read in the background (from the routine cache, or parsed) and handed to the GUI
thread in batches, so the list fills in as it loads. Each load has a number; an older load
stops at the next file once a newer one began, what it sends is dropped, and it never writes
the routine cache over the newer one's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, SignalInstance

from spasm_timer.core.library import Library, add_routine, load_known_routines
from spasm_timer.core.routine import Routine
from spasm_timer.paths import DataPaths
from spasm_timer.ui import worker_imports
from spasm_timer.ui.main_thread_gc import set_aside_what_lasts
from spasm_timer.ui.quit_gate import QuitGate

# A library this large is left out of the cycle collector's passes once loaded.
MANY_ROUTINES = 1000
# A GUI thread that has not imported the parser by then is stuck elsewhere: the worker goes on.
PARSER_WAIT_SECONDS = 30.0
# When the app quits during a load, it waits this long for the parsing to stop at the next
# file (the worker processes finish the files they have in hand: a tenth of a second) and
# hand what was parsed to the cache writer.
STOP_WAIT_SECONDS = 2.0


class LibraryLoading(QObject):
    """`start()` begins a load; `batch(list[Routine])` as routines arrive, then
    `finished(Library)` with everything, skipped files and notes included. Signals sent from
    the worker reach slots on the GUI thread (Qt queues them).

    The worker is a daemon thread: quitting never waits for a load to end. So it sends
    through a `QuitGate`, which lets nothing through once the app quits (see quit_gate.py);
    the cache writer is started together with the last signal, so it is known by then and
    Python's exit waits for it. A load still parsing when the app quits stops at the next
    file, and what it parsed goes to the cache writer all the same (`close()` waits for
    that a moment), so the next start does not parse it again."""

    batch = Signal(int, object)
    finished = Signal(int, object)
    # The modules to import, and a threading.Event set once they are imported.
    _parsing_wanted = Signal(object, object)

    def __init__(self, data_paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_paths = data_paths
        self.generation = 0
        self._parsing_wanted.connect(self._import_parser)
        self.gate = QuitGate(self)
        self._worker: threading.Thread | None = None
        self._too_late = False  # set once close() has stopped waiting for the worker
        # The worker waits for the GUI thread to import the parser: once the app quits, it
        # never will. What the load parsed before then (the bundled routines, when it waits
        # before the person's folder) is not kept: the next start parses it again.
        self._waiting_for_parser = False
        # Cache writers write one at a time, and never after a newer load's writer.
        self._cache_lock = threading.Lock()
        self._cache_written_by = 0
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    def close(self) -> None:
        """On the GUI thread, when the app quits: once this returns the worker sends
        nothing more to Qt, and its cache writer has started, or never will."""
        self.gate.close()
        with self.gate.held_open():
            waiting_for_parser = self._waiting_for_parser
        if self._worker is not None and not waiting_for_parser:
            self._worker.join(STOP_WAIT_SECONDS)
        with self.gate.held_open():
            self._too_late = True  # a thread started from now on might not be waited for

    def start(self) -> int:
        """Starts a load and returns its number; any load still running is overtaken."""
        self.generation += 1
        generation = self.generation
        worker = threading.Thread(target=self._load, args=(generation,),
                                  name="routine library", daemon=True)
        worker.start()
        self._worker = worker
        return generation

    def _load(self, generation: int) -> None:
        def send_batch(routines: list[Routine]) -> None:
            self._send(self.batch, generation, list(routines))

        to_save: list[Callable[[], None]] = []
        library = load_known_routines(self.data_paths, on_batch=send_batch,
                                      before_parsing=self._parser_from_gui_thread,
                                      save_later=to_save.append,
                                      stop=lambda: self.gate.closed or
                                      generation != self.generation)
        with self.gate.held_open() as is_open:
            if self._too_late:
                return  # the app is going: a thread started now would not be waited for
            if generation != self.generation:
                return  # overtaken: the newer load reads the same files and keeps them
            if is_open:
                self._send(self.finished, generation, library)
            for save in to_save:
                # The list is complete first; then the cache is written, on a thread the app
                # waits for when it quits (unlike this one): a start right after the first
                # one must find it, or it parses every file again. Started before `close()`
                # returns, so Python's exit knows of it.
                threading.Thread(target=self._write_cache, args=(generation, save),
                                 name="routine cache writer", daemon=False).start()

    def _write_cache(self, generation: int, save: Callable[[], None]) -> None:
        with self._cache_lock:
            if generation < self._cache_written_by:
                return  # a newer load's cache is written: this one's is older
            save()
            self._cache_written_by = generation

    def _parser_from_gui_thread(self, in_processes: bool) -> None:
        """In the worker, before it parses files: the GUI thread imports PyYAML and the rest
        first (see worker_imports.py), and for worker processes what starts them, a slice per
        turn, while this thread waits."""
        modules = (worker_imports.PARSING_IN_PROCESSES if in_processes
                   else worker_imports.PARSING)
        if not worker_imports.missing(modules):
            return
        if threading.current_thread() is threading.main_thread():
            worker_imports.import_now(modules)
            return
        imported = threading.Event()
        with self.gate.held_open() as is_open:
            if not is_open:
                return  # the app is going: the load stops before it parses (`stop`)
            self._waiting_for_parser = True  # `close()` then does not wait for this load
            asked = self.gate.send_signal(self._parsing_wanted, modules, imported)
        if asked:  # else the window was closed meanwhile: nothing will show what this loads
            imported.wait(PARSER_WAIT_SECONDS)
        self._waiting_for_parser = False

    def _import_parser(self, modules: tuple[tuple[str, ...], ...],
                       imported: threading.Event) -> None:
        worker_imports.import_in_turns(modules, imported.set, self)

    def _send(self, signal: SignalInstance, generation: int,
              payload: list[Routine] | Library) -> None:
        if generation != self.generation:
            return  # a newer load has begun: this one's news is old
        self.gate.send_signal(signal, generation, payload)


# While routines arrive the list is rebuilt after this long, then after three times as long
# each time: it is seen to fill at once, and ten thousand rows are rebuilt two or three times,
# not a hundred (each rebuild holds the window for a moment).
REFRESH_MS = 500
# A list this long already fills the screen many times over: the rest comes with the last
# batch, not with more rebuilds (the hint says the routines are still loading).
FILL_IN_UP_TO = 1000


class LibraryFiller(QObject):
    """Fills the main window's library from a background load, batch by batch.

    The window keeps a complete `Library` at all times (what has arrived so far); at the end
    it gets the whole one, with skipped files for the banner and notes for the notice bar."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.loading = LibraryLoading(window.data_paths, self)
        self.loading.batch.connect(self._batch)
        self.loading.finished.connect(self._finished)
        self._arriving = Library()
        self._refresh_timer = QTimer(self, singleShot=True)
        self._next_refresh_ms = REFRESH_MS
        self._refresh_timer.timeout.connect(self._show)
        self.running = False
        self._fill_in = True

    def start(self) -> None:
        self._arriving = Library()
        self.running = True
        # Only an empty list fills in as routines arrive. A list on screen is swapped whole
        # when the new one is complete: rows never vanish and come back while it loads.
        self._fill_in = not self.window.library.routines
        self._next_refresh_ms = REFRESH_MS
        if self._fill_in:
            self.window.library_view.set_loading(True)
        self.loading.start()

    def _batch(self, generation: int, routines: list[Routine]) -> None:
        if generation != self.loading.generation:
            return
        first = not self._arriving.routines
        for routine in routines:
            add_routine(self._arriving, routine)
        if not self._fill_in:
            return
        if first:
            self._show()
        elif not self._refresh_timer.isActive() and \
                len(self.window.library.routines) < FILL_IN_UP_TO:
            self._refresh_timer.start(self._next_refresh_ms)
            self._next_refresh_ms *= 3

    def _show(self) -> None:
        library = Library(dict(self._arriving.routines), list(self.window.library.skipped),
                          dict(self._arriving.replaced))
        self.window.library = library
        self.window.library_view.set_library(library, self.window.settings.default_lead_in)

    def _finished(self, generation: int, library: Library) -> None:
        if generation != self.loading.generation:
            return
        self._refresh_timer.stop()
        self.running = False
        self.window.library = library
        self.window.library_view.set_loading(False)
        self.window.library_view.set_library(library, self.window.settings.default_lead_in)
        self.window.refresh_start_screen()
        for note in library.notes:
            self.window.notices.add(note)
        if len(library.routines) > MANY_ROUTINES:
            set_aside_what_lasts()
