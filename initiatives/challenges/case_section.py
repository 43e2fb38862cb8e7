"""The challenge's section of the case page (registered through `cases.case_page_sections`), on
right-to-challenge cases only: the proposal, its admissibility, the deadline with the days left,
the decision, and when granted the agreement and the evaluation; for editors their forms."""

from flask_babel import lazy_gettext as _l

from initiatives.cases.case_page_sections import CaseSection
from initiatives.cases.personal_data import case_texts
from initiatives.challenges import deadlines
from initiatives.challenges.forms import (
    AgreementForm,
    DeadlineForm,
    DecisionForm,
    EvaluationForm,
    InadmissibleForm,
    ProposalForm,
    prefix_of,
)
from initiatives.challenges.kinds import WITH_AGREEMENT
from initiatives.challenges.operations import challenge_of


def _forms(challenge, bound):
    version = challenge.version if challenge else None
    forms = {
        "proposal": bound.get("challenge_proposal")
        or ProposalForm(formdata=None, obj=challenge, prefix=prefix_of(ProposalForm)),
        "deadline": bound.get("challenge_deadline")
        or DeadlineForm(formdata=None, prefix=prefix_of(DeadlineForm)),
        "decision": bound.get("challenge_decision")
        or DecisionForm(formdata=None, prefix=prefix_of(DecisionForm)),
        "inadmissible": InadmissibleForm(formdata=None, prefix=prefix_of(InadmissibleForm)),
        "agreement": bound.get("challenge_agreement")
        or AgreementForm(formdata=None, obj=challenge, prefix=prefix_of(AgreementForm)),
        "evaluation": bound.get("challenge_evaluation")
        or EvaluationForm(formdata=None, prefix=prefix_of(EvaluationForm)),
    }
    forms["proposal"].set_choices(challenge.task_id if challenge else None)
    if challenge is not None and "challenge_proposal" not in bound:
        forms["proposal"].task.data = challenge.task_id
    if challenge is not None and "challenge_agreement" not in bound:
        forms["agreement"].reviews.data = ", ".join(
            review.review_on.strftime("%d-%m-%Y") for review in challenge.reviews
        )
    for name, form in forms.items():
        if f"challenge_{name}" not in bound:
            form.version.data = version
    return forms


def build(initiative, can_edit, bound):
    """What templates/challenges/_case_section.html shows; None (no section) for an initiative."""
    if not initiative.is_challenge:
        return None
    challenge = challenge_of(initiative)
    due = deadlines.decision_due_on(initiative, challenge)
    decided = challenge is not None and challenge.decision is not None
    data = {
        "challenge": challenge,
        "shown": case_texts(initiative),
        "due_on": due,
        "days_left": None if decided else deadlines.days_left(due),
        "nearing": not decided and deadlines.days_left(due) <= deadlines.NEARING_DAYS,
        "term_weeks": challenge.term_weeks if challenge else deadlines.decision_term_weeks(),
        "within_term": deadlines.decided_within_term(challenge) if challenge else None,
        "with_agreement": decided and challenge.decision in WITH_AGREEMENT,
    }
    if can_edit and not initiative.is_withdrawn:
        data["forms"] = _forms(challenge, bound)
    return data


CHALLENGE_SECTION = CaseSection(
    name="challenge",
    title=_l("Right to challenge"),
    template="challenges/_case_section.html",
    build=build,
)
