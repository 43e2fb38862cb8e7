"""The status link's life: made (API and case page, by those who may edit the case), used (which
renews it), replaced (the old address 404), revoked, expired, and ended by withdrawing the case."""

from datetime import timedelta

import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.cases import operations as cases
from initiatives.cases.models import Initiative
from initiatives.core.dates import local_today
from initiatives.core.tokens import hash_token
from initiatives.extensions import db
from initiatives.status_page.models import StatusLink
from initiatives.status_page.operations import months_after
from tests.status_page.conftest import make_link


def _link(app, case_id):
    with app.app_context():
        return db.session.scalar(sa.select(StatusLink).where(StatusLink.initiative_id == case_id))


def _path(url):
    return "/" + url.split("://", 1)[1].partition("/")[2]


def test_the_api_makes_a_link_that_works_and_replaces_the_old_one(demo_world, secret_case, api_as):
    api = api_as("noord")
    first = api.post(f"/api/v1/initiatives/{secret_case}/status-link")
    assert first.status_code == 201
    body = first.get_json()
    assert body["url"].startswith(demo_world.config["BASE_URL"].rstrip("/") + "/status/")
    assert body["expires_on"] == months_after(local_today(), 12).isoformat()
    secret = body["url"].rsplit("/", 1)[1]
    assert len(secret) >= 43  # 32 random bytes
    assert _path(body["url"]) == f"/status/{secret}"  # the secret alone: no case id
    assert _link(demo_world, secret_case).token_hash == hash_token(secret)  # the hash, not the secret
    client = demo_world.test_client()
    assert client.get(_path(body["url"])).status_code == 200

    second = api.post(f"/api/v1/initiatives/{secret_case}/status-link").get_json()
    assert client.get(_path(body["url"])).status_code == 404
    assert client.get(_path(second["url"])).status_code == 200


def test_the_api_revokes_the_link(demo_world, secret_case, api_as):
    api = api_as("noord")
    url = api.post(f"/api/v1/initiatives/{secret_case}/status-link").get_json()["url"]
    assert api.request("DELETE", f"/api/v1/initiatives/{secret_case}/status-link").status_code == 204
    assert demo_world.test_client().get(_path(url)).status_code == 404
    assert api.request("DELETE", f"/api/v1/initiatives/{secret_case}/status-link").status_code == 404
    with demo_world.app_context():
        actions = db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.initiative_id == secret_case)
            .order_by(AuditEntry.id)
        ).all()
    assert actions[-2:] == ["status_link.created", "status_link.revoked"]


def test_only_those_who_may_edit_the_case_make_a_link(demo_world, secret_case, api_as):
    assert api_as("zuid").post(f"/api/v1/initiatives/{secret_case}/status-link").status_code == 201  # team
    assert api_as("secretaris").post(f"/api/v1/initiatives/{secret_case}/status-link").status_code == 403
    assert api_as().post(f"/api/v1/initiatives/{secret_case}/status-link").status_code == 401


def test_using_the_page_renews_the_link(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    with demo_world.app_context():
        link = db.session.scalar(sa.select(StatusLink).where(StatusLink.initiative_id == secret_case))
        link.expires_on = local_today() + timedelta(days=2)
        db.session.commit()
    assert demo_world.test_client().get(path).status_code == 200
    renewed = _link(demo_world, secret_case)
    assert renewed.expires_on == months_after(local_today(), 12)
    assert renewed.last_used_at is not None


def test_an_expired_link_answers_404(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    with demo_world.app_context():
        link = db.session.scalar(sa.select(StatusLink).where(StatusLink.initiative_id == secret_case))
        link.expires_on = local_today() - timedelta(days=1)
        db.session.commit()
    assert demo_world.test_client().get(path).status_code == 404
    assert _link(demo_world, secret_case).last_used_at is None  # a 404 renews nothing


def test_withdrawing_the_case_ends_the_link(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    with demo_world.test_request_context():
        initiative = db.session.get(Initiative, secret_case)
        cases.withdraw_case(initiative, initiative.owner, reason="Twee keer ingevoerd")
        db.session.commit()
    assert demo_world.test_client().get(path).status_code == 404


def test_the_case_page_makes_shows_again_and_revokes_the_link(demo_world, secret_case, signed_in):
    noord = signed_in("noord")
    case_page = f"/initiatives/{secret_case}"
    before = BeautifulSoup(noord.get(case_page).get_data(as_text=True), "html.parser")
    assert before.find(id="status-link") is not None
    assert before.find(id="status-link-url") is None

    made = noord.submit(f"{case_page}/status-link", {}, form_url=case_page)
    assert made.status_code == 200
    page = BeautifulSoup(made.get_data(as_text=True), "html.parser")
    url = page.find(id="status-link-url")["value"]
    assert url in page.find(id="status-link-text").get_text()  # the e-mail text holds it
    assert demo_world.test_client().get(_path(url)).status_code == 200

    # The team sees the same link again (made anew from its nonce with the app's key); the
    # database holds neither the secret nor what gives it without that key.
    again = BeautifulSoup(noord.get(case_page).get_data(as_text=True), "html.parser")
    assert again.find(id="status-link-url")["value"] == url
    secret = _path(url).rsplit("/", 1)[1]
    with demo_world.app_context():
        link = db.session.scalar(sa.select(StatusLink))
        assert secret not in (link.token_hash, link.nonce)
        assert link.token_hash == hash_token(secret)

    revoked = noord.submit(f"{case_page}/status-link/revoke", {}, form_url=case_page)
    assert revoked.status_code == 302
    assert demo_world.test_client().get(_path(url)).status_code == 404


def test_the_case_page_buttons_are_for_editors_only(demo_world, secret_case, signed_in):
    secretary = signed_in("secretaris")
    page = BeautifulSoup(secretary.get(f"/initiatives/{secret_case}").get_data(as_text=True), "html.parser")
    section = page.find(id="status-link")
    assert section is not None
    assert section.find("form") is None
    refused = secretary.submit(
        f"/initiatives/{secret_case}/status-link", {}, form_url=f"/initiatives/{secret_case}"
    )
    assert refused.status_code == 403


def test_a_link_outlives_the_month_end(demo_world):
    from datetime import date

    assert months_after(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_after(date(2026, 12, 7), 12) == date(2027, 12, 7)
