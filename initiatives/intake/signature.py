"""The signature under an e-mail: recognised, read into contact data and taken out of the text.

`split_signature(text)` looks for a block that starts at a sign-off line ("Met vriendelijke groet,",
"Groetjes, Ayşe", "Mvg", "Kind regards", ...) or at the RFC 3676 separator "-- ", and runs to the
end of the text or to a quoted part ("> ..." lines, "Op ... schreef ...:", an "Original message"
or forward marker, a "Van:"/"From:" header block). It returns the text without that block (the
sign-off line goes with it) and what the block says: a name, a home address, phone numbers,
e-mail addresses and an organisation.

Other lines of the block go too when they are part of a signature (a job title, a web address,
"Verzonden vanaf mijn iPhone"); a sentence in it ("PS: de foto's volgen.") stays in the text.
A text without a sign-off is returned as it is.

Phone numbers, e-mail addresses, postcodes and street addresses are found with the anonymiser's
patterns (`core.anonymise.patterns`): what intake takes out of a text is what an export would redact.
Pure: no database and no Flask app.
"""

import re
from dataclasses import dataclass

from initiatives.core.anonymise.patterns import (
    EMAIL_PATTERN,
    PHONE_PATTERN,
    POSTCODE,
    STREET_ADDRESS,
    address_spans,
    phone_digits,
)
from initiatives.core.anonymise.words import PARTICLES, fold
from initiatives.intake.mail_body import normalise_text

#: Lines after a sign-off (blank ones not counted) beyond which it is no signature but a letter
#: that goes on ("Groeten uit de buurt" halfway).
MAX_SIGNATURE_LINES = 12
#: The longest line that may start a quoted message ("Op ... schreef Naam <adres>:").
MAX_QUOTE_START_LENGTH = 300
#: Sentences a signature block may hold ("PS: ..."); with more, the sign-off was not the end.
MAX_SENTENCES = 3


@dataclass(frozen=True)
class Signature:
    """The contact data of a signature block; "" or () for what it does not give."""

    name: str = ""
    #: Street and house number, postcode and place, as one text: "Vinkenstraat 14, 1234 AB Voorbeeldstad".
    address: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    organisation: str = ""


@dataclass(frozen=True)
class SignedText:
    """A message's text without its signature block, and the signature (None: none recognised,
    and `text` is the text as given)."""

    text: str
    signature: Signature | None


