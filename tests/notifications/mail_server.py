"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the delivery tests;
it can be told to answer a number of mails with a 4xx or 5xx code instead."""

import socket
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Recorder:
    """aiosmtpd's handler: keeps each mail, or answers with `refusals`' next code."""

    def __init__(self):
        self.mails = []
        #: Answers for the next mails' data, e.g. ["451 4.3.0 Try later", "550 5.1.1 No such user"].
        self.refusals = []

    async def handle_DATA(self, server, session, envelope):
        if self.refusals:
            return self.refusals.pop(0)
        mail = message_from_bytes(envelope.content, policy=policy.default)
        self.mails.append((envelope.rcpt_tos, mail))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    def __init__(self, **controller_options):
        self.recorder = Recorder()
        self.port = free_port()
        self.controller = Controller(
            self.recorder, hostname="127.0.0.1", port=self.port, **controller_options
        )

    @property
    def mails(self):
        return [mail for _, mail in self.recorder.mails]

    def settings(self, **more):
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_SECURITY": "none", **more}

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
