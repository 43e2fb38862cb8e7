"""One's notification preferences: the page under My account and `/api/v1/me/notifications`
store the same choices by the same rules, refuse the same values, and log the change."""

import re

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth.users import find_user
from initiatives.extensions import db
from initiatives.notifications.events import DEFAULT_DIGEST_HOUR, Channel, Event
from initiatives.notifications.models import NotificationChoice, NotificationSettings
from initiatives.notifications.preferences import PREFERENCES_CHANGED, preferences_of
from tests.api.conftest import ApiClient, issue_token

CHOSEN = {
    "follow_up_due": "digest",
    "follow_up_overdue": "email",
    "handed_over": "in_app",
    "team_changed": "off",
    "help_decided": "email",
    "barrier_open_long": "off",
    "initiator_replied": "in_app",
    "mail_imported": "digest",
    "challenge_due": "in_app",
    "digest_hour": "06:45",
    "digest_on_weekends": True,
    "language": "en",
}


def _as_form(values):
    data = {key: value for key, value in values.items() if key != "digest_on_weekends"}
    if values.get("digest_on_weekends"):
        data["digest_on_weekends"] = "y"
    return data


def _stored(app, username):
    with app.app_context():
        return {
            key: str(value) if isinstance(value, Channel) else value
            for key, value in preferences_of(find_user(username)).items()
        }


def _rows(app, username):
    with app.app_context():
        user = find_user(username)
        choices = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(NotificationChoice)
            .where(NotificationChoice.user_id == user.id)
        )
        return choices, db.session.get(NotificationSettings, user.id) is not None


@pytest.fixture
def api_for(demo_world):
    def make(username):
        return ApiClient(demo_world.test_client(), issue_token(demo_world, username))

    return make


def test_the_defaults_until_chosen(api_for, signed_in, demo_world):
    answer = api_for("noord").get("/api/v1/me/notifications")
    assert answer.status_code == 200
    assert answer.json == {
        "follow_up_due": "email",
        "follow_up_overdue": "email",
        "handed_over": "email",
        "team_changed": "digest",
        "help_decided": "digest",
        "barrier_open_long": "digest",
        "initiator_replied": "digest",
        "mail_imported": "digest",
        "challenge_due": "email",
        "digest_hour": DEFAULT_DIGEST_HOUR,
        "digest_on_weekends": False,
        "language": "nl",
    }
    page = signed_in("noord").get("/account/notifications").get_data(as_text=True)
    assert 'name="follow_up_due" type="radio" value="email" checked' in page or re.search(
        r'<input[^>]*checked[^>]*name="follow_up_due"[^>]*value="email"', page
    )
    assert 'value="07:30"' in page
    # Showing the page made no row: only a choice does.
    assert _rows(demo_world, "noord") == (0, False)


def test_the_page_and_the_api_store_the_same(signed_in, api_for, demo_world):
    answer = signed_in("noord").submit("/account/notifications", _as_form(CHOSEN))
    assert answer.status_code == 302
    assert answer.location == "/account/notifications"
    api_answer = api_for("zuid").request("PUT", "/api/v1/me/notifications", json=CHOSEN)
    assert api_answer.status_code == 200
    assert api_answer.json == CHOSEN
    assert _stored(demo_world, "noord") == _stored(demo_world, "zuid") == CHOSEN
    assert _rows(demo_world, "noord") == _rows(demo_world, "zuid") == (len(Event), True)
    # The page shows what was stored.
    page = signed_in("zuid").get("/account/notifications").get_data(as_text=True)
    assert 'value="06:45"' in page
    assert re.search(r'<input[^>]*checked[^>]*name="team_changed"[^>]*value="off"', page)


def test_a_put_changes_only_what_it_sends(api_for, demo_world):
    client = api_for("noord")
    client.request("PUT", "/api/v1/me/notifications", json=CHOSEN)
    answer = client.request(
        "PUT", "/api/v1/me/notifications", json={"digest_on_weekends": False, "handed_over": "email"}
    )
    assert answer.status_code == 200
    assert answer.json == {**CHOSEN, "digest_on_weekends": False, "handed_over": "email"}


def test_unchecking_the_weekends_on_the_page_turns_them_off(signed_in, demo_world):
    noord = signed_in("noord")
    noord.submit("/account/notifications", _as_form(CHOSEN))
    noord.submit("/account/notifications", _as_form({**CHOSEN, "digest_on_weekends": False}))
    assert _stored(demo_world, "noord")["digest_on_weekends"] is False


@pytest.mark.parametrize(
    ("field", "value"),
    [("follow_up_due", "sometimes"), ("digest_hour", "7.30"), ("digest_hour", "24:00"), ("language", "de")],
)
def test_bad_values_are_refused_on_both_channels(field, value, signed_in, api_for, demo_world):
    # A good choice sent with the bad one is not kept either.
    values = {**CHOSEN, field: value}
    page = signed_in("noord").submit("/account/notifications", _as_form(values))
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'id="error-summary"' in html
    target = f"{field}-0" if field in ("follow_up_due", "language") else field
    assert f'href="#{target}"' in html
    assert f'id="{field}-error"' in html
    answer = api_for("zuid").request("PUT", "/api/v1/me/notifications", json=values)
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    assert set(answer.json["errors"]) == {field}
    assert _rows(demo_world, "noord") == _rows(demo_world, "zuid") == (0, False)


def test_the_rules_words_at_the_field(signed_in, api_for):
    """Page and API refuse a time that is none with the rules' one message."""
    values = {**CHOSEN, "digest_hour": "half acht"}
    noord = signed_in("noord")
    noord.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    html = noord.submit("/account/notifications", _as_form(values)).get_data(as_text=True)
    answer = api_for("zuid").request("PUT", "/api/v1/me/notifications", json=values, language="en")
    message = "Enter a time as hours and minutes, such as 07:30."
    assert answer.json["errors"]["digest_hour"] == [message]
    assert re.search(rf'id="digest_hour-error">\s*<p>{re.escape(message)}</p>', html)


def test_a_change_is_logged_with_what_changed(api_for, demo_world):
    api_for("noord").request(
        "PUT", "/api/v1/me/notifications", json={"handed_over": "off", "digest_hour": "08:00"}
    )
    api_for("noord").request("PUT", "/api/v1/me/notifications", json={"handed_over": "off"})  # no change
    with demo_world.app_context():
        entries = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == PREFERENCES_CHANGED)
        ).all()
        assert len(entries) == 1
        assert entries[0].data == {"handed_over": ["email", "off"], "digest_hour": ["07:30", "08:00"]}
        assert entries[0].object_id == find_user("noord").id


def test_switching_the_language_chooses_the_mails_language(signed_in, demo_world, browser):
    noord = signed_in("noord")
    noord.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    assert _stored(demo_world, "noord")["language"] == "en"
    noord.submit("/language", {"language": "nl", "next": "/"}, form_url="/")
    assert _stored(demo_world, "noord")["language"] == "nl"
    # Signed out, the switch only changes the session's language.
    assert browser.submit("/language", {"language": "en", "next": "/"}, form_url="/login").status_code == 302


def test_the_account_page_links_to_the_preferences(signed_in):
    page = signed_in("zuid").get("/account").get_data(as_text=True)
    assert 'href="/account/notifications"' in page
