"""Several deliverers at once on PostgreSQL (app servers each running `flask notifications
deliver` from cron): every reminder is made once, every digest made once, every mail sent once.
SQLite has one writer at a time, so there the question does not arise."""

import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.cases.models import Initiative
from initiatives.core.dates import local_today
from initiatives.core.db import utcnow, writing
from initiatives.extensions import db
from initiatives.notifications.delivery import send_due
from initiatives.notifications.digests import make_digests
from initiatives.notifications.events import Event
from initiatives.notifications.models import Notification, OutboxMessage, OutboxStatus
from initiatives.notifications.operations import notify
from initiatives.notifications.preferences import choose
from initiatives.notifications.scans import scan
from tests.conftest import open_test_case

DELIVERERS = 4


@pytest.fixture(autouse=True)
def _postgresql_only(demo_world):
    with demo_world.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("several deliverers at once: PostgreSQL only (set DATABASE_URL)")


class SlowRecorder:
    """A transport that takes a while per mail, so the deliverers overlap; thread-safe."""

    def __init__(self):
        self.sent = []
        self._lock = threading.Lock()

    def send(self, mail):
        time.sleep(0.01)
        with self._lock:
            self.sent.append(mail["Message-ID"])

    def close(self):
        pass


def _run_together(app, work):
    errors = []
    start = threading.Barrier(DELIVERERS)

    def deliverer():
        try:
            with app.app_context():
                start.wait()
                work()
        except Exception as error:  # reported below, with the thread's own traceback lost
            errors.append(error)

    threads = [threading.Thread(target=deliverer) for _ in range(DELIVERERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


def test_several_deliverers_make_and_send_each_mail_once(demo_world):
    with demo_world.app_context():
        noord = find_user("noord")
        choose(noord, digest_hour="00:00", digest_on_weekends=True)
        ids = [open_test_case(follow_up_on=local_today(), title=f"Speeltuin {n}").id for n in range(15)]
        for case_id in ids:  # immediate mails (hand-overs) and digest notices (team changes)
            notify(noord, Event.HANDED_OVER, db.session.get(Initiative, case_id), reference="x")
            notify(noord, Event.TEAM_CHANGED, db.session.get(Initiative, case_id), reference="x")
        db.session.commit()
    # The digest's notices were made before today's hour (00:00): move them back a day.
    with demo_world.app_context():
        db.session.execute(sa.update(Notification).values(created_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    transport = SlowRecorder()

    def deliver():
        with writing():
            scan(local_today())
            db.session.commit()
        with writing():
            make_digests(utcnow())
            db.session.commit()
        send_due(transport)

    _run_together(demo_world, deliver)

    with demo_world.app_context():
        messages = db.session.scalars(sa.select(OutboxMessage)).all()
        made = db.session.scalars(
            sa.select(Notification.event).where(Notification.event == Event.FOLLOW_UP_DUE)
        ).all()
    assert len(made) == 15  # one reminder per case, however many deliverers found it
    # 15 hand-overs + 15 reminders at once, and one digest of the 15 team changes.
    assert len(messages) == 31
    assert all(message.status == OutboxStatus.SENT for message in messages)
    assert len(transport.sent) == 31
    assert len(set(transport.sent)) == 31
