"""The notifications page: one's own notices, unread first, each naming its case (as the reader may
see its title) and linking to it; marking read; the header's count; and a notice gone once its
reason is (the follow-up date moved, the case closed)."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.auth.users import find_user
from initiatives.cases import operations as cases
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Result, Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.notifications.events import Event
from initiatives.notifications.models import Notification
from initiatives.notifications.operations import notify
from tests.conftest import open_test_case


def in_english(browser):
    browser.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    return browser


@pytest.fixture
def world(demo_world):
    """Case "Speeltuin" of noord, to be followed up in three days, with three notices for noord
    (a hand-over by zuid, read later in some tests; the follow-up; joining a team) and one for zuid."""
    with demo_world.app_context():
        noord, zuid = find_user("noord"), find_user("zuid")
        case = open_test_case(title="Speeltuin", follow_up_on=local_today() + timedelta(days=3))
        handed = notify(noord, Event.HANDED_OVER, case, reference="hand-over 1", data={"by": "zuid"})
        due = notify(noord, Event.FOLLOW_UP_DUE, case, reference=case.follow_up_on.isoformat())
        team = notify(noord, Event.TEAM_CHANGED, case, reference="team 1", data={"added": True})
        other = notify(zuid, Event.HANDED_OVER, case, reference="hand-over 2", data={"by": "noord"})
        db.session.commit()
        return {
            "case_id": case.id,
            "handed": handed.id,
            "due": due.id,
            "team": team.id,
            "other": other.id,
            "zuid_name": zuid.full_name,
        }


def _rows(browser, url="/notifications"):
    """(notice id, its text, its link, read or not) of the page's rows, in order."""
    soup = BeautifulSoup(browser.get(url).get_data(as_text=True), "html.parser")
    rows = []
    for row in soup.select("table.notification-table tbody tr"):
        link = row.select_one("th a")
        rows.append(
            (
                int(row["id"].removeprefix("notification-")),
                " ".join(link.get_text(" ").split()),
                link["href"],
                row.select_one("form button") is None,
            )
        )
    return rows


def _header_link(browser, url="/"):
    soup = BeautifulSoup(browser.get(url).get_data(as_text=True), "html.parser")
    link = soup.select_one("a.site-header__notifications")
    return None if link is None else link.get("aria-label") or " ".join(link.get_text(" ").split())


def _mark_read(browser, notification_id):
    return browser.submit(f"/notifications/{notification_id}/read", {}, form_url="/notifications")


def test_the_page_lists_the_notices_unread_first_with_their_case(world, signed_in):
    noord = in_english(signed_in("noord"))
    case_url = f"/initiatives/{world['case_id']}"
    rows = _rows(noord)
    assert [row[0] for row in rows] == [world["team"], world["due"], world["handed"]]  # newest first
    assert rows[2][1] == f"Case ‘Speeltuin’ has been handed over to you by {world['zuid_name']}."
    assert rows[0][1] == "You have been added to the team of case ‘Speeltuin’."
    assert rows[1][1].startswith("Case ‘Speeltuin’ is to be followed up on ")
    assert {row[2] for row in rows} == {case_url}
    assert not any(row[3] for row in rows)
    answer = _mark_read(noord, world["handed"])
    assert answer.status_code == 302
    # The read one goes after the unread ones, marked as read.
    rows = _rows(noord)
    assert [(row[0], row[3]) for row in rows] == [
        (world["team"], False),
        (world["due"], False),
        (world["handed"], True),
    ]


def test_the_header_counts_the_unread_ones(world, signed_in, browser):
    noord = in_english(signed_in("noord"))
    assert _header_link(noord) == "Notifications, 3 unread"
    _mark_read(noord, world["due"])
    assert _header_link(noord) == "Notifications, 2 unread"
    answer = noord.submit("/notifications/read", {}, form_url="/notifications")
    assert answer.status_code == 302
    assert _header_link(noord) == "Notifications"
    assert all(row[3] for row in _rows(noord))
    # Signed out there is no link; an administrator without notices has one without a number.
    assert _header_link(browser, "/login") is None
    assert _header_link(in_english(signed_in("beheer"))) == "Notifications"


