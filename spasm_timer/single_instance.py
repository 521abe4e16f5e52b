"""One Spasm Timer per data dir: a second launch hands its request to the running one.

How to wire it: in `run_app`, right after the QApplication exists and before the window is
built, call

    instance = SingleInstance(data_paths)
    if instance.try_hand_over(hand_over_message(args)):
        return 0  # the running app shows itself (and starts the routine); nothing else to do
    instance.listen()
    instance.message_received.connect(window.handle_hand_over)  # once the window exists

Keep `instance` alive as long as the app runs. A message is `{"action": "show"}` or
`{"action": "run", "routine": "<id or absolute path>", "start": true|false}`; anything else a
socket sends is dropped. Two logs written by two apps at once would be confusing, and a
person who clicks the launcher again usually wants the window they already have.

The socket is a plain Unix-domain socket watched by a QSocketNotifier, not QLocalSocket:
Qt Network would cost about 3 MiB of resident memory for this one check. Where Python has no
Unix-domain sockets (Windows), `single_instance_qt` does the same over Qt's local sockets.

The server name is a hash of the user id and the resolved data dir, so two people on one
computer, or one person with two data dirs, never talk to each other's app. The socket lives
in the person's private runtime folder when there is one, and is made 0600 before it takes
connections. When
no app runs, connecting fails at once, so a normal start pays only a few milliseconds.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import zlib
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QDir, QEventLoop, QObject, QSocketNotifier, QTimer, Signal

from spasm_timer.paths import DataPaths

ANSWER_TIMEOUT_MS = 1000  # how long a running app has to acknowledge a hand-over
MAX_MESSAGE_BYTES = 16 * 1024  # a routine path and two flags; anything bigger is not ours
ACK = b"ok\n"
MAX_PENDING_CONNECTIONS = 30  # as QLocalServer: launches that queue while the app is busy


def server_name(data_paths: DataPaths) -> str:
    """`spasm-timer-<hash>`: one name per person and data dir, short enough for a socket path."""
    if hasattr(os, "getuid"):
        user = str(os.getuid())
    else:
        import getpass

        user = getpass.getuser()
    folder = str(data_paths.root.expanduser().resolve())
    # Two 32-bit checksums, not a cryptographic hash: the name only has to differ between one
    # person's data dirs, and hashlib would load OpenSSL before the first paint.
    key = f"{user}\0{folder}".encode()
    digest = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    return f"spasm-timer-{digest}"


def server_address(data_paths: DataPaths) -> str:
    """Where the socket lives: the person's private runtime folder (XDG_RUNTIME_DIR, 0700)
    when there is one, so no other user can even reach it; else a bare name, which stands
    for a file in Qt's temp folder (`socket_path`)."""
    name = server_name(data_paths)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and hasattr(os, "getuid"):
        try:
            info = os.stat(runtime)
        except OSError:
            return name
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and \
                len(runtime) + len(name) < 100:  # Unix socket paths stop at 107 bytes
            return os.path.join(runtime, name)
    return name


def socket_path(address: str) -> str:
    """The socket file of an address: a bare name lives in Qt's temp folder, as it does for
    QLocalServer, so apps of either kind find each other."""
    return address if os.path.isabs(address) else os.path.join(QDir.tempPath(), address)


def recorded_address(data_paths: DataPaths) -> str | None:
    """The socket a running app of this data dir wrote down, when it is one of this user's
    sockets; None otherwise (nothing written, or something that is not ours)."""
    from spasm_timer.private_files import UnreadableFile, read_regular_file

    try:
        address = read_regular_file(data_paths.instance_address, 4096).decode("utf-8")
    except (UnreadableFile, UnicodeDecodeError):
        return None
    if not os.path.isabs(address) or not hasattr(os, "getuid"):
        return None
    try:
        info = os.stat(address)
    except (OSError, ValueError):
        return None
    return address if stat.S_ISSOCK(info.st_mode) and info.st_uid == os.getuid() else None


def addresses_to_try(own: str, data_paths: DataPaths) -> list[str]:
    """Where a launch looks for a running app, each address once: its own first, then the
    one the running app wrote in the data dir (it may have been started with another
    XDG_RUNTIME_DIR, or none)."""
    recorded = recorded_address(data_paths)
    return list(dict.fromkeys([own, *([recorded] if recorded else [])]))


def _looks_like_path(routine: str) -> bool:
    return routine.endswith((".yaml", ".yml")) or os.sep in routine or "/" in routine


def hand_over_message(args: Any) -> dict[str, Any]:
    """The message for this launch's command line: open a routine, or just show the window.

    A routine given as a path is made absolute: the running app has its own working folder.
    """
    routine = getattr(args, "routine", None)
    if getattr(args, "command", None) != "run" or not routine:
        return {"action": "show"}
    if _looks_like_path(routine):
        routine = str(Path(routine).expanduser().absolute())
    return {"action": "run", "routine": routine, "start": bool(getattr(args, "start", False))}


