"""A resident's rights (AVG): finding everything held about them (subject access), and erasure
on request.
"""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from initiatives.audit.operations import record
from initiatives.cases.models import Activity, Initiative, Initiator
from initiatives.challenges.models import FREE_TEXTS as CHALLENGE_TEXTS
from initiatives.challenges.operations import challenge_of
from initiatives.core.anonymise.anonymiser import Anonymiser, redact
from initiatives.core.anonymise.patterns import phone_digits
from initiatives.core.anonymise.words import fold
from initiatives.core.db import contains_pattern, utcnow
from initiatives.extensions import db
from initiatives.privacy.anonymisation import FILES, anonymise_contacts, holds_address, may_hold_person
from initiatives.privacy.models import ContactErasure, ErasureReason
from initiatives.privacy.retention import PrivacyError, retention_months

SUBJECT_ACCESS_ACTION = "privacy.subject_access"
#: Fewest digits of a phone number to look for (as the anonymiser: shorter ones match too much).
MINIMUM_PHONE_DIGITS = 6


def normalise_email(email):
    return (email or "").strip().lower()


def normalise_phone(phone):
    """Digits as dialled in the Netherlands: "+31 6 1234 5678" and "06-12345678" both give 0612345678."""
    return phone_digits((phone or "").strip())


@dataclass(frozen=True)
class Subject:
    """Who a request is about: an e-mail address and/or a phone number, normalised."""

    email: str = ""
    phone: str = ""

    @classmethod
    def of(cls, email="", phone=""):
        subject = cls(normalise_email(email), normalise_phone(phone) if (phone or "").strip() else "")
        if not (subject.email or subject.phone):
            raise PrivacyError(_("Enter an e-mail address or a phone number."))
        if phone and phone.strip() and len(subject.phone) < MINIMUM_PHONE_DIGITS:
            raise PrivacyError(
                _("Enter a phone number of at least %(count)d digits.", count=MINIMUM_PHONE_DIGITS)
            )
        return subject

    def matches(self, initiator):
        if self.email and normalise_email(initiator.email) == self.email:
            return True
        return bool(self.phone and initiator.phone and normalise_phone(initiator.phone) == self.phone)


def find_contacts(subject):
    """The contact persons (not yet anonymised) with the subject's e-mail address or phone number."""
    conditions = []
    if subject.email:
        conditions.append(sa.func.lower(sa.func.trim(Initiator.email)) == subject.email)
    if subject.phone:
        # Phone numbers are stored as typed; compare them normalised, reading only id and number.
        phone_rows = db.session.execute(sa.select(Initiator.id, Initiator.phone).where(Initiator.phone != ""))
        ids = [row.id for row in phone_rows if normalise_phone(row.phone) == subject.phone]
        if ids:
            conditions.append(Initiator.id.in_(ids))
    if not conditions:
        return []
    return list(
        db.session.scalars(
            sa.select(Initiator)
            .where(sa.or_(*conditions), ~sa.exists().where(ContactErasure.initiator_id == Initiator.id))
            .options(selectinload(Initiator.initiative))
            .order_by(Initiator.initiative_id, Initiator.id)
        )
    )


_NON_DIGITS = re.compile(r"\D")


def _mentions(text, anonymiser, subject, addresses=()):
    """Whether `text` names the subject: a name the anonymiser knows, their e-mail, phone or home
    address."""
    if not text:
        return False
    if subject.email and subject.email in fold(text):
        return True
    if subject.phone and subject.phone.lstrip("0") in _NON_DIGITS.sub("", text):
        return True
    if holds_address(text, addresses):  # any address is redacted, so the redaction cannot tell
        return True
    return anonymiser.redact(text) != redact(text)  # more redacted than any e-mail or phone: a name


