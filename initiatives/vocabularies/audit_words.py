"""The admin-editable lists' labels, with which the audit log tells the codes it stores."""

from initiatives.audit.vocabulary import register_term_lists
from initiatives.vocabularies.operations import labels_by_code


def register_audit_words():
    register_term_lists(labels_by_code)
