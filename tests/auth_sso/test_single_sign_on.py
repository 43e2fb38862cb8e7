"""Single sign-on through OpenID Connect, end to end against a real provider on its own port.

The provider (tests/auth_sso/provider.py) is Authlib's authorization server with OpenID Connect;
Bricoleur runs on a live server and is driven over HTTP with one requests.Session across both,
as a browser would, and once with a real browser.
"""

import re
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
import sqlalchemy as sa
from flask_babel import gettext
from joserfc.jwk import RSAKey
from playwright.sync_api import expect

from initiatives import create_app
from initiatives.audit.models import AuditEntry
from initiatives.auth.accounts import create_user, deactivate_user
from initiatives.auth.single_sign_on.models import OidcIdentity
from initiatives.auth.users import find_user
from initiatives.core.configuration import ConfigurationError
from initiatives.core.roles import Role
from initiatives.extensions import db
from tests.auth.second_factor import fresh_code
from tests.auth_sso.conftest import PROVIDER_NAME
from tests.browser.support import assert_no_axe_violations
from tests.conftest import DEMO_PASSWORD, csrf_token_from
from tests.conftest import test_config as config_for_tests

REFUSED_TITLE = "Signing in did not succeed"


def translated(app, message, **values):
    """`message` as the app shows it (Dutch once the catalogue has it, English before)."""
    with app.test_request_context():
        return gettext(message, **values)


def start_at_bricoleur(http, bricoleur, next_url=None):
    """Press "Sign in with ...": return the provider's authorization URL Bricoleur sends us to."""
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    response = http.get(f"{bricoleur}/login/sso{query}", allow_redirects=False)
    assert response.status_code == 302
    return response.headers["Location"]


def answer_at_provider(http, authorization_url, login, decision="allow"):
    """Open the provider's sign-in form and answer it; return the callback URL it sends us to."""
    assert http.get(authorization_url).status_code == 200
    response = http.post(
        authorization_url, data={"login": login, "decision": decision}, allow_redirects=False
    )
    assert response.status_code == 302
    return response.headers["Location"]


def link_once(http, bricoleur, response, password=DEMO_PASSWORD):
    """On the first sign-in of an account with a password, enter it on the linking page."""
    if response.url != f"{bricoleur}/login/sso/confirm":
        return response
    return http.post(response.url, data={"csrf_token": csrf_token_from(response.text), "password": password})


def sign_in_through_provider(http, bricoleur, login, next_url=None):
    callback = answer_at_provider(http, start_at_bricoleur(http, bricoleur, next_url), login)
    assert callback.startswith(f"{bricoleur}/login/sso/callback?")
    return link_once(http, bricoleur, http.get(callback))


def is_signed_in(http, bricoleur):
    return http.get(f"{bricoleur}/", allow_redirects=False).status_code == 200


def audit_entries(app, action):
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()
        return [
            (entry.outcome, entry.actor.username if entry.actor else None, entry.data) for entry in entries
        ]


@pytest.fixture
def http():
    with requests.Session() as session:
        yield session


def test_the_log_in_page_offers_the_provider(bricoleur, http):
    page = http.get(f"{bricoleur}/login").text
    assert 'href="/login/sso"' in page
    assert PROVIDER_NAME in page


