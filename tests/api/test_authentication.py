"""Bearer tokens authenticate the API; session cookies do not, and no cookie is ever set."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.auth.accounts import deactivate_user
from initiatives.auth.models import ApiToken
from initiatives.auth.users import find_user
from initiatives.core.db import utcnow
from initiatives.core.tokens import hash_token
from initiatives.extensions import db
from tests.api.conftest import NOORD, ApiClient, issue_token
from tests.conftest import Browser


def _assert_unauthorised(response):
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Set-Cookie" not in response.headers


def _change_token(app, secret, **values):
    with app.app_context():
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
        for name, value in values.items():
            setattr(token, name, value)
        db.session.commit()


def test_a_valid_token_identifies_the_user(api_as):
    response = api_as("noord").get("/api/v1/me")
    assert response.status_code == 200
    assert response.get_json() == {
        "username": "noord",
        "full_name": "Noor de Vries",
        "role": "neighbourhood_manager",
        "neighbourhoods": ["WK999901", "WK999902"],
    }
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer brc_not-a-real-token", "Basic bm9vcmQ6c2VjcmV0", "Token brc_x"],
)
def test_missing_or_bad_credentials_answer_401(demo_world, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    _assert_unauthorised(demo_world.test_client().get("/api/v1/me", headers=headers))


def test_an_expired_token_answers_401(demo_world):
    secret = issue_token(demo_world, "noord")
    _change_token(demo_world, secret, expires_at=utcnow() - timedelta(minutes=1))
    _assert_unauthorised(ApiClient(demo_world.test_client(), secret).get("/api/v1/me"))


def test_a_revoked_token_answers_401(demo_world):
    secret = issue_token(demo_world, "noord")
    _change_token(demo_world, secret, revoked_at=utcnow())
    _assert_unauthorised(ApiClient(demo_world.test_client(), secret).get("/api/v1/me"))


def test_the_token_of_a_deactivated_account_answers_401(demo_world):
    secret = issue_token(demo_world, "zuid")
    with demo_world.app_context():
        deactivate_user(find_user("zuid"))
        db.session.commit()
    _assert_unauthorised(ApiClient(demo_world.test_client(), secret).get("/api/v1/me"))


def test_using_a_token_records_when_it_was_last_used(demo_world):
    secret = issue_token(demo_world, "noord")
    ApiClient(demo_world.test_client(), secret).get("/api/v1/me")
    with demo_world.app_context():
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
        assert token.last_used_at is not None


def test_a_browser_session_does_not_authenticate_the_api(demo_world):
    browser = Browser(demo_world.test_client())
    assert browser.login("noord").status_code == 302
    _assert_unauthorised(browser.get("/api/v1/me"))
    _assert_unauthorised(browser.client.post("/api/v1/initiatives", json={"title": "Via de cookie"}))


def test_writes_need_no_csrf_token_and_set_no_cookie(demo_world, api_as):
    response = api_as("noord").post(
        "/api/v1/initiatives",
        json={
            "title": "Buurtkamer",
            "description": "Een plek om elkaar te ontmoeten.",
            "neighbourhood": NOORD,
            "channel": "walk_in",
            "received_on": "2026-01-05",
        },
    )
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers


def test_the_session_of_a_browser_survives_api_calls(demo_world):
    browser = Browser(demo_world.test_client())
    browser.login("noord")
    ApiClient(browser.client, issue_token(demo_world, "zuid")).get("/api/v1/me")
    assert browser.get("/").status_code == 200  # still signed in as noord
