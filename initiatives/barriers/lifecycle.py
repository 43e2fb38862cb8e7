"""Statuses of barriers and helps, and the one table of allowed help moves."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from initiatives.core.rules import RuleError


class BarrierStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    ACCEPTED = "accepted"  # lived with, unresolved

    @property
    def title(self):
        return BARRIER_STATUS_TITLES[self]


BARRIER_STATUS_TITLES = {
    BarrierStatus.OPEN: _l("open"),
    BarrierStatus.RESOLVED: _l("resolved"),
    BarrierStatus.ACCEPTED: _l("accepted (lived with)"),
}


class HelpStatus(StrEnum):
    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"
    APPLIED = "applied"

    @property
    def title(self):
        return HELP_STATUS_TITLES[self]


HELP_STATUS_TITLES = {
    HelpStatus.REQUESTED: _l("requested"),
    HelpStatus.GRANTED: _l("granted"),
    HelpStatus.REFUSED: _l("refused"),
    HelpStatus.APPLIED: _l("applied"),
}

#: requested -> granted | refused -> applied (only what was granted can be applied).
HELP_MOVES = {
    HelpStatus.REQUESTED: {HelpStatus.GRANTED, HelpStatus.REFUSED},
    HelpStatus.GRANTED: {HelpStatus.APPLIED},
    HelpStatus.REFUSED: set(),
    HelpStatus.APPLIED: set(),
}


class Effect(StrEnum):
    """What a help did to a barrier it addressed."""

    RESOLVED = "resolved"
    PARTLY = "partly"
    NONE = "none"

    @property
    def title(self):
        return EFFECT_TITLES[self]


EFFECT_TITLES = {
    Effect.RESOLVED: _l("resolved it"),
    Effect.PARTLY: _l("partly"),
    Effect.NONE: _l("did not help"),
}


class Provider(StrEnum):
    """Who provides or decides on a help."""

    DEPARTMENT = "department"
    ALDERMAN = "alderman"
    MANAGEMENT = "management"
    OTHER = "other"

    @property
    def title(self):
        return PROVIDER_TITLES[self]


PROVIDER_TITLES = {
    Provider.DEPARTMENT: _l("a department"),
    Provider.ALDERMAN: _l("the alderman (wethouder)"),
    Provider.MANAGEMENT: _l("management"),
    Provider.OTHER: _l("someone else"),
}


class HelpMoveError(RuleError):
    """A move of a help that its lifecycle does not allow."""


def check_help_move(current, target):
    """Raise HelpMoveError unless a help may go from `current` to `target`."""
    if target not in HELP_MOVES[current]:
        raise HelpMoveError(
            _l(
                "A help that is %(current)s cannot become %(target)s.",
                current=current.title,
                target=target.title,
            ),
            field="status",
        )
