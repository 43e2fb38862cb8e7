"""When mail cannot go: retried with backoff while the server is down or answers 4xx; failed on a
5xx answer or after the last attempt, shown on the admin's page, which tries it again on request;
accounts without an address listed there too."""

from datetime import UTC, datetime, timedelta

import pytest

from initiatives.auth.users import find_user
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.notifications.delivery import BACKOFF_MINUTES, MAX_ATTEMPTS
from initiatives.notifications.models import OutboxStatus
from tests.conftest import open_test_case
from tests.notifications.delivery_support import deliver, frozen, outbox
from tests.notifications.mail_server import MailServer, free_port

START = "2026-12-07 06:00:00"


@pytest.fixture
def mail_server(app):
    with MailServer() as server:
        app.config.update(server.settings())
        yield server


def _due_case(app):
    with app.app_context():
        open_test_case(follow_up_on=local_today())
        db.session.commit()


def test_a_4xx_answer_is_tried_again_after_a_minute(demo_world, mail_server):
    mail_server.recorder.refusals = ["451 4.3.0 Mailbox busy, try later"]
    with frozen(START) as clock:
        _due_case(demo_world)
        result = deliver(demo_world)
        assert "1 to retry" in result.output
        assert "451" in result.output
        [message] = outbox(demo_world)
        assert message.status == OutboxStatus.PENDING
        assert message.attempts == 1
        assert "451 4.3.0 Mailbox busy" in message.last_error
        first_id = message.message_id
        deliver(demo_world)  # not due yet
        assert mail_server.mails == []
        assert message.next_attempt_at - datetime.now(UTC) > timedelta(minutes=BACKOFF_MINUTES[0] - 1)
        clock.move_to(message.next_attempt_at)  # not tick(): a ticking clock ticks from START
        result = deliver(demo_world)
    assert "1 sent" in result.output
    [mail] = mail_server.mails
    assert mail["Message-ID"] == first_id  # the same mail, tried again
    [message] = outbox(demo_world)
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2


def test_a_server_down_is_retried_with_backoff_until_the_last_attempt(demo_world):
    demo_world.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_SECURITY="none")
    with frozen(START) as clock:
        _due_case(demo_world)
        waits = []
        for attempt in range(1, MAX_ATTEMPTS + 1):
            tried_at = datetime.now(UTC)
            deliver(demo_world)
            [message] = outbox(demo_world)
            assert message.attempts == attempt
            if message.status == OutboxStatus.PENDING:
                waits.append(round((message.next_attempt_at - tried_at).total_seconds() / 60))
                clock.move_to(message.next_attempt_at)
    assert waits == list(BACKOFF_MINUTES)
    [message] = outbox(demo_world)
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert "127.0.0.1" in message.last_error


def test_a_5xx_answer_fails_at_once_and_the_admin_tries_it_again(demo_world, mail_server, signed_in):
    mail_server.recorder.refusals = ["550 5.1.1 No such mailbox here"]
    _due_case(demo_world)
    result = deliver(demo_world)
    assert "1 failed" in result.output
    [message] = outbox(demo_world)
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 1

    admin = signed_in("beheer")
    page = admin.get("/admin/mail").get_data(as_text=True)
    assert "550 5.1.1 No such mailbox here" in page
    assert "noord@voorbeeldstad.example" in page
    assert f"/admin/mail/{message.id}/retry" in page
    response = admin.submit(f"/admin/mail/{message.id}/retry", {}, form_url="/admin/mail")
    assert response.status_code == 302
    [message] = outbox(demo_world)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 0

    assert "1 sent" in deliver(demo_world).output
    assert len(mail_server.mails) == 1
    page = admin.get("/admin/mail").get_data(as_text=True)
    assert "550 5.1.1" not in page


def test_the_admin_page_lists_active_accounts_without_an_address(demo_world, signed_in):
    with demo_world.app_context():
        find_user("secretaris").email = None
        find_user("zuid").email = ""
        db.session.commit()
    page = signed_in("beheer").get("/admin/mail").get_data(as_text=True)
    section = page.split("Accounts zonder e-mailadres")[1]
    assert "Fatima El Amrani" in section
    assert "Sem Jansen" in section
    assert "Noor de Vries" not in section


def test_only_admins_see_the_mail_page(demo_world, signed_in):
    assert signed_in("noord").get("/admin/mail").status_code == 403


def test_a_mail_that_cannot_be_composed_fails_alone(demo_world, mail_server, monkeypatch):
    """A mail that cannot be made (a broken template, an address the mail library refuses) fails
    at once, visible to the admin, and the queue goes on with the next one instead of stalling."""
    from initiatives.notifications import delivery

    real_compose = delivery.compose
    calls = []

    def compose_failing_first(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("no mail can be made of this")
        return real_compose(*args, **kwargs)

    monkeypatch.setattr(delivery, "compose", compose_failing_first)
    with frozen(START):
        _due_case(demo_world)
        _due_case(demo_world)
        result = deliver(demo_world)
    assert "1 sent" in result.output
    assert "1 failed" in result.output
    assert len(mail_server.mails) == 1
    first, second = outbox(demo_world)
    assert first.status == OutboxStatus.FAILED
    assert "could not be composed" in first.last_error
    assert second.status == OutboxStatus.SENT
