"""Inline forwards: the original sender, subject and text of a message forwarded in the body
("---------- Forwarded message ---------", "Begin forwarded message:", "-------- Doorgestuurd
bericht --------", ...), found by the marker and the header block after it. Outlook's "-----Original
Message-----" (and a bare "From:" block under a line) also starts a reply quote, so it counts
only when the subject says "FW:" or the like.
"""

import re
from dataclasses import dataclass

from initiatives.intake.mail_body import normalise_text
from initiatives.intake.mail_headers import _is_forward_subject, parse_address

#: Put between a colleague's note and the message they forwarded as an attachment.
FORWARD_SEPARATOR = "----------"


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
