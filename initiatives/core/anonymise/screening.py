"""Quick looks that tell a text holds nothing to redact, for many texts at once and without
making an anonymiser: most texts of a case hold no personal data."""

from itertools import repeat
from operator import contains, not_

from initiatives.core.anonymise.patterns import _ANY_DIGIT
from initiatives.core.anonymise.terms import _name_keys


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
