"""Reading an e-mail (an uploaded .eml or Outlook .msg file, or a message from a Maildir or mbox)
into the parts a new case needs: who sent it, about what, the text and the attachments. An
Outlook file is read as the MIME message it holds (`outlook`), and from there as any other.

Pure parsing, no database and no Flask app: `parse_mail(data)` returns a `ParsedMail` or raises
`MailError` with a message that can be shown to the user.

Forwards are unwrapped, because neighbourhood managers often receive an idea through a colleague:
- a message attached as `message/rfc822` becomes the content, the outer sender `forwarded_by`;
- an inline forward ("---------- Forwarded message ---------", "Begin forwarded message:",
  "-------- Doorgestuurd bericht --------", ...) gives the original sender and subject from the
  header block after the marker. Outlook's "-----Original Message-----" (and a bare "From:" block
  under a line) also starts a reply quote, so it counts only when the subject says "FW:" or the like.
"""

import base64
import codecs
import mimetypes
import quopri
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email import errors, policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag
from flask_babel import lazy_gettext as _l

from initiatives.intake.outlook import OutlookError, is_compound_file, outlook_to_mime

NOT_AN_EMAIL = _l(
    "This file is not an e-mail message. Choose an e-mail saved as .eml or .msg. From Outlook: open"
    " the message, choose File > Save As and as the type Outlook Message Format - Unicode (*.msg);"
    " or drag the message from Outlook into a folder."
)
NO_CONTENT = _l("This e-mail has no sender and no text, so it cannot become a case.")

#: Put between a colleague's note and the message they forwarded as an attachment.
FORWARD_SEPARATOR = "----------"

#: Signatures that prove who sent a message; not content for a case.
SIGNATURE_TYPES = {
    "application/pgp-signature",
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
}

MAX_FILENAME_LENGTH = 200


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


def _has_mail_headers(message: EmailMessage) -> bool:
    """The parser accepts anything; without a single one of these headers it is not an e-mail."""
    return any(name in message for name in ("From", "Subject", "Date", "Message-ID"))


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


# Headers


def _raw_header(message: EmailMessage, name: str) -> str | None:
    return next((value for key, value in message.raw_items() if key.lower() == name.lower()), None)


def _header(message: EmailMessage, name: str) -> str:
    """The decoded header text, on one line; "" when absent."""
    raw = _raw_header(message, name)
    if raw and re.search("[\udc80-\udcff]", raw):
        # Raw 8-bit text, not allowed but common: the parser would make it U+FFFD, so decode it here.
        return " ".join(_decode_words(_fix_surrogates(raw)).split())
    try:
        value = message.get(name)
        text = "" if value is None else str(value)
    except Exception:  # the header parser trips over some malformed input; decode by hand instead
        text = _decode_words(raw or "")
    return " ".join(_fix_surrogates(text).split())


def _decode_words(text: str) -> str:
    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError, errors.MessageError):  # e.g. a charset not known
        return text


def _fix_surrogates(text: str) -> str:
    """Undo the parser's escaping of raw 8-bit header bytes: UTF-8 if it is, else Windows-1252."""
    if not re.search("[\udc80-\udcff]", text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeError:
        return re.sub(
            "[\udc80-\udcff]", lambda m: bytes([ord(m[0]) - 0xDC00]).decode("cp1252", "replace"), text
        )


def _sender(message: EmailMessage) -> tuple[str, str | None]:
    try:
        header = message.get("From")
        addresses = () if header is None else header.addresses
    except Exception:  # see _header
        addresses = ()
    for address in addresses:
        if "@" in address.addr_spec:
            return " ".join(_fix_surrogates(address.display_name).split()), address.addr_spec
    return parse_address(_header(message, "From"))


_BRACKETED_ADDRESS = re.compile(
    r"<\s*(?:mailto:)?([^<>\s]+@[^<>\s]+?)\s*>|\[\s*mailto:([^\]\s]+@[^\]\s]+)\s*\]"
)
_BARE_ADDRESS = re.compile(r"[^\s<>\[\]()\"',;:]+@[^\s<>\[\]()\"',;:]+\.[^\s<>\[\]()\"',;:]+")


def parse_address(text: str) -> tuple[str, str | None]:
    """Name and address from a written sender such as `José <jose@example.nl>`, `"Hof, G. van 't"
    <g@example.nl>`, `Jan Jansen [mailto:jan@example.nl]`, `jan@example.nl` or just `Jan Jansen`."""
    if bracketed := _BRACKETED_ADDRESS.search(text):
        address, (start, end) = bracketed.group(1) or bracketed.group(2), bracketed.span()
    elif bare := _BARE_ADDRESS.search(text):
        address, (start, end) = bare.group(0), bare.span()
    else:
        return _clean_name(text), None
    name = _clean_name(text[:start] + text[end:])
    return ("" if name == address else name), address


def _clean_name(text: str) -> str:
    text = " ".join(text.split())
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].replace('\\"', '"').strip()
    return text


