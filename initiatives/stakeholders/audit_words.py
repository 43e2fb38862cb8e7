"""The stakeholders' words the audit log tells its entries with: sides, roles, stances and kinds of organisation."""

from initiatives.audit.vocabulary import register_enum_field
from initiatives.stakeholders.kinds import OrganisationKind, Side, StakeholderRole, Stance


def register_audit_words():
    register_enum_field(Side, "side")
    register_enum_field(StakeholderRole, "stakeholder_role")
    register_enum_field(Stance, "stance")
    register_enum_field(OrganisationKind, "organisation_kind")
