"""Reading an e-mail (an uploaded .eml or Outlook .msg file, or a message from a Maildir or mbox)
into the parts a new case needs: who sent it, about what, the text and the attachments. An
Outlook file is read as the MIME message it holds (`outlook`), and from there as any other.

Pure parsing, no database and no Flask app: `parse_mail(data)` returns a `ParsedMail` or raises
`MailError` with a message that can be shown to the user.

The headers are read in `mail_headers`, the body in `mail_body`, the attachments in
`mail_attachments` and inline forwards in `mail_forwards`; what it gives is in `mail_types`.

Forwards are unwrapped, because neighbourhood managers often receive an idea through a colleague:
- a message attached as `message/rfc822` becomes the content, the outer sender `forwarded_by`;
- an inline forward ("---------- Forwarded message ---------", "Begin forwarded message:",
  "-------- Doorgestuurd bericht --------", ...) gives the original sender and subject from the
  header block after the marker. Outlook's "-----Original Message-----" (and a bare "From:" block
  under a line) also starts a reply quote, so it counts only when the subject says "FW:" or the like.
"""

import re
from dataclasses import replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from initiatives.intake.mail_attachments import _attachments
from initiatives.intake.mail_body import _body_parts, _part_text
from initiatives.intake.mail_forwards import FORWARD_SEPARATOR, _inline_forward, _join_note
from initiatives.intake.mail_headers import (
    _date,
    _has_mail_headers,
    _header,
    _message_id,
    _sender,
    clean_subject,
)
from initiatives.intake.mail_types import NO_CONTENT, NOT_AN_EMAIL, MailError, ParsedMail
from initiatives.intake.outlook import OutlookError, is_compound_file, outlook_to_mime


def parse_mail(data: bytes) -> ParsedMail:
    """Parse the bytes of one e-mail message (MIME, or an Outlook .msg file); raise MailError
    when it is not usable."""
    extension = ".eml"
    if is_compound_file(data):
        try:
            data = outlook_to_mime(data)
        except OutlookError:
            raise MailError(NOT_AN_EMAIL) from None
        extension = ".msg"
    message = _read_message(data)
    try:
        mail = _parse_message(message, outermost=True)
    except RecursionError:
        raise MailError(NOT_AN_EMAIL) from None
    if not (mail.sender_email or mail.forwarded_by or mail.body or mail.attachments):
        raise MailError(NO_CONTENT)
    return replace(mail, file_extension=extension)


# Reading the message


def _read_message(data: bytes) -> EmailMessage:
    data = bytes(data).removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")
    if not data.strip():
        raise MailError(NOT_AN_EMAIL)
    head = re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0]
    if b"\x00" in head:
        raise MailError(NOT_AN_EMAIL)
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except RecursionError:
        raise MailError(NOT_AN_EMAIL) from None
    if not _has_mail_headers(message):
        raise MailError(NOT_AN_EMAIL)
    return message


def _parse_message(message: EmailMessage, *, outermost: bool) -> ParsedMail:
    sender_name, sender_email = _sender(message)
    subject = _header(message, "Subject")
    body = "\n\n".join(text for part in _body_parts(message) if (text := _part_text(part)))
    attachments, forwarded = _attachments(message, find_forward=outermost)
    mail = ParsedMail(
        message_id=_message_id(message),
        sender_name=sender_name,
        sender_email=sender_email,
        subject=clean_subject(subject),
        body=body,
        received_at=_date(message),
        attachments=attachments,
        forwarded_by=None,
        original_body=body,
    )
    if forwarded is not None:
        original = _parse_message(forwarded, outermost=False)
        return ParsedMail(
            # The original's identity and date, so that the same idea forwarded twice is recognised.
            message_id=original.message_id or mail.message_id,
            sender_name=original.sender_name,
            sender_email=original.sender_email,
            subject=original.subject or mail.subject,
            body=_join_note(mail.body, FORWARD_SEPARATOR, original.body),
            received_at=original.received_at or mail.received_at,
            attachments=original.attachments + mail.attachments,
            forwarded_by=sender_email,
            original_body=original.body,
        )
    if outermost and (inline := _inline_forward(body, subject)) is not None:
        return ParsedMail(
            message_id=mail.message_id,
            sender_name=inline.sender_name,
            sender_email=inline.sender_email,
            subject=clean_subject(inline.subject) or mail.subject,
            body=inline.body,
            received_at=mail.received_at,
            attachments=mail.attachments,
            forwarded_by=sender_email,
            original_body=inline.forwarded,
        )
    return mail
