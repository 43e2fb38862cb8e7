"""`flask notifications deliver` against a real SMTP server on loopback: the reminders it finds,
the mails it sends (multipart, headers, links, language), once; the outbox under rollback; a moved
follow-up date arming the reminder again; the Maildir without a server."""

import mailbox
from datetime import date, timedelta

import pytest

from initiatives.auth.users import find_user
from initiatives.cases import operations as cases
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.notifications.events import Channel, Event
from initiatives.notifications.models import OutboxKind, OutboxStatus
from initiatives.notifications.operations import notify
from initiatives.notifications.preferences import choose
from initiatives.notifications.scans import last_working_day
from tests.conftest import open_test_case
from tests.notifications.delivery_support import BASE_URL, bodies, deliver, frozen, notices, outbox
from tests.notifications.mail_server import MailServer

MONDAY = date(2026, 12, 7)


@pytest.fixture
def mail_server(app):
    with MailServer() as server:
        app.config.update(
            server.settings(), BASE_URL=BASE_URL, MAIL_FROM="Bricoleur <bricoleur@voorbeeldstad.example>"
        )
        yield server


def _case(app, **fields):
    with app.app_context():
        initiative = open_test_case(**fields)
        db.session.commit()
        return initiative.id


def test_a_follow_up_due_today_goes_once_as_a_multipart_mail_with_links(demo_world, mail_server):
    case_id = _case(demo_world, follow_up_on=local_today())

    first = deliver(demo_world)
    second = deliver(demo_world)

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "1 sent" in first.output
    assert "0 sent" in second.output
    assert len(mail_server.mails) == 1
    mail = mail_server.mails[0]
    assert mail.get_content_type() == "multipart/alternative"
    assert mail["To"].addresses[0].addr_spec == "noord@voorbeeldstad.example"
    assert mail["From"].addresses[0].addr_spec == "bricoleur@voorbeeldstad.example"
    assert mail["Message-ID"].endswith("@voorbeeldstad.example>")
    assert mail["Date"].datetime is not None
    assert mail["List-Unsubscribe"].strip() == f"<{BASE_URL}/account/notifications>"
    assert mail["Auto-Submitted"] == "auto-generated"
    text, html = bodies(mail)
    case_url = f"{BASE_URL}/initiatives/{case_id}"
    assert case_url in text
    assert f'href="{case_url}"' in html
    assert f'href="{BASE_URL}/account/notifications"' in html
    assert "Moestuin op het veldje aan de Merelstraat" in text
    # The sent-log: one notice, carried by the one mail, which has its Message-ID.
    [notice] = notices(demo_world)
    [message] = outbox(demo_world)
    assert (notice.event, notice.reference, notice.outbox_id) == (
        Event.FOLLOW_UP_DUE,
        local_today().isoformat(),
        message.id,
    )
    assert message.status == OutboxStatus.SENT
    assert message.message_id == mail["Message-ID"]


@pytest.mark.parametrize(("language", "day_text"), [("nl", "7 dec 2026"), ("en", "7 Dec 2026")])
def test_the_mail_is_in_the_recipients_language(demo_world, mail_server, language, day_text):
    with frozen("2026-12-07 07:00:00"):
        _case(demo_world, follow_up_on=MONDAY)
        with demo_world.app_context():
            choose(find_user("noord"), language=language)
            db.session.commit()
        deliver(demo_world)
    [mail] = mail_server.mails
    text, html = bodies(mail)
    assert mail["Content-Language"] == language
    assert f'<html lang="{language}">' in html
    assert day_text in text
    assert day_text in html


def test_a_change_rolled_back_leaves_no_notice_and_no_mail(demo_world, mail_server):
    case_id = _case(demo_world)
    with demo_world.app_context():
        initiative = db.session.get(cases.Initiative, case_id)
        assert notify(find_user("noord"), Event.HANDED_OVER, initiative, reference="now") is not None
        assert outbox(demo_world) == []  # another session: nothing is committed yet
        db.session.rollback()
    assert outbox(demo_world) == []
    assert notices(demo_world) == []
    deliver(demo_world)
    assert mail_server.mails == []


def test_moving_the_follow_up_date_arms_the_reminder_again(demo_world, mail_server):
    with frozen("2026-12-07 06:00:00"):
        case_id = _case(demo_world, follow_up_on=MONDAY)
        deliver(demo_world)
        with demo_world.app_context():
            initiative = db.session.get(cases.Initiative, case_id)
            cases.update_case(
                initiative, find_user("noord"), initiative.version, follow_up_on=MONDAY + timedelta(days=1)
            )
            db.session.commit()
        deliver(demo_world)  # Monday still: nothing is due
    with frozen("2026-12-08 06:00:00"):
        deliver(demo_world)
        deliver(demo_world)
    assert [notice.reference for notice in notices(demo_world)] == ["2026-12-07", "2026-12-08"]
    assert len(mail_server.mails) == 2
    assert "8 dec 2026" in bodies(mail_server.mails[1])[0]


def test_a_reminder_whose_date_moved_before_sending_is_not_sent(demo_world, mail_server):
    with frozen("2026-12-07 06:00:00"):
        case_id = _case(demo_world, follow_up_on=MONDAY)
        with demo_world.app_context():
            from initiatives.notifications.scans import scan

            scan(MONDAY)  # the notice and its mail are made...
            initiative = db.session.get(cases.Initiative, case_id)
            cases.update_case(
                initiative, find_user("noord"), initiative.version, follow_up_on=MONDAY + timedelta(days=3)
            )
            db.session.commit()  # ...and the date moves before the mail goes
        result = deliver(demo_world)
    assert mail_server.mails == []
    assert "1 skipped" in result.output
    [message] = outbox(demo_world)
    assert message.status == OutboxStatus.SENT
    assert message.last_error.startswith("not sent:")
    assert message.message_id == ""


