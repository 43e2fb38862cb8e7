"""The daily digests: one mail per user at their hour, in the municipality's time zone, on
working days unless they chose weekends too; nothing when there is nothing to tell."""

import pytest

from initiatives.auth.users import find_user
from initiatives.cases.models import Initiative
from initiatives.extensions import db
from initiatives.notifications.events import Event
from initiatives.notifications.models import NotificationSettings, OutboxKind
from initiatives.notifications.operations import notify
from initiatives.notifications.preferences import choose
from tests.conftest import open_test_case
from tests.notifications.delivery_support import BASE_URL, bodies, deliver, frozen, notices, outbox
from tests.notifications.mail_server import MailServer

# Amsterdam is UTC+1 in December: 06:29 UTC is 07:29 there.
MONDAY_EARLY = "2026-12-07 05:00:00"


@pytest.fixture
def mail_server(app):
    with MailServer() as server:
        app.config.update(server.settings(), BASE_URL=BASE_URL)
        yield server


def _notify(app, case_id, username, event=Event.TEAM_CHANGED, reference="added"):
    with app.app_context():
        notice = notify(find_user(username), event, db.session.get(Initiative, case_id), reference=reference)
        db.session.commit()
        return notice.id


def _open_cases(app, count=2):
    with app.app_context():
        ids = [open_test_case(title=f"Buurtfeest {number}").id for number in range(count)]
        db.session.commit()
        return ids


def _recipients(server):
    return [mail["To"].addresses[0].username for mail in server.mails]


def test_digests_are_grouped_per_user_at_their_hour(demo_world, mail_server):
    with frozen(MONDAY_EARLY):
        first, second = _open_cases(demo_world)
        with demo_world.app_context():
            choose(find_user("zuid"), digest_hour="09:00")
            db.session.commit()
        _notify(demo_world, first, "noord")
        _notify(demo_world, second, "noord", Event.HELP_DECIDED, "help 1")
        _notify(demo_world, first, "zuid")
    with frozen("2026-12-07 06:29:00"):
        deliver(demo_world)
    assert mail_server.mails == []
    with frozen("2026-12-07 06:31:00"):
        result = deliver(demo_world)
        deliver(demo_world)
    assert "Digests: 1 made" in result.output
    assert _recipients(mail_server) == ["noord"]
    text, html = bodies(mail_server.mails[0])
    for case_id in (first, second):
        assert f"{BASE_URL}/initiatives/{case_id}" in text
        assert f'href="{BASE_URL}/initiatives/{case_id}"' in html
    assert "Buurtfeest 0" in text
    assert "Buurtfeest 1" in text
    with frozen("2026-12-07 08:01:00"):
        deliver(demo_world)
    assert _recipients(mail_server) == ["noord", "zuid"]
    digests = [message for message in outbox(demo_world) if message.kind == OutboxKind.DIGEST]
    assert len(digests) == 2
    assert all(notice.outbox_id is not None for notice in notices(demo_world))
    with demo_world.app_context():
        assert (
            db.session.get(NotificationSettings, find_user("noord").id).last_digest_on.isoformat()
            == "2026-12-07"
        )


def test_a_notice_after_the_hour_waits_for_the_next_days_digest(demo_world, mail_server):
    [case_id] = _open_cases(demo_world, 1)
    with frozen("2026-12-07 07:00:00"):  # 08:00 in Amsterdam: after noord's 07:30
        _notify(demo_world, case_id, "noord")
        deliver(demo_world)
    assert mail_server.mails == []
    with frozen("2026-12-08 06:31:00"):
        deliver(demo_world)
    assert _recipients(mail_server) == ["noord"]


def test_no_digest_on_weekends_unless_chosen(demo_world, mail_server):
    [case_id] = _open_cases(demo_world, 1)
    with frozen("2026-12-12 05:00:00"):  # Saturday
        with demo_world.app_context():
            choose(find_user("zuid"), digest_on_weekends=True)
            db.session.commit()
        _notify(demo_world, case_id, "noord")
        _notify(demo_world, case_id, "zuid")
    for moment in ("2026-12-12 10:00:00", "2026-12-13 10:00:00"):
        with frozen(moment):
            deliver(demo_world)
    assert _recipients(mail_server) == ["zuid"]
    with frozen("2026-12-14 06:31:00"):  # Monday
        deliver(demo_world)
    assert _recipients(mail_server) == ["zuid", "noord"]


def test_nothing_to_tell_makes_no_digest(demo_world, mail_server):
    [case_id] = _open_cases(demo_world, 1)
    with frozen(MONDAY_EARLY):
        notice_id = _notify(demo_world, case_id, "noord")
        with demo_world.app_context():
            initiative = db.session.get(Initiative, case_id)
            initiative.withdrawn_at = initiative.created_at  # the reason went away
            db.session.commit()
    with frozen("2026-12-07 06:31:00"):
        result = deliver(demo_world)
    assert "Digests: 0 made" in result.output
    assert mail_server.mails == []
    assert outbox(demo_world) == []
    assert [notice.id for notice in notices(demo_world)] == [notice_id]


def test_a_notice_read_in_the_app_is_not_mailed_again(demo_world, mail_server):
    [case_id] = _open_cases(demo_world, 1)
    with frozen(MONDAY_EARLY):
        notice_id = _notify(demo_world, case_id, "noord")
        with demo_world.app_context():
            from initiatives.core.db import utcnow
            from initiatives.notifications.models import Notification

            db.session.get(Notification, notice_id).read_at = utcnow()
            db.session.commit()
    with frozen("2026-12-07 06:31:00"):
        deliver(demo_world)
    assert mail_server.mails == []
