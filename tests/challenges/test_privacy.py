"""A challenge's free texts under the AVG: the retention purge redacts the resident's name,
e-mail address and phone number in the proposal, the grounds, the agreement and the evaluation of
an expired case, as in its other texts; an erasure on request does the same for that one person;
a subject-access report lists the challenge texts that name them."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.cases import operations as cases
from initiatives.cases.models import Initiative
from initiatives.challenges import operations
from initiatives.challenges.models import FREE_TEXTS, Challenge
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.privacy.data_subjects import Subject, subject_access
from tests.conftest import open_test_case
from tests.privacy.conftest import close_case
from tests.privacy.test_erasure import erase

NAME = "Geertruida Bosma"
EMAIL = "g.bosma@example.org"
PHONE = "06-34567812"
MENTION = f"Geertruida Bosma ({EMAIL}, 06 3456 7812)"


def _granted_challenge(days_closed_ago=None):
    initiative = open_test_case(
        kind="right_to_challenge",
        title="Buurtteam maait zelf",
        received_on=local_today() - timedelta(days=60),
        initiators=[cases.InitiatorDetails(name=NAME, email=EMAIL, phone=PHONE)],
    )
    noord = find_user("noord")
    operations.change_deadline(initiative, noord, local_today() + timedelta(days=5), f"Wachten op {MENTION}.")
    operations.record_proposal(
        initiative,
        noord,
        task_text=f"Maaien door de ploeg van {NAME}",
        better_because=f"{MENTION} woont ernaast.",
        involvement="Bosma is hovenier.",
        support_evidence=f"Handtekeningen verzameld door {NAME}.",
        requested_support="Een maaier, te halen door Geertruida.",
        quality_guarantee=f"{NAME} maakt het rooster.",
    )
    operations.decide(initiative, noord, "granted", local_today(), f"Het plan van {NAME} is goed.")
    operations.record_agreement(
        initiative,
        noord,
        takes_over=f"Maaien, geregeld door {NAME}.",
        agreed_result=f"Kort gras; bel {PHONE}.",
    )
    operations.evaluate(initiative, noord, f"{NAME} deed het goed.", local_today())
    if days_closed_ago is not None:
        close_case(initiative, lessons="Goed gegaan.", days_ago=days_closed_ago)
    db.session.commit()
    return initiative.id


def _texts(case_id):
    challenge = db.session.scalar(sa.select(Challenge).where(Challenge.initiative_id == case_id))
    return {name: getattr(challenge, name) for name in FREE_TEXTS}, challenge.version


def _leaks(texts):
    joined = "\n".join(texts.values()).lower()
    digits = "".join(character for character in joined if character.isdigit())
    return [needle for needle in ("geertruida", "bosma") if needle in joined] + (
        ["phone"] if "634567812" in digits else []
    )


@pytest.fixture
def expired_challenge(demo_world):
    with demo_world.app_context():
        return _granted_challenge(days_closed_ago=800)


def test_the_purge_redacts_the_challenge_texts_of_an_expired_case(demo_world, expired_challenge):
    with demo_world.app_context():
        texts, version = _texts(expired_challenge)
        assert _leaks(texts)
    output = demo_world.test_cli_runner().invoke(args=["privacy", "purge"], catch_exceptions=False).output
    assert "challenge_texts" in output
    with demo_world.app_context():
        texts, new_version = _texts(expired_challenge)
        assert _leaks(texts) == []
        assert texts["better_because"] == "[naam] ([e-mailadres], [telefoonnummer]) woont ernaast."
        assert texts["decision_grounds"] == "Het plan van [naam] is goed."
        assert new_version == version + 1  # an open form of the challenge cannot write them back
    again = demo_world.test_cli_runner().invoke(args=["privacy", "purge"], catch_exceptions=False).output
    assert "challenge_texts" not in again


def test_an_erasure_redacts_her_in_the_challenge_and_the_report_listed_her(demo_world, signed_in):
    with demo_world.app_context():
        case_id = _granted_challenge()
        report = subject_access(Subject.of(email=EMAIL))
    [case] = [case for case in report["cases"] if case["case"]["id"] == case_id]
    mentions = [text["text"] for text in case["texts"] if text["kind"] == "challenge_text"]
    assert f"Het plan van {NAME} is goed." in mentions
    assert f"{NAME} deed het goed." in mentions
    assert erase(signed_in, {"email": EMAIL}).status_code == 302
    with demo_world.app_context():
        texts, _version = _texts(case_id)
        assert _leaks(texts) == []
        assert texts["decision_grounds"] == "Het plan van [naam] is goed."
        assert db.session.get(Initiative, case_id).is_challenge
    # the case page's timeline shows the redacted grounds
    page = signed_in("noord").get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert "Geertruida" not in page
    assert "Bosma" not in page