def test_the_header_costs_one_count_per_page(world, signed_in, demo_world):
    noord = signed_in("noord")
    counts = []

    def count_notices(conn, cursor, statement, parameters, context, executemany):
        if "count(" in statement.lower() and "notifications" in statement:
            counts.append(statement)

    with demo_world.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count_notices)
    try:
        noord.get("/")
    finally:
        sa.event.remove(engine, "before_cursor_execute", count_notices)
    assert len(counts) == 1


def test_another_users_notices_are_never_shown_or_marked(world, signed_in, demo_world):
    zuid = signed_in("zuid")
    assert [row[0] for row in _rows(zuid)] == [world["other"]]
    assert _mark_read(zuid, world["handed"]).status_code == 404
    with demo_world.app_context():
        assert db.session.get(Notification, world["handed"]).read_at is None
    # Marking all as read marks only one's own.
    zuid.submit("/notifications/read", {}, form_url="/notifications")
    with demo_world.app_context():
        unread = db.session.scalars(sa.select(Notification.id).where(Notification.read_at.is_(None))).all()
    assert sorted(unread) == sorted([world["handed"], world["due"], world["team"]])


def test_a_moved_follow_up_date_takes_its_notice_away(world, signed_in, demo_world):
    noord = signed_in("noord")
    with demo_world.app_context():
        case = db.session.get(Initiative, world["case_id"])
        cases.update_case(case, case.owner, case.version, follow_up_on=local_today() + timedelta(days=10))
        db.session.commit()
    assert [row[0] for row in _rows(noord)] == [world["team"], world["handed"]]
    assert _header_link(in_english(noord)) == "Notifications, 2 unread"


def test_a_closed_case_takes_its_notices_away(world, signed_in, demo_world):
    noord = signed_in("noord")
    with demo_world.app_context():
        case = db.session.get(Initiative, world["case_id"])
        cases.move_case(case, case.owner, Stage.CLOSED, result=Result.REALISED, lessons="Snel gegaan.")
        db.session.commit()
    assert _rows(noord) == []
    assert "table" not in str(
        BeautifulSoup(noord.get("/notifications").get_data(as_text=True), "html.parser").main
    )
    assert _header_link(in_english(noord)) == "Notifications"


def test_the_title_is_screened_for_who_may_not_see_personal_data(demo_world, signed_in):
    with demo_world.app_context():
        case = open_test_case(title="Speeltuin, bel Jan Jansen op 0612345678")
        notify(find_user("secretaris"), Event.MAIL_IMPORTED, case, reference="import 1")
        notify(find_user("noord"), Event.MAIL_IMPORTED, case, reference="import 1")
        db.session.commit()
    secretary_rows = _rows(signed_in("secretaris"))
    assert len(secretary_rows) == 1
    assert "0612345678" not in secretary_rows[0][1]
    assert "Jan Jansen" not in secretary_rows[0][1]
    assert "0612345678" in _rows(signed_in("noord"))[0][1]  # the case's owner sees it as written


def test_the_page_is_paginated(demo_world, signed_in):
    with demo_world.app_context():
        noord = find_user("noord")
        case = open_test_case(title="Speeltuin")
        for number in range(30):
            notify(noord, Event.HANDED_OVER, case, reference=f"hand-over {number}", data={"by": "zuid"})
        db.session.commit()
    browser = signed_in("noord")
    first, second = _rows(browser), _rows(browser, "/notifications?page=2")
    assert (len(first), len(second)) == (25, 5)
    assert not {row[0] for row in first} & {row[0] for row in second}
    html = browser.get("/notifications").get_data(as_text=True)
    assert re.search(r'<a [^>]*rel="next" href="/notifications\?page=2"', html)
