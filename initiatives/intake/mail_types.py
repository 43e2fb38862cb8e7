"""What reading an e-mail gives: a `ParsedMail` with its `MailAttachment`s, or a `MailError`
with a message that can be shown to the user.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

NOT_AN_EMAIL = _l(
    "This file is not an e-mail message. Choose an e-mail saved as .eml or .msg. From Outlook: open"
    " the message, choose File > Save As and as the type Outlook Message Format - Unicode (*.msg);"
    " or drag the message from Outlook into a folder."
)
NO_CONTENT = _l("This e-mail has no sender and no text, so it cannot become a case.")


class MailError(ValueError):
    """The data is not an e-mail that can become a case; str(error) is fit to show the user."""


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedMail:
    """What a case needs from an e-mail. For a forward, the sender, subject and text are those of
    the forwarded (original) message and `forwarded_by` is the colleague's address. A message
    attached as a whole also gives its own Message-ID and Date (when it has them), so that the same
    idea forwarded twice has the same `message_id`; an inline forward keeps those of the outer mail.
    `subject` is "" when there is none: the caller decides what to show instead. `original_body` is
    the sender's own text: `body` without a forwarding colleague's note (all of `body` otherwise).
    `file_extension` is how the file it came from is named: ".eml", or ".msg" for Outlook's."""

    message_id: str | None
    sender_name: str
    sender_email: str | None
    subject: str
    body: str
    received_at: datetime | None
    attachments: tuple[MailAttachment, ...]
    forwarded_by: str | None
    original_body: str
    file_extension: str = ".eml"

    @property
    def forward_note(self) -> str:
        """What a forwarding colleague wrote above the original, with the marker ("" if none)."""
        return self.body.removesuffix(self.original_body)
