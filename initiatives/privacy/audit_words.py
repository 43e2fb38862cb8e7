"""The privacy words the audit log tells its entries with: why contact details were erased."""

from initiatives.audit.vocabulary import register_value_labels
from initiatives.privacy.models import ErasureReason


def register_audit_words():
    register_value_labels("reason", {reason.value: reason.title for reason in ErasureReason})
