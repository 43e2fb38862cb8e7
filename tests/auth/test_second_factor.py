"""TOTP second factor: enrolment, two-step log-in, reuse refusal, recovery codes, admins."""

import re
from datetime import timedelta

import sqlalchemy as sa
from freezegun import freeze_time

from initiatives.audit.models import AuditEntry
from initiatives.auth import totp
from initiatives.auth.models import RecoveryCode
from initiatives.auth.users import find_user
from initiatives.core.tokens import hash_token
from initiatives.extensions import db
from tests.auth.second_factor import ADMIN_TOTP_SECRET, code_now, enrol, fresh_code
from tests.conftest import DEMO_PASSWORD, Browser

SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def _actions(app, prefix="auth."):
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        return [(entry.action, entry.data) for entry in entries if entry.action.startswith(prefix)]


def _password_step(client, username):
    response = client.submit("/login", {"username": username, "password": DEMO_PASSWORD})
    assert response.location == "/login/code"
    return response


def _enrol_through_the_pages(app, client):
    """Enrol the signed-in user as a person would; return (secret, recovery codes)."""
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    response = client.submit("/account/two-factor", {"code": code_now(secret)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9-]{19})</code></li>", response.get_data(as_text=True))
    return secret, codes


def test_enrolment_shows_an_inline_svg_qr_code_and_the_secret(demo_world, signed_in):
    client = signed_in("noord")
    response = client.get("/account/two-factor")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<svg role="img" aria-label="QR-code om te scannen met uw authenticator-app"' in page
    assert "data:" not in page
    # Drawn without a script: the only one is the site's own enhancement of forms.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/forms.js" defer>']
    with demo_world.app_context():
        secret = find_user("noord").totp_secret
        assert find_user("noord").has_totp is False  # not before a code confirms it
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in page
    # Reloading keeps the same secret, so a scan made earlier still works.
    assert secret in client.get("/account/two-factor").get_data(as_text=True).replace(" ", "")


def test_enrolment_needs_a_correct_code_then_shows_ten_recovery_codes_once(demo_world, signed_in):
    client = signed_in("noord")
    client.get("/account/two-factor")
    wrong = client.submit("/account/two-factor", {"code": "000000"})
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    _secret, codes = _enrol_through_the_pages(demo_world, client)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    with demo_world.app_context():
        user = find_user("noord")
        assert user.has_totp
        stored = [code.code_hash for code in user.recovery_codes]
        assert stored == [hash_token(totp.normalise_code(code)) for code in codes]
        assert not any(code.replace("-", "") in value for code in codes for value in stored)
    account = client.get("/account").get_data(as_text=True)
    assert "Herstelcodes over: 10" in account
    assert not any(code in account for code in codes)
    assert client.get("/account/two-factor").status_code == 302  # already on
    assert ("auth.totp_enrolled", {}) in _actions(demo_world)


def test_login_takes_two_steps_with_totp(demo_world, browser):
    enrol(demo_world, "noord", SECRET)
    _password_step(browser, "noord")
    assert browser.get("/").status_code == 302  # the pending user is not signed in
    page = browser.get("/login/code").get_data(as_text=True)
    assert "Tweestapsverificatie" in page
    wrong_code = f"{(int(code_now(SECRET)) + 1) % 1_000_000:06d}"
    response = browser.submit("/login/code", {"code": wrong_code})
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    response = browser.submit("/login/code", {"code": code_now(SECRET)})
    assert response.location == "/"
    assert browser.get("/").status_code == 200
    actions = [(action, data.get("step"), data.get("method")) for action, data in _actions(demo_world)]
    assert actions == [("auth.login_failed", "second_factor", None), ("auth.login", None, "totp")]


def test_a_wrong_password_never_reaches_the_code_step(demo_world, browser):
    enrol(demo_world, "noord", SECRET)
    response = browser.submit("/login", {"username": "noord", "password": "niet het goede wachtwoord"})
    assert response.status_code == 200
    assert browser.get("/login/code").location == "/login"


def test_the_same_code_is_refused_a_second_time(demo_world):
    enrol(demo_world, "noord", SECRET)
    first, second = Browser(demo_world.test_client()), Browser(demo_world.test_client())
    code = fresh_code(demo_world, "noord")
    _password_step(first, "noord")
    assert first.submit("/login/code", {"code": code}).location == "/"
    _password_step(second, "noord")
    response = second.submit("/login/code", {"code": code})
    assert "Deze code is al gebruikt" in response.get_data(as_text=True)
    assert second.get("/").status_code == 302
    # The next code of the app is accepted.
    assert second.submit("/login/code", {"code": fresh_code(demo_world, "noord")}).location == "/"


