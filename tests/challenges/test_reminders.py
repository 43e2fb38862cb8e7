"""The decision's deadline where the officials look: Mijn werk lists the undecided challenges of
one's cases (owner or team) whose deadline is within 14 days or past, soonest first; `flask
notifications deliver` tells the owner 14 and 3 days before and once it has passed, once per
threshold, and never after the decision."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from initiatives.auth.users import find_user
from initiatives.cases.models import Initiative
from initiatives.cases.team import set_team
from initiatives.challenges import operations
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.notifications.events import Channel, Event
from initiatives.notifications.preferences import choose
from tests.conftest import Browser, open_test_case
from tests.notifications.delivery_support import BASE_URL, bodies, deliver, notices
from tests.notifications.mail_server import MailServer


@pytest.fixture
def mail_server(app):
    with MailServer() as server:
        app.config.update(
            server.settings(), BASE_URL=BASE_URL, MAIL_FROM="Bricoleur <bricoleur@voorbeeldstad.example>"
        )
        yield server


def _set_deadline(app, case_id, days_from_today, username="noord"):
    with app.app_context():
        initiative = db.session.get(Initiative, case_id)
        operations.change_deadline(
            initiative,
            find_user(username),
            local_today() + timedelta(days=days_from_today),
            "De wijkraad adviseert eerst.",
        )
        db.session.commit()


def _my_work(browser):
    response = browser.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _deadline_rows(page):
    section = page.find("section", attrs={"aria-labelledby": "challenge-deadlines-heading"})
    if section is None:
        return []
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in section.select("tbody tr")
    ]


def test_mijn_werk_lists_nearing_and_overdue_decisions_soonest_first(demo_world, signed_in, challenge_case):
    case_id = challenge_case["initiative_id"]
    noord = signed_in("noord")
    # 35 days left (8 weeks from receipt three weeks ago): not yet near
    assert _deadline_rows(_my_work(noord)) == []
    with demo_world.app_context():
        later = open_test_case(
            kind="right_to_challenge",
            title="Buurthuis in eigen beheer",
            received_on=local_today() - timedelta(days=50),
        )  # no challenge recorded yet: the municipality's 8 weeks, 6 days left
        initiative_only = open_test_case(
            title="Gewoon een initiatief", received_on=local_today() - timedelta(days=80)
        )
        db.session.commit()
        later_id, initiative_id = later.id, initiative_only.id
    _set_deadline(demo_world, case_id, -2)

    page = _my_work(noord)
    rows = _deadline_rows(page)
    assert [row[0] for row in rows] == [
        "Buurtteam wil het groen zelf onderhouden",
        "Buurthuis in eigen beheer",
    ]
    assert rows[0][3] == "2 dagen over tijd"
    assert rows[1][3] == "6 dagen te gaan"
    links = [link["href"] for link in page.select("#challenge-deadlines-heading ~ div a")]
    assert links == [f"/initiatives/{case_id}#challenge", f"/initiatives/{later_id}#challenge"]
    assert f"/initiatives/{initiative_id}#challenge" not in str(page)

    # another wijk's manager sees none of it; a team member does
    assert _deadline_rows(_my_work(signed_in("zuid"))) == []
    with demo_world.app_context():
        initiative = db.session.get(Initiative, later_id)
        set_team(initiative, find_user("noord"), [find_user("zuid")])
        db.session.commit()
    assert [row[0] for row in _deadline_rows(_my_work(signed_in("zuid")))] == ["Buurthuis in eigen beheer"]

    # decided: off the list
    with demo_world.app_context():
        operations.decide(
            db.session.get(Initiative, case_id), find_user("noord"), "refused", local_today(), "Te duur."
        )
        db.session.commit()
    assert [row[0] for row in _deadline_rows(_my_work(noord))] == ["Buurthuis in eigen beheer"]


def test_mijn_werk_lists_the_soonest_deadlines_only(demo_world, signed_in, challenge_case, monkeypatch):
    """The database picks and orders the deadlines (a manager may have thousands of undecided
    challenges at scale): Mijn werk shows the first NEARING_LIMIT, soonest first."""
    with demo_world.app_context():
        for days_ago, title in ((60, "Speeltuin in eigen beheer"), (70, "Buurtbus door bewoners")):
            open_test_case(
                kind="right_to_challenge", title=title, received_on=local_today() - timedelta(days=days_ago)
            )
        db.session.commit()
    _set_deadline(demo_world, challenge_case["initiative_id"], 10)  # a date set for it: the latest
    noord = signed_in("noord")
    titles = [row[0] for row in _deadline_rows(_my_work(noord))]
    assert titles == [
        "Buurtbus door bewoners",
        "Speeltuin in eigen beheer",
        "Buurtteam wil het groen zelf onderhouden",
    ]
    monkeypatch.setattr("initiatives.challenges.queries.NEARING_LIMIT", 2)
    assert [row[0] for row in _deadline_rows(_my_work(noord))] == titles[:2]


def _challenge_notices(app):
    return [
        (notice.reference.split(": ")[1], notice.data)
        for notice in notices(app)
        if notice.event == Event.CHALLENGE_DUE
    ]


def test_the_owner_is_told_14_and_3_days_before_and_when_passed_once_each(
    demo_world, challenge_case, mail_server
):
    case_id = challenge_case["initiative_id"]
    assert deliver(demo_world).exit_code == 0
    assert _challenge_notices(demo_world) == []  # 35 days left

    _set_deadline(demo_world, case_id, 10)
    first = deliver(demo_world)
    deliver(demo_world)
    assert "challenge deadlines: 1 found, 1 notice(s) made" in first.output
    due = (local_today() + timedelta(days=10)).isoformat()
    assert _challenge_notices(demo_world) == [("14", {"due_on": due, "threshold": "14"})]
    [mail] = mail_server.mails
    text, html = bodies(mail)
    assert "Buurtteam wil het groen zelf onderhouden" in text
    assert "het besluit van het college" in text.lower()
    assert f"{BASE_URL}/initiatives/{case_id}" in text
    assert f'href="{BASE_URL}/initiatives/{case_id}"' in html

    _set_deadline(demo_world, case_id, 2)
    deliver(demo_world)
    deliver(demo_world)
    assert [threshold for threshold, _ in _challenge_notices(demo_world)] == ["14", "3"]

    _set_deadline(demo_world, case_id, -1)
    deliver(demo_world)
    second = deliver(demo_world)
    assert "challenge deadlines: 0 found, 0 notice(s) made" in second.output
    assert [threshold for threshold, _ in _challenge_notices(demo_world)] == ["14", "3", "passed"]
    assert len(mail_server.mails) == 3

    browser = Browser(demo_world.test_client())
    browser.login("noord")
    page = browser.get("/notifications").get_data(as_text=True)
    assert "is niet vastgelegd" in page

    # decided: the notices go away and no new one comes
    with demo_world.app_context():
        operations.decide(
            db.session.get(Initiative, case_id), find_user("noord"), "granted", local_today(), "Goed plan."
        )
        db.session.commit()
    deliver(demo_world)
    assert len(_challenge_notices(demo_world)) == 3
    page = browser.get("/notifications").get_data(as_text=True)
    assert "Buurtteam wil het groen zelf onderhouden" not in page


def test_no_notice_for_an_owner_who_turned_it_off_or_an_initiative(demo_world, challenge_case, mail_server):
    with demo_world.app_context():
        choose(find_user("noord"), {Event.CHALLENGE_DUE: Channel.OFF})
        open_test_case(title="Gewoon een initiatief", received_on=local_today() - timedelta(days=80))
        db.session.commit()
    _set_deadline(demo_world, challenge_case["initiative_id"], 1)
    result = deliver(demo_world)
    assert "challenge deadlines: 0 found, 0 notice(s) made" in result.output
    assert _challenge_notices(demo_world) == []
