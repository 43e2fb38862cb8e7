"""Merging's section of the case page (registered through `cases.case_page_sections`): the merges
that name the case, a request waiting for its owner with its buttons, undoing, and the way to
merge the case with another."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from initiatives.cases.case_page_sections import CaseSection
from initiatives.cases.personal_data import case_texts
from initiatives.merging import operations
from initiatives.merging.forms import AnswerForm
from initiatives.merging.models import MergeState


def build(initiative, can_edit, bound):
    """What templates/merging/_case_section.html shows; None when there is nothing to show."""
    merges = operations.merges_of(initiative)
    pending = next((merge for merge in merges if merge.state is MergeState.PENDING), None)
    may_request = operations.may_request(current_user, initiative) and initiative.counts and pending is None
    if not merges and not may_request:
        return None
    return {
        "merges": merges,
        "pending": pending,
        "may_request": may_request,
        "may_answer": pending is not None and operations.may_answer(current_user, pending),
        "undoable": [
            merge
            for merge in merges
            if merge.state is MergeState.MERGED and operations.may_undo(current_user, merge)
        ],
        "answer_form": AnswerForm(formdata=None),
        "shown": case_texts(initiative),
    }


MERGING_SECTION = CaseSection(
    name="merging",
    title=_l("Merging"),
    template="merging/_case_section.html",
    build=build,
)
