"""An e-mail's headers as text: the sender, the subject without forward prefixes, the Message-ID,
the date and an attachment's file name, decoded however the mail program wrote them (encoded
words, raw 8-bit text in UTF-8 or Windows-1252, malformed headers the parser trips over).
"""

import re
from datetime import UTC, datetime
from email import errors
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import parsedate_to_datetime


def _has_mail_headers(message: EmailMessage) -> bool:
    """The parser accepts anything; without a single one of these headers it is not an e-mail."""
    return any(name in message for name in ("From", "Subject", "Date", "Message-ID"))


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


def _filename(part: EmailMessage) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # see _header
        name = ""
    if "=?" in name:  # RFC 2047 words inside a quoted parameter: not allowed, but common
        name = _decode_words(name)
    return _fix_surrogates(name)
