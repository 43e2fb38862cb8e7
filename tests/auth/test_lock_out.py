"""Issue 18, findings 2 and 5: a stranger's wrong passwords slow the stranger, not the account's
owner (growing waits per username and address); the owner is told of them; and the password
asked again while signed in is throttled the same way, ending the session at the limit."""

import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth import throttle
from initiatives.extensions import db
from tests.conftest import DEMO_PASSWORD, Browser

WRONG = "wrong-password-123"
STRANGER = "10.0.0.66"
OWNER = "10.0.0.7"


def _client(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


def _entries(app, action):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()


def test_a_stranger_cannot_lock_the_owner_out(demo_world, app):
    stranger = _client(app, STRANGER)
    for _attempt in range(5):
        assert stranger.login("noord", WRONG).status_code == 200
    for _attempt in range(10):
        refused = stranger.login("noord", WRONG)
        assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Te veel mislukte inlogpogingen" in refused.get_data(as_text=True)
    # Only the five tried attempts reached the password check; the refused ones were not tried.
    assert len(_entries(app, "auth.login_failed")) == 5
    # The owner, at their own address, signs in as ever.
    assert _client(app, OWNER).login("noord").status_code == 302
    # The stranger still waits, even with the right password.
    assert stranger.login("noord").status_code == 429


def test_the_pair_waits_longer_after_each_further_failure(demo_world, app, monkeypatch):
    now = [1_900_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: now[0])
    stranger = _client(app, STRANGER)
    for _attempt in range(5):
        assert stranger.login("noord", WRONG).status_code == 200
    for wait in (60, 120, 240, 480):
        refused = stranger.login("noord", WRONG)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) == wait
        now[0] += wait - 1
        assert stranger.login("noord", WRONG).status_code == 429  # not over yet
        now[0] += 1
        assert stranger.login("noord", WRONG).status_code == 200  # tried, and wrong again
    # A successful log-in forgets the pair's failures.
    now[0] += 960
    assert stranger.login("noord").status_code == 302
    assert _client(app, STRANGER).login("noord", WRONG).status_code == 200


def test_the_owner_is_told_of_many_wrong_passwords(demo_world, app):
    for number in range(3):  # from three addresses, two each: no pair has to wait yet
        stranger = _client(app, f"10.0.2.{number + 1}")
        for _attempt in range(2):
            assert stranger.login("noord", WRONG).status_code == 200
    owner = _client(app, OWNER)
    assert owner.login("noord").status_code == 302
    told = "Sinds uw vorige aanmelding is er 6 keer geprobeerd met een verkeerd wachtwoord in te loggen"
    assert told in owner.get("/").get_data(as_text=True)
    assert told in owner.get("/account").get_data(as_text=True)
    [entry] = _entries(app, "auth.failures_reported")
    assert entry.data["count"] == 6
    assert entry.object_type == "users"
    # Told once: the next log-in has nothing to tell.
    again = _client(app, OWNER)
    assert again.login("noord").status_code == 302
    assert told not in again.get("/account").get_data(as_text=True)
    assert len(_entries(app, "auth.failures_reported")) == 1


def test_a_few_own_mistakes_are_not_reported(demo_world, app):
    owner = _client(app, OWNER)
    assert owner.login("noord", WRONG).status_code == 200
    assert owner.login("noord").status_code == 302
    assert "verkeerd wachtwoord in te loggen" not in owner.get("/").get_data(as_text=True)
    assert _entries(app, "auth.failures_reported") == []


def _change_password(browser, current):
    return browser.submit(
        "/account/password",
        {
            "current_password": current,
            "new_password": "a much longer new passphrase",
            "confirm_password": "a much longer new passphrase",
        },
    )


def test_wrong_passwords_asked_again_end_the_session(demo_world, app):
    thief = _client(app, STRANGER)
    assert thief.login("noord").status_code == 302
    for _attempt in range(2):
        response = _change_password(thief, WRONG)
        assert response.status_code == 200
        assert "Dit is niet uw huidige wachtwoord" in response.get_data(as_text=True)
    for _attempt in range(2):  # making a token asks for it too, and counts with the rest
        response = thief.submit(
            "/account/tokens", {"name": "buit", "days": "30", "current_password": WRONG}, form_url="/account"
        )
        assert response.status_code == 200
    response = _change_password(thief, WRONG)  # the fifth
    assert response.status_code == 302
    assert response.location == "/login"
    page = thief.get("/login").get_data(as_text=True)
    assert "te vaak een verkeerd wachtwoord getypt en bent daarom uitgelogd" in page
    assert thief.get("/account").status_code == 302  # the session has ended
    assert thief.login("noord").status_code == 429  # and this address waits to sign in again
    assert len(_entries(app, "auth.reentry_failed")) == 5
    [signed_out] = _entries(app, "auth.signed_out_after_failures")
    assert signed_out.data == {"purpose": "password_change"}
    # The owner elsewhere is not hindered.
    assert _client(app, OWNER).login("noord").status_code == 302


def test_removing_two_step_verification_is_throttled_too(demo_world, app):
    from tests.auth.second_factor import enrol

    enrol(demo_world, "zuid", "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU")
    user = _client(app, STRANGER)
    assert user.login("zuid").status_code == 302
    statuses = [
        user.submit("/account/two-factor/remove", {"password": WRONG}, form_url="/account").status_code
        for _attempt in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 302]
    assert user.get("/account").status_code == 302


def test_the_right_password_asked_again_still_works(demo_world, app):
    owner = _client(app, OWNER)
    assert owner.login("noord").status_code == 302
    assert _change_password(owner, WRONG).status_code == 200
    assert _change_password(owner, DEMO_PASSWORD).status_code == 302
    assert owner.get("/account").status_code == 200
