"""What a known name or street address gives the anonymiser to match: its terms (folded words,
which must be capitalised, label, index of a house number) and the keys that every match holds."""

import unicodedata
from functools import lru_cache

from initiatives.core.anonymise.patterns import STREET_ADDRESS
from initiatives.core.anonymise.words import _WORD, ADDRESS, COMMON_WORDS, NAME, PARTICLES, _rough_fold, fold


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
