"""The calendar: a personal feed of follow-ups behind a secret, revocable address, read by two
iCalendar parsers; no resident's personal data in it; the .ics of one case's next follow-up."""

from datetime import date, timedelta

import icalendar
import pytest
import sqlalchemy as sa
import vobject

from initiatives.auth.users import find_user
from initiatives.barriers.models import Help, HelpCategory
from initiatives.cases import operations as cases
from initiatives.cases.team import set_team
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.notifications.models import CalendarFeed
from initiatives.notifications.preferences import choose
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import open_test_case

#: The title names the resident who brought the idea (an initiator of the case).
TITLE = "Moestuin van Jan Jansen aan de Merelstraat"
BASE = "https://bricoleur.voorbeeldstad.example"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "BASE_URL": BASE}


@pytest.fixture
def follow_ups(demo_world):
    """noord's case with a follow-up date, zuid's case with noord on its team, noord's case
    without a date, and a zuid case noord has nothing to do with; returns ids and dates."""
    soon, later = local_today() + timedelta(days=7), local_today() + timedelta(days=21)
    with demo_world.app_context():
        own = open_test_case("noord", title=TITLE, follow_up_on=soon)
        on_team = open_test_case("zuid", wijk="WK999903", title="Speeltuin opknappen", follow_up_on=later)
        set_team(on_team, on_team.owner, [find_user("noord")])
        undated = open_test_case("noord", title="Bankje bij de vijver")
        other = open_test_case("zuid", wijk="WK999903", title="Buurtfeest", follow_up_on=soon)
        db.session.commit()
        return {
            "own": own.id,
            "on_team": on_team.id,
            "undated": undated.id,
            "other": other.id,
            "soon": soon,
            "later": later,
        }


@pytest.fixture
def noord_api(demo_world):
    return ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))


def _feed_path(api):
    response = api.get("/api/v1/me/calendar")
    assert response.status_code == 200, response.get_json()
    url = response.get_json()["url"]
    assert url.startswith(f"{BASE}/calendar/")
    assert url.endswith(".ics")
    return url.removeprefix(BASE)


def _read_feed(app, path):
    """The feed as anyone (no session, no token) reads it: the response and its text."""
    response = app.test_client().get(path)
    return response, response.get_data(as_text=True)


# -- the address -------------------------------------------------------------------------------


def test_the_api_gives_the_same_address_on_each_ask(demo_world, noord_api):
    first = noord_api.get("/api/v1/me/calendar").get_json()["url"]
    second = noord_api.get("/api/v1/me/calendar").get_json()["url"]
    assert first == second
    with demo_world.app_context():
        feed = db.session.get(CalendarFeed, find_user("noord").id)
        token = first.rsplit("/", 1)[1].removesuffix(".ics")
        assert token not in (feed.nonce, feed.token_hash)  # the secret is kept only as a hash
        assert len(token) == 43  # 256 bits, base64url without padding


def test_each_user_has_an_address_of_their_own(demo_world, noord_api):
    zuid_api = ApiClient(demo_world.test_client(), issue_token(demo_world, "zuid"))
    assert _feed_path(noord_api) != _feed_path(zuid_api)


def test_a_revoked_address_answers_404_and_a_new_one_works(demo_world, noord_api, follow_ups):
    path = _feed_path(noord_api)
    assert _read_feed(demo_world, path)[0].status_code == 200
    assert noord_api.request("DELETE", "/api/v1/me/calendar").status_code == 204
    assert _read_feed(demo_world, path)[0].status_code == 404
    # Revoking again changes nothing; asking again gives a new address.
    assert noord_api.request("DELETE", "/api/v1/me/calendar").status_code == 204
    new_path = _feed_path(noord_api)
    assert new_path != path
    assert _read_feed(demo_world, new_path)[0].status_code == 200
    assert _read_feed(demo_world, path)[0].status_code == 404


def test_an_unknown_address_answers_404(demo_world):
    assert (
        demo_world.test_client().get("/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics").status_code
        == 404
    )


