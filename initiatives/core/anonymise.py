"""Anonymising what leaves Bricoleur: residents' names, e-mail addresses, phone numbers and street
addresses are replaced by "[naam]", "[e-mailadres]", "[telefoonnummer]" and "[adres]", also
inside free text (DOMAIN.md, "Council reports and privacy").

An `Anonymiser` is built per case from the personal data the case knows: its initiators' names,
e-mail addresses and phone numbers, and its address when that is a street address. Organisations
are not personal data and are kept. On top of that, any e-mail address, any phone number in
common Dutch (or international) notation, any postcode (with the house number after it) and any
street name with a house number ("Merelstraat 12", "Laan van Meerdervoort 5a") is redacted,
whoever it belongs to.

Names are matched per word, ignoring case and accents: the full name ("Jan de Vries"), the
surname with its particles ("de Vries", "van der Meer"), and every name part of three letters or
more ("Jan", "Vries"), with initials in front ("J.P. de Vries") taken along. Particles ("van",
"de", "der", "ten"...) are never redacted on their own, and a name part that is also a common
Dutch word ("Meer", "Bakker", "Groen", "Jan" as in "15 jan.") only where it is capitalised.
Redacting too much is preferred over leaking: "Meer" at the start of a sentence goes too when a
resident is called Van der Meer.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, repeat
from operator import contains, not_

#: The version of the rules below. Raise it with every change to what is redacted: the public
#: copies of case texts made under older rules are then made again (`public_texts`).
RULES_VERSION = 2

NAME = "[naam]"
EMAIL = "[e-mailadres]"
PHONE = "[telefoonnummer]"
ADDRESS = "[adres]"

#: Tussenvoegsels and their foreign cousins: part of a name, never redacted on their own.
_PARTICLE_LIST = """
    van de der den het t te ten ter in op onder aan bij uit uijt voor tot over vande vanden vander
    d l la le les du des da das do dos di del della dei von vom zu zum zur am im el al bin bint ibn
    abu ul y e
"""
PARTICLES = frozenset(_PARTICLE_LIST.split())

#: Dutch words that are also (parts of) names. Such a name part is redacted only where it is
#: capitalised, so "meer", "groen" and "15 jan." survive while "Meer", "Groen" and "Jan" do not.
_COMMON_WORD_LIST = """
    bakker visser smit smid mulder molenaar boer kok koster brouwer schipper timmerman schilder
    dekker kuiper wever kramer snijder meester baas dokter pastoor knecht koning prins graaf keizer
    ridder paus bisschop groot klein wit zwart groen rood bruin blauw grijs geel jong oud lang kort
    dik vos bos berg dijk beek veen meer hof brink kamp heuvel hoek hout horst broek brug dam weg
    wal laan straat plein poort toren kerk kerkhof huis molen school boom bloem roos haan kraai
    mees merel vink zwaan wolf leeuw beer das mol valk uil raaf arend kat hond vis haas hert bok
    ram stier koe paard schaap geit water zee land veld akker wei weide gras riet linde eik beuk
    berk wilg steen rots zand klei goud zilver ijzer koper lood winter zomer lente herfst maan zon
    ster sterre hemel licht donker hoop vrede trouw vroom vrij blij goed best snel stil sterk wijs
    vroeg laat nieuw mooi rijk arm held man vrouw kind zoon broer zus oom tante neef nicht vader
    moeder iris jade fleur hazel bas rob ben lot wil max job mark post jan feb maart april mei juni
    juli augustus die dat wat hoe wie als dan maar ook nog wel niet geen een zijn haar hun ons mijn
    heel veel alle alles iets hier daar waar toen met mee door naar tegen per via dag week jaar
    maand uur tijd keer plan idee geld werk buurt wijk park tuin plek groep team raad stad dorp hal
    zaal feest markt winkel bank bus auto fiets deur raam muur dak bed tafel stoel