def test_an_overdue_follow_up_is_told_once_on_the_next_working_day(demo_world, mail_server):
    friday = date(2026, 12, 11)
    with frozen("2026-12-11 06:00:00"):
        _case(demo_world, follow_up_on=friday)
        deliver(demo_world)  # due today
    for moment in ("2026-12-12 08:00:00", "2026-12-13 08:00:00"):  # the weekend: not yet overdue
        with frozen(moment):
            deliver(demo_world)
    assert [notice.event for notice in notices(demo_world)] == [Event.FOLLOW_UP_DUE]
    for moment in ("2026-12-14 06:00:00", "2026-12-15 06:00:00"):
        with frozen(moment):
            deliver(demo_world)
    assert [(notice.event, notice.reference) for notice in notices(demo_world)] == [
        (Event.FOLLOW_UP_DUE, "2026-12-11"),
        (Event.FOLLOW_UP_OVERDUE, "2026-12-11"),
    ]
    assert len(mail_server.mails) == 2
    assert "11 dec 2026" in bodies(mail_server.mails[1])[0]


def test_the_last_working_day():
    assert last_working_day(date(2026, 12, 13)) == date(2026, 12, 11)  # Sunday -> Friday
    assert last_working_day(date(2026, 12, 14)) == date(2026, 12, 14)


def test_a_barrier_open_long_is_told_per_threshold_reached(demo_world, test_case, mail_server):
    from initiatives.barriers.models import Barrier

    with demo_world.app_context():
        barrier = db.session.get(Barrier, test_case["barrier_id"])
        barrier.raised_on = local_today() - timedelta(days=65)
        db.session.commit()
    deliver(demo_world)
    deliver(demo_world)
    barrier_notices = [notice for notice in notices(demo_world) if notice.event == Event.BARRIER_OPEN_LONG]
    assert [notice.reference for notice in barrier_notices] == [f"barrier {test_case['barrier_id']}: 60"]
    assert barrier_notices[0].channel == Channel.DIGEST
    assert mail_server.mails == []  # it waits for the digest
    with demo_world.app_context():
        barrier = db.session.get(Barrier, test_case["barrier_id"])
        barrier.raised_on = local_today() - timedelta(days=90)
        db.session.commit()
    deliver(demo_world)
    references = [
        notice.reference for notice in notices(demo_world) if notice.event == Event.BARRIER_OPEN_LONG
    ]
    assert references == [f"barrier {test_case['barrier_id']}: 60", f"barrier {test_case['barrier_id']}: 90"]


def test_no_residents_data_in_mails_for_those_who_may_not_see_it(demo_world, mail_server):
    case_id = _case(demo_world, title="Moestuin van Jan Jansen, bel 0612345678")
    with demo_world.app_context():
        initiative = db.session.get(cases.Initiative, case_id)
        for username in ("noord", "secretaris"):  # works on the case / may read it, not its contacts
            notify(find_user(username), Event.HANDED_OVER, initiative, reference="test")
        db.session.commit()
    deliver(demo_world)
    by_recipient = {mail["To"].addresses[0].username: bodies(mail) for mail in mail_server.mails}
    assert set(by_recipient) == {"noord", "secretaris"}
    assert all("Jansen" in part and "0612345678" in part for part in by_recipient["noord"])
    for part in by_recipient["secretaris"]:
        assert "Jansen" not in part
        assert "0612345678" not in part
        assert f"{BASE_URL}/initiatives/{case_id}" in part


def test_without_an_smtp_host_mails_go_to_a_maildir(demo_world, tmp_path):
    demo_world.config.update(SMTP_HOST=None, MAILDIR=str(tmp_path / "mail"))
    _case(demo_world, follow_up_on=local_today())
    result = deliver(demo_world)
    assert "Maildir" in result.output
    assert "1 sent" in result.output
    box = mailbox.Maildir(tmp_path / "mail", create=False)
    [mail] = list(box)
    assert mail["To"] == "Noor de Vries <noord@voorbeeldstad.example>"
    assert mail.is_multipart()


def test_in_production_without_an_smtp_host_deliver_fails_and_keeps_the_mails(demo_world):
    demo_world.config.update(SMTP_HOST=None, ENV_NAME="production")
    _case(demo_world, follow_up_on=local_today())
    result = demo_world.test_cli_runner().invoke(args=["notifications", "deliver"])
    assert result.exit_code != 0
    assert "BRICOLEUR_SMTP_HOST is not set" in result.output
    assert "1 waiting" in result.output
    [message] = outbox(demo_world)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 0


def test_users_without_an_address_get_notices_but_no_mail(demo_world, mail_server):
    with demo_world.app_context():
        find_user("noord").email = None
        db.session.commit()
    _case(demo_world, follow_up_on=local_today())
    deliver(demo_world)
    assert len(notices(demo_world)) == 1
    assert outbox(demo_world) == []
    assert mail_server.mails == []


def test_an_smtp_log_in(demo_world):
    from aiosmtpd.smtp import AuthResult

    def authenticate(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=auth_data.login == b"bricoleur" and auth_data.password == b"geheim")

    with MailServer(authenticator=authenticate, auth_require_tls=False) as server:
        demo_world.config.update(server.settings(SMTP_USERNAME="bricoleur", SMTP_PASSWORD="geheim"))
        _case(demo_world, follow_up_on=local_today())
        deliver(demo_world)
        assert len(server.mails) == 1
    [message] = outbox(demo_world)
    assert message.kind == OutboxKind.IMMEDIATE
    assert message.status == OutboxStatus.SENT