def test_signing_in_through_the_provider_lands_on_home_as_the_matched_user(
    demo_world, bricoleur, provider, http
):
    authorization_url = start_at_bricoleur(http, bricoleur)
    assert authorization_url.startswith(f"{provider.issuer}/authorize?")
    query = parse_qs(urlsplit(authorization_url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert set(query) >= {"state", "nonce", "code_challenge"}
    assert "openid" in query["scope"][0].split()

    home = link_once(http, bricoleur, http.get(answer_at_provider(http, authorization_url, "noord")))

    assert home.url == f"{bricoleur}/"
    assert "Noor de Vries" in home.text
    noord = provider.people["noord"]
    with demo_world.app_context():
        identity = db.session.scalar(sa.select(OidcIdentity))
        assert (identity.user.username, identity.issuer, identity.subject) == (
            "noord",
            provider.issuer,
            noord.sub,
        )
        assert find_user("noord").last_login_at is not None
    assert audit_entries(demo_world, "auth.sso_bound") == [
        ("success", "noord", {"issuer": provider.issuer, "subject": noord.sub, "confirmed_by": "password"})
    ]
    assert audit_entries(demo_world, "auth.login") == [("success", "noord", {"method": "oidc"})]


def test_the_page_asked_for_before_signing_in_is_shown_after(demo_world, bricoleur, http):
    response = sign_in_through_provider(http, bricoleur, "noord", next_url="/initiatives")
    assert response.url == f"{bricoleur}/initiatives"
    assert response.status_code == 200


def test_the_binding_follows_the_subject_not_a_later_rename(demo_world, bricoleur, provider, http):
    assert "Noor de Vries" in sign_in_through_provider(http, bricoleur, "noord").text
    http.cookies.clear()
    # At the provider, noord is renamed to another local account's username.
    provider.people["noord"].claims["preferred_username"] = "zuid"

    home = sign_in_through_provider(http, bricoleur, "noord")

    assert home.url == f"{bricoleur}/"
    assert "Noor de Vries" in home.text
    assert "Sem Jansen" not in home.text


def test_someone_else_taking_a_bound_username_at_the_provider_is_refused(
    demo_world, bricoleur, provider, http
):
    sign_in_through_provider(http, bricoleur, "noord")
    http.cookies.clear()
    provider.add_person("nieuwe-noord", preferred_username="noord")

    page = sign_in_through_provider(http, bricoleur, "nieuwe-noord")

    assert page.status_code == 200
    assert translated(demo_world, REFUSED_TITLE) in page.text
    message = "The Bricoleur account %(username)s is linked to another person at %(provider)s. "
    message += "Ask the administrator to check the account."
    assert translated(demo_world, message, username="noord", provider=PROVIDER_NAME) in page.text
    assert not is_signed_in(http, bricoleur)
    [(outcome, _actor, data)] = audit_entries(demo_world, "auth.sso_login_failed")
    assert (outcome, data["reason"], data["username"]) == ("failure", "bound_to_other", "noord")


def test_after_unlinking_the_username_is_matched_again(demo_world, bricoleur, provider, http):
    sign_in_through_provider(http, bricoleur, "noord")
    http.cookies.clear()
    # noord left; the username went to a new colleague at the provider.
    provider.add_person("opvolger", preferred_username="noord")

    result = demo_world.test_cli_runner().invoke(args=["sso", "unlink", "noord"])

    assert result.exit_code == 0, result.output
    assert "no longer bound" in result.output
    home = sign_in_through_provider(http, bricoleur, "opvolger")
    assert home.url == f"{bricoleur}/"
    with demo_world.app_context():
        identity = db.session.scalar(sa.select(OidcIdentity))
        assert (identity.user.username, identity.subject) == ("noord", provider.people["opvolger"].sub)
    [(_outcome, _actor, data)] = audit_entries(demo_world, "auth.sso_unbound")
    assert data == {"issuer": provider.issuer, "subject": provider.people["noord"].sub}
    again = demo_world.test_cli_runner().invoke(args=["sso", "unlink", "secretaris"])
    assert "is not bound" in again.output
    unknown = demo_world.test_cli_runner().invoke(args=["sso", "unlink", "niemand"])
    assert unknown.exit_code == 2


def test_an_unknown_person_is_refused_and_audited(demo_world, bricoleur, provider, http):
    page = sign_in_through_provider(http, bricoleur, "onbekend")

    assert page.status_code == 200
    assert translated(demo_world, REFUSED_TITLE) in page.text
    message = (
        "There is no Bricoleur account for %(username)s. Accounts are not created by signing in "
        "with %(provider)s: ask the administrator to create one with this username."
    )
    assert translated(demo_world, message, username="onbekend", provider=PROVIDER_NAME) in page.text
    assert not is_signed_in(http, bricoleur)
    with demo_world.app_context():
        assert find_user("onbekend") is None  # single sign-on never creates accounts
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OidcIdentity)) == 0
    [(outcome, actor, data)] = audit_entries(demo_world, "auth.sso_login_failed")
    assert (outcome, actor) == ("failure", None)
    assert data == {
        "reason": "unknown",
        "username": "onbekend",
        "issuer": provider.issuer,
        "subject": provider.people["onbekend"].sub,
    }


