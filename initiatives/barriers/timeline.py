"""Barriers' and helps' events on a case's timeline (registered with `cases.profile`)."""

from flask_babel import gettext as _

from initiatives.barriers.lifecycle import BarrierStatus, HelpStatus
from initiatives.cases.profile import TimelineItem


def barrier_and_help_events(initiative, shown):
    """A barrier hit, resolved or accepted; a help asked for, decided on, applied: their texts as
    `shown` (the reader's `personal_data.case_texts`) gives them."""
    items = []
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
    return items