def test_a_deactivated_users_feed_answers_404(demo_world, noord_api):
    path = _feed_path(noord_api)
    with demo_world.app_context():
        find_user("noord").active = False
        db.session.commit()
    assert _read_feed(demo_world, path)[0].status_code == 404


# -- the feed ----------------------------------------------------------------------------------


def test_the_feed_holds_the_users_follow_ups_for_both_parsers(demo_world, noord_api, follow_ups):
    response, text = _read_feed(demo_world, _feed_path(noord_api))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers

    calendar = icalendar.Calendar.from_ical(response.data)
    assert "X-PUBLISHED-TTL:PT1H\r\n" in text  # calendar apps ask again after an hour
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
    events = calendar.walk("VEVENT")
    expected = [(follow_ups["own"], follow_ups["soon"]), (follow_ups["on_team"], follow_ups["later"])]
    assert [(str(event["uid"]), event.decoded("dtstart"), event.decoded("dtend")) for event in events] == [
        (f"follow-up-{case_id}@bricoleur.voorbeeldstad.example", day, day + timedelta(days=1))
        for case_id, day in expected
    ]
    for event, (case_id, _day) in zip(events, expected, strict=True):
        assert type(event.decoded("dtstart")) is date  # all day
        assert str(event["url"]) == f"{BASE}/initiatives/{case_id}"
        assert f"{BASE}/initiatives/{case_id}" in str(event["description"])

    parsed = vobject.readOne(text)
    assert [(event.uid.value, event.dtstart.value, event.url.value) for event in parsed.vevent_list] == [
        (f"follow-up-{case_id}@bricoleur.voorbeeldstad.example", day, f"{BASE}/initiatives/{case_id}")
        for case_id, day in expected
    ]


def test_the_feed_holds_no_residents_personal_data(demo_world, noord_api, follow_ups):
    _response, text = _read_feed(demo_world, _feed_path(noord_api))
    unfolded = text.replace("\r\n ", "")
    assert "Jan" not in unfolded
    assert "Jansen" not in unfolded
    summary = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]["summary"]
    assert summary.startswith("Opvolgen: Moestuin van ")
    assert "Merelstraat" in summary  # a street alone is no one's address


def test_the_feed_follows_the_users_language(demo_world, noord_api, follow_ups):
    with demo_world.app_context():
        choose(find_user("noord"), language="en")
        db.session.commit()
    _response, text = _read_feed(demo_world, _feed_path(noord_api))
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar.walk("VEVENT")[0]["summary"]).startswith("Follow up: ")


def test_a_moved_date_moves_the_event_and_a_cleared_one_leaves(demo_world, noord_api, follow_ups):
    path = _feed_path(noord_api)
    moved = follow_ups["soon"] + timedelta(days=1)
    with demo_world.app_context():
        own = db.session.get(cases.Initiative, follow_ups["own"])
        cases.update_case(own, find_user("noord"), own.version, follow_up_on=moved)
        on_team = db.session.get(cases.Initiative, follow_ups["on_team"])
        on_team.follow_up_on = None
        db.session.commit()
    events = icalendar.Calendar.from_ical(_read_feed(demo_world, path)[1]).walk("VEVENT")
    assert [(str(event["uid"]).split("@")[0], event.decoded("dtstart")) for event in events] == [
        (f"follow-up-{follow_ups['own']}", moved)
    ]


# -- one case's .ics ---------------------------------------------------------------------------


