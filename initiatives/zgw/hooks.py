"""How the case system's export hooks into the cases, which do not know it: its section of the
case page, and its words for the audit log."""

from flask_babel import lazy_gettext as _l

from initiatives.audit.vocabulary import register_value_labels
from initiatives.cases.case_page_sections import register_section
from initiatives.zgw.case_section import ZGW_SECTION
from initiatives.zgw.mapping import ZAAKGEOMETRIE
from initiatives.zgw.models import MappingKind, PushedKind

#: What the audit log calls the objects a push makes in the case system.
OBJECT_TITLES = {
    PushedKind.STATUS: _l("Status"),
    PushedKind.ROL: _l("Role"),
    PushedKind.RESULTAAT: _l("Result"),
    PushedKind.ZAAKOBJECT: _l("Neighbourhood"),
    PushedKind.DOCUMENT: _l("Document"),
    PushedKind.ZAAKINFORMATIEOBJECT: _l("Document linked to the record"),
}
TABLE_TITLES = {MappingKind.STATUS: _l("Status types"), MappingKind.RESULT: _l("Result types")}


def connect_to_cases():
    register_section(ZGW_SECTION)


def register_audit_words():
    register_value_labels(
        "zgw_object",
        {
            **{kind.value: title for kind, title in OBJECT_TITLES.items()},
            ZAAKGEOMETRIE: _l("Location on the map"),
        },
    )
    register_value_labels("zgw_table", {kind.value: title for kind, title in TABLE_TITLES.items()})
