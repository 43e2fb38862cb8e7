"""The closed case's one question on the status page: how satisfied the initiators are (1 to 5,
in words) with an optional comment. One answer per case, replaced when they answer again; the
score is audited, the comment is for the case's team only."""

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.auth.users import find_user
from initiatives.cases import operations as cases
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Result, Stage
from initiatives.extensions import db
from initiatives.status_page.models import SatisfactionAnswer
from tests.conftest import Browser
from tests.status_page.conftest import make_link

COMMENT = "Fijne samenwerking, maar het duurde lang. OPMERKING-abc"


def close(app, case_id):
    with app.app_context():
        initiative = db.session.get(Initiative, case_id)
        cases.move_case(
            initiative, initiative.owner, Stage.CLOSED, result=Result.REALISED, lessons="Goed gegaan."
        )
        db.session.commit()


def _answers(app, case_id):
    with app.app_context():
        return db.session.execute(
            sa.select(SatisfactionAnswer.score, SatisfactionAnswer.comment).where(
                SatisfactionAnswer.initiative_id == case_id
            )
        ).all()


def _page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_question_is_asked_only_when_the_case_is_closed(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    client = demo_world.test_client()
    assert _page(client.get(path)).find(id="satisfaction") is None
    # Posting anyway saves nothing.
    refused = Browser(client).submit(f"{path}/satisfaction", {"score": "4"}, form_url=path)
    assert refused.status_code == 409
    assert "afgesloten" in _page(refused).get_text()
    assert _answers(demo_world, secret_case) == []
    close(demo_world, secret_case)
    section = _page(client.get(path)).find(id="satisfaction")
    assert section.find("h2").get_text() == "Hoe tevreden bent u?"
    fieldset = section.find("fieldset")
    assert fieldset.find("legend").get_text(strip=True)
    labels = [label.get_text(strip=True) for label in fieldset.find_all("label")]
    assert labels == ["Heel ontevreden", "Ontevreden", "Neutraal", "Tevreden", "Heel tevreden"]
    assert section.find("textarea", attrs={"name": "comment"}) is not None


def test_an_answer_is_saved_then_replaced_and_the_page_thanks_them(demo_world, secret_case):
    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    initiators = Browser(demo_world.test_client())
    sent = initiators.submit(f"{path}/satisfaction", {"score": "4", "comment": COMMENT}, form_url=path)
    assert sent.status_code == 303
    assert sent.location.endswith(f"{path}#satisfaction-confirmation")
    page = _page(initiators.get(sent.location))
    section = page.find(id="satisfaction")
    assert "Bedankt voor uw antwoord" in section.get_text()
    assert "Tevreden" in section.get_text()
    assert section.find("input", attrs={"value": "4"}).has_attr("checked")  # to change it
    assert _answers(demo_world, secret_case) == [(4, COMMENT)]
    again = initiators.submit(f"{path}/satisfaction", {"score": "2", "comment": ""}, form_url=path)
    assert again.status_code == 303
    assert _answers(demo_world, secret_case) == [(2, "")]
    with demo_world.app_context():
        entries = db.session.execute(
            sa.select(AuditEntry.data, AuditEntry.summary, AuditEntry.actor_id).where(
                AuditEntry.action == "status_link.satisfaction_answered"
            )
        ).all()
    assert [entry.data for entry in entries] == [{"score": 4}, {"score": [4, 2]}]
    assert all(entry.actor_id is None for entry in entries)
    assert not any("OPMERKING" in repr(entry) for entry in entries)  # never the comment


@pytest.mark.parametrize("score", ["", "0", "6", "vier"])
def test_an_invalid_score_is_refused_in_dutch_and_nothing_is_saved(demo_world, secret_case, score):
    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    refused = Browser(demo_world.test_client()).submit(
        f"{path}/satisfaction", {"score": score, "comment": COMMENT}, form_url=path
    )
    assert refused.status_code == 422
    errors = _page(refused).find(id="satisfaction-errors")
    assert "Kies hoe tevreden u bent." in errors.get_text()
    assert _answers(demo_world, secret_case) == []


def test_a_too_long_comment_is_refused(demo_world, secret_case):
    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    refused = Browser(demo_world.test_client()).submit(
        f"{path}/satisfaction", {"score": "5", "comment": "x" * 1001}, form_url=path
    )
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.get_data(as_text=True)
    assert _answers(demo_world, secret_case) == []


def test_the_message_in_english_for_an_english_browser(demo_world, secret_case):
    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    client = Browser(demo_world.test_client())
    client.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    refused = client.submit(f"{path}/satisfaction", {"score": "7"}, form_url=path)
    assert refused.status_code == 422
    assert "Choose how satisfied you are." in _page(refused).find(id="satisfaction-errors").get_text()


def test_an_answer_is_refused_without_the_page_s_csrf_token(demo_world, secret_case):
    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    response = demo_world.test_client().post(f"{path}/satisfaction", data={"score": "5"})
    assert response.status_code == 400
    assert _answers(demo_world, secret_case) == []


def test_an_answer_to_an_unknown_link_goes_nowhere(demo_world, secret_case):
    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    client = Browser(demo_world.test_client())
    assert client.submit("/status/not-a-link/satisfaction", {"score": "5"}, form_url=path).status_code == 404
    assert _answers(demo_world, secret_case) == []


@pytest.mark.parametrize("app_config", [{"STATUS_PAGE_ANSWERS_PER_LINK": "2 per hour"}])
def test_answers_are_limited_per_link(demo_world, secret_case):
    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    statuses = []
    for number in range(3):
        # From another address each time: the limit is the link's, not the address's.
        client = Browser(demo_world.test_client())
        client.client.environ_base["REMOTE_ADDR"] = f"10.0.1.{number + 1}"
        statuses.append(
            client.submit(f"{path}/satisfaction", {"score": str(number + 1)}, form_url=path).status_code
        )
    assert statuses == [303, 303, 429]
    assert _answers(demo_world, secret_case) == [(2, "")]
    # The messages have their own limit: answering used none of it.
    message = Browser(demo_world.test_client()).submit(path, {"message": "Nog een vraag"})
    assert message.status_code == 303


def test_the_team_reads_the_answer_on_the_case_page_and_nobody_else(demo_world, secret_case, signed_in):
    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    Browser(demo_world.test_client()).submit(
        f"{path}/satisfaction", {"score": "4", "comment": COMMENT}, form_url=path
    )
    team_page = _page(signed_in("noord").get(f"/initiatives/{secret_case}"))
    section = team_page.find(id="status-link")
    assert "Tevreden (4 van 5)" in section.get_text(" ")
    assert "OPMERKING-abc" in section.get_text()
    # zuid, a manager of another wijk, once off the team, reads the case but not the comment.
    with demo_world.app_context():
        initiative = db.session.get(Initiative, secret_case)
        initiative.team = [member for member in initiative.team if member.username != "zuid"]
        assert not initiative.can_edit(find_user("zuid"))
        db.session.commit()
    other_page = signed_in("zuid").get(f"/initiatives/{secret_case}")
    assert other_page.status_code == 200
    assert "OPMERKING" not in other_page.get_data(as_text=True)
    # Nor the status page (theirs or another case's), nor the secretary.
    assert "OPMERKING" not in Browser(demo_world.test_client()).get(path).get_data(as_text=True)
    assert "OPMERKING" not in signed_in("secretaris").get(f"/initiatives/{secret_case}").get_data(
        as_text=True
    )


def test_the_status_page_of_another_case_shows_nothing_of_the_answer(demo_world, secret_case):
    from tests.conftest import open_test_case

    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    Browser(demo_world.test_client()).submit(
        f"{path}/satisfaction", {"score": "1", "comment": COMMENT}, form_url=path
    )
    with demo_world.app_context():
        other = open_test_case(title="Bankje bij de vijver")
        cases.move_case(other, other.owner, Stage.CLOSED, result=Result.REALISED, lessons="Prima.")
        db.session.commit()
        other_id = other.id
    other_path = make_link(demo_world, other_id)
    page = demo_world.test_client().get(other_path)
    assert "OPMERKING" not in page.get_data(as_text=True)
    assert "Bedankt voor uw antwoord" not in page.get_data(as_text=True)
    assert not _page(page).find(id="satisfaction").find("input", attrs={"checked": True})


def test_a_hostile_comment_is_shown_to_the_team_as_text(demo_world, secret_case, signed_in):
    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    sent = Browser(demo_world.test_client()).submit(
        f"{path}/satisfaction", {"score": "3", "comment": hostile}, form_url=path
    )
    assert sent.status_code == 303
    html = signed_in("noord").get(f"/initiatives/{secret_case}").get_data(as_text=True)
    assert hostile not in html
    assert "&lt;script&gt;alert" in html


def test_erasing_a_contact_person_redacts_them_in_the_comment_and_keeps_the_score(
    demo_world, secret_case, signed_in
):
    from tests.conftest import csrf_token_from

    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    comment = "Groeten van Jan GEHEIM-xyz-name, bel 0611111111 of mail geheim-xyz@example.org"
    Browser(demo_world.test_client()).submit(
        f"{path}/satisfaction", {"score": "5", "comment": comment}, form_url=path
    )
    admin = signed_in("beheer")
    token = csrf_token_from(admin.get("/admin/privacy").get_data(as_text=True))
    erased = admin.client.post(
        "/admin/privacy/erase",
        data={"csrf_token": token, "step": "confirm", "confirmed": "y", "email": "geheim-xyz@example.org"},
    )
    assert erased.status_code == 302
    [(score, redacted)] = _answers(demo_world, secret_case)
    assert score == 5  # the figures stay the same
    assert redacted.startswith("Groeten van")
    for personal in ("GEHEIM-xyz-name", "0611111111", "geheim-xyz@example.org"):
        assert personal not in redacted
    with demo_world.app_context():
        anonymised = db.session.scalar(
            sa.select(AuditEntry.data).where(AuditEntry.action == "privacy.contacts_anonymised")
        )
    assert anonymised["texts"]["satisfaction_comments"] == 1
