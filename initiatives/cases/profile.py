"""What a case's history says: its practice profile and the time spent in each stage."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.cases.models import Activity, ActivityKind
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
        .where(
            Activity.initiative_id == initiative.id,
            Activity.voided_at.is_(None),
            # The profile is the team's work; the initiators' messages are theirs.
            Activity.kind != ActivityKind.INITIATOR_MESSAGE,
        )
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
    """One line on a case's timeline: an activity, or another domain's event (a barrier's, a help's)."""

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


#: Other domains' events on a case's timeline (barriers and helps), by name:
#: source(initiative, shown) -> [TimelineItem], registered when the app is set up.
_timeline_sources = {}


def register_timeline_source(name, source):
    """Add `source`'s events to every case's timeline; registering `name` again replaces it."""
    _timeline_sources[name] = source


def _written_by(activity):
    """Who the entry is from: the initiators' own message names them, not whoever made the link
    it came through (who is kept as its author only because an entry needs one)."""
    if activity.kind is ActivityKind.INITIATOR_MESSAGE:
        return _("the initiators")
    return activity.author.display_name


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
            meta=f"{activity.practice.title} · {_written_by(activity)}",
            note=shown(activity.note),
            skills=tuple(skill.label for skill in activity.skills),
            order=activity.id,
            activity=activity,
        )
        for activity in initiative.activities
        if with_voided or not activity.is_voided
    ]
    for source in _timeline_sources.values():
        items.extend(source(initiative, shown))
    return sorted(items, key=lambda entry: (entry.day, entry.kind == "activity", entry.order), reverse=True)
