"""Business rules for a case's contact persons (initiators). The audit log notes what changed,
never the personal data itself.
"""

from flask_babel import gettext as _

from initiatives.audit.operations import changes, record
from initiatives.cases.operations import CaseError, _add_initiator, record_consent
from initiatives.core.rules import flush_as_loaded, require_version
from initiatives.extensions import db

#: A contact person's fields, in the order forms and the conflict view show them.
CONTACT_FIELDS = ("name", "email", "phone", "address", "organisation")


def add_initiator(initiative, actor, details):
    """Add a contact person. The audit log notes the change, not the personal data itself."""
    if not details.name.strip():
        raise CaseError(_("Enter the name of the contact person."), field="name")
    initiator = _add_initiator(initiative, details)
    db.session.flush()
    record(
        "initiator.added",
        initiator,
        actor=actor,
        summary=f"contact added to case {initiative.id}",
        data={"fields": [key for key, value in vars(details).items() if value]},
        initiative=initiative,
    )
    return initiator


def update_initiator(initiator, actor, details, expected_version=None):
    """Change a contact person, refusing to overwrite a colleague's newer save (`StaleRecord`)."""
    require_version(initiator, expected_version)
    if not details.name.strip():
        raise CaseError(_("Enter the name of the contact person."), field="name")
    before = initiator.as_dict()
    for name in CONTACT_FIELDS:
        setattr(initiator, name, (getattr(details, name) or "").strip())
    record_consent(initiator, details.status_mail_consent)
    changed = sorted(changes(before, initiator.as_dict()))
    if changed:
        flush_as_loaded(initiator)
        record(
            "initiator.updated",
            initiator,
            actor=actor,
            summary=f"contact changed on case {initiator.initiative_id}",
            data={"fields": changed},
            initiative=initiator.initiative,
        )
    return initiator


def remove_initiator(initiator, actor):
    initiative = initiator.initiative
    record(
        "initiator.removed",
        initiator,
        actor=actor,
        summary=f"contact removed from case {initiative.id}",
        initiative=initiative,
    )
    db.session.delete(initiator)
    db.session.flush()