"""
COMMON_WORDS = frozenset(_COMMON_WORD_LIST.split())

#: Letters that do not decompose into a base letter and an accent, folded by hand.
_SPECIAL_FOLDS = {"ı": "i", "ø": "o", "Ø": "o", "æ": "a", "Æ": "a", "œ": "o", "Œ": "o", "ł": "l", "Ł": "l"}
_SPECIAL_FOLDS |= {"đ": "d", "Đ": "d", "ð": "d", "þ": "t"}


class _FoldTable(dict):
    """str.translate table folding each character to one lower-case, unaccented character.

    One character for one keeps positions in the folded text equal to those in the original.
    """

    def __missing__(self, code):
        char = chr(code)
        folded = _SPECIAL_FOLDS.get(char)
        if folded is None:
            base = unicodedata.normalize("NFD", char)[0].lower()
            folded = base if len(base) == 1 else char
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text):
    """Return `text` in lower case without accents, with every character in its place."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]+")
_SPECIAL_LETTERS = re.compile("[" + "".join(_SPECIAL_FOLDS) + "]")


def _rough_fold(text):
    """Fold `text` fast, not keeping positions: to find out whether a word can occur at all."""
    if text.isascii():
        return text.lower()
    if _SPECIAL_LETTERS.search(text):
        return text.translate(_FOLD_TABLE)
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


#: Words (letters and digits) in folded text.
_WORD = re.compile(r"[^\W_]+")
#: What may stand between the words of a name or an address: spaces, a hyphen, a full stop, a comma.
_JOINER = re.compile(r"[\s\-.,'’/]{1,4}")
#: Initials just before a name: "J.", "J.P.", "J. P. ".
_INITIALS_BEFORE = re.compile(r"(?:(?<![^\W\d_])[A-ZÀ-ÖØ-Þ]\.[ \t\u00a0]?)+$")
#: What may stand between two redacted names to make them one ("Anne" "van der Meer").
_NAME_GAP = re.compile(r"[ \t\u00a0\-]{1,3}")
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


