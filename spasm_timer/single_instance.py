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

The server name is a hash of the user id and the resolved data dir, so two people on one
computer, or one person with two data dirs, never talk to each other's app. The socket lives
in the person's private runtime folder when there is one, and is made 0600 either way. When
no app runs, connecting fails at once, so a normal start pays only a few milliseconds.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEventLoop, QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from spasm_timer.paths import DataPaths

ANSWER_TIMEOUT_MS = 1000  # how long a running app has to acknowledge a hand-over
MAX_MESSAGE_BYTES = 16 * 1024  # a routine path and two flags; anything bigger is not ours
ACK = b"ok\n"


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
    when there is one, so no other user can even reach it; else Qt's temp folder."""
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


class SingleInstance(QObject):
    """The check at launch (`try_hand_over`) and the server of the app that runs (`listen`)."""

    message_received = Signal(dict)

    def __init__(self, data_paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_paths = data_paths
        self.name = server_address(data_paths)
        self._server: QLocalServer | None = None
        self._nobody_answered = False  # only then may a leftover socket file be removed

    # --- the second launch ---------------------------------------------------------------

    def try_hand_over(self, message: dict[str, Any],
                      timeout_ms: int = ANSWER_TIMEOUT_MS) -> bool:
        """Sends `message` to a running app of this data dir; True when it acknowledged it.

        Asks at this launch's own address first, then at the one the running app wrote in
        the data dir (it may have been started with another XDG_RUNTIME_DIR, or none)."""
        recorded = recorded_address(self.data_paths)
        for address in dict.fromkeys([self.name, *([recorded] if recorded else [])]):
            socket = QLocalSocket()
            try:
                if not self._connect(socket, address):
                    if address == self.name:
                        self._nobody_answered = True  # no socket file, or nobody behind it
                    continue
                socket.write(QByteArray(json.dumps(message).encode("utf-8") + b"\n"))
                return self._wait_for_ack(socket, timeout_ms)
            finally:
                socket.abort()
        return False

    def _connect(self, socket: QLocalSocket, address: str | None = None) -> bool:
        """True when something listens on our name. On Unix this is settled at once."""
        socket.connectToServer(address or self.name)
        if socket.state() == QLocalSocket.LocalSocketState.ConnectingState:
            socket.waitForConnected(ANSWER_TIMEOUT_MS)  # the Windows named-pipe path
        return socket.state() == QLocalSocket.LocalSocketState.ConnectedState

    @staticmethod
    def _wait_for_ack(socket: QLocalSocket, timeout_ms: int) -> bool:
        """Waits in a local event loop, not a blocking wait, so that a server living in this
        same thread (as in the tests) can still accept and answer."""
        loop = QEventLoop()
        timer = QTimer(singleShot=True)
        for signal in (socket.readyRead, socket.disconnected, timer.timeout):
            signal.connect(loop.quit)
        timer.start(timeout_ms)
        while not socket.canReadLine() and timer.isActive() and \
                socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
            loop.exec()
        return socket.canReadLine() and bytes(socket.readLine().data()) == ACK

    # --- the running app -----------------------------------------------------------------

    def listen(self) -> bool:
        """Becomes the server for this data dir; False when that was not possible (the app
        then runs on, it just cannot receive hand-overs)."""
        # Not Qt's UserAccessOption: it renames its socket over any existing one, which would
        # take the name from an app that is running. The socket is made private below.
        server = QLocalServer(self)
        server.newConnection.connect(self._accept)
        listening = server.listen(self.name)
        if not listening and self._leftover_socket(server):
            # An app that crashed leaves its socket file behind; nobody answered on it.
            QLocalServer.removeServer(self.name)
            listening = server.listen(self.name)
        if not listening:
            server.deleteLater()
            return False
        self._server = server
        self._make_private(server.fullServerName())
        self._record_address(server.fullServerName())
        return True

    def _record_address(self, address: str) -> None:
        """Writes where this app listens into the data dir (private, 0700), for launches
        that would look elsewhere. Without a usable data dir they cannot share a log anyway."""
        from spasm_timer.data_dir import DataDirError, ensure_private_data_dir
        from spasm_timer.private_files import write_private_atomically

        try:
            ensure_private_data_dir(self.data_paths.root)
            write_private_atomically(self.data_paths.instance_address, address.encode("utf-8"))
        except (OSError, DataDirError):
            pass

    @staticmethod
    def _make_private(path: str) -> None:
        """Only this user may connect: the socket tells which routine someone is about to do."""
        if os.name == "posix":
            try:
                os.chmod(path, 0o600)
            except OSError:
                pass  # the folder it is in is private already, or it is not a file here

    def _leftover_socket(self, server: QLocalServer) -> bool:
        if server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            return False
        if not self._nobody_answered:  # listen() without try_hand_over first: look now
            probe = QLocalSocket()
            self._nobody_answered = not self._connect(probe)
            probe.abort()
        return self._nobody_answered

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def close(self) -> None:
        """Stops listening and removes the socket file (the app is quitting)."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def _accept(self) -> None:
        assert self._server is not None
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.setParent(self)
            buffer = bytearray()
            connection.readyRead.connect(lambda c=connection, b=buffer: self._read(c, b))
            connection.disconnected.connect(connection.deleteLater)
            # A client that connects and says nothing is dropped rather than kept forever.
            QTimer.singleShot(2 * ANSWER_TIMEOUT_MS, connection, connection.abort)
            self._read(connection, buffer)  # the line may have arrived with the connection

    def _read(self, connection: QLocalSocket, buffer: bytearray) -> None:
        buffer.extend(bytes(connection.readAll().data()))
        if b"\n" not in buffer:
            if len(buffer) > MAX_MESSAGE_BYTES:
                connection.abort()
            return
        line = bytes(buffer[: buffer.index(b"\n")])
        buffer.clear()
        message = parse_message(line) if len(line) <= MAX_MESSAGE_BYTES else None
        if message is None:
            connection.abort()  # malformed: ignored, and the sender gets no "ok"
            return
        connection.write(QByteArray(ACK))
        connection.flush()
        connection.disconnectFromServer()
        self.message_received.emit(message)
