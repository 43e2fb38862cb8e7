"""The notices that time makes, found by `flask notifications deliver`: a follow-up date reached
(the morning of the day, any day of the week), a follow-up date passed (once, on the next working
day), a barrier open for 30, 60 or 90 days, and the college's decision on a challenge due within
14 or 3 days or overdue.

Each question asks only for what has no notice yet (the sent-log: a notice per user, event, case
and reference), through the indexes on follow-up dates and on open barriers, so a run that finds
nothing new reads little. Two deliverers at once may both find a case: each notice is made inside
a savepoint, so the second one's duplicate is dropped without undoing the first one's work.
"""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from initiatives.auth.models import User
from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models import Barrier
from initiatives.cases.models import Initiative
from initiatives.challenges.queries import deadlines_within
from initiatives.extensions import db
from initiatives.notifications.events import (
    BARRIER_OPEN_DAYS,
    CHALLENGE_DUE_DAYS,
    CHALLENGE_PASSED,
    Channel,
    Event,
)
from initiatives.notifications.models import Notification, NotificationChoice
from initiatives.notifications.operations import notify

WORKING_DAYS = range(5)  # Monday to Friday


def last_working_day(today):
    """The latest working day on or before `today`."""
    while today.weekday() not in WORKING_DAYS:
        today -= timedelta(days=1)
    return today


def _not_notified(event, recipient_id, reference):
    return ~(
        sa.select(Notification.id)
        .where(
            Notification.user_id == recipient_id,
            Notification.event == event,
            Notification.initiative_id == Initiative.id,
            Notification.reference == reference,
        )
        .exists()
    )


def _owner_would_be_told(event):
    """SQL: the case's owner is active and has not turned `event` off, so notify() would make a
    notice; without it a case of a deactivated owner would be found again at every run."""
    owner_active = sa.select(User.id).where(User.id == Initiative.owner_id, User.active).exists()
    turned_off = (
        sa.select(NotificationChoice.user_id)
        .where(
            NotificationChoice.user_id == Initiative.owner_id,
            NotificationChoice.event == event,
            NotificationChoice.channel == Channel.OFF,
        )
        .exists()
    )
    return sa.and_(owner_active, ~turned_off)


def _notify_once(recipient, event, initiative, reference, data):
    """notify(), in a savepoint: a notice another deliverer just made is no error."""
    try:
        with db.session.begin_nested():
            return notify(recipient, event, initiative, reference=reference, data=data)
    except IntegrityError:
        return None


def follow_ups_due(today):
    """Cases whose follow-up date is today: their owner is told (reference: the date)."""
    reference = today.isoformat()
    cases = db.session.scalars(
        sa.select(Initiative)
        .where(
            Initiative.follow_up_on == today,
            Initiative.awaits_work,
            _not_notified(Event.FOLLOW_UP_DUE, Initiative.owner_id, reference),
            _owner_would_be_told(Event.FOLLOW_UP_DUE),
        )
        .order_by(Initiative.id)
        .options(selectinload(Initiative.owner))
    ).all()
    made = 0
    for initiative in cases:
        made += _notify_once(initiative.owner, Event.FOLLOW_UP_DUE, initiative, reference, None) is not None
    return len(cases), made


def follow_ups_overdue(today):
    """Cases still overdue whose follow-up date lies before the last working day: told once,
    from the first working day after the date on (reference: the date)."""
    reference = sa.cast(Initiative.follow_up_on, sa.String(10))
    cases = db.session.scalars(
        sa.select(Initiative)
        .where(
            Initiative.follow_up_on < last_working_day(today),
            Initiative.awaits_work,
            _not_notified(Event.FOLLOW_UP_OVERDUE, Initiative.owner_id, reference),
            _owner_would_be_told(Event.FOLLOW_UP_OVERDUE),
        )
        .order_by(Initiative.follow_up_on, Initiative.id)
        .options(selectinload(Initiative.owner))
    ).all()
    made = 0
    for initiative in cases:
        day = initiative.follow_up_on.isoformat()
        made += _notify_once(initiative.owner, Event.FOLLOW_UP_OVERDUE, initiative, day, None) is not None
    return len(cases), made