_SIGN_OFF = re.compile(
    r"""(?:
        (?:met\s+)?(?:(?:vriendelijke|hartelijke|lieve|warme|zonnige|beste|veel|goede)\s+)?groet(?:en|jes)?
      | m\.?v\.?g\.?
      | (?:with\s+)?(?:(?:kind|kindest|best|warm|warmest)\s+)?regards
    )(?P<rest>[\s,.!:;-].*)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_SEPARATOR = "-- "
#: Where an older message starts that this one quotes or forwards: what follows is not the sender's.
_QUOTE_START = re.compile(
    r"""^\s*(?:
        (?:op|on)\s.*\s(?:schreef|wrote)\b.*:$
      | -{2,}\s*(?:original\s+message|oorspronkelijk\s+bericht|forwarded\s+message|doorgestuurd\s+bericht)\s*-{2,}
      | begin\s+(?:forwarded\s+message|doorgestuurd\s+bericht)\s*:
      | \*?(?:from|van)\*?:\*?\s.*
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
#: What mail programs add under a message.
_DEVICE_FOOTER = re.compile(
    r"^(?:(?:verzonden|verstuurd|gestuurd|sent|envoyé)\s+(?:vanaf|vanuit|via|met|van|from|with|using)\b"
    r"|(?:get|download|haal)\s+outlook\b|outlook\s+(?:voor|for)\s)",
    re.IGNORECASE,
)
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
#: Several fields on one line: "T 06-12345678 | E ayse@example.nl".
_FIELD_SEPARATOR = re.compile(r"\s*\|\s*|\s+[·•]\s+")
_LABEL = (
    r"(?:tel(?:efoon)?|telephone|phone|mob(?:iel)?|mobile|gsm|fax|t|m|e|w|e-?mail|mail|web(?:site)?"
    r"|adres|address|post)"
)
#: What labels a contact field ("Tel.:", "M", "E-mail:"), left over once its value is taken out.
_LABELS_ONLY = re.compile(rf"(?:{_LABEL}\b\.?\s*:?\s*)+", re.IGNORECASE)
#: Labels after a name whose value was taken out: "Anna Smit, tel." (a label starts a word).
_TRAILING_LABELS = re.compile(rf"(?:(?<![^\s,;]){_LABEL}\b\.?\s*:?\s*)+$", re.IGNORECASE)
_PUNCTUATION = " \t,.;:/()<>[]-–—\"'"
_SENTENCE_END = re.compile(r"[.?!:]$")

#: Words that open a line of thanks or greeting, not a name ("Bedankt", "Hoi").
_NOT_A_NAME_LIST = """
    bedankt dank alvast hartelijk hoi hallo hai beste dag groet groeten groetjes thanks thank
    cheers regards succes tot ps p.s. namens fijne prettige liefs
"""
_NOT_A_NAME = frozenset(_NOT_A_NAME_LIST.split())
#: Words of a job title or role; a line of only these is left out, in front of an organisation dropped.
_ROLE_WORD_LIST = """
    voorzitter vicevoorzitter secretaris penningmeester bestuurslid bestuur coordinator
    contactpersoon namens lid vrijwilliger initiatiefnemer bewoner buurtbewoner woordvoerder
    chair chairman chairwoman secretary treasurer member volunteer spokesperson
"""
_ROLE_WORDS = frozenset(_ROLE_WORD_LIST.split())
_ROLE_PREFIX = re.compile(
    r"^(?:(?:" + "|".join(sorted(_ROLE_WORDS, key=len, reverse=True)) + r")\b[\s,:-]*(?:(?:van|bij|of)\s+)?)+"
)
#: Words of a residents' group, foundation or association ("Bewonersgroep De Linde"), folded.
_ORGANISATION_WORD = re.compile(
    r"""^(?:
        stichting|vereniging|vve|bv|b\.v\.|vof|v\.o\.f\.|vzw|cooperatie|foundation|association
      | (?:bewoners|buurt|dorps|huurders|werkgroep|wijkraad|wijkteam|wijkcomite|wijkvereniging)\w*
      | \w+(?:groep|vereniging|commissie|comite|platform|collectief|initiatief|team|club|centrum)
      | comite|commissie|platform|collectief|gemeente|school|kerk|moskee|speeltuin|buurthuis
    )$""",
    re.VERBOSE,
)
_CONNECTORS = frozenset({"en", "&", "and", "und"})


def split_signature(text: str) -> SignedText:
    """Find the signature block of `text` and read it; see the module."""
    lines = text.split("\n")
    limit = next((index for index, line in enumerate(lines) if _is_quote_start(line)), len(lines))
    for start in range(limit):
        opening = _block_opening(lines[start])
        if opening is None:
            continue
        end = _block_end(lines, start + 1, limit)
        block = None if end is None else _read_block([opening, *lines[start + 1 : end]])
        if block is None:
            continue  # too long for a signature: the text goes on after this sign-off
        signature, kept = block
        parts = ["\n".join(lines[:start]), "\n".join(kept), "\n".join(lines[end:])]
        return SignedText(
            text=normalise_text("\n\n".join(part for part in parts if part.strip())), signature=signature
        )
    return SignedText(text=text, signature=None)


def _block_opening(line: str) -> str | None:
    """What the sign-off `line` holds besides the greeting ("" or a name), or None for no sign-off."""
    if line == _SEPARATOR:
        return ""
    match = _SIGN_OFF.match(line.strip())
    if match is None:
        return None
    rest = (match["rest"] or "").strip(_PUNCTUATION + "!")
    if rest and not _looks_like_name(rest):
        return None  # "Groeten uit de buurt, en tot ziens" is a sentence
    return rest


class _Reader:
    """Collects the contact data of a signature block, a line at a time."""

    def __init__(self):
        self.name = ""
        self.organisation = ""
        self.phones: dict[str, str] = {}  # digits -> as written
        self.emails: dict[str, str] = {}  # lower case -> as written
        #: The parts of the home address: the street line, then the postcode and place (or the place).
        self.address: list[str] = []
        self.has_street = self.has_place = False
        #: "De Linde 4": a street name without a known ending, taken when a postcode follows.
        self.maybe_street = ""
        #: Whether the field just read was a street without a postcode: a place may follow.
        self.place_may_follow = False

    def signature(self) -> Signature:
        return Signature(
            name=self.name,
            address=", ".join(self.address),
            phones=tuple(self.phones.values()),
            emails=tuple(self.emails.values()),
            organisation=self.organisation,
        )

    def read_line(self, line: str) -> bool:
        """Take what `line` holds; return whether the line stays in the message (a sentence)."""
        stripped = line.strip()
        if not stripped or stripped == "--" or _DEVICE_FOOTER.match(stripped):
            return False
        if _is_sentence(stripped):
            self._take_contact_data(stripped)
            return True
        for field in _FIELD_SEPARATOR.split(stripped):
            self._read_field(field)
        return False

    def _take_contact_data(self, text: str) -> str:
        """Note the e-mail addresses and phone numbers in `text`; return it without them."""
        for match in EMAIL_PATTERN.finditer(text):
            self.emails.setdefault(match.group().lower(), match.group())
        text = EMAIL_PATTERN.sub(" ", text)
        for match in PHONE_PATTERN.finditer(text):
            self.phones.setdefault(phone_digits(match.group()), " ".join(match.group().split()))
        return PHONE_PATTERN.sub(" ", text)

    def _read_field(self, field: str) -> None:
        place_may_follow, self.place_may_follow = self.place_may_follow, False
        field = self._take_contact_data(_WEB_ADDRESS.sub(" ", field))
        spans = address_spans(field)
        if spans:
            start = min(span[0] for span in spans)
            self._take_address(" ".join(field[start:].strip(_PUNCTUATION).split()))
            field = field[:start]
        words = " ".join(field.strip(_PUNCTUATION).split())
        if _LABELS_ONLY.fullmatch(words):
            return
        words = _TRAILING_LABELS.sub("", words).strip(_PUNCTUATION)
        if words:
            self._read_words(words, place_may_follow=place_may_follow)

    def _take_address(self, text: str) -> None:
        """Take `text`, which starts with a street address or a postcode (and the place after it)."""
        if POSTCODE.match(text):
            if self.has_place:
                return  # a second address (of an organisation, say): the first is the sender's
            if not self.has_street and self.maybe_street:
                self.address.append(self.maybe_street)
            self.address.append(text)
            self.has_street = self.has_street or bool(self.maybe_street)
            self.has_place = True
        elif not self.has_street:
            self.address.insert(0, text)
            self.has_street = True
            self.has_place = self.has_place or POSTCODE.search(text) is not None
            self.place_may_follow = not self.has_place

    def _read_words(self, text: str, *, place_may_follow: bool) -> None:
        role = _ROLE_PREFIX.match(fold(text))
        rest = text[role.end() :].strip(_PUNCTUATION) if role else text
        if not rest:
            return  # a job title: part of the signature, not contact data
        if _is_organisation(rest):
            self.organisation = self.organisation or rest
        elif (street := STREET_ADDRESS.search(text)) and street.end() == len(text):
            self.maybe_street = self.maybe_street or text
        elif not _looks_like_name(text):
            return  # something of the signature's that says nothing about the person
        elif place_may_follow and len(text.split()) <= 3:
            self.address.append(text)
            self.has_place = True
        elif not self.name or _extends(self.name, text):
            self.name = text  # the first name, or a fuller form of it ("Gaëlle", then "Gaëlle van 't Hof")
        elif not self.organisation and fold(text) != fold(self.name):
            self.organisation = text


def _is_quote_start(line: str) -> bool:
    # Such lines are short; a long one is text (and is not run through the pattern, which could
    # take long on it).
    return len(line) <= MAX_QUOTE_START_LENGTH and _QUOTE_START.match(line) is not None


def _block_end(lines: list[str], start: int, limit: int) -> int | None:
    """Where a signature block from `start` ends: at a quoted line, or at `limit`; None when it
    holds more lines than a signature does. (Reads no further than that, however long the text.)"""
    filled = 0
    for index in range(start, limit):
        if lines[index].startswith(">"):
            return index
        filled += bool(lines[index].strip())
        if filled > MAX_SIGNATURE_LINES:
            return None
    return limit


def _read_block(lines: list[str]) -> tuple[Signature, list[str]] | None:
    """The signature in the lines of a block (its first line: what followed the greeting), and
    the lines that stay in the text; None when it holds more sentences than a signature does."""
    reader = _Reader()
    kept = [line for line in lines if reader.read_line(line)]
    if len(kept) > MAX_SENTENCES:
        return None
    return reader.signature(), kept


def _is_sentence(line: str) -> bool:
    """Whether `line` is written text ("PS: de foto's volgen."), not a field of a signature."""
    text = PHONE_PATTERN.sub("", EMAIL_PATTERN.sub("", _WEB_ADDRESS.sub("", line))).rstrip()
    if text != line:  # the label of what was taken out ends no sentence: "Anna Smit, tel."
        text = _TRAILING_LABELS.sub("", text)
    words = text.split()
    return len(words) > 8 or (len(words) >= 4 and bool(_SENTENCE_END.search(text)))


def _is_organisation(text: str) -> bool:
    return any(_ORGANISATION_WORD.match(word.strip(_PUNCTUATION)) for word in fold(text).split())


def _looks_like_name(text: str) -> bool:
    """Whether `text` may be a person's name: a few capitalised words, initials and particles
    ("Gaëlle van 't Hof", "J.P. de Vries", "Anna & Piet Smit"), and no digits."""
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60 or any(char.isdigit() for char in text):
        return False
    if fold(words[0]).strip(_PUNCTUATION + "!") in _NOT_A_NAME or not words[0][0].isupper():
        return False
    if _is_organisation(text) or _ROLE_PREFIX.match(fold(text)):
        return False
    has_name_word = False
    for index, word in enumerate(words):
        bare = word.rstrip(",")
        if not bare:
            continue
        if bare[0].isupper() and all(char.isalpha() or char in "-'’." for char in bare):
            has_name_word = has_name_word or sum(char.isalpha() for char in bare) >= 2
        elif not (
            fold(bare) in PARTICLES
            or bare in ("'t", "’t")
            or (fold(bare) in _CONNECTORS and 0 < index < len(words) - 1)
        ):
            return False
    return has_name_word


def _extends(name: str, text: str) -> bool:
    """Whether `text` is a fuller form of `name` ("Gaëlle" -> "Gaëlle van 't Hof")."""
    return len(text) > len(name) and fold(text).startswith(fold(name).split()[0])
