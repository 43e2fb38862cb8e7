"""Failed log-ins are throttled per account (from any address) and per address (any account)."""

import pytest

from tests.auth.second_factor import code_now, enrol
from tests.conftest import DEMO_PASSWORD, Browser

WRONG = "wrong-password-123"


def _client(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


@pytest.mark.parametrize("app_config", [{"LOGIN_FAILURES_PER_ACCOUNT": "3 per 15 minutes"}])
def test_the_account_limit_holds_across_addresses(demo_world, app):
    for number in range(3):
        assert _client(app, f"10.0.0.{number + 1}").login("noord", WRONG).status_code == 200
    response = _client(app, "10.0.0.9").login("noord")  # right password, fresh address
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.get_data(as_text=True)
    assert _client(app, "10.0.0.9").login("zuid").status_code == 302


@pytest.mark.parametrize("app_config", [{"LOGIN_FAILURES_PER_ADDRESS": "4 per 15 minutes"}])
def test_the_address_limit_holds_across_accounts(demo_world, app):
    attacker = _client(app, "10.0.0.66")
    for username in ["a1", "a2", "a3", "noord"]:
        assert attacker.login(username, WRONG).status_code == 200
    assert attacker.login("zuid").status_code == 429
    assert _client(app, "10.0.0.7").login("zuid").status_code == 302  # another address


@pytest.mark.parametrize("app_config", [{"LOGIN_FAILURES_PER_ACCOUNT": "3 per 15 minutes"}])
def test_wrong_codes_count_against_the_account(demo_world, app):
    secret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
    enrol(demo_world, "noord", secret)
    wrong_code = f"{(int(code_now(secret)) + 500_000) % 1_000_000:06d}"
    for number in range(3):
        client = _client(app, f"10.0.1.{number + 1}")
        assert client.submit("/login", {"username": "noord", "password": DEMO_PASSWORD}).status_code == 302
        assert client.submit("/login/code", {"code": wrong_code}).status_code == 200
    client = _client(app, "10.0.1.9")
    assert client.submit("/login", {"username": "noord", "password": DEMO_PASSWORD}).status_code == 429
