"""The sides, roles, kinds of organisation and stances of a stakeholder, each with its title (the interface is Dutch first)."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Side(StrEnum):
    #: A department, a colleague, the alderman, the council.
    INSIDE = "inside"
    #: Residents' groups, the housing corporation, the welfare organisation, schools, businesses.
    OUTSIDE = "outside"

    @property
    def title(self):
        return SIDE_TITLES[self]


SIDE_TITLES = {
    Side.INSIDE: _l("Inside the municipality"),
    Side.OUTSIDE: _l("Outside the municipality"),
}


class StakeholderRole(StrEnum):
    """Mapped to the ZGW role types (initiator, co-initiator, adviser, decider, interested
    party, coordinator)."""

    INITIATOR = "initiator"
    CO_INITIATOR = "co_initiator"
    ADVISER = "adviser"
    DECIDER = "decider"
    STAKEHOLDER = "stakeholder"
    COORDINATOR = "coordinator"

    @property
    def title(self):
        return ROLE_TITLES[self]


ROLE_TITLES = {
    StakeholderRole.INITIATOR: _l("initiator"),
    StakeholderRole.CO_INITIATOR: _l("co-initiator"),
    StakeholderRole.ADVISER: _l("adviser"),
    StakeholderRole.DECIDER: _l("decider"),
    StakeholderRole.STAKEHOLDER: _l("interested party"),
    StakeholderRole.COORDINATOR: _l("coordinator"),
}


class OrganisationKind(StrEnum):
    """What kind of organisation an outside stakeholder is: the council report counts them."""

    RESIDENTS_GROUP = "residents_group"
    HOUSING_CORPORATION = "housing_corporation"
    WELFARE = "welfare"
    SCHOOL = "school"
    BUSINESS = "business"
    NEIGHBOURS = "neighbours"
    OTHER = "other"

    @property
    def title(self):
        return ORGANISATION_KIND_TITLES[self]


ORGANISATION_KIND_TITLES = {
    OrganisationKind.RESIDENTS_GROUP: _l("residents' group"),
    OrganisationKind.HOUSING_CORPORATION: _l("housing corporation"),
    OrganisationKind.WELFARE: _l("welfare organisation"),
    OrganisationKind.SCHOOL: _l("school"),
    OrganisationKind.BUSINESS: _l("business"),
    OrganisationKind.NEIGHBOURS: _l("neighbours"),
    OrganisationKind.OTHER: _l("other"),
}


class Stance(StrEnum):
    FOR = "for"
    NEUTRAL = "neutral"
    AGAINST = "against"
    UNKNOWN = "unknown"

    @property
    def title(self):
        return STANCE_TITLES[self]


STANCE_TITLES = {
    Stance.FOR: _l("for"),
    Stance.NEUTRAL: _l("neutral"),
    Stance.AGAINST: _l("against"),
    Stance.UNKNOWN: _l("not known"),
}

#: Influence and interest are scored 1 (little) to 5 (much).
SCORES = range(1, 6)