def test_the_case_page_offers_the_follow_up_as_an_ics(demo_world, signed_in, follow_ups):
    noord = signed_in("noord")
    page = noord.get(f"/initiatives/{follow_ups['own']}").get_data(as_text=True)
    assert f'href="/initiatives/{follow_ups["own"]}/follow-up.ics" download' in page
    undated = noord.get(f"/initiatives/{follow_ups['undated']}").get_data(as_text=True)
    assert "follow-up.ics" not in undated

    response = noord.get(f"/initiatives/{follow_ups['own']}/follow-up.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="opvolging-{follow_ups["own"]}.ics"'
    )
    (event,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert event.decoded("dtstart") == follow_ups["soon"]
    assert "Jansen" not in response.get_data(as_text=True)
    assert vobject.readOne(response.get_data(as_text=True)).vevent.dtstart.value == follow_ups["soon"]


def test_a_case_without_a_follow_up_has_no_ics(demo_world, signed_in, follow_ups):
    assert signed_in("noord").get(f"/initiatives/{follow_ups['undated']}/follow-up.ics").status_code == 404


def test_the_ics_follows_the_case_reading_rules(demo_world, signed_in, browser, follow_ups):
    url = f"/initiatives/{follow_ups['other']}/follow-up.ics"
    # Managers and the secretary read every case (its title anonymised here as everywhere).
    assert signed_in("noord").get(url).status_code == 200
    assert signed_in("secretaris").get(url).status_code == 200
    assert browser.get(url).status_code == 302  # to the log-in page
    assert signed_in("noord").get("/initiatives/999999/follow-up.ics").status_code == 404


# -- help deadlines ----------------------------------------------------------------------------


def _ask_for_help_on_page(client, app, case_id, answer_due_on):
    with app.app_context():
        category_id = db.session.scalar(sa.select(HelpCategory.id).filter_by(code="budget"))
    case_url = f"/initiatives/{case_id}"
    return client.submit(
        f"{case_url}/helps",
        {
            "help-category": str(category_id),
            "help-provider": "management",
            "help-requested_on": local_today().isoformat(),
            "help-answer_due_on": answer_due_on,
        },
        form_url=case_url,
    )


def test_a_help_with_an_answer_due_is_in_the_feed_until_it_is_decided(
    demo_world, signed_in, noord_api, follow_ups
):
    due = local_today() + timedelta(days=10)
    case_id = follow_ups["own"]
    noord = signed_in("noord")
    response = _ask_for_help_on_page(noord, demo_world, case_id, due.isoformat())
    assert response.status_code == 302
    with demo_world.app_context():
        help_id = db.session.scalar(sa.select(Help.id))
    path = _feed_path(noord_api)

    events = icalendar.Calendar.from_ical(_read_feed(demo_world, path)[1]).walk("VEVENT")
    (deadline,) = [event for event in events if str(event["uid"]).startswith("help-answer-")]
    assert str(deadline["uid"]) == f"help-answer-{help_id}@bricoleur.voorbeeldstad.example"
    assert deadline.decoded("dtstart") == due
    assert str(deadline["url"]) == f"{BASE}/initiatives/{case_id}#barriers"
    assert "Jansen" not in str(deadline["summary"])
    assert "(Moestuin van [naam] aan de Merelstraat)" in str(deadline["summary"])

    # The API moves the day, and a decision takes it out of the feed.
    later = due + timedelta(days=3)
    moved = noord_api.patch(
        f"/api/v1/helps/{help_id}", json={"answer_due_on": later.isoformat()}, headers={"If-Match": "*"}
    )
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["answer_due_on"] == later.isoformat()
    parsed = vobject.readOne(_read_feed(demo_world, path)[1])
    assert [event.dtstart.value for event in parsed.vevent_list if event.uid.value.startswith("help-")] == [
        later
    ]
    decided = noord_api.patch(
        f"/api/v1/helps/{help_id}", json={"status": "granted", "decided_by": "MT"}, headers={"If-Match": "*"}
    )
    assert decided.status_code == 200
    text = _read_feed(demo_world, path)[1]
    assert "help-answer-" not in text


def test_an_answer_cannot_be_due_before_the_help_was_asked_for(demo_world, signed_in, noord_api, follow_ups):
    case_id = follow_ups["own"]
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    assert _ask_for_help_on_page(signed_in("noord"), demo_world, case_id, yesterday).status_code == 422
    response = noord_api.post(
        f"/api/v1/initiatives/{case_id}/helps",
        json={"category": "budget", "provider": "management", "answer_due_on": yesterday},
    )
    assert response.status_code == 422
    assert "answer_due_on" in str(response.get_json())
    with demo_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Help)) == 0
    # Without one it is fine, and the field says null.
    response = noord_api.post(
        f"/api/v1/initiatives/{case_id}/helps", json={"category": "budget", "provider": "management"}
    )
    assert response.status_code == 201
    assert response.get_json()["answer_due_on"] is None
