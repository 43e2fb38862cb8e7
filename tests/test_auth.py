"""Signing in and out, throttling, CSRF, sessions and passwords."""

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth.models import User
from initiatives.extensions import db
from tests.auth.second_factor import fresh_code
from tests.conftest import DEMO_PASSWORD, Browser


def test_login_page_is_dutch_by_default(browser):
    page = browser.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Inloggen" in page


def test_login_and_logout(demo_world, browser):
    response = browser.login("noord")
    assert response.status_code == 302
    assert response.location == "/"
    home = browser.get("/").get_data(as_text=True)
    assert "Mijn werk" in home
    assert "Noor de Vries" in home
    response = browser.logout()
    assert response.status_code == 302
    assert browser.get("/").status_code == 302  # back to the log-in page


def test_username_is_case_insensitive(demo_world, browser):
    assert browser.login("NOORD").status_code == 302


@pytest.mark.parametrize(
    ("username", "password"),
    [("noord", "wrong-password-123"), ("nobody", DEMO_PASSWORD), ("noord", "")],
)
def test_failed_login_does_not_reveal_whether_the_account_exists(demo_world, browser, username, password):
    response = browser.login(username, password)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    if password:
        assert "Gebruikersnaam of wachtwoord is onjuist." in page
    else:
        assert "Vul uw wachtwoord in." in page
    assert "bestaat niet" not in page


def test_deactivated_account_cannot_sign_in(demo_world, browser):
    with demo_world.app_context():
        db.session.scalar(sa.select(User).where(User.username == "zuid")).active = False
        db.session.commit()
    page = browser.login("zuid").get_data(as_text=True)
    assert "Gebruikersnaam of wachtwoord is onjuist." in page


def test_logins_are_audited_without_passwords(demo_world, browser):
    browser.login("noord", "wrong-password-123")
    browser.login("noord")
    with demo_world.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        actions = [
            (entry.action, entry.outcome.value) for entry in entries if entry.action.startswith("auth.")
        ]
        assert actions == [("auth.login_failed", "failure"), ("auth.login", "success")]
        assert all("wrong-password" not in str(entry.data) for entry in entries)
        assert entries[-1].origin == "127.0.0.1"


@pytest.mark.parametrize("target", ["/admin/users", "/account/password"])
def test_login_returns_to_the_page_asked_for(demo_world, browser, target):
    assert browser.get(target).location == f"/login?next={target}"
    response = browser.submit(f"/login?next={target}", {"username": "beheer", "password": DEMO_PASSWORD})
    assert response.location == "/login/code"  # the admin's second factor first
    response = browser.submit("/login/code", {"code": fresh_code(demo_world, "beheer")})
    assert response.location == target


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_login_never_redirects_to_another_site(demo_world, browser, target):
    response = browser.submit(f"/login?next={target}", {"username": "noord", "password": DEMO_PASSWORD})
    assert response.location == "/"


def test_session_is_renewed_at_login(demo_world, browser):
    browser.client.get("/login")
    with browser.client.session_transaction() as session:
        session["planted"] = "by an attacker"
    browser.login("noord")
    with browser.client.session_transaction() as session:
        assert "planted" not in session


def test_session_cookie_is_httponly_and_samesite(demo_world, browser):
    response = browser.login("noord")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_form_without_csrf_token_is_rejected(demo_world, app):
    client = app.test_client()
    response = client.post("/login", data={"username": "noord", "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert "Het formulier was verlopen of onvolledig" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still not signed in


def test_logout_needs_csrf_token(demo_world, signed_in):
    client = signed_in("noord")
    response = client.client.post("/logout")
    assert response.status_code == 400
    assert client.get("/").status_code == 200  # still signed in


@pytest.mark.parametrize("app_config", [{"LOGIN_FAILURES_PER_ACCOUNT": "3 per 15 minutes"}])
def test_failed_logins_are_throttled_per_account(demo_world, app):
    client = Browser(app.test_client())
    for _attempt in range(3):
        assert client.login("noord", "wrong-password-123").status_code == 200
    response = client.login("noord")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Te veel mislukte inlogpogingen" in page
    assert "Retry-After" in response.headers
    # Another account from the same address is not locked by these failures.
    assert Browser(app.test_client()).login("zuid").status_code == 302


@pytest.mark.parametrize("app_config", [{"LOGIN_FAILURES_PER_ADDRESS": "4 per 15 minutes"}])
def test_failed_logins_are_throttled_per_address(demo_world, app):
    client = Browser(app.test_client())
    for username in ["a1", "a2", "a3", "a4"]:
        assert client.login(username, "wrong-password-123").status_code == 200
    assert client.login("zuid").status_code == 429


def test_successful_logins_are_not_throttled(demo_world, app):
    for _attempt in range(8):
        client = Browser(app.test_client())
        assert client.login("noord").status_code == 302


def test_password_change_ends_other_sessions(demo_world, signed_in):
    laptop = signed_in("noord")
    phone = signed_in("noord")
    response = laptop.submit(
        "/account/password",
        {
            "current_password": DEMO_PASSWORD,
            "new_password": "a much longer new passphrase",
            "confirm_password": "a much longer new passphrase",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert Browser(demo_world.test_client()).login("noord", "a much longer new passphrase").status_code == 302


def test_password_change_validates_in_dutch(demo_world, signed_in):
    client = signed_in("noord")
    response = client.submit(
        "/account/password",
        {"current_password": "not it at all", "new_password": "short", "confirm_password": "other"},
    )
    page = response.get_data(as_text=True)
    assert "Gebruik minstens 12 tekens." in page
    assert "De twee wachtwoorden zijn niet gelijk." in page


def test_deactivating_an_account_ends_its_sessions(demo_world, signed_in):
    client = signed_in("zuid")
    with demo_world.app_context():
        from initiatives.auth.accounts import deactivate_user

        deactivate_user(db.session.scalar(sa.select(User).where(User.username == "zuid")))
        db.session.commit()
    assert client.get("/").status_code == 302


def test_language_switch(demo_world, signed_in):
    client = signed_in("noord")
    response = client.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    assert response.location == "/"
    assert "My work" in client.get("/").get_data(as_text=True)
    client.submit("/language", {"language": "nl", "next": "/"}, form_url="/")
    assert "Mijn werk" in client.get("/").get_data(as_text=True)


def test_language_switch_ignores_unknown_languages(browser):
    browser.submit("/language", {"language": "xx", "next": "/login"}, form_url="/login")
    assert '<html lang="nl">' in browser.get("/login").get_data(as_text=True)
