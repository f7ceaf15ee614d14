"""Real SMTP servers for tests: aiosmtpd on a free port that can go down and come back, and a
"black hole" that accepts connections and never answers (a hung mail server)."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _CountingController(Controller):
    def __init__(self, server: MailServer) -> None:
        super().__init__(server, hostname="127.0.0.1", port=server.port)
        self.mail = server

    def factory(self) -> SMTP:
        self.mail.count_connection()
        return super().factory()


class MailServer:
    """Counts the connections made to it (not aiosmtpd's own start-up probe) and keeps every
    message received. `answers` maps a recipient to the SMTP reply its RCPT gets (e.g. "451 ...")."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.connections = 0
        self.answers: dict[str, str] = {}
        self._lock = threading.Lock()
        self._controller: _CountingController | None = None
        self._counting = False

    def start(self) -> None:
        self._controller = _CountingController(self)
        self._controller.start()
        self._counting = True

    def stop(self) -> None:
        """The server goes away: connections are refused until start()."""
        self._counting = False
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def count_connection(self) -> None:
        with self._lock:
            if self._counting:
                self.connections += 1

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.answers.get(address)
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted"

    def received_ids(self) -> Counter:
        with self._lock:
            return Counter(message["Message-ID"] for message in self.messages)


class BlackHole:
    """A mail server that accepts connections and never says a word. `connections()` is exact:
    it connects once itself and counts what the listener accepted before that sentinel."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._accepted: list[socket.socket] = []

    def connections(self) -> int:
        sentinel = socket.create_connection(("127.0.0.1", self.port))
        try:
            while True:
                conn, _ = self._listener.accept()
                if conn.getpeername() == sentinel.getsockname():
                    conn.close()
                    return len(self._accepted)
                self._accepted.append(conn)
        finally:
            sentinel.close()

    def close(self) -> None:
        for conn in self._accepted:
            conn.close()
        self._listener.close()
