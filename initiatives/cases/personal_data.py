"""What a reader sees of a case's free texts: as written for those who work on the case, anonymised
for everyone else who may read it (DOMAIN.md, "Council reports and privacy").

Every channel that shows a case's texts to a person (the case page, the API, the dossier, the
lessons page, lists and search results) passes them through `case_texts(initiative)`, so the rule
lives here once: `Initiative.can_view_contacts` says who works on the case, the exports' anonymiser
(`core.anonymise`) redacts the case's contact persons and any e-mail address, phone number,
postcode and street address. A text that still looks like it holds contact data after that, or
that the anonymiser fails on, is hidden rather than shown as written.
"""

import logging
import re

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from initiatives.core.anonymise.anonymiser import Anonymiser

log = logging.getLogger(__name__)

#: The one line a page shows above texts it anonymised.
#: What stands in for a text that cannot be anonymised with confidence.
HIDDEN = _l("[hidden: this text may hold personal data]")

#: What contact data looks like when the anonymiser missed it: an address with an @ between word
#: characters, or a 0 or + and nine digits more with only separators between them (a phone number
#: in a notation no pattern knows), that is no date.
_STILL_PERSONAL = re.compile(r"\w@\w|(?<![\w+])[+0][ \t\u00a0()./-]{0,2}\d(?:[ \t\u00a0()./-]{0,2}\d){8}")
_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")


def _still_personal(text):
    return any(
        match.group()[0] != "0" or not _DATE.search(match.group()) for match in _STILL_PERSONAL.finditer(text)
    )


class CaseTexts:
    """The free texts of one case as one reader sees them: call it with a text of the case."""

    __slots__ = ("_anonymiser", "hidden", "initiative")

    def __init__(self, initiative, hidden):
        self.initiative = initiative
        #: Whether the reader gets the anonymised texts (and pages say so).
        self.hidden = hidden
        self._anonymiser = None

    def __call__(self, text):
        if not text or not self.hidden:
            return text or ""
        if self._anonymiser is None:
            self._anonymiser = Anonymiser.for_case(self.initiative)
        try:
            redacted = self._anonymiser.redact(text)
        except Exception:  # the rule: never shown as written
            log.exception("Could not anonymise a text of case %s", self.initiative.id)
            return str(HIDDEN)
        if _still_personal(redacted):
            return str(HIDDEN)
        return redacted

    def all(self, texts):
        """Return `texts` (an iterable of texts) as the reader sees them, in a list."""
        return [self(text) for text in texts]

    def data(self, value):
        """Return `value` (audit data: texts, numbers, and lists and objects of them) with every
        text as the reader sees it."""
        if not self.hidden:
            return value
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(item) for item in value]
        return value


def case_texts(initiative, reader=None):
    """Return the `CaseTexts` of `initiative` for `reader` (by default the signed-in user); one
    per case and request, so a case's anonymiser is made once."""
    reader = current_user if reader is None else reader
    if not has_request_context() or reader is not current_user:
        return CaseTexts(initiative, hidden=not initiative.can_view_contacts(reader))
    cache = g.setdefault("case_texts", {})
    texts = cache.get(initiative.id)
    if texts is None or texts.initiative is not initiative:
        texts = cache[initiative.id] = CaseTexts(initiative, hidden=not initiative.can_view_contacts(reader))
    return texts


def any_screened(cases, *attributes):
    """Whether the reader sees any of `attributes` (texts of each case in `cases`) anonymised: a
    list then says so in its one line."""
    for initiative in cases:
        shown = case_texts(initiative)
        if shown.hidden and any(
            shown(text) != text for text in (getattr(initiative, name) for name in attributes) if text
        ):
            return True
    return False
