"""One Spasm Timer per data dir where Python has no Unix-domain sockets (Windows): the same
hand-over as `single_instance`, over Qt's local sockets (named pipes there).

`single_instance` picks this class by itself; the names, addresses and messages are its own.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QEventLoop, QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from spasm_timer.paths import DataPaths
from spasm_timer.single_instance import (
    ACK,
    ANSWER_TIMEOUT_MS,
    MAX_MESSAGE_BYTES,
    make_private,
    parse_message,
    record_address,
    recorded_address,
    server_address,
)


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
        make_private(server.fullServerName())
        record_address(self.data_paths, server.fullServerName())
        return True

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
