"""What the status page shows of a case: only what the initiators may read.

Never the internal notes, barriers, helps, the team's other members or other residents' data:
the timeline holds only the entries the team marked visible (and not voided), by date and kind,
without their notes; the title and next step are screened as for anyone who may not see the
case's contact details (`cases.personal_data`).
"""

import sqlalchemy as sa

from initiatives.cases.models import Activity
from initiatives.cases.personal_data import CaseTexts
from initiatives.cases.stages import Stage
from initiatives.extensions import db
from initiatives.status_page.sentences import STAGE_SENTENCES


def visible_steps(initiative):
    """The timeline entries the team marked for the initiators, oldest first."""
    return db.session.scalars(
        sa.select(Activity)
        .where(
            Activity.initiative_id == initiative.id,
            Activity.visible_to_initiators.is_(True),
            Activity.voided_at.is_(None),
        )
        .order_by(Activity.happened_on, Activity.id)
    ).all()


def status_of(initiative):
    """The page's content for `initiative`."""
    screened = CaseTexts(initiative, hidden=True)
    stage = Stage(initiative.stage)
    owner = initiative.owner
    return {
        "title": screened(initiative.title),
        "stage": stage,
        "stage_sentence": STAGE_SENTENCES[stage],
        "steps": [{"date": step.happened_on, "kind": step.kind.title} for step in visible_steps(initiative)],
        "next_step": screened(initiative.next_step) if stage != Stage.CLOSED else "",
        "follow_up_on": initiative.follow_up_on,
        "owner_name": owner.display_name if owner else "",
        "owner_email": (owner.email or "") if owner else "",
    }