def barrier_reference(barrier_id, days):
    return f"barrier {barrier_id}: {days}"


def barriers_open_long(today):
    """Open barriers on cases that await work, open for a threshold's days: the case's owner is
    told once per threshold, for the highest one reached (reference "barrier <id>: <days>")."""
    thresholds = sorted(BARRIER_OPEN_DAYS, reverse=True)
    reached = sa.case(
        *((Barrier.raised_on <= today - timedelta(days=days), str(days)) for days in thresholds),
        else_="0",
    )
    reference = sa.literal("barrier ") + sa.cast(Barrier.id, sa.String) + sa.literal(": ") + reached
    rows = db.session.execute(
        sa.select(Barrier.id, Barrier.raised_on, Initiative)
        .join(Initiative, Initiative.id == Barrier.initiative_id)
        .where(
            Barrier.status == BarrierStatus.OPEN,
            Barrier.raised_on <= today - timedelta(days=min(thresholds)),
            Initiative.awaits_work,
            _not_notified(Event.BARRIER_OPEN_LONG, Initiative.owner_id, reference),
            _owner_would_be_told(Event.BARRIER_OPEN_LONG),
        )
        .order_by(Barrier.raised_on, Barrier.id)
        .options(selectinload(Initiative.owner))
    ).all()
    made = 0
    for barrier_id, raised_on, initiative in rows:
        days = next(days for days in thresholds if raised_on <= today - timedelta(days=days))
        notice = _notify_once(
            initiative.owner,
            Event.BARRIER_OPEN_LONG,
            initiative,
            barrier_reference(barrier_id, days),
            {"barrier_id": barrier_id, "days": days},
        )
        made += notice is not None
    return len(rows), made


def challenge_threshold(days_left):
    """The threshold a deadline `days_left` away has reached: "passed", the smallest number of
    days of CHALLENGE_DUE_DAYS it is within, or None while it is further."""
    if days_left < 0:
        return CHALLENGE_PASSED
    within = [days for days in CHALLENGE_DUE_DAYS if days_left <= days]
    return str(min(within)) if within else None


def challenge_reference(due_on, threshold):
    return f"{due_on.isoformat()}: {threshold}"


def challenge_deadlines(today):
    """Undecided challenges whose decision is due within 14 or 3 days, or overdue: the case's owner
    is told once per threshold reached (the highest) and deadline (reference "<deadline>: <days>"
    or "<deadline>: passed"); a changed deadline arms the notices again, a decision stops them."""
    due = deadlines_within(
        db.session,
        max(CHALLENGE_DUE_DAYS),
        _owner_would_be_told(Event.CHALLENGE_DUE),
        today=today,
        options=(selectinload(Initiative.owner),),
    )
    told = set(
        db.session.execute(
            sa.select(Notification.initiative_id, Notification.user_id, Notification.reference).where(
                Notification.event == Event.CHALLENGE_DUE,
                Notification.initiative_id.in_([item.initiative.id for item in due]),
            )
        ).all()
    )
    found = made = 0
    for item in due:
        threshold = challenge_threshold(item.days_left)
        reference = challenge_reference(item.due_on, threshold)
        if (item.initiative.id, item.initiative.owner_id, reference) in told:
            continue
        found += 1
        notice = _notify_once(
            item.initiative.owner,
            Event.CHALLENGE_DUE,
            item.initiative,
            reference,
            {"due_on": item.due_on.isoformat(), "threshold": threshold},
        )
        made += notice is not None
    return found, made


def scan(today):
    """Every time-based notice due `today`: {name: (found, made)}."""
    return {
        "follow-ups due": follow_ups_due(today),
        "follow-ups overdue": follow_ups_overdue(today),
        "barriers open long": barriers_open_long(today),
        "challenge deadlines": challenge_deadlines(today),
    }
