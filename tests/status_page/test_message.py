"""The initiators' message: a timeline entry of kind "message from the initiators" on the case
and a notice for its owner; plain text of limited length, CSRF-protected, limited per link."""

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Activity, ActivityKind
from initiatives.extensions import db
from initiatives.notifications.events import Event
from initiatives.notifications.models import Notification
from initiatives.status_page.models import StatusLink
from tests.conftest import Browser, csrf_token_from
from tests.status_page.conftest import make_link


def _messages(app, case_id):
    with app.app_context():
        return [
            (activity.note, activity.author.username, activity.visible_to_initiators)
            for activity in db.session.scalars(
                sa.select(Activity).where(
                    Activity.initiative_id == case_id, Activity.kind == ActivityKind.INITIATOR_MESSAGE
                )
            )
        ]


def test_a_message_becomes_a_timeline_entry_and_a_notice_for_the_owner(demo_world, secret_case, signed_in):
    path = make_link(demo_world, secret_case, username="zuid")  # a team member made the link
    initiators = Browser(demo_world.test_client())
    sent = initiators.submit(path, {"message": "Wanneer komt u langs?\nGroet, Jan"})
    assert sent.status_code == 303
    assert initiators.get(sent.location).status_code == 200
    # Recorded by the link's maker (the author is required); its kind says who wrote it.
    assert _messages(demo_world, secret_case) == [("Wanneer komt u langs?\nGroet, Jan", "zuid", False)]
    with demo_world.app_context():
        message_id = db.session.scalar(
            sa.select(Activity.id).where(Activity.kind == ActivityKind.INITIATOR_MESSAGE)
        )
        notices = db.session.execute(
            sa.select(Notification.user_id, Notification.event, Notification.reference).where(
                Notification.event == Event.INITIATOR_REPLIED
            )
        ).all()
        owner_id = db.session.get(StatusLink, 1).initiative.owner_id
    assert notices == [(owner_id, Event.INITIATOR_REPLIED, f"message {message_id}")]
    # The team reads it on the case's timeline.
    case_page = signed_in("noord").get(f"/initiatives/{secret_case}").get_data(as_text=True)
    assert "Wanneer komt u langs?" in case_page
    # The audit log, kept for good, notes where it came from, not the resident's address.
    with demo_world.app_context():
        origin = db.session.scalar(
            sa.select(AuditEntry.origin).where(AuditEntry.action == "status_link.message_received")
        )
    assert origin == "status page"


def test_a_message_is_refused_without_the_page_s_csrf_token(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    response = demo_world.test_client().post(path, data={"message": "Hallo"})
    assert response.status_code == 400
    assert _messages(demo_world, secret_case) == []


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_too_long_message_is_refused_with_its_reason(demo_world, secret_case, text):
    path = make_link(demo_world, secret_case)
    response = Browser(demo_world.test_client()).submit(path, {"message": text})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert _messages(demo_world, secret_case) == []


def test_a_message_to_a_revoked_link_goes_nowhere(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    client = demo_world.test_client()
    token = csrf_token_from(client.get(path).get_data(as_text=True))
    make_link(demo_world, secret_case)  # replaces it
    assert client.post(path, data={"csrf_token": token, "message": "Hallo"}).status_code == 404
    assert _messages(demo_world, secret_case) == []


@pytest.mark.parametrize("app_config", [{"STATUS_PAGE_MESSAGES_PER_LINK": "2 per hour"}])
def test_messages_are_limited_per_link(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    statuses = []
    for number in range(3):
        # From another address each time: the limit is the link's, not the address's.
        client = Browser(demo_world.test_client())
        client.client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number + 1}"
        statuses.append(client.submit(path, {"message": f"Bericht {number}"}).status_code)
    assert statuses == [303, 303, 429]
    assert len(_messages(demo_world, secret_case)) == 2
