"""The dossier PDF of a right-to-challenge case has the challenge's section: the proposal, the
deadline and decision with its grounds, the agreement with its reviews and the evaluation; a
reader outside the team gets the resident's name screened there as elsewhere."""

import io
from datetime import timedelta

from pypdf import PdfReader

from initiatives.auth.users import find_user
from initiatives.cases.models import Initiative
from initiatives.challenges import operations
from initiatives.challenges.models import ChallengeTask
from initiatives.core.dates import local_today
from initiatives.extensions import db


def _text(response):
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _grant(app, case_id, task_id):
    with app.app_context():
        initiative = db.session.get(Initiative, case_id)
        noord = find_user("noord")
        operations.record_proposal(
            initiative,
            noord,
            task=db.session.get(ChallengeTask, task_id),
            better_because="Jan Jansen woont ernaast en maait vaker.",
            cost_estimate=12500,
        )
        operations.decide(initiative, noord, "granted", local_today(), "Goed onderbouwd plan.")
        operations.record_agreement(
            initiative,
            noord,
            takes_over="Het maaien van het veldje.",
            agreed_result="Kort gras.",
            budget=10000,
            reviews=[local_today() + timedelta(days=30)],
        )
        operations.evaluate(initiative, noord, "Het veldje was nog nooit zo netjes.", local_today())
        db.session.commit()


def test_the_dossier_has_the_challenge_section(demo_world, signed_in, challenge_case):
    case_id = challenge_case["initiative_id"]
    _grant(demo_world, case_id, challenge_case["mowing"])
    text = _text(signed_in("noord").get(f"/initiatives/{case_id}/dossier.pdf"))
    for said in (
        "Uitdaagrecht",
        "Maaien van het groen in de wijk",
        "Jan Jansen woont ernaast",
        "12.500,00",
        "Toegekend",
        "Goed onderbouwd plan.",
        "Het maaien van het veldje.",
        "10.000,00",
        "nog nooit zo netjes",
        "Besluit van het college: Toegekend",  # and on the timeline
    ):
        assert said in text, said
    outside = _text(signed_in("secretaris").get(f"/initiatives/{case_id}/dossier.pdf"))
    assert "Uitdaagrecht" in outside
    assert "Jan Jansen" not in outside


def test_an_initiatives_dossier_has_no_challenge_section(demo_world, signed_in, test_case):
    text = _text(signed_in("noord").get(f"/initiatives/{test_case['initiative_id']}/dossier.pdf"))
    assert "Uitdaagrecht" not in text