def _message_id(message: EmailMessage) -> str | None:
    return "".join((_raw_header(message, "Message-ID") or "").split()) or None


def _date(message: EmailMessage) -> datetime | None:
    raw = _raw_header(message, "Date")
    if not raw:
        return None
    try:
        moment = parsedate_to_datetime(" ".join(raw.split()))
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


_FORWARD_PREFIX = re.compile(r"^(?:\s*(?:fwd?|doorst|tr|wg)\s*(?:\[\d+\])?\s*:)+\s*", re.IGNORECASE)
_BRACKETED_FORWARD = re.compile(r"^\[\s*(?:fwd?|doorst)\s*:\s*(.*)\]$", re.IGNORECASE)


def clean_subject(subject: str) -> str:
    """The subject without (repeated) forward prefixes such as "Fwd:", "FW:", "Doorst:" and "TR:"."""
    subject = " ".join(subject.split())
    if match := _BRACKETED_FORWARD.match(subject):  # Thunderbird of old: "[Fwd: subject]"
        subject = match.group(1)
    return _FORWARD_PREFIX.sub("", subject).strip()


def _is_forward_subject(subject: str) -> bool:
    return bool(_FORWARD_PREFIX.match(subject) or _BRACKETED_FORWARD.match(subject.strip()))


# Body text


def _body_parts(part: EmailMessage) -> list[EmailMessage]:
    """The text parts a mail program would show as the message, in order; text/plain preferred."""
    if part.is_multipart() and part.get_content_maintype() == "multipart":
        children = list(part.iter_parts())
        if part.get_content_subtype() == "alternative":
            for child in children:
                if _is_body_text(child) and child.get_content_subtype() == "plain" and _part_text(child):
                    return [child]
            for child in reversed(children):  # the richest alternative comes last
                if found := _body_parts(child):
                    return found
            return []
        if part.get_content_subtype() == "related":  # the root part, then images it shows
            children = children[:1]
        return [found for child in children for found in _body_parts(child)]
    return [part] if _is_body_text(part) else []


def _is_body_text(part: EmailMessage) -> bool:
    return (
        part.get_content_type() in ("text/plain", "text/html")
        and not part.is_attachment()
        and not _filename(part)
    )


def _part_text(part: EmailMessage) -> str:
    text = _decode(part.get_payload(decode=True) or b"", part.get_content_charset())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    elif (part.get_param("format") or "").lower() == "flowed":
        text = _unflow(text, delsp=(part.get_param("delsp") or "").lower() == "yes")
    return normalise_text(text)


_SINGLE_BYTE_WESTERN = {"ascii", "iso8859-1", "cp1252"}


def _decode(payload: bytes, charset: str | None) -> str:
    """Decode with the declared charset. "iso-8859-1", "us-ascii" or nothing declared is often
    not true: then UTF-8 if the bytes are valid UTF-8, else Windows-1252 (which has the € sign)."""
    if charset:
        try:
            codec = codecs.lookup(charset).name
        except (LookupError, ValueError):  # ValueError: a NUL in the name
            codec = None
        if codec and codec not in _SINGLE_BYTE_WESTERN:
            try:
                return payload.decode(codec, "replace")
            except (LookupError, UnicodeError):
                pass  # not a text encoding (rot13, base64: codecs knows them too), or no "replace" (punycode)
    for codec in ("utf-8", "cp1252"):
        try:
            return payload.decode(codec)
        except UnicodeDecodeError:
            continue
    return payload.decode("latin-1")