def parse_message(raw: bytes) -> dict[str, Any] | None:
    """The message in `raw` (one JSON line), or None when it is not one we understand."""
    try:
        message = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(message, dict):
        return None
    if message == {"action": "show"}:
        return message
    if (message.keys() == {"action", "routine", "start"} and message["action"] == "run"
            and isinstance(message["routine"], str) and message["routine"]
            and isinstance(message["start"], bool)):
        return message
    return None


def record_address(data_paths: DataPaths, address: str) -> None:
    """Writes where this app listens into the data dir (private, 0700), for launches that
    would look elsewhere. Without a usable data dir they cannot share a log anyway."""
    from spasm_timer.data_dir import DataDirError, ensure_private_data_dir
    from spasm_timer.private_files import write_private_atomically

    try:
        ensure_private_data_dir(data_paths.root)
        write_private_atomically(data_paths.instance_address, address.encode("utf-8"))
    except (OSError, DataDirError):
        pass


def make_private(path: str) -> None:
    """Only this user may connect: the socket tells which routine someone is about to do."""
    if os.name == "posix":
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass  # the folder it is in is private already, or it is not a file here


_NOBODY_THERE = (errno.ENOENT, errno.ECONNREFUSED)  # no socket file, or no app behind it


def _wait_for_ack(client: socket.socket, timeout_ms: int) -> bool:
    """Waits in a local event loop, not a blocking read, so that a server living in this
    same thread (as in the tests) can still accept and answer."""
    client.setblocking(False)
    reply = bytearray()
    loop = QEventLoop()
    readable = QSocketNotifier(client.fileno(), QSocketNotifier.Type.Read)
    readable.activated.connect(loop.quit)
    timer = QTimer(singleShot=True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    try:
        while timer.isActive() and b"\n" not in reply:
            try:
                chunk = client.recv(64)
            except BlockingIOError:
                loop.exec()
                continue
            except OSError:
                break
            if not chunk:  # the other side closed without a whole line
                break
            reply += chunk
    finally:
        readable.setEnabled(False)
        timer.stop()
    return b"\n" in reply and bytes(reply[: reply.index(b"\n") + 1]) == ACK


def _listening_socket(path: str) -> socket.socket:
    """A socket bound at `path`, private before it takes any connection; raises OSError."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    bound = False
    try:
        server.bind(path)
        bound = True
        make_private(path)
        server.listen(MAX_PENDING_CONNECTIONS)
        server.setblocking(False)
    except OSError:
        server.close()
        if bound:
            os.unlink(path)
        raise
    return server


Connection = TypeVar("Connection")


class SingleInstanceBase(QObject, Generic[Connection]):
    """What the app's own server and the Qt one share: the address, the hand-over of a
    launch, and the rule for a socket file found in the way. Each says how it connects
    (`_connect`), sends a message and waits for the "ok" (`_send`), and hangs up."""

    message_received = Signal(dict)

    def __init__(self, data_paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_paths = data_paths
        self.name = server_address(data_paths)
        self._nobody_answered = False  # only then may a leftover socket file be removed

    def try_hand_over(self, message: dict[str, Any],
                      timeout_ms: int = ANSWER_TIMEOUT_MS) -> bool:
        """Sends `message` to a running app of this data dir; True when it acknowledged it."""
        for address in addresses_to_try(self.name, self.data_paths):
            connection, nobody = self._connect(address)
            if connection is not None:
                return self._send(connection, message, timeout_ms)
            if address == self.name:
                self._nobody_answered = nobody
        return False

    def _leftover_socket(self) -> bool:
        """Whether the socket file at this launch's address is one an app that crashed left
        behind: nobody answered on it. Only then may it be replaced; a running app's (even a
        hung one's) never is."""
        if not self._nobody_answered:  # listen() without try_hand_over first: look now
            probe, self._nobody_answered = self._connect(self.name)
            if probe is not None:
                self._hang_up(probe)
        return self._nobody_answered

    def _connect(self, address: str) -> tuple[Connection | None, bool]:
        """A connection to the app listening at `address`, or None; and whether nobody is
        there at all."""
        raise NotImplementedError

    def _send(self, connection: Connection, message: dict[str, Any], timeout_ms: int) -> bool:
        """Sends `message` on `connection`, then hangs up; True when the app said "ok"."""
        raise NotImplementedError

    def _hang_up(self, connection: Connection) -> None:
        raise NotImplementedError


class _Connection:
    """One launch talking to the running app: reads its line, answers "ok", hangs up."""

    def __init__(self, connection: socket.socket, instance: SingleInstance) -> None:
        connection.setblocking(False)
        self.socket = connection
        self.instance = instance
        self.buffer = bytearray()
        # Parented to the instance, so that they outlive a close made from their own signal
        # (deleteLater removes them once it returns).
        self.readable = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read,
                                        instance)
        self.readable.activated.connect(self.read)
        # A client that connects and says nothing is dropped rather than kept forever.
        self.deadline = QTimer(instance, singleShot=True)
        self.deadline.timeout.connect(self.close)
        self.deadline.start(2 * ANSWER_TIMEOUT_MS)

    def read(self) -> None:
        while b"\n" not in self.buffer:
            try:
                chunk = self.socket.recv(4096)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk or (len(self.buffer) + len(chunk) > MAX_MESSAGE_BYTES
                             and b"\n" not in chunk):
                self.close()  # gone before a whole line, or far too much to be ours
                return
            self.buffer += chunk
        line = bytes(self.buffer[: self.buffer.index(b"\n")])
        message = parse_message(line) if len(line) <= MAX_MESSAGE_BYTES else None
        if message is not None:
            try:
                self.socket.send(ACK)
            except OSError:
                pass  # the launch gave up waiting; the request still stands
        self.close()  # a malformed line is ignored, and its sender gets no "ok"
        if message is not None:
            self.instance.message_received.emit(message)

    def close(self) -> None:
        if self.socket.fileno() < 0:
            return
        self.readable.setEnabled(False)
        self.readable.deleteLater()
        self.deadline.stop()
        self.deadline.deleteLater()
        self.socket.close()
        self.instance.connections.discard(self)