#: What each kind of text in a subject-access report is, for people.
TEXT_KINDS = {
    "title": _l("Title"),
    "address": _l("Address or place"),
    "description": _l("Description"),
    "support_requested": _l("Support asked for"),
    "next_step": _l("Next step"),
    "lessons": _l("Lessons learned"),
    "activity_note": _l("Timeline"),
    "stage_change_reason": _l("Reason for a stage move"),
    "barrier_description": _l("Barrier"),
    "help_description": _l("Help"),
    "help_decided_by": _l("Decided by"),
    "file_name": _l("File name"),
    "withdrawal_reason": _l("Reason for withdrawing or taking back the case"),
    "void_reason": _l("Reason for voiding a timeline entry"),
    "corrected_note": _l("Timeline note before a correction"),
    "correction_reason": _l("Reason for correcting a timeline note"),
    "remove_reason": _l("Reason for removing a file"),
    "challenge_text": _l("Right to challenge: proposal, decision, agreement or evaluation"),
}


def _case_texts(initiative):
    """(kind, date, text) for every free text of a case."""
    yield "title", initiative.received_on, initiative.title
    yield "address", initiative.received_on, initiative.address
    yield "description", initiative.received_on, initiative.description
    yield "support_requested", initiative.received_on, initiative.support_requested
    yield "next_step", None, initiative.next_step
    yield "lessons", initiative.closed_on, initiative.lessons
    for activity in sorted(initiative.activities, key=lambda activity: (activity.happened_on, activity.id)):
        yield "activity_note", activity.happened_on, activity.note
    for change in initiative.stage_changes:
        yield "stage_change_reason", change.happened_at.date(), change.reason
    for barrier in initiative.barriers:
        yield "barrier_description", barrier.raised_on, barrier.description
    for item in initiative.helps:
        yield "help_description", item.requested_on, item.description
        yield "help_decided_by", item.decided_on, item.decided_by
    for attachment in initiative.attachments:
        yield "file_name", attachment.uploaded_at.date(), attachment.filename
        if attachment.removed_at:
            yield "remove_reason", attachment.removed_at.date(), attachment.remove_reason
    for withdrawal in initiative.withdrawals:
        yield "withdrawal_reason", withdrawal.happened_at.date(), withdrawal.reason
    for activity in initiative.activities:
        if activity.voided_at:
            yield "void_reason", activity.voided_at.date(), activity.void_reason
        for correction in activity.corrections:
            yield "corrected_note", correction.corrected_at.date(), correction.previous_note
            yield "correction_reason", correction.corrected_at.date(), correction.reason
    challenge = challenge_of(initiative) if initiative.is_challenge else None
    if challenge is not None:
        for name in CHALLENGE_TEXTS:
            yield "challenge_text", challenge.decided_on or initiative.received_on, getattr(challenge, name)


def _other_mentions(subject, case_ids):
    """Cases where the subject is not a contact person but whose description or timeline holds
    their e-mail address or phone number."""
    found = {}
    if subject.email:
        pattern = contains_pattern(subject.email)
        for table_text, case_column in (
            (Initiative.description, Initiative.id),
            (Activity.note, Activity.initiative_id),
        ):
            rows = db.session.execute(
                sa.select(case_column).where(sa.func.lower(table_text).like(pattern, escape="\\")).distinct()
            )
            found.update(dict.fromkeys(row[0] for row in rows))
    if subject.phone:
        # The last two digits stand together in every notation; the digits themselves are checked after.
        tail = f"%{subject.phone[-2:]}%"
        digits = subject.phone.lstrip("0")
        for text_column, case_column in (
            (Initiative.description, Initiative.id),
            (Activity.note, Activity.initiative_id),
        ):
            rows = db.session.execute(sa.select(case_column, text_column).where(text_column.like(tail)))
            found.update(dict.fromkeys(row[0] for row in rows if digits in _NON_DIGITS.sub("", row[1])))
    ids = sorted(set(found) - set(case_ids))
    if not ids:
        return []
    return db.session.scalars(
        sa.select(Initiative).where(Initiative.id.in_(ids)).order_by(Initiative.id)
    ).all()