def _name_words(text):
    """Return (original word, folded word) for each word of `text`."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    folded = fold(text)
    return [(text[match.start() : match.end()], match.group()) for match in _WORD.finditer(folded)]


# What a name or an address gives to match is worked out once for one that comes back (an
# initiator of several cases, a case whose texts are read in several passes).


@lru_cache(maxsize=4096)
def _name_keys(name):
    """The words that every match of the name holds one of, so that text without any of them
    holds no name: its words but its particles (all of them for a name of particles only)."""
    words = _WORD.findall(_rough_fold(name))
    return frozenset([word for word in words if word not in PARTICLES] or words)


@lru_cache(maxsize=4096)
def _name_terms_of(name):
    """The terms of a name: what `Anonymiser` matches."""
    return tuple(_name_terms(name))


def _name_terms(name):
    words = _name_words(name)
    folded = [folded for _word, folded in words]
    if folded:
        yield _term(folded, [False] * len(folded), NAME)  # the full name, in any case
    common = [word in COMMON_WORDS for word in folded]
    particle_at = next((index for index, word in enumerate(folded) if index and word in PARTICLES), None)
    if particle_at is not None and any(word not in PARTICLES for word in folded[particle_at:]):
        yield _term(folded[particle_at:], common[particle_at:], NAME)  # "de Vries", "van der Meer"
    all_lower = name.islower()
    for (word, folded_word), is_common in zip(words, common, strict=True):
        if _is_name_part(word, folded_word, all_lower):
            yield _term([folded_word], [is_common], NAME)


@lru_cache(maxsize=4096)
def _address_keys(address):
    """(house number, keys) of a street address, or None for anything else: the address matches
    only with its house number (the street alone is no one's) and the words before it."""
    match = STREET_ADDRESS.search(address)
    if match is None:
        return None
    return match.group("number"), tuple(_WORD.findall(_rough_fold(address[: match.start("number")])))


@lru_cache(maxsize=4096)
def _address_terms(address):
    """The terms of a street address: the whole address as written, and the street with the
    house number (and any addition to it)."""
    match = STREET_ADDRESS.search(address)
    words = [folded for _word, folded in _name_words(address)]
    street = [folded for _word, folded in _name_words(address[: match.end("number")])]
    terms = [
        _term(words, [False] * len(words), ADDRESS),
        _term(street, [False] * len(street), ADDRESS, len(street) - 1),
    ]
    return tuple(term for term in terms if term[0])


@lru_cache(maxsize=4096)
def _grouped(terms):
    """`terms` filed under their first words, longest first; and the words a term can start at,
    each with the most words of a term from it: the terms' first words, and a single name part
    with an "s" after it (a genitive: "Jansens plan"). Worked out once for the names of a case
    that come back."""
    grouped = {}
    for term in terms:
        grouped.setdefault(term[0][0], []).append(term)
    starts = {}
    for word, word_terms in grouped.items():
        if len(word_terms) > 1:
            word_terms.sort(key=_longest_first)
        starts[word] = len(word_terms[0][0])
    for word, word_terms in grouped.items():
        if word + "s" not in starts and any(len(term[0]) == 1 and not term[1][0] for term in word_terms):
            starts[word + "s"] = 1
    return grouped, tuple(starts.items())


def _term(words, capitals, label, number_at=None):
    return (tuple(words), tuple(capitals), label, number_at)


def _longest_first(term):
    return -len(term[0])


def _is_name_part(word, folded, all_lower):
    return (
        len(folded) >= 3 and folded.isalpha() and folded not in PARTICLES and (word[0].isupper() or all_lower)
    )


def screen_keys(names):
    """The words whose absence from a text shows it holds none of `names` (`may_hold_known`)."""
    keys = set()
    for name in names:
        if name:
            keys |= _name_keys(name)
    return tuple(keys)


def may_hold_any(texts):
    """For each of `texts`, whether any anonymiser may change it, whatever it knows: a text that
    is not ASCII (`Anonymiser.redact` normalises it), with an @ or a digit (a phone number, a
    postcode, a house number). Where this is false, only the case's names can be in it
    (`may_hold_known`).

    For a batch of texts at once: with one look at them all, mostly a single search per text.
    """
    joined = "\n".join(texts)
    if joined.isascii() and "@" not in joined:
        return list(map(_ANY_DIGIT.search, texts))
    # elementwise "or" of three C-made lists (True > False), as no step of Python per text
    return list(
        map(
            max,
            map(not_, map(str.isascii, texts)),
            map(contains, texts, repeat("@")),
            map(bool, map(_ANY_DIGIT.search, texts)),
        )
    )


def may_hold_known(rough, keys):
    """Whether `rough`, an ASCII text in lower case without digits, may hold a name whose
    `screen_keys` are `keys`: False only where `Anonymiser.redact` surely finds none (as
    `Anonymiser.holds_nothing`), without making the anonymiser. (An address needs its house
    number: a text without digits holds none.)"""
    return any(map(rough.__contains__, keys))


class Anonymiser:
    """Redacts the personal data of one case (and any e-mail address or phone number) in text.

    Cheap to make: what it matches is worked out when a text first needs it, as most texts
    hold no personal data. A term is (folded words, which must be capitalised, label, index of
    a house number or None), filed under its first word.
    """

    __slots__ = (
        "_addresses",
        "_email_list",
        "_emails",
        "_keys",
        "_names",
        "_phone_list",
        "_phones",
        "_terms",
    )

    def __init__(self, names=(), emails=(), phones=(), address="", addresses=()):
        self._names = [name for name in names if name]
        self._email_list, self._phone_list = emails, phones
        self._emails = self._phones = self._terms = None
        if not self._names:
            self._keys = frozenset()
        elif len(self._names) == 1:
            self._keys = _name_keys(self._names[0])
        else:
            self._keys = frozenset().union(*[_name_keys(name) for name in self._names])
        #: (address, house number, the folded words before it) of each known street address
        self._addresses = []
        for known in (address, *addresses):
            street = _address_keys(known) if known else None
            if street and all(known != other[0] for other in self._addresses):
                self._addresses.append((known, *street))

    @classmethod
    def for_case(cls, initiative):
        """Build the anonymiser of a case (anything with `initiators` and `address`)."""
        initiators = initiative.initiators
        return cls(
            names=[initiator.name for initiator in initiators],
            emails=[initiator.email for initiator in initiators],
            phones=[initiator.phone for initiator in initiators],
            address=initiative.address or "",
            addresses=[getattr(initiator, "address", "") for initiator in initiators],
        )

    # -- what to match, made when first needed ----------------------------------------------------

    def _known_emails(self):
        if self._emails is None:
            self._emails = [fold(email.strip()) for email in self._email_list if email and "@" in email]
        return self._emails

    def _known_phones(self):
        if self._phones is None:
            self._phones = {digits for digits in map(phone_digits, self._phone_list) if len(digits) >= 6}
        return self._phones

    def _grouped_terms(self, with_address):
        """(terms by first word, start words): of the names, and of the address if asked for
        (which is when a text may hold it: most texts that hold a name do not)."""
        index = 1 if with_address else 0
        if self._terms is None:
            self._terms = [None, None]
        grouped = self._terms[index]
        if grouped is None:
            terms = tuple(term for name in self._names for term in _name_terms_of(name))
            if with_address:
                for known in self._addresses:
                    terms += _address_terms(known[0])
            grouped = self._terms[index] = _grouped(terms)
        return grouped

    # -- redacting --------------------------------------------------------------------------------

    def redact(self, text):
        """Return `text` with names, e-mail addresses, phone numbers and the address replaced."""
        if not text:
            return text or ""
        if text.isascii():
            rough = text.lower()
        else:
            text = unicodedata.normalize("NFC", text)
            rough = None
        spans = []
        if "@" in text:
            spans += [(match.start(), match.end(), EMAIL) for match in EMAIL_PATTERN.finditer(text)]
            spans += self._known_email_spans(text)
        if _ANY_DIGIT.search(text):
            spans += address_spans(text)
            if _SIX_DIGITS.search(text):
                if _PHONE_START.search(text):
                    spans += self._phone_spans(text)
                if self._phone_list:
                    spans += self._known_phone_spans(text)
        if self._keys or self._addresses:
            if rough is None:
                folded, rough = None, _rough_fold(text)
            else:
                folded = rough  # folding ASCII is lowering it
            with_address = self._may_hold_address(rough)
            if with_address or self._may_hold_name(rough):
                spans += self._word_spans(text, folded or fold(text), with_address)
        if not spans:
            return text
        return _replace(text, _merge(spans))

    def holds_nothing(self, text):
        """Whether `redact` would surely leave `text` as it is: a quick look, that may say no
        where `redact` would find nothing. For many texts at once: joined, they hold nothing if
        each of them does."""
        if not text.isascii():  # redact normalises other texts
            return False
        if "@" in text or _ANY_DIGIT.search(text):
            return False  # an e-mail address, a phone number, a postcode or a house number
        rough = text.lower()
        return not self._may_hold_name(rough)

    def _known_email_spans(self, text):
        folded = fold(text)
        spans = []
        for email in self._known_emails():
            start = folded.find(email)
            while start != -1:
                spans.append((start, start + len(email), EMAIL))
                start = folded.find(email, start + len(email))
        return spans

    @staticmethod
    def _phone_spans(text):
        return [
            (match.start(), match.end(), PHONE)
            for match in PHONE_PATTERN.finditer(text)
            if not _DATE_LIKE.fullmatch(match.group())
        ]

    def _known_phone_spans(self, text):
        """The case's own numbers, in whatever notation: digits with anything in between."""
        known = self._known_phones()
        spans = []
        if known:
            for match in _DIGIT_RUN.finditer(text):
                digits = phone_digits(match.group())
                if any(phone in digits for phone in known):
                    spans.append((match.start(), match.end(), PHONE))
        return spans

    # Whether `rough` (a text roughly folded) may hold a name, or the address: whether it holds
    # the keys of one (not necessarily as words), so that most texts need no closer look.

    def _may_hold_name(self, rough):
        return any(map(rough.__contains__, self._keys))

    def _may_hold_address(self, rough):
        return any(
            number in rough and all(key in rough for key in keys)
            for _address, number, keys in self._addresses
        )

    def _terms_at(self, word, all_terms):
        """The terms that may start with `word`; a name part also as genitive ("Jansens")."""
        terms = all_terms.get(word)
        if terms is None and word.endswith("s"):
            terms = [term for term in all_terms.get(word[:-1], ()) if len(term[0]) == 1 and not term[1][0]]
            return [((word,), term[1], term[2], None) for term in terms]
        return terms or ()

    def _word_spans(self, text, folded, with_address):
        """The names (and the address, if asked for) in `text` (`folded`: `fold(text)`), tried at
        each whole word that a term starts with."""
        all_terms, start_words = self._grouped_terms(with_address)
        length = len(folded)
        starts = []
        for word, most_words in start_words:
            at = folded.find(word)
            while at != -1:
                end = at + len(word)
                if (at == 0 or not folded[at - 1].isalnum()) and (end == length or not folded[end].isalnum()):
                    starts.append((at, word, most_words))
                at = folded.find(word, end)
        if not starts:
            return []
        starts.sort()
        spans = []
        taken = 0  # where the last match ended: the words before it are done
        for at, word, most_words in starts:
            if at < taken:
                continue
            if most_words == 1:
                words = [(word, at, at + len(word))]
            else:
                words = [
                    (match.group(), match.start(), match.end())
                    for match in islice(_WORD.finditer(folded, at), most_words)
                ]
            for term in self._terms_at(word, all_terms):
                if len(term[0]) == 1 and term[3] is None:  # one word, and it is there: capitalised?
                    last = 0 if not term[1][0] or text[at].isupper() else None
                else:
                    last = _match(term, words, 0, text)
                if last is not None:
                    start = at
                    if term[2] == NAME and _may_follow_initials(text, start):
                        initials = _INITIALS_BEFORE.search(text, max(0, start - 12), start)
                        start = initials.start() if initials else start
                    taken = words[last][2]
                    spans.append((start, taken, term[2]))
                    break
        return spans


def _may_follow_initials(text, start):
    """Whether `start` follows a full stop, maybe with a space between: initials ("J.P. ")."""
    before = text[max(0, start - 2) : start]
    return before[-1:] == "." or (before[:1] == "." and before[1:] in " \t\u00a0")


def _match(term, words, index, text):
    """Return the index of the last text word of `term` matched at `index`, or None."""
    wanted_words, capitals, _label, number_at = term
    if index + len(wanted_words) > len(words):
        return None
    previous_end = None
    for offset, wanted in enumerate(wanted_words):
        word, start, end = words[index + offset]
        if offset == number_at:
            if not _is_house_number(word, wanted):
                return None
        elif word != wanted:
            return None
        if capitals[offset] and not text[start].isupper():
            return None
        if previous_end is not None and not _JOINER.fullmatch(text, previous_end, start):
            return None
        previous_end = end
    return index + len(wanted_words) - 1


def _is_house_number(word, number):
    """ "12" or "12a" for house number 12."""
    addition = word[len(number) :]
    return word.startswith(number) and (not addition or (len(addition) <= 3 and addition.isalpha()))


def _merge(spans):
    """Sort `spans`, drop those overlapping an earlier (longer) one."""
    spans.sort(key=lambda span: (span[0], -span[1]))
    merged = []
    for start, end, label in spans:
        if merged and start < merged[-1][1]:
            continue  # inside or across a span already taken (an e-mail address before a name)
        merged.append((start, end, label))
    return merged


def _replace(text, spans):
    parts = []
    position = 0
    previous = None
    for start, end, label in spans:
        gap = text[position:start]
        if previous == label == NAME and parts and _NAME_GAP.fullmatch(gap):
            position = end  # "[naam] [naam]" for one person becomes "[naam]"
            continue
        parts.append(gap)
        parts.append(label)
        position = end
        previous = label
    parts.append(text[position:])
    return "".join(parts)


def redact(text):
    """Redact any e-mail address and phone number in `text` (no case known)."""
    return _GENERIC.redact(text)


_GENERIC = Anonymiser()


@dataclass(frozen=True)
class AnonymisedCase:
    """The texts of a case with its personal data redacted; the lists are keyed by row id."""

    title: str
    description: str
    support_requested: str
    next_step: str
    lessons: str
    activity_notes: dict
    stage_change_reasons: dict
    barrier_descriptions: dict
    help_descriptions: dict


def anonymised_case(initiative, anonymiser=None):
    """Return the title and every free text of `initiative` (an Initiative) anonymised."""
    anonymiser = anonymiser or Anonymiser.for_case(initiative)
    redact_text = anonymiser.redact
    return AnonymisedCase(
        title=redact_text(initiative.title),
        description=redact_text(initiative.description),
        support_requested=redact_text(initiative.support_requested),
        next_step=redact_text(initiative.next_step),
        lessons=redact_text(initiative.lessons),
        activity_notes={activity.id: redact_text(activity.note) for activity in initiative.activities},
        stage_change_reasons={change.id: redact_text(change.reason) for change in initiative.stage_changes},
        barrier_descriptions={
            barrier.id: redact_text(barrier.description) for barrier in initiative.barriers
        },
        help_descriptions={item.id: redact_text(item.description) for item in initiative.helps},
    )
