"""The case's words the audit log tells its entries with: stages, results, channels, activities."""

from initiatives.audit.vocabulary import register_enum_field
from initiatives.cases.models.activity import ActivityKind
from initiatives.cases.models.initiative import CaseKind, Channel
from initiatives.cases.stages import Result, Stage


def register_audit_words():
    register_enum_field(Stage, "stage", "practice", "from_stage", "to_stage")
    register_enum_field(Result, "result")
    register_enum_field(Channel, "channel")
    register_enum_field(ActivityKind, "kind")
    register_enum_field(CaseKind, "case_kind")
