"""The retention period of residents' contact data, and the purge that anonymises it afterwards
(`flask privacy purge`): a batch of cases at a time, each committed on its own.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import record
from initiatives.cases import search
from initiatives.cases.models import Activity, Initiative, Initiator
from initiatives.cases.stages import Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.privacy.anonymisation import FILES, anonymise_contacts
from initiatives.privacy.models import ContactErasure, ErasureReason
from initiatives.stakeholders.models import Stakeholder

PURGE_ACTION = "privacy.purge"
#: Cases per batch of the purge: each batch is loaded, anonymised and committed on its own.
DEFAULT_BATCH_SIZE = 200


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


def _expired_names_condition(cutoff):
    """A closed case past the retention period still names someone on its stakeholder map."""
    return sa.and_(
        Stakeholder.initiative_id == Initiative.id,
        Stakeholder.name != "",
        Initiative.stage == Stage.CLOSED,
        Initiative.closed_on <= cutoff,
    )


def _expired_case_ids(cutoff, after_id, limit):
    return list(
        db.session.scalars(
            sa.select(Initiative.id)
            .where(
                Initiative.id > after_id,
                sa.or_(
                    sa.exists().where(_expired_condition(cutoff)),
                    sa.exists().where(_expired_names_condition(cutoff)),
                ),
            )
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
