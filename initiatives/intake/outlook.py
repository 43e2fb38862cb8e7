"""An Outlook message file (.msg) as the e-mail it holds, so that it goes the way an .eml goes.

Outlook saves a message as a compound file of MAPI properties, not as MIME. extract-msg reads it
(GPL-3.0-or-later: EUPL-1.2's appendix lists the GPL v3 as a compatible licence, see
docs/licences.md); this module turns what it read into MIME bytes for `mail.parse_mail`:

- the internet headers Outlook kept of a received message (with its Message-ID, so the same mail
  uploaded as .eml and as .msg opens one case), or headers made from the MAPI properties of a
  message that never travelled (a draft, a message saved before sending);
- the plain text and the HTML body (extract-msg takes the HTML out of the RTF body when Outlook
  kept only that);
- each attachment, and a message attached as a whole (a forward "as attachment") as an attached
  `message/rfc822`, so that the forward is unwrapped as in an .eml.

extract-msg's own `asEmailMessage` puts an attached message in as a multipart, where its text
is lost to a reader of MIME; hence this module.
"""

import logging
from email import policy
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import format_datetime, formataddr

#: The first bytes of every compound file (OLE2, MS-CFB): .msg, but also .doc and .xls of old.
COMPOUND_FILE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Attached messages inside attached messages: deeper than this is no forward, but a trap.
MAX_DEPTH = 8
#: Headers that describe the MIME structure of the message as it travelled: ours differs.
STRUCTURE_HEADERS = {"content-type", "content-transfer-encoding", "mime-version", "content-disposition"}

log = logging.getLogger(__name__)


class OutlookError(ValueError):
    """The data is not an Outlook message that can be read."""


def is_compound_file(data):
    return bytes(data[:8]) == COMPOUND_FILE_SIGNATURE


def outlook_to_mime(data):
    """The MIME bytes of the Outlook message in `data`; raise OutlookError when it cannot be read."""
    # Imported here: extract-msg takes most of a second to import, and only .msg files need it.
    import extract_msg
    from extract_msg.msg_classes import MessageBase

    try:
        message = extract_msg.openMsg(data, delayAttachments=False)
    except Exception as error:  # a broken file can fail anywhere in the parser
        log.info("an Outlook file could not be read: %s", error)
        raise OutlookError(str(error)) from None
    try:
        if not isinstance(message, MessageBase):  # a contact, a task or a note saved as .msg
            raise OutlookError(f"not a message but {type(message).__name__}")
        return _as_mime(message, depth=0).as_bytes(policy=policy.SMTP)
    except OutlookError:
        raise
    except Exception as error:
        log.info("an Outlook message could not be converted: %s", error)
        raise OutlookError(str(error)) from None
    finally:
        message.close()


def _as_mime(message, *, depth):
    if depth > MAX_DEPTH:
        raise OutlookError("attached messages nested too deeply")
    mime = EmailMessage(policy=policy.default)
    for name, value in _headers(message):
        try:
            mime[name] = value
        except (ValueError, TypeError):  # a header the email package will not take as it is
            continue
    body = message.body or ""
    html = _html(message)
    if body:
        mime.set_content(body, subtype="plain", cte="quoted-printable")
    if html:
        if body:
            mime.add_alternative(html, subtype="html", cte="quoted-printable")
        else:
            mime.set_content(html, subtype="html", cte="quoted-printable")
    for attachment in message.attachments:
        _attach(mime, attachment, depth=depth)
    return mime


def _headers(message):
    """(name, value) of the message's internet headers, or of headers made from its properties."""
    raw = message.headerText or ""
    raw = raw.removeprefix("Microsoft Mail Internet Headers Version 2.0").lstrip()
    if raw:
        parsed = HeaderParser(policy=policy.compat32).parsestr(raw)
        headers = [
            (name, " ".join(value.split()))  # unfolded: a header value may hold no line break
            for name, value in parsed.items()
            if name.lower() not in STRUCTURE_HEADERS
        ]
        if any(name.lower() == "from" for name, _value in headers):
            return headers
    made = []
    sender = _sender(message)
    if sender:
        made.append(("From", sender))
    if message.to:
        made.append(("To", message.to))
    if message.subject:
        made.append(("Subject", message.subject))
    if message.date:
        made.append(("Date", format_datetime(message.date)))
    if message.messageId:
        made.append(("Message-ID", message.messageId))
    return made


def _sender(message):
    """The sender as `Name <address>`: Outlook keeps the name (PidTagSenderName) and the SMTP
    address (PidTagSenderSmtpAddress, or PidTagSenderEmailAddress when that is one) apart."""
    name = message.getStringStream("__substg1.0_0C1A") or ""
    address = next(
        (
            value
            for value in (
                message.getStringStream("__substg1.0_5D01"),
                message.getStringStream("__substg1.0_0C1F"),  # an Exchange address ("/O=...") is none
            )
            if value and "@" in value
        ),
        "",
    )
    if not address:
        return name
    return formataddr((name, address)) if name and name != address else address


def _html(message):
    try:
        html = message.htmlBody
    except Exception:  # the RTF it would come from is broken: the plain text remains
        return ""
    if not html:
        return ""
    return html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html)


def _attach(mime, attachment, *, depth):
    from extract_msg.enums import AttachmentType

    if attachment.type in (AttachmentType.MSG, AttachmentType.SIGNED_EMBEDDED):
        mime.add_attachment(_as_mime(attachment.data, depth=depth + 1))  # as message/rfc822
        return
    data = attachment.data
    if not isinstance(data, bytes):  # a link to a file on the web, a broken one: nothing to keep
        return
    maintype, _slash, subtype = (attachment.mimetype or "application/octet-stream").partition("/")
    filename = attachment.getFilename() if hasattr(attachment, "getFilename") else attachment.name
    mime.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
