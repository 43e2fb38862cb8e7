"""How mails leave: an SMTP server (STARTTLS, TLS or plain, with or without a log-in), or in
development without one a Maildir under instance/ that any mail program opens.

A transport raises `TryAgain` when the mail may go later (the server is down, busy or answers
4xx) and `Refused` when it never will (a 5xx answer about this mail).
"""

import mailbox
import smtplib
import ssl
from pathlib import Path

SECURITIES = ("starttls", "tls", "none")


class DeliveryError(Exception):
    """A mail could not be sent now."""


class TryAgain(DeliveryError):
    """A passing failure: the server could not be reached or answered 4xx."""

    #: Whether the server itself failed (the next mails would fail alike), not this mail.
    server_unreachable = False


class ServerUnreachable(TryAgain):
    server_unreachable = True


class Refused(DeliveryError):
    """A permanent failure: the server answered 5xx about this mail."""


class NoTransport(Exception):
    """Production without BRICOLEUR_SMTP_HOST: mails wait in the outbox."""


class SmtpTransport:
    """One connection per run, opened at the first mail and reused for the next ones."""

    def __init__(self, host, port, *, security="starttls", username=None, password=None, timeout=30):
        if security not in SECURITIES:
            raise ValueError(
                f"BRICOLEUR_SMTP_SECURITY must be one of {', '.join(SECURITIES)}, not {security!r}."
            )
        self.host, self.port, self.security = host, port, security
        self.username, self.password, self.timeout = username, password, timeout
        self._connection = None

    def describe(self):
        return f"SMTP {self.host}:{self.port} ({self.security})"

    def _connect(self):
        context = ssl.create_default_context()
        if self.security == "tls":
            connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            connection.ehlo()
            if self.security == "starttls":
                connection.starttls(context=context)
                connection.ehlo()
            if self.username:
                connection.login(self.username, self.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, message):
        try:
            if self._connection is None:
                self._connection = self._connect()
            refused = self._connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            code, answer = next(iter(error.recipients.values()))
            raise _by_code(code, answer) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise _by_code(error.smtp_code, error.smtp_error) from None
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError) as error:
            # The settings are wrong, not the mail: it goes once an admin has fixed them.
            self.close()
            raise ServerUnreachable(f"{self.describe()}: {_text(error)}") from None
        except smtplib.SMTPResponseException as error:
            self.close()
            raise _by_code(error.smtp_code, error.smtp_error, unreachable=error.smtp_code < 500) from None
        except (OSError, smtplib.SMTPException) as error:  # refused, timed out, disconnected, TLS
            self.close()
            raise ServerUnreachable(f"{self.describe()}: {_text(error)}") from None
        if refused:
            code, answer = next(iter(refused.values()))
            raise _by_code(code, answer)

    def close(self):
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()


class MaildirTransport:
    """Development without an SMTP server: each mail a file in a Maildir (its new/ folder)."""

    def __init__(self, path):
        self.path = Path(path)

    def describe(self):
        return f"Maildir {self.path}"

    def send(self, message):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        box = mailbox.Maildir(self.path, create=True)
        try:
            box.add(message)
        finally:
            box.close()

    def close(self):
        pass


def transport_for(config):
    """The transport the settings give; NoTransport in production without an SMTP host."""
    if config.get("SMTP_HOST"):
        return SmtpTransport(
            config["SMTP_HOST"],
            config["SMTP_PORT"],
            security=config["SMTP_SECURITY"],
            username=config.get("SMTP_USERNAME"),
            password=config.get("SMTP_PASSWORD"),
            timeout=config["SMTP_TIMEOUT_SECONDS"],
        )
    if config["ENV_NAME"] == "production":
        raise NoTransport("BRICOLEUR_SMTP_HOST is not set: no mail is sent; they wait in the outbox.")
    return MaildirTransport(config["MAILDIR"])


def _by_code(code, answer, *, unreachable=False):
    text = f"{code} {_text(answer)}"
    if 400 <= code < 500:
        return ServerUnreachable(text) if unreachable else TryAgain(text)
    return Refused(text)


def _text(answer):
    if isinstance(answer, bytes):
        return answer.decode("utf-8", "replace")
    return str(answer)