class SingleInstance(SingleInstanceBase[socket.socket]):
    """The check at launch (`try_hand_over`) and the server of the app that runs (`listen`)."""

    def __init__(self, data_paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(data_paths, parent)
        self.connections: set[_Connection] = set()
        self._server: socket.socket | None = None
        # The socket file it listens on: its path, as made (the temp folder may be another
        # by the time the app quits), device and inode (to tell it from a newer app's).
        self._server_file: tuple[str, int, int] | None = None
        self._incoming: QSocketNotifier | None = None

    # --- the second launch ---------------------------------------------------------------

    def _connect(self, address: str) -> tuple[socket.socket | None, bool]:
        """Only a missing file or a refused connection is "nobody": a full queue, a path too
        long or a folder we may not enter is not, as a running app's socket must never be
        taken."""
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.settimeout(ANSWER_TIMEOUT_MS / 1000)
        try:
            client.connect(socket_path(address))
        except OSError as error:
            client.close()
            return None, error.errno in _NOBODY_THERE
        return client, False

    def _send(self, connection: socket.socket, message: dict[str, Any],
              timeout_ms: int) -> bool:
        with connection:
            try:
                connection.sendall(json.dumps(message).encode("utf-8") + b"\n")
            except OSError:
                return False
            return _wait_for_ack(connection, timeout_ms)

    def _hang_up(self, connection: socket.socket) -> None:
        connection.close()

    # --- the running app -----------------------------------------------------------------

    def listen(self) -> bool:
        """Becomes the server for this data dir; False when that was not possible (the app
        then runs on, it just cannot receive hand-overs)."""
        path = socket_path(self.name)
        try:
            server = _listening_socket(path)
        except OSError as error:
            if error.errno != errno.EADDRINUSE or not self._leftover_socket():
                return False
            # An app that crashed leaves its socket file behind; nobody answered on it.
            try:
                os.unlink(path)
                server = _listening_socket(path)
            except OSError:
                return False
        info = os.stat(path)
        self._server, self._server_file = server, (path, info.st_dev, info.st_ino)
        self._incoming = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read, self)
        self._incoming.activated.connect(self._accept)
        record_address(self.data_paths, path)
        return True

    @property
    def listening(self) -> bool:
        return self._server is not None

    def close(self) -> None:
        """Stops listening and removes the socket file (the app is quitting)."""
        for connection in list(self.connections):
            connection.close()
        if self._server is None or self._incoming is None or self._server_file is None:
            return
        self._incoming.setEnabled(False)
        self._incoming.deleteLater()
        self._server.close()
        path, device, inode = self._server_file
        self._server = self._incoming = self._server_file = None
        try:
            info = os.stat(path)
            if (info.st_dev, info.st_ino) == (device, inode):  # still ours, not a newer app's
                os.unlink(path)
        except OSError:
            pass

    def _accept(self) -> None:
        while self._server is not None:
            try:
                connection, _ = self._server.accept()
            except OSError:  # nobody more waiting (or out of descriptors: try on next turn)
                return
            entry = _Connection(connection, self)
            self.connections.add(entry)
            entry.read()  # the line may have arrived with the connection


if not hasattr(socket, "AF_UNIX"):  # Windows: Qt's local sockets (named pipes) instead
    from spasm_timer.single_instance_qt import SingleInstance  # type: ignore[assignment]
