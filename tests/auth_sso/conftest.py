"""Fixtures: a real OpenID Connect provider, and Bricoleur configured to sign in through it."""

import pytest

from tests.auth_sso.provider import CLIENT_ID, CLIENT_SECRET, OidcProvider

PROVIDER_NAME = "Testgemeente ID"


@pytest.fixture
def provider():
    """The provider on its own port, knowing the demo accounts' people and one stranger."""
    running = OidcProvider().start()
    running.add_person("noord", preferred_username="noord", name="Noor de Wit")
    running.add_person("zuid", preferred_username="zuid", name="Zeger Uijl")
    running.add_person("onbekend", preferred_username="onbekend", name="Onbekende Ambtenaar")
    yield running
    running.stop()


@pytest.fixture
def app_config(provider):
    return {
        "OIDC_ISSUER": provider.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_DISPLAY_NAME": PROVIDER_NAME,
    }


@pytest.fixture
def bricoleur(demo_world, live_server, provider):
    """Bricoleur's base URL, with its callback registered at the provider."""
    provider.client.redirect_uris = [f"{live_server}/login/sso/callback"]
    return live_server