def _unflow(text: str, *, delsp: bool) -> str:
    """Join the soft line breaks of format=flowed text (RFC 3676)."""
    lines: list[tuple[int, str]] = []
    open_line: tuple[int, str] | None = None
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:].removeprefix(" ")  # remove space-stuffing
        signature = content == "-- "
        if open_line is not None and (open_line[0] != depth or signature):
            lines.append(open_line)
            open_line = None
        joined = content if open_line is None else open_line[1] + content
        if content.endswith(" ") and not signature:
            open_line = (depth, joined[:-1] if delsp else joined)
        else:
            lines.append((depth, joined))
            open_line = None
    if open_line is not None:
        lines.append(open_line)
    return "\n".join(">" * depth + (" " if depth and content else "") + content for depth, content in lines)


_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u00ad"))


def normalise_text(text: str) -> str:
    """Unix line ends, no trailing whitespace (the signature delimiter "-- " stays), at most one
    blank line in a row, no blank lines at the start or end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    lines = []
    for line in text.split("\n"):
        trimmed = line.rstrip()
        lines.append("-- " if trimmed == "--" and line.startswith("-- ") else trimmed)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


# HTML

#: Elements whose content is never text for a reader.
_HIDDEN_TAGS = {
    "applet",
    "embed",
    "iframe",
    "noscript",
    "object",
    "script",
    "style",
    "svg",
    "template",
    "title",
}
#: Elements that stand apart by a blank line.
_PARAGRAPH_TAGS = {"blockquote", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "p", "pre", "table", "ul"}
#: Elements that start on a line of their own.
_BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "caption",
    "center",
    "dd",
    "div",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "section",
    "tr",
}


def html_to_text(html: str) -> str:
    """Readable plain text from an HTML mail: no markup, no script or style content, entities
    decoded, blocks and <br> on lines of their own, list items as "- item", web links kept."""
    soup = BeautifulSoup(html, "html.parser")
    out: list[str | int] = []  # text, or the number of line breaks a block boundary asks for
    stack: list[tuple[Tag | NavigableString, bool]] = [(soup, False)]
    preformatted = 0
    while stack:  # depth first, without recursion: mails can nest very deeply
        node, leaving = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, CDATA, doctype...
                out.append(str(node) if preformatted else re.sub(r"\s+", " ", str(node)))
            continue
        name = (node.name or "").lower()
        if name == "pre":
            preformatted += -1 if leaving else 1
        if leaving:
            if name == "a":
                out.append(_link_target(node))
            elif name in ("td", "th"):
                out.append(" ")
            out.append(_breaks_around(name))
            continue
        if name in _HIDDEN_TAGS:
            continue
        if name == "br":
            out.append("\n")
            continue
        out.append(_breaks_around(name))
        if name == "li":
            out.append("- ")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    text = _join_blocks(out).replace("\xa0", " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    lines = ("-- " if line == "--" else line for line in lines)  # the signature delimiter
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _breaks_around(name: str) -> int:
    if name in _PARAGRAPH_TAGS:
        return 2
    return 1 if name in _BLOCK_TAGS else 0


def _join_blocks(out: list[str | int]) -> str:
    """Text with line breaks between blocks: adjoining boundaries give the most breaks any of
    them asks for, not the sum, and the white space between blocks is dropped."""
    pieces: list[str] = []
    breaks = 0
    for item in out:
        if isinstance(item, int):
            breaks = max(breaks, item)
        elif item and not (breaks and item.isspace() and "\n" not in item):  # keep <br>
            pieces.append("\n" * breaks + item)
            breaks = 0
    return "".join(pieces)


def _link_target(link: Tag) -> str:
    """The web address, in brackets, to put after a link whose text does not show it."""
    href = link.get("href")
    if not isinstance(href, str):
        return ""
    href = href.strip()
    if not re.match(r"https?://", href, re.IGNORECASE) or href in link.get_text():
        return ""
    return f" ({href})"


# Attachments


def _filename(part: EmailMessage) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # see _header
        name = ""
    if "=?" in name:  # RFC 2047 words inside a quoted parameter: not allowed, but common
        name = _decode_words(name)
    return _fix_surrogates(name)


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


# Inline forwards

_FORWARD_MARKER = re.compile(
    r"""^\s*(?:
        (?P<forward>
            -{2,}\s*(?:forwarded\s+message|doorgestuurd\s+bericht)\s*-{2,}
          | begin\s+(?:forwarded\s+message|doorgestuurd\s+bericht)\s*:
        )
      | -{2,}\s*(?:original\s+message|oorspronkelijk\s+bericht)\s*-{2,}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_RULE = re.compile(r"^\s*(?:_{8,}|-{8,})\s*$")
_HEADER_KEYS = {
    "from": "from",
    "van": "from",
    "subject": "subject",
    "onderwerp": "subject",
    "date": "date",
    "datum": "date",
    "sent": "date",
    "verzonden": "date",
    "to": "to",
    "aan": "to",
    "cc": "to",
    "bcc": "to",
    "reply-to": "reply-to",
    "antwoord aan": "reply-to",
}
# "From: x", "*From:* x" (bold in a plain-text rendering of HTML) and "*From*: x".
_HEADER_LINE = re.compile(
    r"^\s*\*?(?P<key>from|van|subject|onderwerp|date|datum|sent|verzonden|to|aan|cc|bcc|reply-to|antwoord\s+aan)"
    r"(?::\*|\*:|:)\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _InlineForward:
    sender_name: str
    sender_email: str | None
    subject: str
    body: str
    #: The forwarded message's own text, the end of `body`.
    forwarded: str


def _header_line(line: str) -> tuple[str, str] | None:
    match = _HEADER_LINE.match(line)
    if match is None:
        return None
    return _HEADER_KEYS[" ".join(match["key"].lower().split())], match["value"]


def _inline_forward(body: str, subject: str) -> _InlineForward | None:
    """The original message in a body with a forward marker and a header block with a sender."""
    lines = body.split("\n")
    forward_subject = _is_forward_subject(subject)
    start = None
    for index, line in enumerate(lines):
        match = _FORWARD_MARKER.match(line)
        if match and (match["forward"] or forward_subject):
            note, marker, start = lines[:index], line.strip(), index + 1
            break
    if start is None:
        if not forward_subject:
            return None
        # Outlook without a marker: a "From:" line (perhaps under a rule) that opens a header block.
        for index, line in enumerate(lines):
            header = _header_line(line)
            if header and header[0] == "from" and len(_read_header_block(lines, index)[0]) > 1:
                rule = index > 0 and _RULE.match(lines[index - 1])
                note = lines[: index - 1] if rule else lines[:index]
                marker = lines[index - 1].strip() if rule else FORWARD_SEPARATOR
                start = index
                break
        else:
            return None
    while start < len(lines) and not lines[start].strip():
        start += 1
    headers, end = _read_header_block(lines, start)
    if "from" not in headers:
        return None
    sender_name, sender_email = parse_address(headers["from"])
    forwarded = normalise_text("\n".join(lines[end:]))
    return _InlineForward(
        sender_name=sender_name,
        sender_email=sender_email,
        subject=headers.get("subject", ""),
        body=_join_note(normalise_text("\n".join(note)), marker, forwarded),
        forwarded=forwarded,
    )


def _read_header_block(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """The header lines from `start` ("From: ...", "Onderwerp: ..."), and where the text begins."""
    headers: dict[str, str] = {}
    last_key = None
    index = start
    while index < len(lines):
        header = _header_line(lines[index])
        if header is not None:
            key, value = header
            if key in headers and key != "to":
                break
            headers.setdefault(key, value)
            last_key = key
            index += 1
        elif not lines[index].strip():
            # Some programs put a blank line between the headers: go on if another one follows.
            following = next((i for i in range(index, len(lines)) if lines[i].strip()), None)
            header = None if following is None else _header_line(lines[following])
            if not headers or header is None or header[0] in headers:
                break
            index = following
        elif last_key == "to":  # a long list of recipients goes on over several lines
            index += 1
        else:
            break
    return headers, index


def _join_note(note: str, separator: str, text: str) -> str:
    """A colleague's note, then the message they forwarded."""
    if not note:
        return text
    return f"{note}\n\n{separator}\n\n{text}".rstrip("\n")
