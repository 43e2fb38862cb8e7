"""The barriers' words the audit log tells its entries with: statuses, providers, effects."""

from initiatives.audit.vocabulary import register_enum_field, register_status_titles
from initiatives.barriers.lifecycle import BarrierStatus, Effect, HelpStatus, Provider


def register_audit_words():
    register_enum_field(Provider, "provider")
    register_enum_field(BarrierStatus, "barrier_status")
    register_enum_field(Effect, "effect")
    register_status_titles("barriers", BarrierStatus)
    register_status_titles("helps", HelpStatus)
