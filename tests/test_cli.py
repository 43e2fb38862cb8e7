"""The command line: `flask users ...` and `flask demo-data`."""

import pytest
import sqlalchemy as sa

from initiatives.auth.models import ApiToken, User
from initiatives.auth.tokens import user_for_token
from initiatives.core.tokens import hash_token
from initiatives.extensions import db


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args, input=None):
        return runner.invoke(args=list(args), input=input, catch_exceptions=False)

    return invoke


def _user(app, username):
    with app.app_context():
        return db.session.scalar(sa.select(User).where(User.username == username))


def test_create_user_with_password_from_stdin(demo_world, cli):
    result = cli(
        "users", "create", "--username", "Pieter", "--role", "neighbourhood_manager",
        "--neighbourhood", "WK999905", "--password-stdin", input="een lang genoeg wachtwoord\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with demo_world.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "pieter"))
        assert user.neighbourhood_codes == ["WK999905"]
        assert user.check_password("een lang genoeg wachtwoord")


def test_create_user_asks_for_the_password(demo_world, cli):
    result = cli(
        "users", "create", "--username", "sec2", "--role", "secretary", input="wachtwoord-van-16\n" * 2
    )
    assert result.exit_code == 0, result.output
    assert _user(demo_world, "sec2").role == "secretary"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--username", "x", "--role", "neighbourhood_manager"], "needs at least one --neighbourhood"),
        (
            ["--username", "x", "--role", "neighbourhood_manager", "--neighbourhood", "WK000000"],
            "no neighbourhood",
        ),
        (["--username", "noord", "--role", "secretary"], "noord"),
        (["--username", "x", "--role", "mayor"], "Invalid value"),
    ],
)
def test_create_user_refuses_bad_input(demo_world, cli, args, message):
    result = cli("users", "create", *args, "--password-stdin", input="een lang genoeg wachtwoord\n")
    assert result.exit_code == 2
    assert message in result.output


def test_create_user_refuses_a_short_password(demo_world, cli):
    result = cli("users", "create", "--username", "x", "--role", "admin", "--password-stdin", input="kort\n")
    assert result.exit_code == 2
    assert "12 characters" in result.output
    assert _user(demo_world, "x") is None


def test_deactivate_and_list(demo_world, cli):
    assert cli("users", "deactivate", "zuid").exit_code == 0
    assert _user(demo_world, "zuid").active is False
    listing = cli("users", "list").output
    assert "noord" in listing
    assert "zuid" not in listing
    assert "zuid" in cli("users", "list", "--all").output
    assert cli("users", "deactivate", "nobody").exit_code == 2


def test_token_is_printed_once_and_stored_hashed(demo_world, cli):
    result = cli("users", "token", "noord", "--name", "BI-koppeling", "--days", "30")
    assert result.exit_code == 0
    secret = result.stdout.strip()
    assert secret.startswith("brc_")
    with demo_world.app_context():
        token = db.session.scalar(sa.select(ApiToken))
        assert token.token_hash == hash_token(secret)
        assert secret not in str(token.token_hash)
        assert user_for_token(secret).username == "noord"
        assert user_for_token(secret + "x") is None


def test_token_of_a_deactivated_user_stops_working(demo_world, cli):
    secret = cli("users", "token", "noord").stdout.strip()
    cli("users", "deactivate", "noord")
    with demo_world.app_context():
        assert user_for_token(secret) is None
    assert cli("users", "token", "noord").exit_code == 2


def test_demo_data_is_idempotent_and_prints_the_logins(app, cli):
    first = cli("demo-data")
    assert first.exit_code == 0
    for username in ("noord", "zuid", "secretaris", "beheer"):
        assert username in first.output
    with app.app_context():
        counts = [db.session.scalar(sa.select(sa.func.count()).select_from(User))]
    second = cli("demo-data")
    assert "0 new reference records" in second.output
    with app.app_context():
        counts.append(db.session.scalar(sa.select(sa.func.count()).select_from(User)))
    assert counts == [4, 4]


def test_demo_data_if_empty_leaves_a_used_database_alone(app, cli):
    cli(
        "users",
        "create",
        "--username",
        "eerste",
        "--role",
        "admin",
        "--password-stdin",
        input="een lang genoeg wachtwoord\n",
    )
    result = cli("demo-data", "--if-empty")
    assert result.exit_code == 0
    assert _user(app, "noord") is None
