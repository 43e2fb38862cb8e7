"""Making, revoking and using a case's status link, and the initiators' message from its page.

The link's secret is HMAC-SHA256(SECRET_KEY, a random 256-bit nonce) and only its hash is stored:
the database alone does not give it, and the status mails can carry it again. Finding a link is
one indexed lookup by that hash: a wrong secret costs the same as an unknown one.
"""

import base64
import calendar
import hashlib
import hmac
import secrets
from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from initiatives.audit.operations import record
from initiatives.cases import search
from initiatives.cases.models import Activity, ActivityKind, Initiative
from initiatives.cases.stages import Stage
from initiatives.core.dates import local_today
from initiatives.core.db import utcnow
from initiatives.core.rules import RuleConflict, RuleError
from initiatives.core.tokens import hash_token
from initiatives.extensions import db
from initiatives.notifications.events import Event
from initiatives.notifications.links import absolute_url
from initiatives.notifications.operations import notify
from initiatives.status_page.models import SatisfactionAnswer, StatusLink

#: How long a link works after it is made or last used.
VALIDITY_MONTHS = 12
#: The longest message the initiators may send from the page.
MESSAGE_MAX_LENGTH = 2000
#: The satisfaction question's answers, from very dissatisfied to very satisfied.
SATISFACTION_SCORES = range(1, 6)
#: The longest comment with a satisfaction answer.
COMMENT_MAX_LENGTH = 1000


def months_after(day, months):
    """`day` moved on by `months`, on the month's last day when it has fewer days (31 January + 1
    month is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def status_url(secret):
    """The page's address as the initiators get it, at BASE_URL (in a request or a mail run)."""
    return absolute_url("status_page.show", token=secret)


def link_secret(link):
    """The secret in the link's URL, made again from its nonce; None for a link made before links
    had one (its secret is known only to those who got it)."""
    if not link.nonce:
        return None
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"status-link:" + link.nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_link(initiative, actor):
    """Make the case's status link, replacing the one it had (whose URL stops working). Returns
    (link, secret)."""
    replaced = db.session.scalar(sa.select(StatusLink).where(StatusLink.initiative_id == initiative.id))
    if replaced is not None:
        db.session.delete(replaced)
        db.session.flush()
    link = StatusLink(initiative_id=initiative.id, nonce=secrets.token_urlsafe(32))
    secret = link_secret(link)
    link.token_hash = hash_token(secret)
    link.created_by = actor
    link.expires_on = months_after(local_today(), VALIDITY_MONTHS)
    db.session.add(link)
    db.session.flush()
    record(
        "status_link.created",
        link,
        actor=actor,
        summary=f"status link of case {initiative.id} made",
        initiative=initiative,
    )
    return link, secret


class LinkEnded(StrEnum):
    """Why a status link stopped working before its time, besides the team revoking it."""

    CONTACT_ERASED = "contact_erased"


def revoke_link(initiative, actor, *, because=None):
    """End the case's status link; return whether it had one. `because` (a LinkEnded) when it is
    not the team's own choice."""
    link = db.session.scalar(sa.select(StatusLink).where(StatusLink.initiative_id == initiative.id))
    if link is None:
        return False
    db.session.delete(link)
    db.session.flush()
    record(
        "status_link.revoked",
        actor=actor,
        summary=f"status link of case {initiative.id} revoked" + (f" ({because})" if because else ""),
        object_type=StatusLink.__tablename__,
        object_id=link.id,
        initiative=initiative,
        data={"reason": str(because)} if because else None,
    )
    return True


def current_link(initiative):
    """The case's link, or None."""
    return db.session.scalar(sa.select(StatusLink).where(StatusLink.initiative_id == initiative.id))


def working_link(secret):
    """The link whose secret is `secret` if it still works (not expired, its case, or the case it
    was merged into, not withdrawn), else None. One lookup by the hash whatever the secret: unknown and wrong answer alike."""
    link = db.session.scalar(
        sa.select(StatusLink)
        .where(StatusLink.token_hash == hash_token(secret or ""))
        .options(joinedload(StatusLink.initiative).joinedload(Initiative.owner))
    )
    works = link is not None and link.expires_on >= local_today() and case_of(link).withdrawn_at is None
    return link if works else None


