"""Which notices still matter: a notice disappears when its reason goes away (the follow-up date
moved, the case was closed or withdrawn, the college decided on the challenge). Asked in SQL, so the page, the header's count and the
digest agree without anything having to clean up after a change."""

import sqlalchemy as sa

from initiatives.cases.models import Initiative
from initiatives.challenges.models import Challenge
from initiatives.notifications.events import Event
from initiatives.notifications.models import Notification

#: Notices about a follow-up date, whose reference is that date (ISO).
FOLLOW_UP_EVENTS = (Event.FOLLOW_UP_DUE, Event.FOLLOW_UP_OVERDUE)


def reason_holds():
    """SQL: the notice is not resolved, its case awaits work, a follow-up notice's date is still
    the case's follow-up date, and a challenge's deadline notice still has no decision."""
    same_date = sa.cast(Initiative.follow_up_on, sa.String(10)) == Notification.reference
    decided = (
        sa.select(Challenge.id)
        .where(Challenge.initiative_id == Notification.initiative_id, Challenge.decision.is_not(None))
        .exists()
    )
    case_still_waits = (
        sa.select(Initiative.id)
        .where(
            Initiative.id == Notification.initiative_id,
            Initiative.awaits_work,
            sa.or_(Notification.event.not_in(FOLLOW_UP_EVENTS), same_date),
            sa.or_(Notification.event != Event.CHALLENGE_DUE, ~decided),
        )
        .exists()
    )
    return sa.and_(Notification.resolved_at.is_(None), case_still_waits)


def current_notifications(user):
    """The user's notices that still matter: unread first, then newest first."""
    return (
        sa.select(Notification)
        .where(Notification.user_id == user.id, reason_holds())
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(session, user):
    return session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None), reason_holds())
    )
