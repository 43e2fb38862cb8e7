"""A case's title and free texts anonymised, for what leaves Bricoleur without its personal data."""

from dataclasses import dataclass

from initiatives.core.anonymise.anonymiser import Anonymiser


@dataclass(frozen=True)
class AnonymisedCase:
    """The texts of a case with its personal data redacted; the lists are keyed by row id."""

    title: str
    description: str
    support_requested: str
    next_step: str
    lessons: str
    activity_notes: dict
    stage_change_reasons: dict
    barrier_descriptions: dict
    help_descriptions: dict


def anonymised_case(initiative, anonymiser=None):
    """Return the title and every free text of `initiative` (an Initiative) anonymised."""
    anonymiser = anonymiser or Anonymiser.for_case(initiative)
    redact_text = anonymiser.redact
    return AnonymisedCase(
        title=redact_text(initiative.title),
        description=redact_text(initiative.description),
        support_requested=redact_text(initiative.support_requested),
        next_step=redact_text(initiative.next_step),
        lessons=redact_text(initiative.lessons),
        activity_notes={activity.id: redact_text(activity.note) for activity in initiative.activities},
        stage_change_reasons={change.id: redact_text(change.reason) for change in initiative.stage_changes},
        barrier_descriptions={
            barrier.id: redact_text(barrier.description) for barrier in initiative.barriers
        },
        help_descriptions={item.id: redact_text(item.description) for item in initiative.helps},
    )