def test_a_deactivated_account_is_refused_also_once_bound(demo_world, bricoleur, http):
    sign_in_through_provider(http, bricoleur, "zuid")
    http.cookies.clear()
    with demo_world.app_context():
        deactivate_user(find_user("zuid"))
        db.session.commit()

    page = sign_in_through_provider(http, bricoleur, "zuid")

    assert page.status_code == 200
    message = "The Bricoleur account %(username)s is deactivated."
    assert translated(demo_world, message, username="zuid") in page.text
    assert not is_signed_in(http, bricoleur)
    [(outcome, _actor, data)] = audit_entries(demo_world, "auth.sso_login_failed")
    assert (outcome, data["reason"]) == ("failure", "deactivated")


def test_a_tampered_state_is_refused(demo_world, bricoleur, http):
    callback = answer_at_provider(http, start_at_bricoleur(http, bricoleur), "noord")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    query["state"] = ["forged-" + query["state"][0]]
    tampered = urlunsplit(parts._replace(query=urlencode(query, doseq=True)))

    page = http.get(tampered)

    assert page.status_code == 400
    message = "This sign-in attempt has expired or was not started here. Start again from the sign-in page."
    assert translated(demo_world, message) in page.text
    assert not is_signed_in(http, bricoleur)
    assert audit_entries(demo_world, "auth.login") == []


def test_a_callback_without_a_started_sign_in_is_refused(demo_world, bricoleur, http):
    # Someone else's valid code and state, planted in this browser (log-in CSRF): no state here.
    callback = answer_at_provider(http, start_at_bricoleur(http, bricoleur), "noord")
    with requests.Session() as victim:
        page = victim.get(callback)
        assert page.status_code == 400
        assert not is_signed_in(victim, bricoleur)


def test_consent_denied_at_the_provider_is_explained(demo_world, bricoleur, http):
    callback = answer_at_provider(http, start_at_bricoleur(http, bricoleur), "noord", decision="deny")
    assert "error=access_denied" in callback

    page = http.get(callback)

    assert page.status_code == 400
    message = "Signing in at %(provider)s was cancelled or refused."
    assert translated(demo_world, message, provider=PROVIDER_NAME) in page.text
    assert not is_signed_in(http, bricoleur)


def test_an_id_token_that_does_not_verify_is_refused(demo_world, bricoleur, provider, http):
    provider.forged_key = RSAKey.generate_key(2048)

    page = sign_in_through_provider(http, bricoleur, "noord")

    assert page.status_code == 400
    message = (
        "The answer from %(provider)s could not be verified, so you have not been signed in. "
        "Try again; if this keeps happening, tell the administrator."
    )
    assert translated(demo_world, message, provider=PROVIDER_NAME) in page.text
    assert not is_signed_in(http, bricoleur)
    assert audit_entries(demo_world, "auth.login") == []


def test_a_username_claim_only_in_userinfo_is_used(demo_world, bricoleur, provider, http):
    provider.userinfo_only_claims = {"preferred_username"}  # as ADFS and Entra ID may do

    home = sign_in_through_provider(http, bricoleur, "noord")

    assert home.url == f"{bricoleur}/"
    assert "Noor de Vries" in home.text


