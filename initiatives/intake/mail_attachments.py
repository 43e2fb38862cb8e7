"""An e-mail's attachments and their limits: safe file names, no signatures, no text alternatives
left unshown; an attached message is kept as an .eml file, or is the forwarded message itself.
"""

import base64
import mimetypes
import quopri
import unicodedata
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from initiatives.intake.mail_headers import _filename, _has_mail_headers, _header, clean_subject
from initiatives.intake.mail_types import MailAttachment

#: Signatures that prove who sent a message; not content for a case.
SIGNATURE_TYPES = {
    "application/pgp-signature",
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
}

MAX_FILENAME_LENGTH = 200


def safe_filename(name: str, content_type: str) -> str:
    """The last path component, without control characters; a made-up name when nothing is left."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_FILENAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_FILENAME_LENGTH]
    return name or "attachment" + (mimetypes.guess_extension(content_type) or "")


def _attachments(
    message: EmailMessage, *, find_forward: bool
) -> tuple[tuple[MailAttachment, ...], EmailMessage | None]:
    """The attachments, and (when asked) the first attached message, which is then not one of them."""
    attachments = []
    forwarded = None
    stack = [message]
    while stack:
        part = stack.pop()
        content_type = part.get_content_type()
        if part.get_content_maintype() == "multipart":
            if part.is_multipart():
                stack.extend(reversed(list(part.iter_parts())))
            continue
        if content_type == "message/rfc822":
            inner = _attached_message(part)
            if inner is None:
                continue
            if find_forward and forwarded is None:
                forwarded = inner
                continue
            data = _message_bytes(inner)
            if data is not None:
                name = _filename(part) or clean_subject(_header(inner, "Subject")) + ".eml"
                attachments.append(MailAttachment(safe_filename(name, content_type), content_type, data))
            continue
        if content_type in SIGNATURE_TYPES or part.is_multipart():
            continue
        if part.get_content_maintype() == "text" and not (part.is_attachment() or _filename(part)):
            continue  # an alternative we did not show, such as text/calendar
        data = part.get_payload(decode=True) or b""
        attachments.append(MailAttachment(safe_filename(_filename(part), content_type), content_type, data))
    return tuple(attachments), forwarded


def _attached_message(part: EmailMessage) -> EmailMessage | None:
    inner = part.get_payload(0) if part.is_multipart() else None
    if not isinstance(inner, EmailMessage):
        return None
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding in ("base64", "quoted-printable") and not inner.keys():
        # Not allowed for message/rfc822, but some programs do it: the parser then sees no headers.
        encoded = inner.get_payload()
        if not isinstance(encoded, str):
            return None
        encoded_bytes = encoded.encode("ascii", "surrogateescape")
        try:
            data = (
                base64.b64decode(encoded_bytes)
                if encoding == "base64"
                else quopri.decodestring(encoded_bytes)
            )
        except ValueError:
            return None
        inner = BytesParser(policy=policy.default).parsebytes(data)
    return inner if _has_mail_headers(inner) else None


def _message_bytes(message: EmailMessage) -> bytes | None:
    try:
        return message.as_bytes()
    except (ValueError, LookupError, UnicodeError, TypeError):
        return None
