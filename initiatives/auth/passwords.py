"""The rules for a new password: long enough, not a common or breached one, and not easy to guess.

There is no forced rotation and no rule about character classes: length, a list of known
passwords and an estimate of how many guesses a password takes are what protect (NIST SP
800-63B). The estimate is zxcvbn's (Dropbox's approach, a maintained Python port): it sees
repeats, sequences, keyboard rows, dates, common words with digits added, and the words of the
account and of this product (its name, the demo municipality, and the passwords published with
it, which the app gives with `add_published_password`).
"""

import gzip
import re
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from zxcvbn import zxcvbn

MINIMUM_PASSWORD_LENGTH = 12
MAXIMUM_PASSWORD_LENGTH = 1024
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"

#: zxcvbn's score (0 to 4) a new password must reach: 3 is "safely unguessable" (about 10^8
#: guesses and more); 12 characters of repeats, sequences or names stay below it.
MINIMUM_STRENGTH = 3
#: zxcvbn looks at this many characters (its own limit): a longer password is judged by its start.
STRENGTH_CHARACTERS = 72
#: Words anyone attacking this product tries first, whoever the account is.
PRODUCT_WORDS = ("bricoleur", "voorbeeldstad", "gemeente", "wijkmanager", "bewonersinitiatief")

#: Passwords published with the product (the demo's): as guessable as its name.
PUBLISHED_PASSWORDS = []

#: Digits and punctuation people add to a common word to pass a length rule ("welkom2026!!").
_DECORATION = re.compile(r"[\d\W_]+$")


@cache
def common_passwords():
    """Return the set of known passwords (lower case), read once per process."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_common(password):
    """Whether `password`, or it without trailing digits and punctuation, is a known password."""
    candidate = password.strip().lower()
    known = common_passwords()
    if candidate in known:
        return True
    core = _DECORATION.sub("", candidate)
    return len(core) >= 4 and core in known


def add_published_password(password):
    """Count `password`, published with the product, among the words a guesser tries first."""
    if password not in PUBLISHED_PASSWORDS:
        PUBLISHED_PASSWORDS.append(password)


def guessing_context(*account_words):
    """The words a guesser tries first for this account: its username, name and e-mail address
    (and their parts), this product's words and the published passwords."""
    words = [*PRODUCT_WORDS, *PUBLISHED_PASSWORDS]
    for word in account_words:
        word = (word or "").strip().lower()
        if word:
            words.append(word)
            words += [part for part in re.split(r"[\W_]+", word) if len(part) >= 3]
    return words


def is_easy_to_guess(password, context=()):
    """Whether zxcvbn estimates `password` (given the words in `context`) below MINIMUM_STRENGTH."""
    estimate = zxcvbn(password[:STRENGTH_CHARACTERS], user_inputs=list(context))
    return estimate["score"] < MINIMUM_STRENGTH


def password_problems(password, *, account_words=()):
    """Return the reasons (translated) why `password` may not be used; empty when it may.
    `account_words` are the username, name and e-mail address of the account it is for."""
    password = password or ""
    problems = []
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        problems.append(_("Use at least %(min)d characters.", min=MINIMUM_PASSWORD_LENGTH))
    elif len(password) > MAXIMUM_PASSWORD_LENGTH:
        problems.append(_("Use at most %(max)d characters.", max=MAXIMUM_PASSWORD_LENGTH))
    elif is_common(password):
        problems.append(
            _("This password is too common: it appears in lists of leaked passwords. Choose another.")
        )
    elif is_easy_to_guess(password, guessing_context(*account_words)):
        problems.append(
            _(
                "This password is too easy to guess: it repeats itself, follows a row or a series, "
                "or holds your name, a year or this application's name. A sentence of a few "
                "ordinary words is strong and easy to remember."
            )
        )
    return problems


class PasswordRules:
    """A WTForms validator applying `password_problems`. The words of the account are those of the
    form's fields named in `account_fields` (a new account) and, for one's own password, those of
    the signed-in user."""

    def __init__(self, account_fields=()):
        self.account_fields = account_fields

    def __call__(self, form, field):
        from flask_login import current_user
        from wtforms.validators import ValidationError

        words = [getattr(form, name).data for name in self.account_fields if name in form]
        if not self.account_fields and current_user.is_authenticated:
            words += [current_user.username, current_user.full_name, current_user.email]
        problems = password_problems(field.data, account_words=words)
        if problems:
            raise ValidationError(problems[0])
