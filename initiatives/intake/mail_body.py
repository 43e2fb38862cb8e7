"""An e-mail's body as plain text: the parts a mail program would show, decoded with the charset
they declare (or the one they really have), format=flowed lines joined, HTML made readable text.
"""

import codecs
import re
from email.message import EmailMessage

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from initiatives.intake.mail_headers import _filename


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