def _case_summary(initiative):
    return {
        "id": initiative.id,
        "title": initiative.title,
        "neighbourhood": initiative.neighbourhood.name,
        "stage": str(initiative.stage),
        "received_on": initiative.received_on.isoformat(),
        "closed_on": initiative.closed_on.isoformat() if initiative.closed_on else None,
    }


def subject_access(subject):
    """Everything Bricoleur holds about the subject, as plain values (the JSON export's content).

    Per case where they are a contact person: the contact record, every text of the case that
    names them, and the files that may hold them (those an erasure deletes). Then the other cases
    whose texts hold their e-mail address or phone number.
    """
    contacts = find_contacts(subject)
    by_case = {}
    for initiator in contacts:
        by_case.setdefault(initiator.initiative_id, []).append(initiator)
    cases = []
    for initiators in by_case.values():
        initiative = initiators[0].initiative
        addresses = [initiator.address for initiator in initiators if initiator.address]
        anonymiser = Anonymiser(
            names=[initiator.name for initiator in initiators],
            emails=[initiator.email for initiator in initiators],
            phones=[initiator.phone for initiator in initiators],
            addresses=[initiator.address for initiator in initiators],
        )
        cases.append(
            {
                "case": _case_summary(initiative),
                "contacts": [
                    {**initiator.as_dict(), "recorded_at": initiator.created_at.isoformat()}
                    for initiator in initiators
                ],
                "texts": [
                    {"kind": kind, "date": day.isoformat() if day else None, "text": text}
                    for kind, day, text in _case_texts(initiative)
                    if _mentions(text, anonymiser, subject, addresses)
                ],
                FILES: [
                    {
                        "name": attachment.filename,
                        "content_type": attachment.content_type,
                        "date": attachment.uploaded_at.date().isoformat(),
                    }
                    for attachment in initiative.attachments
                    if attachment.erased_at is None and may_hold_person(attachment)
                ],
            }
        )
    others = []
    generic = Anonymiser(
        emails=[subject.email] if subject.email else [], phones=[subject.phone] if subject.phone else []
    )
    for initiative in _other_mentions(subject, list(by_case)):
        texts = [
            {"kind": kind, "date": day.isoformat() if day else None, "text": text}
            for kind, day, text in _case_texts(initiative)
            if _mentions(text, generic, subject)
        ]
        if not texts:  # the database's match was looser than the check: nothing of theirs here
            continue
        others.append({"case": _case_summary(initiative), "texts": texts})
    return {
        "subject": {"email": subject.email, "phone": subject.phone},
        "generated_at": utcnow().isoformat(timespec="seconds"),
        "retention_months": retention_months(),
        "cases": cases,
        "other_mentions": others,
    }


def record_subject_access(report, *, output, actor=None):
    """Log a subject-access search or export: which records, never the e-mail or phone number."""
    case_ids = [case["case"]["id"] for case in report["cases"]]
    contact_ids = [contact["id"] for case in report["cases"] for contact in case["contacts"]]
    return record(
        SUBJECT_ACCESS_ACTION,
        actor=actor,
        summary=f"subject access ({output}): {len(contact_ids)} contact(s) in {len(case_ids)} case(s)",
        data={
            "output": output,
            "contact_ids": contact_ids,
            "case_ids": case_ids,
            "other_case_ids": [case["case"]["id"] for case in report["other_mentions"]],
        },
    )


def erase_subject(subject, actor):
    """Erase the subject's contact data on request: the purge's anonymising, per case (the content
    of the cases' files that may hold them goes when the request commits).

    Returns the Anonymisations; raises PrivacyError when nothing is held about the subject.
    """
    contacts = find_contacts(subject)
    if not contacts:
        raise PrivacyError(_("No contact data was found for this e-mail address or phone number."))
    by_case = {}
    for initiator in contacts:
        by_case.setdefault(initiator.initiative_id, []).append(initiator)
    return [
        anonymise_contacts(initiators[0].initiative, initiators, reason=ErasureReason.REQUEST, actor=actor)
        for initiators in by_case.values()
    ]
