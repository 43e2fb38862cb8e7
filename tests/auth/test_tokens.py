"""API tokens: named, with an expiry, shown once, listed and revocable by owner and admin."""

import re
from datetime import timedelta

import sqlalchemy as sa
from freezegun import freeze_time

from initiatives.audit.models import AuditEntry
from initiatives.auth.models import ApiToken
from initiatives.auth.users import find_user
from initiatives.core.tokens import hash_token
from initiatives.extensions import db
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import DEMO_PASSWORD


def _create(client, name="BI-koppeling", days="30"):
    response = client.submit(
        "/account/tokens",
        {"name": name, "days": days, "current_password": DEMO_PASSWORD},
        form_url="/account",
    )
    assert response.status_code == 200
    match = re.search(r'<code class="api-token">(brc_[^<]+)</code>', response.get_data(as_text=True))
    return match.group(1) if match else None


def _token_id(app, secret):
    with app.app_context():
        return db.session.scalar(sa.select(ApiToken.id).where(ApiToken.token_hash == hash_token(secret)))


def test_a_token_made_on_the_account_page_is_shown_once_and_stored_hashed(demo_world, signed_in):
    client = signed_in("noord")
    secret = _create(client)
    assert secret
    assert ApiClient(demo_world.test_client(), secret).get("/api/v1/me").status_code == 200
    account = client.get("/account").get_data(as_text=True)
    assert secret not in account
    assert "BI-koppeling" in account
    with demo_world.app_context():
        token = db.session.get(ApiToken, _token_id(demo_world, secret))
        assert token.token_hash == hash_token(secret)
        assert timedelta(days=29) < token.expires_at - token.created_at <= timedelta(days=30)


def test_a_token_needs_a_name_and_a_sensible_lifetime(demo_world, signed_in):
    client = signed_in("noord")
    response = client.submit("/account/tokens", {"name": "", "days": "9999"}, form_url="/account")
    page = response.get_data(as_text=True)
    assert "Geef het token een naam." in page
    assert "Gebruik een getal van 1 tot en met 365." in page
    with demo_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_the_owner_revokes_a_token_and_the_api_answers_401(demo_world, signed_in):
    client = signed_in("noord")
    secret = _create(client)
    token_id = _token_id(demo_world, secret)
    response = client.submit(f"/account/tokens/{token_id}/revoke", {}, form_url="/account")
    assert response.location == "/account"
    assert ApiClient(demo_world.test_client(), secret).get("/api/v1/me").status_code == 401
    assert "ingetrokken" in client.get("/account").get_data(as_text=True)
    with demo_world.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "api_token.revoked"))
        assert entry.data == {"user": "noord", "name": "BI-koppeling"}
        assert entry.actor.username == "noord"


def test_nobody_revokes_another_users_token_from_their_account_page(demo_world, signed_in):
    secret = issue_token(demo_world, "noord")
    zuid = signed_in("zuid")
    response = zuid.submit(f"/account/tokens/{_token_id(demo_world, secret)}/revoke", {}, form_url="/account")
    assert response.status_code == 404
    assert ApiClient(demo_world.test_client(), secret).get("/api/v1/me").status_code == 200


def test_an_admin_lists_and_revokes_a_users_tokens(demo_world, signed_in):
    secret = issue_token(demo_world, "noord")
    admin = signed_in("beheer")
    with demo_world.app_context():
        user_id = find_user("noord").id
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    assert "API-tokens van noord" in page
    assert "tests" in page  # the token's name
    assert secret not in page
    token_id = _token_id(demo_world, secret)
    response = admin.submit(
        f"/admin/users/{user_id}/tokens/{token_id}/revoke", {}, form_url=f"/admin/users/{user_id}"
    )
    assert response.location == f"/admin/users/{user_id}"
    assert ApiClient(demo_world.test_client(), secret).get("/api/v1/me").status_code == 401
    # A token id under another user's URL is not found.
    with demo_world.app_context():
        zuid_id = find_user("zuid").id
    other = admin.submit(f"/admin/users/{zuid_id}/tokens/{token_id}/revoke", {}, form_url="/admin/users")
    assert other.status_code == 404


def test_a_token_stops_working_when_it_expires(demo_world, signed_in):
    with freeze_time("2026-03-02 08:00:00") as clock:
        secret = _create(signed_in("noord"), days="1")
        api = ApiClient(demo_world.test_client(), secret)
        assert api.get("/api/v1/me").status_code == 200
        clock.tick(timedelta(days=1, minutes=1))
        assert api.get("/api/v1/me").status_code == 401
        assert "verlopen" in signed_in("noord").get("/account").get_data(as_text=True)


def test_the_command_line_names_a_token_and_sets_its_days(demo_world):
    result = demo_world.test_cli_runner().invoke(
        args=["users", "token", "zuid", "--name", "Koppeling", "--days", "7"]
    )
    assert result.exit_code == 0
    secret = result.stdout.strip()
    with demo_world.app_context():
        token = db.session.get(ApiToken, _token_id(demo_world, secret))
        assert token.name == "Koppeling"
        assert token.expires_at - token.created_at == timedelta(days=7)
