"""The right to challenge's words the audit log tells its entries with: the college's decisions."""

from initiatives.audit.vocabulary import register_enum_field
from initiatives.challenges.kinds import Decision


def register_audit_words():
    register_enum_field(Decision, "decision")
