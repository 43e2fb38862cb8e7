"""Business rules of privacy (AVG): the retention period of residents' contact data, the purge
that anonymises it afterwards, finding everything held about a person, and erasure on request.

The purge and erasure share one code path, `anonymise_contacts`: the contact person's name,
e-mail address, phone number and home address are replaced, the same strings are redacted inside
every free text of the case with the exports' `Anonymiser`, the content of the case's files that
may hold the person is deleted (their entries stay), and the search index is rebuilt; the public
copies of the texts are made again when the transaction commits (`exports.public_texts`). The
case, its stages, barriers and helps stay, so every statistic stays the same. Operations flush;
the request or the command commits.
"""

import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import record
from initiatives.cases import search
from initiatives.cases.attachments import erase_content
from initiatives.cases.models import Activity, Initiative, Initiator
from initiatives.cases.stages import Stage
from initiatives.core.anonymise import (
    NAME,
    STREET_ADDRESS,
    Anonymiser,
    address_spans,
    anonymised_case,
    fold,
    phone_digits,
    redact,
)
from initiatives.core.dates import local_today
from initiatives.core.db import contains_pattern, utcnow
from initiatives.extensions import db
from initiatives.privacy.models import ContactErasure, ErasureReason

PURGE_ACTION = "privacy.purge"
ANONYMISED_ACTION = "privacy.contacts_anonymised"
SUBJECT_ACCESS_ACTION = "privacy.subject_access"
#: Cases per batch of the purge: each batch is loaded, anonymised and committed on its own.
DEFAULT_BATCH_SIZE = 200
#: The case's own fields among the texts anonymising changes (the others are rows of their own).
CASE_FIELDS = frozenset({"title", "description", "support_requested", "next_step", "lessons", "address"})
#: Fewest digits of a phone number to look for (as the anonymiser: shorter ones match too much).
MINIMUM_PHONE_DIGITS = 6
#: The audit data's name of the files whose content anonymising deleted.
FILES = "files"


class PrivacyError(ValueError):
    """A request the rules refuse; the message is shown to the user."""


# -- the retention period ---------------------------------------------------------------------


#: The longest retention period: a hundred years (longer ones reached before the year 1).
MAX_RETENTION_MONTHS = 1200


def retention_months():
    """The months after closure that contact data is kept (BRICOLEUR_CONTACT_RETENTION_MONTHS)."""
    months = current_app.config["CONTACT_RETENTION_MONTHS"]
    if not isinstance(months, int) or not 1 <= months <= MAX_RETENTION_MONTHS:
        raise PrivacyError(
            _(
                "The retention period must be a whole number of months from 1 to %(most)d.",
                most=MAX_RETENTION_MONTHS,
            )
        )
    return months