#: How many merges a link follows at most (a merged case's case merged in its turn, and so on).
MERGES_FOLLOWED = 10


def case_of(link):
    """The case the link's page tells of: its own, or when that was merged into another case, the
    case it was merged into (its initiators are contact persons there now, and its timeline is
    there), following a later merge of that one too."""
    initiative = link.initiative
    for _step in range(MERGES_FOLLOWED):
        if initiative.merged_into is None:
            break
        initiative = initiative.merged_into
    return initiative


def use_link(link):
    """The page was opened: the link works another VALIDITY_MONTHS from today."""
    link.expires_on = months_after(local_today(), VALIDITY_MONTHS)
    link.last_used_at = utcnow()


def receive_message(link, text):
    """The initiators' message becomes a timeline entry of the case and a notice for its owner.

    No user wrote it: its author is the team member who made the link (the timeline's author is
    required), and its kind says it came from the initiators. It is not shown on the status page
    until the team marks it so, as every entry.
    """
    initiative = case_of(link)
    current = Stage(initiative.stage)
    activity = Activity(
        initiative=initiative,
        kind=ActivityKind.INITIATOR_MESSAGE,
        happened_on=local_today(),
        practice=current,
        note=text.strip(),
        author_id=link.created_by_id,
    )
    db.session.add(activity)
    use_link(link)
    db.session.flush()
    record(
        "status_link.message_received",
        activity,
        actor=None,
        summary=f"message from the initiators on case {initiative.id}",
        initiative=initiative,
        # Not the resident's network address: the log keeps it for good, tied to the case.
        origin="status page",
    )
    search.reindex(initiative)
    for reader in _message_readers(initiative):
        notify(reader, Event.INITIATOR_REPLIED, initiative, reference=f"message {activity.id}")
    return activity


def _message_readers(initiative):
    """Who is told of the initiators' message: the owner, or while the owner's account is
    inactive (on leave, gone) the case's team, so that it does not wait unread."""
    owner = initiative.owner
    if owner is not None and owner.active:
        return [owner]
    return [member for member in initiative.team if member.active]


def may_answer_satisfaction(initiative):
    """Whether the status page asks its one question: once the case is closed (and not withdrawn,
    though then the link does not work at all)."""
    return initiative.is_closed and not initiative.is_withdrawn


def satisfaction_answer(initiative):
    """The initiators' answer on the case, or None."""
    return db.session.scalar(
        sa.select(SatisfactionAnswer).where(SatisfactionAnswer.initiative_id == initiative.id)
    )


def answer_satisfaction(link, score, comment):
    """Save the initiators' answer to the closed case's question, replacing the one they gave
    before (they share one link). The audit entry keeps the score, never the comment: it is the
    residents' own text, for the case's team only, and the log is kept for good."""
    initiative = case_of(link)
    if not may_answer_satisfaction(initiative):
        raise RuleConflict(_("We ask this question when your initiative is closed."), field="score")
    if score not in SATISFACTION_SCORES:
        raise RuleError(_("Choose how satisfied you are."), field="score")
    answer = satisfaction_answer(initiative)
    previous = answer.score if answer is not None else None
    if answer is None:
        answer = SatisfactionAnswer(initiative_id=initiative.id)
        db.session.add(answer)
    answer.score = score
    answer.comment = (comment or "").strip()[:COMMENT_MAX_LENGTH]
    answer.answered_at = utcnow()
    use_link(link)
    db.session.flush()
    record(
        "status_link.satisfaction_answered",
        answer,
        actor=None,
        summary=f"satisfaction answered on case {initiative.id}" + (" again" if previous is not None else ""),
        initiative=initiative,
        data={"score": [previous, score] if previous is not None else score},
        origin="status page",
    )
    return answer
