"""Personal data the anonymiser finds whoever it belongs to: e-mail addresses, phone numbers in
common Dutch (or international) notation, postcodes and street names with a house number."""

import re

from initiatives.core.anonymise.words import _WORD, ADDRESS, PARTICLES

#: Six digits or more: as few as any phone number has (the case's own have six at least).
_SIX_DIGITS = re.compile(r"\d(?:\D*+\d){5}")  # possessive: no backtracking over the text
#: Where a phone number could start: a + or a 0 that is not inside a number. (The look-behind
#: follows the 0, so that the search skips along to a + or a 0: many times faster.)
_PHONE_START = re.compile(r"\+|0(?<!\d0)\d")
_ANY_DIGIT = re.compile(r"\d")

EMAIL_PATTERN = re.compile(r"(?<![\w.+'-])[\w.+'-]*\w@\w[\w-]*(?:\.[\w-]+)+")

_SPACE = r"[ \t\u00a0]"
#: Between the digit groups of a phone number: a space, a hyphen, a dot or a slash, or nothing.
_GAP = rf"{_SPACE}?[-./]?{_SPACE}?"


def _digits(count):
    return rf"\d(?:{_GAP}\d){{{count - 1}}}"


#: Phone numbers: Dutch national notations (mobile, area codes of two and three digits, 0800 and
#: 0900) and anything international with a + or 00 and at least seven more digits.
PHONE_PATTERN = re.compile(
    rf"""
    (?:
        (?:\+|(?<!\d)00){_SPACE}?[1-9]\d{{0,2}}            # country code: +31, 0031, +32...
        (?:{_GAP}(?:\(\d{{1,4}}\)|\d)){{7,14}}               # the number, "(0)" allowed
    |
        (?<![\w+])\(?0(?:                                 # national, from the trunk 0
            [89]0\d\)?{_GAP}(?:{_digits(7)}|\d{{4}})       # 0800-1234, 0900-1234567
            |6\)?{_GAP}{_digits(8)}                        # 06-12345678
            |[1-57-9]\d\)?{_GAP}{_digits(7)}               # 020-1234567
            |[1-57-9]\d\d\)?{_GAP}{_digits(6)}             # 0345-123456
        )
    )
    (?![\d]|[:.,]\d)
    """,
    re.VERBOSE,
)
#: A date that the national pattern could take for a number ("06-05-2024 10"), as all of a match:
#: "06.12.34.56.78" starts like a date but is a phone number.
_DATE_LIKE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?:[ \t\u00a0]\d{1,2})?")
#: Digits with separators, to find the case's own phone numbers in any notation.
_DIGIT_RUN = re.compile(r"(?<!\w)\+?\d[\d \t\u00a0().\-/]*\d")

#: A street address: a street name followed by a house number (with an addition), e.g.
#: "Merelstraat 12", "2e Jan Steenstraat 14-A", "Lange Nieuwstraat 3bis, 3512 PH Utrecht".
STREET_ADDRESS = re.compile(r"[^\W\d_]{2,}\.?\s+(?P<number>\d{1,5})(?:\s?[a-zA-Z]{1,3}\b|[-/]\w{1,4})?")


