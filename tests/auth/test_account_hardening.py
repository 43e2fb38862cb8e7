"""Fixes from the review of auth: API tokens need the password again and die with a compromised
account's fixes; a recovery code is used once even at the same moment; a log-in for an unknown
username costs as much as one with a wrong password."""

import re

import pytest
import sqlalchemy as sa
import werkzeug.security

from initiatives.audit.models import AuditEntry
from initiatives.auth import totp
from initiatives.auth.accounts import deactivate_user, update_user
from initiatives.auth.models import ApiToken, RecoveryCode
from initiatives.auth.second_factor import begin_totp_enrolment, confirm_totp_enrolment, verify_second_factor
from initiatives.auth.sessions import METHOD_RECOVERY_CODE
from initiatives.auth.users import SecondFactorRefused, find_user
from initiatives.core.db import utcnow, writing
from initiatives.core.tokens import hash_token
from initiatives.extensions import db
from tests.api.conftest import ApiClient, issue_token
from tests.auth.second_factor import code_now, enrol, fresh_code
from tests.conftest import DEMO_PASSWORD

SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def _token_count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken))


def _works(app, secret):
    return ApiClient(app.test_client(), secret).get("/api/v1/me").status_code == 200


def _revocations(app):
    with app.app_context():
        entries = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "api_token.revoked_all")
        ).all()
        return [entry.data["reason"] for entry in entries]


def test_a_token_is_made_only_with_the_current_password(demo_world, signed_in):
    client = signed_in("noord")
    for password in ("", "niet-mijn-wachtwoord"):
        response = client.submit(
            "/account/tokens",
            {"name": "Gestolen", "days": "30", "current_password": password},
            form_url="/account",
        )
        assert response.status_code == 200
        assert "brc_" not in response.get_data(as_text=True)
    assert _token_count(demo_world) == 0
    response = client.submit(
        "/account/tokens",
        {"name": "BI", "days": "30", "current_password": DEMO_PASSWORD},
        form_url="/account",
    )
    assert re.search(r'<code class="api-token">brc_', response.get_data(as_text=True))
    assert _token_count(demo_world) == 1


def test_with_a_second_factor_a_token_also_needs_a_current_code(demo_world, signed_in):
    client = signed_in("beheer")
    assert 'id="current_code"' in client.get("/account").get_data(as_text=True)
    data = {"name": "BI", "days": "30", "current_password": DEMO_PASSWORD}
    for code in ("", "000000"):
        response = client.submit("/account/tokens", {**data, "current_code": code}, form_url="/account")
        assert "brc_" not in response.get_data(as_text=True)
    assert _token_count(demo_world) == 0
    response = client.submit(
        "/account/tokens", {**data, "current_code": fresh_code(demo_world, "beheer")}, form_url="/account"
    )
    assert "brc_" in response.get_data(as_text=True)
    assert _token_count(demo_world) == 1