def test_a_recovery_code_works_once(demo_world, signed_in):
    client = signed_in("noord")
    _secret, codes = _enrol_through_the_pages(demo_world, client)
    client.logout()
    _password_step(client, "noord")
    response = client.submit("/login/code", {"code": codes[3].upper().replace("-", " ")})
    assert response.location == "/"
    assert "nog 9 over" in client.get("/").get_data(as_text=True)
    client.logout()
    _password_step(client, "noord")
    response = client.submit("/login/code", {"code": codes[3]})
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    with demo_world.app_context():
        used = db.session.scalars(sa.select(RecoveryCode).where(RecoveryCode.used_at.is_not(None))).all()
        assert len(used) == 1
    assert ("auth.recovery_code_used", {"remaining": 9}) in _actions(demo_world)


def test_the_code_step_lasts_only_a_few_minutes(demo_world, browser):
    enrol(demo_world, "noord", SECRET)
    with freeze_time("2026-03-02 08:00:00") as clock:
        _password_step(browser, "noord")
        clock.tick(timedelta(minutes=6))
        response = browser.submit("/login/code", {"code": code_now(SECRET)}, form_url="/login")
        assert response.location == "/login"
        page = browser.get("/login").get_data(as_text=True)
    assert "De tijd om de code in te voeren is verstreken" in page
    assert browser.get("/").status_code == 302


def test_an_admin_without_totp_is_sent_to_enrolment_and_reaches_no_admin_page(demo_world, browser):
    with demo_world.app_context():
        beheer = find_user("beheer")
        beheer.totp_secret = beheer.totp_enabled_at = None
        db.session.commit()
    response = browser.login("beheer")
    assert response.location == "/account/two-factor"
    for url in ("/admin/users", "/admin/departments/new", "/", "/account"):
        assert browser.get(url).location == "/account/two-factor", url
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', browser.get("/account/two-factor").get_data(as_text=True)
    )
    refused = browser.client.post("/admin/departments/new", data={"csrf_token": token.group(1), "name": "X"})
    assert refused.location == "/account/two-factor"
    page = browser.get("/account/two-factor").get_data(as_text=True)
    assert "Beheerders loggen altijd in met twee stappen" in page
    _enrol_through_the_pages(demo_world, browser)
    assert browser.get("/admin/users").status_code == 200


def test_promoting_a_user_to_admin_requires_their_enrolment(demo_world, signed_in):
    client = signed_in("secretaris")
    with demo_world.app_context():
        find_user("secretaris").role = "admin"
        db.session.commit()
    assert client.get("/admin/users").location == "/account/two-factor"


def test_an_admin_cannot_switch_off_their_own_second_factor(demo_world, signed_in):
    admin = signed_in("beheer")
    response = admin.submit("/account/two-factor/remove", {"password": DEMO_PASSWORD}, form_url="/account")
    assert "Beheerders moeten tweestapsverificatie aan laten staan" in response.get_data(as_text=True)
    with demo_world.app_context():
        assert find_user("beheer").has_totp


def test_a_user_switches_off_their_second_factor_with_their_password(demo_world, signed_in):
    client = signed_in("noord")
    _enrol_through_the_pages(demo_world, client)
    wrong = client.submit("/account/two-factor/remove", {"password": "not my password"}, form_url="/account")
    assert "Dit is niet uw huidige wachtwoord." in wrong.get_data(as_text=True)
    response = client.submit("/account/two-factor/remove", {"password": DEMO_PASSWORD}, form_url="/account")
    assert response.location == "/account"
    with demo_world.app_context():
        user = find_user("noord")
        assert not user.has_totp
        assert user.recovery_codes == []
    assert any(action == "auth.totp_removed" for action, _data in _actions(demo_world))
    assert Browser(demo_world.test_client()).login("noord").location == "/"


def test_an_admin_resets_a_lost_second_factor_and_ends_the_sessions(demo_world, signed_in):
    enrol(demo_world, "noord", SECRET)
    noord = signed_in("noord")
    admin = signed_in("beheer")
    with demo_world.app_context():
        user_id = find_user("noord").id
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    assert "Tweestapsverificatie van noord uitzetten" in page
    response = admin.submit(
        f"/admin/users/{user_id}/two-factor/reset", {}, form_url=f"/admin/users/{user_id}"
    )
    assert response.location == f"/admin/users/{user_id}"
    assert noord.get("/").status_code == 302
    with demo_world.app_context():
        assert not find_user("noord").has_totp
    assert ("auth.totp_removed", {"by_admin": True, "sessions_ended": 1}) in _actions(demo_world)


def test_the_demo_admin_uses_the_known_test_secret(demo_world):
    with demo_world.app_context():
        assert find_user("beheer").totp_secret == ADMIN_TOTP_SECRET


def test_the_command_line_resets_a_lost_second_factor(demo_world):
    runner = demo_world.test_cli_runner()
    result = runner.invoke(args=["users", "reset-second-factor", "beheer"])
    assert result.exit_code == 0
    with demo_world.app_context():
        assert not find_user("beheer").has_totp
    assert runner.invoke(args=["users", "reset-second-factor", "beheer"]).exit_code == 2
    assert ("auth.totp_removed", {"by_admin": True, "sessions_ended": 0}) in _actions(demo_world)
