"""The college's decisions on a challenge, with their titles."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Decision(StrEnum):
    GRANTED = "granted"
    PARTLY = "partly"
    REFUSED = "refused"
    INADMISSIBLE = "inadmissible"

    @property
    def title(self):
        return DECISION_TITLES[self]


DECISION_TITLES = {
    Decision.GRANTED: _l("Granted"),
    Decision.PARTLY: _l("Partly granted"),
    Decision.REFUSED: _l("Refused"),
    Decision.INADMISSIBLE: _l("Inadmissible"),
}

#: The decisions that lead to an agreement on what the challengers take over.
WITH_AGREEMENT = {Decision.GRANTED, Decision.PARTLY}