_STREET_SUFFIX_LIST = """
    straat laan weg plein gracht kade dijk singel steeg pad hof park dreef markt plantsoen erf wal
    kant baan boulevard allee gang haven veld zoom rade poort plaats hoek wetering vaart akker weide
    tuin veste hove kamp heuvel oord stede burgwal straatje laantje wegje pleintje steegje hofje
    kaai dreve lei dries
"""
#: Endings of Dutch (and Flemish) street names.
STREET_SUFFIXES = tuple(_STREET_SUFFIX_LIST.split())
#: Endings that make a street name whatever the case of the word: "merelstraat 12" is one, while
#: "vergadering 3" or "onderweg 2" is not, so other endings count only in a capitalised word.
_UNMISTAKABLE_SUFFIXES = (
    "straat",
    "laan",
    "gracht",
    "plein",
    "kade",
    "singel",
    "steeg",
    "dreef",
    "plantsoen",
)
#: A house number after a street name or a postcode: "12", "12a", "12 A", "12-3", "12bis", "12 hs".
_HOUSE_NUMBER = (
    r"\d{1,5}(?:[-/]?[a-zA-Z]{1,3}(?!\w)|[ \t\u00a0][A-Za-z](?![\w.])"
    r"|[ \t\u00a0](?:bis|hs|huis|zw|rd|I{1,3})(?!\w)|[-/]\d{1,4})?(?![\w])"
)
#: A street ending, then a house number: where a street address without a known owner ends.
_STREET_TAIL = re.compile(
    r"(?i:" + "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True)) + r")"
    r"(?![^\W\d_])\.?,?[ \t\u00a0]{1,3}(?P<number>" + _HOUSE_NUMBER + ")"
)
#: The street name before a tail: up to three capitalised words or ordinals ("2e", "Jan", "van
#: Galen"), with particles between them, and the start of the word that carries the ending.
_STREET_HEAD = re.compile(
    r"(?:(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|\d{1,2}e)[ \t\u00a0]+(?:(?:"
    + "|".join(sorted(PARTICLES, key=len, reverse=True))
    + r"|'t)[ \t\u00a0]+)*){0,3}[\w'’-]*\Z"
)
#: A street name that starts with its kind: "Laan van Meerdervoort 12", "Plein 1944 3".
_STREET_KIND_FIRST = re.compile(
    r"(?<![\w-])(?:Laan|Plein|Kade|Singel|Dreef|Hof|Park|Markt|Plantsoen|Burgwal|Weg|Straat)"
    r"(?:[ \t\u00a0]+(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r"|'t))*"
    r"(?:[ \t\u00a0]+[A-ZÀ-ÖØ-Þ\d][\w'’.-]*){1,3}[ \t\u00a0]+" + _HOUSE_NUMBER
)
#: A Dutch postcode, with the house number that may follow it: "3512 PH", "3512PH 12", "3512ph".
POSTCODE = re.compile(
    r"(?<![\w-])[1-9]\d{3}(?:[ \t\u00a0]?[A-Z]{2}|[a-z]{2})(?![\w])"
    r"(?:,?[ \t\u00a0]{1,3}" + _HOUSE_NUMBER + ")?"
)


def address_spans(text):
    """The street addresses (a street name with a house number) and postcodes in `text`, whoever
    they belong to: (start, end, ADDRESS) for each."""
    spans = [(match.start(), match.end(), ADDRESS) for match in POSTCODE.finditer(text)]
    spans += [(match.start(), match.end(), ADDRESS) for match in _STREET_KIND_FIRST.finditer(text)]
    for match in _STREET_TAIL.finditer(text):
        start = match.start()
        head = _STREET_HEAD.search(text, max(0, start - 80), start)
        word_start = start
        while word_start and (text[word_start - 1].isalnum() or text[word_start - 1] in "'’-"):
            word_start -= 1
        word = text[word_start : match.start("number")].rstrip(" \t\u00a0,.")
        if not word or not word[0].isalpha():
            continue
        ending = word.lower()
        if not (word[0].isupper() or ending.endswith(_UNMISTAKABLE_SUFFIXES)):
            continue
        if len(word) == len(ending.rstrip(".")) and ending in STREET_SUFFIXES and not word[0].isupper():
            continue  # a bare "weg 2" or "pad 3": no street
        spans.append(
            (_street_start(text, head.start() if head else word_start, word_start), match.end(), ADDRESS)
        )
    return spans


#: Words that start a sentence, not a street name ("Op Merelstraat 12", "Wij Merelstraat...").
_SENTENCE_WORD_LIST = """
    op in aan bij naar de het een ik je jij u hij zij ze we wij men zie tot voor via met uit over
    achter naast tegenover richting en of maar dus adres woon woont wonen ook nu hier daar
"""
_SENTENCE_WORDS = frozenset(_SENTENCE_WORD_LIST.split())


def _street_start(text, start, word_start):
    """Where a street name found from `start` begins, once the words before it that are
    particles or common words ("Op", "In de", "Naar") are left out."""
    for match in _WORD.finditer(text, start, word_start):
        if match.group().lower() not in _SENTENCE_WORDS:
            return match.start()
    return word_start


def phone_digits(phone):
    """Return the digits of a phone number as dialled within the Netherlands."""
    digits = re.sub(r"\D", "", phone or "")
    international = (phone or "").lstrip().startswith("+")
    if digits.startswith("00"):
        digits, international = digits[2:], True
    if international and digits.startswith("31"):
        digits = digits[2:]
        digits = digits if digits.startswith("0") else "0" + digits  # "+31 (0)6" or "+31 6"
    return digits
