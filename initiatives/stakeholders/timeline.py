"""Stakeholders' events on a case's timeline (registered with `cases.profile`): each stance as
recorded, the first when the stakeholder was added."""

from flask_babel import gettext as _

from initiatives.cases.profile import TimelineItem
from initiatives.stakeholders.naming import stakeholder_label
from initiatives.stakeholders.queries import stakeholders_of


def stance_events(initiative, shown):
    """A stakeholder added, and each later stance: named as `shown` (the reader's
    `personal_data.case_texts`) allows, the note as it gives it."""
    items = []
    for stakeholder in stakeholders_of(initiative):
        label = stakeholder_label(stakeholder, hidden=shown.hidden)
        for index, row in enumerate(stakeholder.stances):
            title = (
                _("Stakeholder added: %(who)s, %(stance)s", who=label, stance=row.stance.title)
                if index == 0
                else _("Stance of %(who)s: %(stance)s", who=label, stance=row.stance.title)
            )
            items.append(
                TimelineItem(
                    row.recorded_on,
                    "stakeholder",
                    title,
                    meta=row.actor.display_name,
                    note=shown(row.note),
                    order=row.id,
                )
            )
    return items