def test_a_password_change_revokes_the_tokens(demo_world, signed_in):
    secret = issue_token(demo_world, "noord")
    client = signed_in("noord")
    new = "een lange zin als nieuw wachtwoord"
    response = client.submit(
        "/account/password",
        {"current_password": DEMO_PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert response.location == "/account"
    assert not _works(demo_world, secret)
    assert _revocations(demo_world) == ["password_changed"]


def test_an_admins_second_factor_reset_revokes_the_tokens(demo_world, signed_in):
    enrol(demo_world, "noord", SECRET)
    secret = issue_token(demo_world, "noord")
    with demo_world.app_context():
        user_id = find_user("noord").id
    admin = signed_in("beheer")
    admin.submit(f"/admin/users/{user_id}/two-factor/reset", {}, form_url=f"/admin/users/{user_id}")
    assert not _works(demo_world, secret)
    assert _revocations(demo_world) == ["second_factor_reset"]


@pytest.mark.parametrize("how", ["admin_form", "deactivate_user"])
def test_tokens_stay_revoked_after_deactivation_and_reactivation(demo_world, how):
    secret = issue_token(demo_world, "noord")
    with demo_world.app_context():
        user = find_user("noord")
        fields = {
            "full_name": user.full_name,
            "email": user.email,
            "role": user.role,
            "neighbourhoods": user.neighbourhoods,
        }
        if how == "admin_form":
            update_user(user, active=False, **fields)
        else:
            deactivate_user(user)
        db.session.commit()
        update_user(find_user("noord"), active=True, **fields)
        db.session.commit()
    assert not _works(demo_world, secret)
    assert _revocations(demo_world) == ["deactivated"]


def test_a_recovery_code_used_at_the_same_moment_elsewhere_is_refused(demo_world):
    with demo_world.app_context():
        user = find_user("noord")
        begin_totp_enrolment(user)
        codes = confirm_totp_enrolment(user, code_now(user.totp_secret))
        db.session.commit()
    with demo_world.test_request_context():
        db.session().expire_on_commit = False  # what was loaded stays as it was read
        user = find_user("noord")
        assert len(user.unused_recovery_codes) == 10  # loaded: this request sees the code unused
        # On SQLite a writing transaction holds the lock from its first read, so nothing is written
        # in between: the race is with what was loaded before, and is written in a new transaction.
        db.session.commit()
        # Meanwhile another request uses the same code and commits.
        with db.engine.begin() as other:
            other.execute(
                sa.update(RecoveryCode)
                .where(RecoveryCode.code_hash == hash_token(totp.normalise_code(codes[0])))
                .values(used_at=utcnow())
            )
        with writing(), pytest.raises(SecondFactorRefused):
            verify_second_factor(user, codes[0])
        db.session.rollback()
    with demo_world.test_request_context():
        user = find_user("noord")
        assert verify_second_factor(user, codes[1]) == METHOD_RECOVERY_CODE
        assert len(user.unused_recovery_codes) == 8


def test_an_unknown_or_deactivated_username_costs_a_password_check_too(demo_world, browser, monkeypatch):
    with demo_world.app_context():
        deactivate_user(find_user("zuid"))
        db.session.commit()
    # The dummy hash is made once per process, at the first such log-in: not counted here.
    browser.submit("/login", {"username": "nog-niemand", "password": "fout wachtwoord 123"})
    methods = []
    real = werkzeug.security._hash_internal

    def counting(method, salt, password):
        methods.append(method)
        return real(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
    configured = demo_world.config["PASSWORD_HASH_METHOD"]
    for username in ("noord", "niemand-bekend", "zuid"):
        methods.clear()
        response = browser.submit("/login", {"username": username, "password": "fout wachtwoord 123"})
        assert response.status_code == 200
        assert methods == [configured], username


def test_a_hash_made_with_older_parameters_works_and_is_made_anew_at_log_in(demo_world, browser):
    """Werkzeug's default scrypt (N=2^15, below OWASP's minimum) and other methods keep working;
    the first log-in after a change of PASSWORD_HASH_METHOD hashes the password anew with it."""
    configured = demo_world.config["PASSWORD_HASH_METHOD"]
    with demo_world.app_context(), writing():
        user = find_user("noord")
        user.password_hash = werkzeug.security.generate_password_hash(
            DEMO_PASSWORD, method="scrypt:32768:8:1"
        )
        db.session.commit()
    response = browser.submit("/login", {"username": "noord", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    with demo_world.app_context():
        stored = find_user("noord").password_hash
    assert stored.startswith(f"{configured}$")
    assert werkzeug.security.check_password_hash(stored, DEMO_PASSWORD)


def test_the_production_hash_meets_owasps_minimum_for_argon2id():
    """OWASP Password Storage Cheat Sheet: argon2id with at least 19 MiB of memory, 2 passes and a
    parallelism of 1 (or 46 MiB with 1 pass)."""
    from config import Config

    method, memory_kib, time_cost, parallelism = Config.PASSWORD_HASH_METHOD.split(":")
    assert method == "argon2id"
    assert int(parallelism) >= 1
    assert (int(memory_kib) >= 19 * 1024 and int(time_cost) >= 2) or (
        int(memory_kib) >= 46 * 1024 and int(time_cost) >= 1
    )


def test_argon2id_hashes_are_checked_and_older_ones_made_anew(demo_world, browser, monkeypatch):
    """With argon2id configured, a Werkzeug scrypt hash still lets its user in and is replaced by an
    argon2id hash at that log-in; the argon2id hash then lets them in again, a wrong password not."""
    from initiatives.auth.password_hashes import matches

    monkeypatch.setitem(demo_world.config, "PASSWORD_HASH_METHOD", "argon2id:19456:2:1")
    with demo_world.app_context(), writing():
        user = find_user("noord")
        user.password_hash = werkzeug.security.generate_password_hash(
            DEMO_PASSWORD, method="scrypt:16384:8:5"
        )
        db.session.commit()
    assert browser.submit("/login", {"username": "noord", "password": DEMO_PASSWORD}).status_code == 302
    with demo_world.app_context():
        stored = find_user("noord").password_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert matches(stored, DEMO_PASSWORD)
    assert not matches(stored, DEMO_PASSWORD + "x")
    assert not matches("$argon2id$garbage", DEMO_PASSWORD)
