"""The rules for a new password: long enough, and not a common or breached one.

There is no forced rotation and no rule about character classes: length and a list of known
passwords are what protect (NIST SP 800-63B).
"""

import gzip
import re
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

MINIMUM_PASSWORD_LENGTH = 12
MAXIMUM_PASSWORD_LENGTH = 1024
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"

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


def password_problems(password):
    """Return the reasons (translated) why `password` may not be used; empty when it may."""
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
    return problems


class PasswordRules:
    """A WTForms validator applying `password_problems`."""

    def __call__(self, form, field):
        from wtforms.validators import ValidationError

        problems = password_problems(field.data)
        if problems:
            raise ValidationError(problems[0])
