"""The anonymiser of one case: redacts its contact persons' names, e-mail addresses, phone numbers
and street address in text, and any e-mail address, phone number or address whoever it belongs to
(`redact` for text of no case)."""

import re
import unicodedata
from itertools import islice

from initiatives.core.anonymise.patterns import (
    _ANY_DIGIT,
    _DATE_LIKE,
    _DIGIT_RUN,
    _PHONE_START,
    _SIX_DIGITS,
    EMAIL_PATTERN,
    PHONE_PATTERN,
    address_spans,
    phone_digits,
)
from initiatives.core.anonymise.terms import (
    _address_keys,
    _address_terms,
    _grouped,
    _name_keys,
    _name_terms_of,
)
from initiatives.core.anonymise.words import _WORD, EMAIL, NAME, PHONE, _rough_fold, fold

#: What may stand between the words of a name or an address: spaces, a hyphen, a full stop, a comma.
_JOINER = re.compile(r"[\s\-.,'’/]{1,4}")
#: Initials just before a name: "J.", "J.P.", "J. P. ".
_INITIALS_BEFORE = re.compile(r"(?:(?<![^\W\d_])[A-ZÀ-ÖØ-Þ]\.[ \t\u00a0]?)+$")
#: What may stand between two redacted names to make them one ("Anne" "van der Meer").
_NAME_GAP = re.compile(r"[ \t\u00a0\-]{1,3}")


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
