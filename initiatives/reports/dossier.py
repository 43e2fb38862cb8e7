"""The case dossier: the whole case on paper, for staff."""

from initiatives.audit.operations import record_access
from initiatives.cases.personal_data import case_texts
from initiatives.cases.profile import practice_profile, time_in_stages, timeline_of
from initiatives.cases.stages import OPEN_STAGES
from initiatives.challenges import deadlines
from initiatives.challenges.kinds import WITH_AGREEMENT
from initiatives.challenges.operations import challenge_of
from initiatives.core.dates import local_today
from initiatives.core.pdf import render_pdf
from initiatives.stakeholders.case_section import map_data


def _challenge(initiative):
    """A right-to-challenge case's proposal, deadline, decision, agreement and reviews; None for
    an initiative."""
    if not initiative.is_challenge:
        return None
    challenge = challenge_of(initiative)
    return {
        "challenge": challenge,
        "due_on": deadlines.decision_due_on(initiative, challenge),
        "within_term": deadlines.decided_within_term(challenge) if challenge else None,
        "with_agreement": challenge is not None and challenge.decision in WITH_AGREEMENT,
    }


def dossier_pdf(initiative, user):
    """Return the dossier PDF of `initiative` as `user` may see it, and log the download."""
    with_contacts = initiative.can_view_contacts(user)
    shown = case_texts(initiative, user)
    pdf = render_pdf(
        "reports/dossier.html",
        initiative=initiative,
        with_contacts=with_contacts,
        shown=shown,
        timeline=timeline_of(initiative, shown),
        profile=practice_profile(initiative),
        durations=time_in_stages(initiative),
        open_stages=OPEN_STAGES,
        stakeholders=map_data(initiative, shown, map_id="dossier-stakeholder-map"),
        challenge=_challenge(initiative),
        printed_on=local_today(),
        printed_by=user,
    )
    record_access(
        "export.dossier",
        initiative,
        actor=user,
        summary=f"dossier of case {initiative.id} downloaded",
        data={"personal_data": with_contacts},
        initiative=initiative,
    )
    return pdf
