"""When a new contact is about an open case: add it to that case instead of opening another, and
the mark "mogelijk dubbel" on a case that looks like open ones but not certainly (`similar`).

Adding to an existing case keeps what came in: the contact person (unless the case knows them
already, by e-mail, phone or name) and the message as a timeline entry; audited, as opening a
case is. The mark names the candidate cases; the team clears it, audited too.
"""

from flask_babel import gettext as _

from initiatives.audit.operations import record
from initiatives.cases import search
from initiatives.cases.contact_keys import email_key, phone_key
from initiatives.cases.models import Activity, ActivityKind, Channel, PossibleDuplicate
from initiatives.cases.operations import (
    FIRST_CONTACT_KIND,
    CaseError,
    StateConflict,
    _add_initiator,
    check_work_date,
)
from initiatives.cases.stages import Stage
from initiatives.core.anonymise.words import fold
from initiatives.core.db import utcnow
from initiatives.core.rules import RuleForbidden
from initiatives.extensions import db


class NotAllowedToAdd(CaseError, RuleForbidden):
    """Only those who work on a case add to it."""


def known_contact(initiative, details):
    """The contact person of `initiative` who is the person of `details` (the same e-mail address
    or phone number in any notation, or else the same name), or None."""
    email, phone = email_key(details.email), phone_key(details.phone)
    name = " ".join(fold(details.name or "").split())
    for person in initiative.initiators:
        if (email and person.email_key == email) or (phone and person.phone_key == phone):
            return person
    if name:
        for person in initiative.initiators:
            if " ".join(fold(person.name).split()) == name:
                return person
    return None


def message_text(title, description, note):
    """What came in, as one timeline note: the new case's title, description and notes, each once."""
    parts = []
    for part in (title, description, note):
        part = (part or "").strip()
        if part and part not in parts:
            parts.append(part)
    return "\n\n".join(parts)


def add_to_existing_case(
    initiative, actor, *, channel, received_on, contact=None, note="", source_message_id=None
):
    """Add a new contact about `initiative` to it instead of opening a case: the contact person
    (unless known), and `note` as a timeline entry of the channel it came by. Return the entry."""
    if not initiative.can_edit(actor):
        raise NotAllowedToAdd(_("Only those who work on this case can add to it."))
    if not initiative.awaits_work:
        raise StateConflict(_("This case is closed or withdrawn: open a new case instead."))
    check_work_date(received_on, "received_on")
    channel = Channel(channel)
    person = None
    added_contact = False
    if contact is not None and not contact.is_empty():
        person = known_contact(initiative, contact)
        if person is None:
            if not (contact.name or "").strip():
                raise CaseError(_("Enter the name of the contact person."), field="initiator_name")
            person = _add_initiator(initiative, contact)
            added_contact = True
        else:  # what the case did not know of them yet
            for name in ("email", "phone", "address", "organisation"):
                if not getattr(person, name) and (getattr(contact, name) or "").strip():
                    setattr(person, name, getattr(contact, name).strip())
    activity = Activity(
        initiative=initiative,
        kind=FIRST_CONTACT_KIND.get(channel, ActivityKind.OTHER),
        happened_on=received_on,
        practice=initiative.stage if initiative.stage != Stage.CLOSED else Stage.INTAKE,
        note=(note or "").strip(),
        author=actor,
        source_message_id=source_message_id,
    )
    db.session.add(activity)
    initiative.last_activity_at = utcnow()
    db.session.flush()
    record(
        "initiative.contact_added_instead",
        initiative,
        actor=actor,
        summary=f"added a new {channel} contact to case {initiative.id} instead of opening a case",
        data={
            "channel": str(channel),
            "activity": activity.id,
            "contact": "added" if added_contact else ("known" if person is not None else "none"),
        },
        initiative=initiative,
    )
    search.reindex(initiative)
    return activity


def mark_possible_duplicate(initiative, actor, matches):
    """Mark `initiative` "mogelijk dubbel" of the cases of `matches` (`similar.Match`), audited."""
    for match in matches:
        db.session.add(
            PossibleDuplicate(initiative=initiative, candidate_id=match.initiative.id, score=match.score)
        )
    db.session.flush()
    record(
        "initiative.possible_duplicate",
        initiative,
        actor=actor,
        summary=f"case {initiative.id} marked as a possible duplicate",
        data={"candidates": [match.initiative.id for match in matches]},
        initiative=initiative,
    )


def clear_possible_duplicate(initiative, actor):
    """Clear the mark "mogelijk dubbel" of `initiative` (the team looked: it is a case of its own)."""
    if not initiative.can_edit(actor):
        raise NotAllowedToAdd(_("Only those who work on this case can change it."))
    candidates = [mark.candidate_id for mark in initiative.possible_duplicates]
    if not candidates:
        raise StateConflict(_("This case is not marked as a possible duplicate."))
    initiative.possible_duplicates.clear()
    db.session.flush()
    record(
        "initiative.possible_duplicate_cleared",
        initiative,
        actor=actor,
        summary=f"mark possible duplicate cleared on case {initiative.id}",
        data={"candidates": candidates},
        initiative=initiative,
    )
