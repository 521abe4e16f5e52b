"""One Spasm Timer per data dir where Python has no Unix-domain sockets (Windows): the same
hand-over as `single_instance`, over Qt's local sockets (named pipes there).

`single_instance` picks this class by itself; the names, addresses and messages are its own,
and so are the order of addresses to try and the rule for a leftover socket file
(`SingleInstanceBase`).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QEventLoop, QObject, QTimer
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from spasm_timer.paths import DataPaths
from spasm_timer.single_instance import (
    ACK,
    ANSWER_TIMEOUT_MS,
    MAX_MESSAGE_BYTES,
    SingleInstanceBase,
    make_private,
    parse_message,
    record_address,
)


class SingleInstance(SingleInstanceBase[QLocalSocket]):
    """The check at launch (`try_hand_over`) and the server of the app that runs (`listen`)."""

    def __init__(self, data_paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(data_paths, parent)
        self._server: QLocalServer | None = None

    # --- the second launch ---------------------------------------------------------------

    def _connect(self, address: str) -> tuple[QLocalSocket | None, bool]:
        """Connected when something listens at `address`; when not, nobody is there. On
        Unix this is settled at once."""
        socket = QLocalSocket()
        socket.connectToServer(address)
        if socket.state() == QLocalSocket.LocalSocketState.ConnectingState:
            socket.waitForConnected(ANSWER_TIMEOUT_MS)  # the Windows named-pipe path
        if socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
            return socket, False
        socket.abort()
        return None, True

    def _send(self, connection: QLocalSocket, message: dict[str, Any],
              timeout_ms: int) -> bool:
        try:
            connection.write(QByteArray(json.dumps(message).encode("utf-8") + b"\n"))
            return self._wait_for_ack(connection, timeout_ms)
        finally:
            connection.abort()

    def _hang_up(self, connection: QLocalSocket) -> None:
        connection.abort()

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
        if not listening and server.serverError() == \
                QAbstractSocket.SocketError.AddressInUseError and self._leftover_socket():
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
