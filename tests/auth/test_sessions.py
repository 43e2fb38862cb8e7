"""Server-side sessions: idle and absolute expiry, renewal at log-in, log-out, password changes."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from initiatives.audit.models import AuditEntry
from initiatives.auth.accounts import update_user
from initiatives.auth.models import UserSession
from initiatives.auth.sessions import SESSION_TOKEN_KEY
from initiatives.auth.users import find_user
from initiatives.extensions import db
from tests.conftest import DEMO_PASSWORD, Browser

START = "2026-03-02 08:00:00"
EXPIRED_MESSAGE = "Uw sessie is verlopen"


def _sessions(app, username):
    with app.app_context():
        user = find_user(username)
        rows = db.session.scalars(
            sa.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
        ).all()
        return [(row.end_reason, row.ended_at, row.last_seen_at, row.method) for row in rows]


def _audited(app, action):
    """The data and actor of the audit entries of `action`."""
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()
        return [(entry.data, entry.actor.username if entry.actor else None) for entry in entries]


def test_the_defaults_are_30_minutes_idle_and_12_hours_in_all(app):
    assert app.config["SESSION_IDLE_MINUTES"] == 30
    assert app.config["SESSION_HOURS"] == 12


def test_an_idle_session_expires_and_says_so_on_the_login_page(demo_world, browser):
    with freeze_time(START) as clock:
        assert browser.login("noord").status_code == 302
        clock.tick(timedelta(minutes=29))
        assert browser.get("/").status_code == 200
        clock.tick(timedelta(minutes=29))  # 58 minutes in all, but never 30 idle
        assert browser.get("/").status_code == 200
        clock.tick(timedelta(minutes=31))
        response = browser.get("/initiatives")
        assert response.status_code == 302
        assert response.location == "/login?next=/initiatives"
        page = browser.get(response.location).get_data(as_text=True)
    assert EXPIRED_MESSAGE in page
    assert browser.get("/").status_code == 302  # the message came once; still signed out
    [(reason, ended_at, _seen, _method)] = _sessions(demo_world, "noord")
    assert reason == "idle"
    assert ended_at is not None
    [(data, actor)] = _audited(demo_world, "auth.session_expired")
    assert data["reason"] == "idle"
    assert actor == "noord"


@pytest.mark.parametrize("app_config", [{"SESSION_HOURS": 1}])
def test_a_session_ends_after_its_lifetime_however_active(demo_world, browser):
    with freeze_time(START) as clock:
        assert browser.login("noord").status_code == 302
        for _minute in (20, 40):
            clock.tick(timedelta(minutes=20))
            assert browser.get("/").status_code == 200
        clock.tick(timedelta(minutes=21))  # 61 minutes, last request 21 minutes ago
        response = browser.get("/")
        assert response.location.startswith("/login")
        assert EXPIRED_MESSAGE in browser.get("/login").get_data(as_text=True)
    assert _sessions(demo_world, "noord")[0][0] == "lifetime"


@pytest.mark.parametrize("app_config", [{"SESSION_IDLE_MINUTES": 5}])
def test_the_idle_timeout_is_configurable(demo_world, browser):
    with freeze_time(START) as clock:
        browser.login("noord")
        clock.tick(timedelta(minutes=6))
        assert browser.get("/").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(demo_world, browser):
    with freeze_time(START) as clock:
        browser.login("noord")
        first_seen = _sessions(demo_world, "noord")[0][2]
        for _request in range(5):
            clock.tick(timedelta(seconds=10))
            assert browser.get("/").status_code == 200
        assert _sessions(demo_world, "noord")[0][2] == first_seen
        clock.tick(timedelta(seconds=15))  # 65 seconds after the log-in
        browser.get("/")
        assert _sessions(demo_world, "noord")[0][2] == first_seen + timedelta(seconds=65)


def test_the_session_and_its_user_are_read_in_one_statement(demo_world, browser):
    """The check runs on every signed-in request, so it costs one query, not one per object."""
    browser.login("noord")
    with demo_world.app_context():
        engine = db.engine
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", remember)
    try:
        assert browser.get("/account").status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", remember)
    session_reads = [statement for statement in statements if "FROM user_sessions" in statement]
    assert len(session_reads) == 1
    assert "JOIN users" in session_reads[0]


def test_the_session_id_is_renewed_at_every_login(demo_world, browser):
    browser.client.get("/login")
    with browser.client.session_transaction() as session:
        session[SESSION_TOKEN_KEY] = "planted-by-an-attacker"
    browser.login("noord")
    with browser.client.session_transaction() as session:
        first = session[SESSION_TOKEN_KEY]
    assert first != "planted-by-an-attacker"
    browser.logout()
    browser.login("noord")
    with browser.client.session_transaction() as session:
        assert session[SESSION_TOKEN_KEY] not in {first, "planted-by-an-attacker"}
    assert [row[3] for row in _sessions(demo_world, "noord")] == ["password", "password"]


def test_replaying_the_cookie_after_logout_fails(demo_world, browser):
    browser.login("noord")
    old_cookie = browser.client.get_cookie("session").value
    assert browser.logout().status_code == 302
    thief = demo_world.test_client()
    thief.set_cookie("session", old_cookie)
    response = thief.get("/")
    assert response.status_code == 302
    assert response.location.startswith("/login")
    assert _sessions(demo_world, "noord")[0][0] == "logout"
    assert len(_audited(demo_world, "auth.logout")) == 1


def test_a_password_change_ends_the_other_sessions_only(demo_world, signed_in):
    laptop, phone = signed_in("noord"), signed_in("noord")
    new_password = "een veel langere nieuwe zin"
    response = laptop.submit(
        "/account/password",
        {"current_password": DEMO_PASSWORD, "new_password": new_password, "confirm_password": new_password},
    )
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert sorted(str(row[0]) for row in _sessions(demo_world, "noord")) == ["None", "password_changed"]
    [(data, actor)] = _audited(demo_world, "user.password_changed")
    assert data == {"sessions_ended": 1}
    assert actor == "noord"


def test_deactivating_a_user_on_the_admin_page_ends_their_sessions(demo_world, signed_in):
    zuid = signed_in("zuid")
    with demo_world.app_context():
        user = find_user("zuid")
        update_user(
            user,
            full_name=user.full_name,
            email=user.email,
            role=user.role,
            active=False,
            neighbourhoods=user.neighbourhoods,
        )
        db.session.commit()
    assert zuid.get("/").status_code == 302
    assert _sessions(demo_world, "zuid")[0][0] == "deactivated"


def test_an_api_request_neither_reads_nor_starts_a_session(demo_world):
    browser = Browser(demo_world.test_client())
    browser.login("noord")
    assert browser.get("/api/v1/me").status_code == 401
    assert len(_sessions(demo_world, "noord")) == 1