def test_a_signed_in_user_is_not_sent_to_the_provider_again(demo_world, bricoleur, http):
    sign_in_through_provider(http, bricoleur, "noord")
    response = http.get(f"{bricoleur}/login/sso", allow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_an_admin_without_a_second_factor_is_sent_to_set_one_up(demo_world, bricoleur, provider, http):
    with demo_world.app_context():
        create_user("beheer2", Role.ADMIN, DEMO_PASSWORD, published_demo_password=True)
        db.session.commit()
    provider.add_person("beheer2", preferred_username="beheer2")

    page = sign_in_through_provider(http, bricoleur, "beheer2")

    assert page.url == f"{bricoleur}/account/two-factor"
    # Nothing else opens until the second factor is set up.
    assert (
        http.get(f"{bricoleur}/admin/users", allow_redirects=False).headers["Location"]
        == "/account/two-factor"
    )


def test_an_account_with_a_second_factor_still_enters_its_code(demo_world, bricoleur, provider, http):
    provider.add_person("beheer", preferred_username="beheer")  # demo_world gave beheer a second factor

    page = sign_in_through_provider(http, bricoleur, "beheer", next_url="/admin/users")

    assert page.url == f"{bricoleur}/login/code"
    assert not is_signed_in(http, bricoleur)
    code = fresh_code(demo_world, "beheer")
    response = http.post(
        f"{bricoleur}/login/code", data={"csrf_token": csrf_token_from(page.text), "code": code}
    )
    assert response.url == f"{bricoleur}/admin/users"
    assert is_signed_in(http, bricoleur)
    assert audit_entries(demo_world, "auth.login") == [("success", "beheer", {"method": "totp"})]


def test_local_log_in_still_works_with_single_sign_on_configured(demo_world, bricoleur, http):
    token = csrf_token_from(http.get(f"{bricoleur}/login").text)
    response = http.post(
        f"{bricoleur}/login", data={"csrf_token": token, "username": "zuid", "password": DEMO_PASSWORD}
    )
    assert response.url == f"{bricoleur}/"
    assert "Sem Jansen" in response.text


def test_an_unreachable_provider_gives_a_clear_message(database_url, demo_world):
    # A port nobody listens on: the discovery document cannot be fetched.
    app = create_app(
        config_for_tests(
            database_url,
            OIDC_ISSUER="http://127.0.0.1:9",
            OIDC_CLIENT_ID="bricoleur",
            OIDC_DISPLAY_NAME=PROVIDER_NAME,
        )
    )
    response = app.test_client().get("/login/sso")
    assert response.status_code == 503
    message = (
        "%(provider)s cannot be reached at the moment. Try again later, or sign in with your "
        "username and password."
    )
    assert translated(app, message, provider=PROVIDER_NAME) in response.get_data(as_text=True)


def test_without_configuration_there_is_no_button_and_no_route(database_url, demo_world):
    app = create_app(config_for_tests(database_url))
    client = app.test_client()
    page = client.get("/login")
    assert page.status_code == 200
    assert "/login/sso" not in page.get_data(as_text=True)
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404
    # Local accounts are the way in.
    token = csrf_token_from(page.get_data(as_text=True))
    signed_in = client.post(
        "/login", data={"csrf_token": token, "username": "noord", "password": DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302


@pytest.mark.parametrize(
    "settings",
    [{"OIDC_ISSUER": "https://login.example.org"}, {"OIDC_CLIENT_ID": "bricoleur"}],
    ids=["issuer-without-client", "client-without-issuer"],
)
def test_half_a_configuration_stops_the_app(database_url, app, settings):
    with pytest.raises(ConfigurationError, match="half configured"):
        create_app(config_for_tests(database_url, **settings))


def test_in_a_browser_the_button_leads_through_the_provider_home(demo_world, bricoleur, provider, new_page):
    page = new_page(bypass_csp=True)  # axe-core is injected as a script
    page.goto(f"{bricoleur}/login")
    assert_no_axe_violations(page)
    page.locator("main a[href='/login/sso']").click()
    expect(page).to_have_url(re.compile("^" + re.escape(f"{provider.issuer}/authorize?")))
    page.select_option("#login", "noord")
    page.locator("button[value=allow]").click()
    expect(page).to_have_url(f"{bricoleur}/login/sso/confirm")
    assert_no_axe_violations(page)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{bricoleur}/")
    expect(page.locator(".site-header__user")).to_contain_text("Noor de Vries")


def test_in_a_browser_the_refusal_page_is_accessible(demo_world, bricoleur, new_page):
    page = new_page(bypass_csp=True)  # axe-core is injected as a script
    page.goto(f"{bricoleur}/login/sso")
    page.select_option("#login", "onbekend")
    page.locator("button[value=allow]").click()
    expect(page.locator("h1")).to_have_text(translated(demo_world, REFUSED_TITLE))
    expect(page.locator("main a[href='/login']")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_first_binding_needs_the_accounts_password_once(demo_world, bricoleur, provider, http):
    callback = answer_at_provider(http, start_at_bricoleur(http, bricoleur, "/initiatives"), "noord")
    page = http.get(callback)
    assert page.url == f"{bricoleur}/login/sso/confirm"
    assert translated(demo_world, "Link your account once: enter your Bricoleur password.") in page.text
    assert not is_signed_in(http, bricoleur)

    refused = link_once(http, bricoleur, page, password="niet het wachtwoord")
    assert refused.url == f"{bricoleur}/login/sso/confirm"
    assert translated(demo_world, "This is not the password of your Bricoleur account.") in refused.text
    assert not is_signed_in(http, bricoleur)
    with demo_world.app_context():
        assert db.session.scalar(sa.select(OidcIdentity)) is None
    [(outcome, _actor, data)] = audit_entries(demo_world, "auth.login_failed")
    assert (outcome, data["step"]) == ("failure", "sso_binding")

    home = link_once(http, bricoleur, refused)
    assert home.url == f"{bricoleur}/initiatives"
    assert audit_entries(demo_world, "auth.sso_bound") == [
        (
            "success",
            "noord",
            {"issuer": provider.issuer, "subject": provider.people["noord"].sub, "confirmed_by": "password"},
        )
    ]
    # Later sign-ins follow the binding and ask nothing more.
    http.cookies.clear()
    callback = answer_at_provider(http, start_at_bricoleur(http, bricoleur), "noord")
    assert http.get(callback).url == f"{bricoleur}/"


def test_an_account_without_a_password_is_bound_directly(demo_world, bricoleur, provider, http):
    with demo_world.app_context():
        create_user("alleen-sso", Role.SECRETARY, None)
        db.session.commit()
    provider.add_person("alleen-sso", preferred_username="alleen-sso")
    callback = answer_at_provider(http, start_at_bricoleur(http, bricoleur), "alleen-sso")
    assert http.get(callback).url == f"{bricoleur}/"
    [(_outcome, _actor, data)] = audit_entries(demo_world, "auth.sso_bound")
    assert "confirmed_by" not in data


def test_the_pending_binding_lasts_five_minutes(demo_world, bricoleur, http, monkeypatch):
    from datetime import timedelta

    from initiatives.core.db import utcnow

    callback = answer_at_provider(http, start_at_bricoleur(http, bricoleur), "noord")
    page = http.get(callback)
    # Six minutes later for the binding's clock only: freezing every clock of the process (the
    # server's threads, its sockets, the database pool) once failed the test under load.
    monkeypatch.setattr(
        "initiatives.auth.single_sign_on.operations.utcnow", lambda: utcnow() + timedelta(minutes=6)
    )
    response = link_once(http, bricoleur, page)
    assert response.url == f"{bricoleur}/login"
    assert not is_signed_in(http, bricoleur)