def months_before(day, months):
    """Return `day` moved back `months` calendar months (31 March minus one month: 28/29 February)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def retention_cutoff(today=None, months=None):
    """The last closing date whose contact data has expired today."""
    return months_before(today or local_today(), months or retention_months())


# -- anonymising: one code path for the purge and for erasure --------------------------------


@dataclass
class Anonymisation:
    """What anonymising did (or, in a dry run, would do) to one case."""

    initiative_id: int
    contacts: int = 0
    #: Field kind -> number of texts changed, e.g. {"description": 1, "activity_notes": 3}.
    texts: dict = field(default_factory=dict)
    #: Files whose content was deleted.
    files: int = 0

    def count(self, kind):
        self.texts[kind] = self.texts.get(kind, 0) + 1

    @property
    def text_count(self):
        return sum(self.texts.values())


def _erased_ids(initiators):
    ids = [initiator.id for initiator in initiators]
    if not ids:
        return set()
    return set(
        db.session.scalars(sa.select(ContactErasure.initiator_id).where(ContactErasure.initiator_id.in_(ids)))
    )


def _set_text(result, kind, item, attribute, new_value, dry_run):
    if new_value is not None and new_value != getattr(item, attribute):
        result.count(kind)
        if not dry_run:
            # "[naam]" is longer than "Jan": a text at the column's limit would no longer fit
            length = getattr(sa.inspect(type(item)).columns[attribute].type, "length", None)
            setattr(item, attribute, new_value[:length] if length else new_value)


def may_hold_person(attachment):
    """Whether a file's content may hold a resident, so that anonymising deletes it: every file
    but an image (an e-mail, a PDF, an office document, a text), by the type its content showed."""
    return not attachment.content_type.startswith("image/")


_ADDRESS_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1024)
def _address_pattern(address):
    """A pattern finding the street addresses and postcodes of a home address in folded text,
    whatever stands between their words ("Merelstraat 12" and "merelstraat, 12"), or None."""
    parts = []
    for start, end, _label in address_spans(address):
        words = _ADDRESS_WORD.findall(fold(address[start:end]))
        if words:
            ending = r"(?!\d)" if words[-1][-1].isdigit() else r"(?![^\W_])"
            parts.append(r"(?<![^\W_])" + r"[\W_]*".join(map(re.escape, words)) + ending)
    return re.compile("|".join(parts)) if parts else None


def holds_address(text, addresses):
    """Whether `text` holds the street address or postcode of one of the home `addresses`."""
    if not text:
        return False
    patterns = [pattern for pattern in map(_address_pattern, filter(None, addresses)) if pattern]
    if not patterns:
        return False
    folded = fold(text)
    return any(pattern.search(folded) for pattern in patterns)


def anonymise_contacts(initiative, initiators, *, reason, actor=None, dry_run=False, reindex=True):
    """Anonymise `initiators` of `initiative`, redact them inside the case's free texts and delete
    the content of its files that may hold them (`may_hold_person`).

    Contacts anonymised before are skipped, so running it again changes nothing. The case's
    address is redacted too when no contact person of the case is left (it may be a resident's),
    or when it is the home address of one anonymised. The files' entries stay, marked erased; the
    stored files are deleted once the transaction commits. Returns an Anonymisation; with
    `dry_run` nothing is changed. Flushes, writes the audit entry (without the personal data) and,
    with `reindex`, rebuilds the case's search document.
    """
    result = Anonymisation(initiative.id)
    erased = _erased_ids(initiative.initiators)
    pending = [initiator for initiator in initiators if initiator.id not in erased]
    if not pending:
        return result
    pending_ids = {initiator.id for initiator in pending}
    whole_case = all(
        initiator.id in pending_ids or initiator.id in erased for initiator in initiative.initiators
    )
    home_addresses = [initiator.address for initiator in pending if initiator.address]
    anonymiser = Anonymiser(
        names=[initiator.name for initiator in pending],
        emails=[initiator.email for initiator in pending],
        phones=[initiator.phone for initiator in pending],
        address=initiative.address if whole_case else "",
        addresses=home_addresses,
    )
    texts = anonymised_case(initiative, anonymiser)
    for name in ("title", "description", "support_requested", "next_step", "lessons"):
        _set_text(result, name, initiative, name, getattr(texts, name), dry_run)
    if (whole_case and STREET_ADDRESS.search(initiative.address or "")) or holds_address(
        initiative.address, home_addresses
    ):
        _set_text(result, "address", initiative, "address", anonymiser.redact(initiative.address), dry_run)
    for rows, redacted, kind, attribute in (
        (initiative.activities, texts.activity_notes, "activity_notes", "note"),
        (initiative.stage_changes, texts.stage_change_reasons, "stage_change_reasons", "reason"),
        (initiative.barriers, texts.barrier_descriptions, "barrier_descriptions", "description"),
        (initiative.helps, texts.help_descriptions, "help_descriptions", "description"),
    ):
        for row in rows:
            _set_text(result, kind, row, attribute, redacted.get(row.id), dry_run)
    for item in initiative.helps:  # who decided may be a resident (a member of a residents' group)
        _set_text(result, "help_deciders", item, "decided_by", anonymiser.redact(item.decided_by), dry_run)
    for attachment in initiative.attachments:
        _set_text(
            result, "file_names", attachment, "filename", anonymiser.redact(attachment.filename), dry_run
        )
    _redact_amendments(result, initiative, anonymiser, dry_run)
    files = [item for item in initiative.attachments if item.has_content and may_hold_person(item)]
    result.files = len(files)
    result.contacts = len(pending)
    if dry_run:
        return result
    for attachment in files:
        erase_content(attachment)
    for initiator in pending:
        initiator.name, initiator.email, initiator.phone, initiator.address = NAME, "", "", ""
        db.session.add(ContactErasure(initiator_id=initiator.id, reason=reason, erased_at=utcnow()))
    if CASE_FIELDS & result.texts.keys():
        initiative.version += 1  # an open edit form must not write the old texts back
    db.session.flush()
    record(
        ANONYMISED_ACTION,
        initiative,
        actor=actor,
        summary=f"{len(pending)} contact(s) of case {initiative.id} anonymised ({reason})",
        data={"reason": str(reason), "contacts": len(pending), "texts": result.texts, FILES: result.files},
        initiative=initiative,
    )
    if reindex:
        search.reindex(initiative)
    return result


def _redact_amendments(result, initiative, anonymiser, dry_run):
    """Redact the texts that undoing a mistake left: the reasons for withdrawing and taking back
    the case, for voiding and correcting its entries and removing its files, and the notes as
    they were before a correction."""
    redact_text = anonymiser.redact
    for withdrawal in initiative.withdrawals:
        _set_text(result, "withdrawal_reasons", withdrawal, "reason", redact_text(withdrawal.reason), dry_run)
    for activity in initiative.activities:
        _set_text(result, "void_reasons", activity, "void_reason", redact_text(activity.void_reason), dry_run)
        for correction in activity.corrections:
            _set_text(
                result,
                "corrected_notes",
                correction,
                "previous_note",
                redact_text(correction.previous_note),
                dry_run,
            )
            _set_text(
                result, "correction_reasons", correction, "reason", redact_text(correction.reason), dry_run
            )
    for attachment in initiative.attachments:
        _set_text(
            result,
            "remove_reasons",
            attachment,
            "remove_reason",
            redact_text(attachment.remove_reason),
            dry_run,
        )


# -- the purge ------------------------------------------------------------------------------------


def _expired_condition(cutoff):
    not_erased = ~sa.exists().where(ContactErasure.initiator_id == Initiator.id)
    return sa.and_(
        Initiator.initiative_id == Initiative.id,
        Initiative.stage == Stage.CLOSED,
        Initiative.closed_on <= cutoff,
        not_erased,
    )


def expired_counts(cutoff):
    """(cases, contacts) whose contact data has expired and is not yet anonymised."""
    row = db.session.execute(
        sa.select(sa.func.count(sa.distinct(Initiative.id)), sa.func.count(Initiator.id))
        .select_from(Initiator)
        .join(Initiative, Initiative.id == Initiator.initiative_id)
        .where(_expired_condition(cutoff))
    ).one()
    return row[0], row[1]


def _expired_case_ids(cutoff, after_id, limit):
    return list(
        db.session.scalars(
            sa.select(Initiative.id)
            .where(Initiative.id > after_id, sa.exists().where(_expired_condition(cutoff)))
            .order_by(Initiative.id)
            .limit(limit)
        )
    )


def _load_cases(ids):
    return db.session.scalars(
        sa.select(Initiative)
        .where(Initiative.id.in_(ids))
        .options(
            selectinload(Initiative.initiators),
            selectinload(Initiative.activities).selectinload(Activity.corrections),
            selectinload(Initiative.stage_changes),
            selectinload(Initiative.withdrawals),
            selectinload(Initiative.barriers),
            selectinload(Initiative.helps),
            selectinload(Initiative.attachments),
        )
        .order_by(Initiative.id)
    ).all()


@dataclass
class PurgeBatch:
    """One batch of the purge: what it did to each of its cases."""

    results: list

    @property
    def cases(self):
        return sum(1 for result in self.results if result.contacts)

    @property
    def contacts(self):
        return sum(result.contacts for result in self.results)

    @property
    def texts(self):
        return sum(result.text_count for result in self.results)

    @property
    def files(self):
        return sum(result.files for result in self.results)


def purge_batches(cutoff, *, batch_size=DEFAULT_BATCH_SIZE, dry_run=False, actor=None):
    """Anonymise the expired contact data, a batch of cases at a time; yield a PurgeBatch after each.

    Each batch is flushed before it is yielded, so the caller commits between batches and the
    memory use stays bounded. Cases go in id order (keyset paging), so a dry run, which changes
    nothing, still gets through them all.
    """
    after_id = 0
    while True:
        ids = _expired_case_ids(cutoff, after_id, batch_size)
        if not ids:
            return
        results = []
        documents = []
        for initiative in _load_cases(ids):
            result = anonymise_contacts(
                initiative,
                initiative.initiators,
                reason=ErasureReason.RETENTION,
                actor=actor,
                dry_run=dry_run,
                reindex=False,
            )
            results.append(result)
            if not dry_run:
                documents.append({"id": initiative.id, **search.document_for(initiative)})
        if documents:
            search.index_documents(documents)  # one statement for the batch, not one per case
        db.session.flush()
        after_id = ids[-1]
        # Only ids and counts are kept: the session's weak identity map lets the batch's objects go.
        yield PurgeBatch(results)


def record_purge(*, cutoff, months, cases, contacts, texts, files=0, dry_run, actor=None):
    """The audit entry of a purge run: figures only, never the personal data."""
    return record(
        PURGE_ACTION,
        actor=actor,
        summary=("dry run: " if dry_run else "")
        + f"retention purge: {contacts} contact(s) in {cases} case(s) closed on or before {cutoff.isoformat()}",
        data={
            "dry_run": dry_run,
            "cutoff": cutoff.isoformat(),
            "retention_months": months,
            "cases": cases,
            "contacts": contacts,
            "texts": texts,
            FILES: files,
        },
    )


def last_purge():
    """The audit entry of the last real purge run, or None."""
    return db.session.scalar(
        sa.select(AuditEntry)
        .where(AuditEntry.action == PURGE_ACTION)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(1)
    )


# -- subject access -------------------------------------------------------------------------------


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
