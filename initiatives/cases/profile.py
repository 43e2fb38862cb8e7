"""What a case's history says: its practice profile and the time spent in each stage."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.barriers.lifecycle import BarrierStatus, HelpStatus
from initiatives.cases.models import Activity
from initiatives.cases.stages import OPEN_STAGES, Stage
from initiatives.core.db import utcnow
from initiatives.extensions import db


@dataclass(frozen=True)
class PracticeCount:
    practice: Stage
    count: int
    share: float  # of all activities, 0..1


def practice_profile(initiative):
    """Return the number of activities per practice, for every practice (zeros included); a
    voided entry does not count."""
    rows = db.session.execute(
        sa.select(Activity.practice, sa.func.count())
        .where(Activity.initiative_id == initiative.id, Activity.voided_at.is_(None))
        .group_by(Activity.practice)
    ).all()
    counts = Counter({Stage(practice): count for practice, count in rows})
    total = sum(counts.values())
    return [
        PracticeCount(practice=stage, count=counts[stage], share=(counts[stage] / total) if total else 0.0)
        for stage in OPEN_STAGES
    ]


def time_in_stages(initiative, now=None):
    """Return {stage: timedelta} spent in each stage so far, from the stage history."""
    now = now or utcnow()
    durations = dict.fromkeys(OPEN_STAGES, timedelta(0))
    changes = sorted(initiative.stage_changes, key=lambda change: (change.happened_at, change.id))
    for change, following in zip(changes, [*changes[1:], None], strict=True):
        if change.to_stage == Stage.CLOSED:
            continue
        end = following.happened_at if following else now
        durations[Stage(change.to_stage)] += max(end - change.happened_at, timedelta(0))
    return durations


@dataclass(frozen=True)
class TimelineItem:
    """One line on a case's timeline: an activity, or a barrier or help event."""

    day: date
    kind: str  # activity | barrier | help
    title: str
    meta: str = ""
    note: str = ""
    skills: tuple = ()
    order: int = 0
    #: The Activity of an activity's line (to correct or void it; whether it was), else None.
    activity: object = None

    @property
    def voided(self):
        return self.activity is not None and self.activity.is_voided


def timeline_of(initiative, shown, with_voided=None):
    """Activities, barriers and helps of a case as one timeline, newest first; their texts as
    `shown` (the reader's `personal_data.case_texts`) gives them. Voided activities are in it for
    those who work on the case only (by default: those `shown` shows the texts as written)."""
    if with_voided is None:
        with_voided = not shown.hidden
    items = [
        TimelineItem(
            day=activity.happened_on,
            kind="activity",
            title=str(activity.kind.title),
            meta=f"{activity.practice.title} · {activity.author.display_name}",
            note=shown(activity.note),
            skills=tuple(skill.label for skill in activity.skills),
            order=activity.id,
            activity=activity,
        )
        for activity in initiative.activities
        if with_voided or not activity.is_voided
    ]
    for barrier in initiative.barriers:
        label = str(barrier.category.label)
        items.append(
            TimelineItem(
                barrier.raised_on,
                "barrier",
                _("Barrier hit: %(category)s", category=label),
                note=shown(barrier.description),
            )
        )
        if barrier.resolved_on:
            title = (
                _("Barrier resolved: %(category)s", category=label)
                if barrier.status == BarrierStatus.RESOLVED
                else _("Barrier accepted: %(category)s", category=label)
            )
            items.append(TimelineItem(barrier.resolved_on, "barrier", title))
    for item in initiative.helps:
        label = str(item.category.label)
        items.append(
            TimelineItem(
                item.requested_on,
                "help",
                _("Help asked for: %(category)s", category=label),
                note=shown(item.description),
            )
        )
        if item.decided_on:
            title = (
                _("Help refused: %(category)s", category=label)
                if item.status == HelpStatus.REFUSED
                else _("Help granted: %(category)s", category=label)
            )
            items.append(TimelineItem(item.decided_on, "help", title, meta=shown(item.decided_by)))
        if item.applied_on:
            items.append(
                TimelineItem(item.applied_on, "help", _("Help applied: %(category)s", category=label))
            )
    return sorted(items, key=lambda entry: (entry.day, entry.kind == "activity", entry.order), reverse=True)
