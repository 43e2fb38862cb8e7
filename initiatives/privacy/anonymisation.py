"""Anonymising a case's contact persons: one code path for the purge and for erasure.

The contact person's name, e-mail address, phone number and home address are replaced, the same
strings are redacted inside every free text of the case with the exports' `Anonymiser`, the
content of the case's files that may hold the person is deleted (their entries stay), and the
search index is rebuilt; the public copies of the texts are made again when the transaction
commits (`exports.public_texts`). The case, its stages, barriers and helps stay, so every
statistic stays the same. Operations flush; the request or the command commits.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import sqlalchemy as sa

from initiatives.audit.operations import record
from initiatives.cases import search
from initiatives.cases.attachments import erase_content
from initiatives.challenges.models import FREE_TEXTS as CHALLENGE_TEXTS
from initiatives.challenges.operations import challenge_of
from initiatives.core.anonymise.anonymiser import Anonymiser
from initiatives.core.anonymise.case_texts import anonymised_case
from initiatives.core.anonymise.patterns import STREET_ADDRESS, address_spans
from initiatives.core.anonymise.words import NAME, fold
from initiatives.core.db import utcnow
from initiatives.extensions import db
from initiatives.privacy.models import ContactErasure, ErasureReason
from initiatives.stakeholders.queries import stakeholders_of
from initiatives.status_page import operations as status_links

ANONYMISED_ACTION = "privacy.contacts_anonymised"
#: The case's own fields among the texts anonymising changes (the others are rows of their own).
CASE_FIELDS = frozenset({"title", "description", "support_requested", "next_step", "lessons", "address"})
#: The audit data's name of the files whose content anonymising deleted.
FILES = "files"


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
    # The retention purge also takes the names on the case's stakeholder map (colleagues, contact
    # persons of organisations), even when no contact person is left to anonymise.
    named_stakeholders = (
        [stakeholder for stakeholder in stakeholders_of(initiative) if stakeholder.name]
        if reason == ErasureReason.RETENTION
        else []
    )
    if not pending and not named_stakeholders:
        return result
    pending_ids = {initiator.id for initiator in pending}
    whole_case = all(
        initiator.id in pending_ids or initiator.id in erased for initiator in initiative.initiators
    )
    home_addresses = [initiator.address for initiator in pending if initiator.address]
    anonymiser = Anonymiser(
        names=[initiator.name for initiator in pending]
        + [stakeholder.name for stakeholder in named_stakeholders],
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
    answer = status_links.satisfaction_answer(initiative)  # the initiators' comment on their case
    if answer is not None:
        _set_text(
            result, "satisfaction_comments", answer, "comment", anonymiser.redact(answer.comment), dry_run
        )
    _anonymise_stakeholders(result, initiative, anonymiser, pending_ids, dry_run)
    _anonymise_challenge(result, initiative, anonymiser, dry_run)
    files = [item for item in initiative.attachments if item.has_content and may_hold_person(item)]
    result.files = len(files)
    result.contacts = len(pending)
    if dry_run:
        return result
    for attachment in files:
        erase_content(attachment)
    for initiator in pending:
        initiator.name, initiator.email, initiator.phone, initiator.address = NAME, "", "", ""
        initiator.status_mail_consent_on = None
        db.session.add(ContactErasure(initiator_id=initiator.id, reason=reason, erased_at=utcnow()))
    if CASE_FIELDS & result.texts.keys():
        initiative.version += 1  # an open edit form must not write the old texts back
    db.session.flush()
    # The erased person may hold the initiators' status link: it stops working.
    status_links.revoke_link(initiative, actor, because=status_links.LinkEnded.CONTACT_ERASED)
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


def _anonymise_stakeholders(result, initiative, anonymiser, pending_ids, dry_run):
    """The stakeholder map: the names the anonymiser finds (the persons anonymised, and in the
    purge every name on the map) are removed, the anonymised contact persons unlinked (the map
    then says "een bewoner" or the organisation), and the stance notes redacted."""
    for stakeholder in stakeholders_of(initiative):
        if stakeholder.name and anonymiser.redact(stakeholder.name) != stakeholder.name:
            _set_text(result, "stakeholder_names", stakeholder, "name", "", dry_run)
        if stakeholder.initiator_id in pending_ids:
            result.count("stakeholder_names")
            if not dry_run:
                stakeholder.initiator = None
        for row in stakeholder.stances:
            _set_text(result, "stance_notes", row, "note", anonymiser.redact(row.note), dry_run)


def _anonymise_challenge(result, initiative, anonymiser, dry_run):
    """A right-to-challenge case's proposal, grounds, agreement and evaluation: redacted like the
    case's other free texts; the challenge's version goes up, so that an open form of it must not
    write the old texts back."""
    challenge = challenge_of(initiative) if initiative.is_challenge else None
    if challenge is None:
        return
    before = result.texts.get("challenge_texts", 0)
    for name in CHALLENGE_TEXTS:
        _set_text(
            result, "challenge_texts", challenge, name, anonymiser.redact(getattr(challenge, name)), dry_run
        )
    if not dry_run and result.texts.get("challenge_texts", 0) > before:
        challenge.version += 1


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
