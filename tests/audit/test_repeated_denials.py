"""Issue 18, finding 3: a flood of anonymous refusals is one audit entry per address per minute
plus one with the count (audit/repeated_denials.py), not a permanent row per request."""

import sqlalchemy as sa

from initiatives.audit import repeated_denials
from initiatives.audit.models import AuditEntry
from initiatives.extensions import db
from tests.api.conftest import ApiClient, issue_token


def _client(app, address, token=None):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return ApiClient(client, token)


def _entries(app, action):
    with app.app_context():
        return [
            (entry.origin, entry.data)
            for entry in db.session.scalars(
                sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        ]


def test_a_flood_of_anonymous_refusals_is_one_counted_entry_per_minute(demo_world, app, monkeypatch):
    now = [60 * 31_000_000 + 5.0]  # five seconds into a minute
    monkeypatch.setattr(repeated_denials, "clock", lambda: now[0])
    attacker = _client(app, "10.0.3.66", "brc_not-a-token")
    assert {attacker.get("/api/v1/me").status_code for _request in range(40)} == {401}
    [(origin, data)] = _entries(app, "access.denied")
    assert origin == "10.0.3.66"
    assert data["path"] == "/api/v1/me"
    assert _entries(app, "access.denied_repeated") == []  # counted, not yet written
    # Another address's refusals are logged apart.
    assert _client(app, "10.0.3.67", "brc_other").get("/api/v1/me").status_code == 401
    assert len(_entries(app, "access.denied")) == 2
    # The minute is over: the next request writes the count, once.
    now[0] += 60
    assert attacker.get("/api/v1/me").status_code == 401
    assert _entries(app, "access.denied_repeated") == [
        ("10.0.3.66", {"count": 39, "minute": "2028-12-09T18:40:00+00:00"})
    ]
    assert len(_entries(app, "access.denied")) == 3  # the first of the new minute
    assert _client(app, "10.0.3.1", issue_token(app, "noord")).get("/api/v1/me").status_code == 200
    assert len(_entries(app, "access.denied_repeated")) == 1
