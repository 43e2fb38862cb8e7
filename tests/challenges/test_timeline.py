"""The challenge's steps on the case's timeline: the proposal and its excluded task, each change
of the deadline with its reason, the decision with its grounds, the agreement, the progress
reviews held and the evaluation. System lines (no correct or void), for those who read the case;
never on the initiators' status page."""

from datetime import timedelta

from bs4 import BeautifulSoup

from initiatives.auth.users import find_user
from initiatives.cases import activities
from initiatives.cases.models import Initiative
from initiatives.challenges import operations
from initiatives.challenges.models import ChallengeReview
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.challenges.test_page import _post, _proposal
from tests.status_page.conftest import make_link


def _challenge_lines(browser, case_id):
    page = BeautifulSoup(browser.get(f"/initiatives/{case_id}").get_data(as_text=True), "html.parser")
    return page.select("#timeline li.timeline__item--challenge")


def _titles(lines):
    return [line.find("strong").get_text(strip=True) for line in lines]


def test_the_steps_of_a_granted_challenge_are_on_the_timeline(demo_world, signed_in, challenge_case):
    noord = signed_in("noord")
    case_id = challenge_case["initiative_id"]
    assert _challenge_lines(noord, case_id) == []
    _post(noord, case_id, "", _proposal(challenge_case["mowing"]))
    _post(
        noord,
        case_id,
        "/deadline",
        {
            "challenge-deadline-due_on": (local_today() + timedelta(days=50)).isoformat(),
            "challenge-deadline-reason": "De wijkraad adviseert eerst.",
            "challenge-deadline-version": "2",
        },
    )
    _post(
        noord,
        case_id,
        "/decision",
        {
            "challenge-decision-decision": "granted",
            "challenge-decision-decided_on": local_today().isoformat(),
            "challenge-decision-decision_grounds": "Goed onderbouwd plan.",
            "challenge-decision-version": "3",
        },
    )
    _post(
        noord,
        case_id,
        "/agreement",
        {
            "challenge-agreement-takes_over": "Het maaien van het veldje.",
            "challenge-agreement-agreed_result": "Kort gras.",
            "challenge-agreement-budget": "10000",
            "challenge-agreement-agreement_ends_on": "",
            "challenge-agreement-reviews": f"{local_today() + timedelta(days=30):%d-%m-%Y}",
            "challenge-agreement-version": "4",
        },
    )
    with demo_world.app_context():  # a review that lies behind us (recorded earlier, say)
        challenge = operations.challenge_of(db.session.get(Initiative, case_id))
        challenge.reviews[0].review_on = local_today()
        db.session.commit()
    _post(
        noord,
        case_id,
        "/evaluation",
        {
            "challenge-evaluation-evaluation": "Het veldje was nog nooit zo netjes.",
            "challenge-evaluation-evaluated_on": local_today().isoformat(),
            "challenge-evaluation-version": "5",
        },
    )
    lines = _challenge_lines(noord, case_id)
    titles = _titles(lines)
    assert len(titles) == 6
    assert [title for title in titles if title.startswith("Termijn van het besluit gewijzigd in ")]
    assert {title for title in titles if not title.startswith("Termijn")} == {
        "Voorstel van de uitdaging vastgelegd",
        "Besluit van het college: Toegekend",
        "Overeenkomst vastgelegd",
        "Voortgangsgesprek met de uitdagers",
        "Uitdaging geëvalueerd",
    }
    text = " ".join(line.get_text(" ", strip=True) for line in lines)
    for said in (
        "Maaien van het groen in de wijk",
        "De wijkraad adviseert eerst.",
        "Goed onderbouwd plan.",
        "Het maaien van het veldje.",
        "nog nooit zo netjes",
    ):
        assert said in text
    # system lines: nothing to correct, void or show to the initiators
    for line in lines:
        assert line.find("form") is None
        assert line.find("a", href=lambda href: href and "/activities/" in href) is None
    # a colleague of another wijk reads them too
    assert len(_challenge_lines(signed_in("zuid"), case_id)) == 6

    with demo_world.app_context():
        # the team shows one note to the initiators: still none of the challenge's lines there
        activities.add_activity(
            db.session.get(Initiative, case_id),
            find_user("noord"),
            kind="meeting",
            practice="relations",
            happened_on=local_today(),
            note="Gesprek op het veldje.",
            visible_to_initiators=True,
        )
        db.session.commit()
    status = demo_world.test_client().get(make_link(demo_world, case_id)).get_data(as_text=True)
    steps = BeautifulSoup(status, "html.parser").select("#steps-heading ~ ol li")
    assert len(steps) == 1  # the meeting shown, and only it
    for hidden in ("Goed onderbouwd plan.", "Toegekend", "Overeenkomst", "wijkraad", "netjes"):
        assert hidden not in status


def test_an_excluded_task_is_flagged_on_the_timeline(demo_world, signed_in, challenge_case):
    noord = signed_in("noord")
    case_id = challenge_case["initiative_id"]
    _post(noord, case_id, "", _proposal(challenge_case["permits"]))
    _post(noord, case_id, "/inadmissible", {"challenge-inadmissible-version": "2"})
    lines = _challenge_lines(noord, case_id)
    assert "Gemarkeerd: de verordening sluit deze taak uit" in _titles(lines)
    assert "Besluit van het college: Niet ontvankelijk" in _titles(lines)
    assert "artikel 4 van de verordening" in " ".join(line.get_text(" ") for line in lines)
    with demo_world.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ChallengeReview)) == 0
