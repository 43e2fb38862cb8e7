"""Links cannot be found by guessing: a wrong secret answers 404 after the same work as an
unknown one (one lookup by its hash), and every address is held to a rate of requests."""

import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.status_page.models import StatusLink
from tests.status_page.conftest import make_link

MANY = {"STATUS_PAGE_REQUESTS_PER_ADDRESS": "1000 per minute"}


@pytest.mark.parametrize("app_config", [MANY])
def test_two_hundred_random_secrets_all_answer_404(demo_world, secret_case):
    make_link(demo_world, secret_case)
    client = demo_world.test_client()
    statuses = {client.get(f"/status/{secrets.token_urlsafe(32)}").status_code for _ in range(200)}
    assert statuses == {404}


def test_guessing_from_one_address_is_rate_limited(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    client = demo_world.test_client()
    statuses = [client.get(f"/status/{secrets.token_urlsafe(32)}").status_code for _ in range(200)]
    allowed = int(demo_world.config["STATUS_PAGE_REQUESTS_PER_ADDRESS"].split()[0])
    assert statuses[:allowed] == [404] * allowed
    assert set(statuses[allowed:]) == {429}
    # The right secret from that address waits too; from another it works.
    assert client.get(path).status_code == 429
    other = demo_world.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    assert other.get(path).status_code == 200


def _statements(app, path):
    """The SQL statements a GET of `path` runs, and its status."""
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        status = app.test_client().get(path).status_code
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return status, [statement.split()[0] for statement in seen]


@pytest.mark.parametrize("app_config", [MANY])
def test_a_wrong_secret_costs_the_same_as_an_unknown_one(demo_world, secret_case):
    """Unknown, a known link expired, one letter off: the same statements, one lookup by hash."""
    path = make_link(demo_world, secret_case)
    one_off = path[:-1] + ("A" if path[-1] != "A" else "B")
    unknown = _statements(demo_world, f"/status/{secrets.token_urlsafe(32)}")
    wrong = _statements(demo_world, one_off)
    with demo_world.app_context():
        link = db.session.scalar(sa.select(StatusLink))
        link.expires_on = local_today() - timedelta(days=1)
        db.session.commit()
    expired = _statements(demo_world, path)
    assert unknown[0] == wrong[0] == expired[0] == 404
    assert unknown[1] == wrong[1] == expired[1]
    assert unknown[1].count("SELECT") == 1
