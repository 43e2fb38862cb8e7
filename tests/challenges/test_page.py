"""A challenge through the case page: the kind chosen at intake, the proposal recorded, an
excluded task flagged and declared inadmissible in one click; a refusal; a grant with its
agreement, whose next review becomes the case's follow-up, and the evaluation."""

from datetime import timedelta

from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Initiative
from initiatives.challenges.models import Challenge
from initiatives.core.dates import local_today
from initiatives.extensions import db


def _page(browser, case_id):
    response = browser.get(f"/initiatives/{case_id}")
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _challenge(app, case_id):
    with app.app_context():
        return db.session.scalar(db.select(Challenge).where(Challenge.initiative_id == case_id))


def _post(browser, case_id, path, data):
    response = browser.submit(
        f"/initiatives/{case_id}/challenge{path}", data, form_url=f"/initiatives/{case_id}"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return response


def _proposal(task_id, **extra):
    return {
        "challenge-proposal-task": str(task_id),
        "challenge-proposal-task_text": "",
        "challenge-proposal-better_because": "Wij wonen ernaast en maaien vaker.",
        "challenge-proposal-involvement": "Tien buren, een hovenier.",
        "challenge-proposal-support_evidence": "85 handtekeningen.",
        "challenge-proposal-cost_estimate": "12500.50",
        "challenge-proposal-requested_support": "Materiaal en een verzekering.",
        "challenge-proposal-quality_guarantee": "Een rooster en een reservelijst.",
        **extra,
    }


def test_the_intake_form_offers_the_kind_and_an_initiative_shows_no_challenge(
    demo_world, signed_in, test_case
):
    noord = signed_in("noord")
    page = BeautifulSoup(noord.get("/initiatives/new").get_data(as_text=True), "html.parser")
    assert [radio["value"] for radio in page.select("input[name=kind]")] == [
        "initiative",
        "right_to_challenge",
    ]
    assert "Uitdaagrecht" in page.get_text()
    case_page = _page(noord, test_case["initiative_id"])
    assert case_page.find(id="challenge") is None
    assert "Bewonersinitiatief" in case_page.get_text()


def test_an_excluded_task_is_flagged_and_declared_inadmissible_in_one_click(
    demo_world, signed_in, challenge_case
):
    noord = signed_in("noord")
    case_id = challenge_case["initiative_id"]
    section = _page(noord, case_id).find(id="challenge")
    assert "nog 35 dagen" in section.get_text(" ", strip=True)
    _post(noord, case_id, "", _proposal(challenge_case["permits"]))
    section = _page(noord, case_id).find(id="challenge")
    flag = section.find(id="challenge-excluded")
    assert "artikel 4 van de verordening" in flag.get_text()
    _post(noord, case_id, "/inadmissible", {"challenge-inadmissible-version": "2"})
    challenge = _challenge(demo_world, case_id)
    assert (challenge.decision, challenge.decided_on) == ("inadmissible", local_today())
    assert "artikel 4" in challenge.decision_grounds
    text = _page(noord, case_id).find(id="challenge").get_text(" ", strip=True)
    assert "Niet ontvankelijk" in text
    assert "binnen de termijn" in text


def test_a_refusal_is_recorded_with_date_and_grounds(demo_world, signed_in, challenge_case):
    noord = signed_in("noord")
    case_id = challenge_case["initiative_id"]
    _post(noord, case_id, "", _proposal(challenge_case["mowing"]))
    refused = noord.submit(
        f"/initiatives/{case_id}/challenge/decision",
        {
            "challenge-decision-decision": "refused",
            "challenge-decision-decided_on": local_today().isoformat(),
            "challenge-decision-decision_grounds": "",
            "challenge-decision-version": "2",
        },
        form_url=f"/initiatives/{case_id}",
    )
    assert refused.status_code == 422
    _post(
        noord,
        case_id,
        "/decision",
        {
            "challenge-decision-decision": "refused",
            "challenge-decision-decided_on": local_today().isoformat(),
            "challenge-decision-decision_grounds": "Het contract met de aannemer loopt tot 2028.",
            "challenge-decision-version": "2",
        },
    )
    challenge = _challenge(demo_world, case_id)
    assert challenge.decision == "refused"
    text = _page(noord, case_id).find(id="challenge").get_text(" ", strip=True)
    assert "Geweigerd" in text
    assert "Overeenkomst" not in text


def test_a_grant_gets_an_agreement_whose_next_review_is_the_follow_up(demo_world, signed_in, challenge_case):
    noord = signed_in("noord")
    case_id = challenge_case["initiative_id"]
    _post(noord, case_id, "", _proposal(challenge_case["mowing"]))
    _post(
        noord,
        case_id,
        "/decision",
        {
            "challenge-decision-decision": "granted",
            "challenge-decision-decided_on": local_today().isoformat(),
            "challenge-decision-decision_grounds": "Goed onderbouwd.",
            "challenge-decision-version": "2",
        },
    )
    first, second = local_today() + timedelta(days=30), local_today() + timedelta(days=90)
    _post(
        noord,
        case_id,
        "/agreement",
        {
            "challenge-agreement-takes_over": "Het maaien van het veldje.",
            "challenge-agreement-agreed_result": "Kort gras van april tot oktober.",
            "challenge-agreement-budget": "10000",
            "challenge-agreement-agreement_ends_on": (local_today() + timedelta(days=365)).isoformat(),
            "challenge-agreement-reviews": f"{second:%d-%m-%Y}, {first:%d-%m-%Y}",
            "challenge-agreement-version": "3",
        },
    )
    challenge = _challenge(demo_world, case_id)
    with demo_world.app_context():
        challenge = db.session.merge(challenge)
        assert [review.review_on for review in challenge.reviews] == [first, second]
        assert db.session.get(Initiative, case_id).follow_up_on == first
    _post(
        noord,
        case_id,
        "/evaluation",
        {
            "challenge-evaluation-evaluation": "Het veldje was nog nooit zo netjes.",
            "challenge-evaluation-evaluated_on": local_today().isoformat(),
            "challenge-evaluation-version": "4",
        },
    )
    text = _page(noord, case_id).find(id="challenge").get_text(" ", strip=True)
    assert "Toegekend" in text
    assert "Het maaien van het veldje." in text
    assert "nog nooit zo netjes" in text
    with demo_world.app_context():
        actions = db.session.scalars(
            db.select(AuditEntry.action).where(AuditEntry.initiative_id == case_id).order_by(AuditEntry.id)
        ).all()
    assert [a for a in actions if a.startswith("challenge.")] == [
        "challenge.proposal_recorded",
        "challenge.decided",
        "challenge.agreement_recorded",
        "challenge.evaluated",
    ]


def test_a_stale_version_is_refused_at_the_form(demo_world, signed_in, challenge_case):
    noord = signed_in("noord")
    case_id = challenge_case["initiative_id"]
    _post(noord, case_id, "", _proposal(challenge_case["mowing"]))
    stale = noord.submit(
        f"/initiatives/{case_id}/challenge",
        _proposal(challenge_case["mowing"], **{"challenge-proposal-version": "1"}),
        form_url=f"/initiatives/{case_id}",
    )
    assert stale.status_code == 422


def test_others_may_read_but_not_change_the_challenge(demo_world, signed_in, challenge_case):
    case_id = challenge_case["initiative_id"]
    zuid = signed_in("zuid")
    assert _page(zuid, case_id).find(id="challenge") is not None
    refused = zuid.submit(
        f"/initiatives/{case_id}/challenge",
        _proposal(challenge_case["mowing"]),
        form_url=f"/initiatives/{case_id}",
    )
    assert refused.status_code == 403
