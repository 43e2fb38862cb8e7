"""The audit page: admins search and filter the log, newest first, page by page."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import record
from initiatives.auth.users import find_user
from initiatives.extensions import db


@pytest.fixture
def admin(signed_in):
    return signed_in("beheer")


def rows(page):
    """(number, action) of each entry shown, top to bottom."""
    body = page.get_data(as_text=True).split("<tbody", 1)[1]
    return re.findall(r'<td class="utrecht-table__cell">(\d+)</td>.*?<code>([^<]+)</code>', body, re.S)


def actions(page):
    return [action for _number, action in rows(page)]


@pytest.fixture
def logged(demo_world):
    """A few entries from different actors, about different objects, with different outcomes."""
    with demo_world.app_context():
        noord, zuid = find_user("noord"), find_user("zuid")
        record("test.first", noord, actor=noord, summary="first of the tests")
        record("export.cases", actor=zuid, summary="exported 3 cases as csv", data={"rows": 3})
        record(
            "export.dossier", actor=noord, object_type="initiatives", object_id=7, summary="dossier of case 7"
        )
        record(
            "initiative.updated",
            actor=noord,
            object_type="initiatives",
            object_id=7,
            initiative=None,
            summary="updated case 7",
        )
        record("activity.added", actor=zuid, object_type="activities", object_id=3, summary="call on case 7")
        entry = record(
            "access.denied", actor=zuid, outcome="denied", summary="GET /admin/users refused with 403"
        )
        db.session.commit()
        return entry.id


def test_the_admin_sees_the_newest_entries_first(admin, logged):
    page = admin.get("/admin/audit")
    assert page.status_code == 200
    shown = rows(page)
    numbers = [int(number) for number, _action in shown]
    assert numbers == sorted(numbers, reverse=True)
    assert shown[0] == (str(logged), "access.denied")
    text = page.get_data(as_text=True)
    assert "127.0.0.1" in text or "cli" in text  # the origin is shown


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=zuid", ["access.denied", "activity.added", "export.cases"]),
        ("actor=ZUID&outcome=denied", ["access.denied"]),
        ("action=export", ["export.dossier", "export.cases"]),
        ("action=export.cases", ["export.cases"]),
        ("object_type=initiatives&object_id=7", ["initiative.updated", "export.dossier"]),
        ("object_type=activities", ["activity.added"]),
        ("outcome=denied", ["access.denied"]),
        ("q=CASE+7&actor=noord", ["initiative.updated", "export.dossier"]),
        ("q=100%25", []),  # LIKE's wildcards are searched for literally
        ("actor=nobody", []),
    ],
)
def test_the_admin_filters_the_log(admin, logged, query, expected):
    assert actions(admin.get(f"/admin/audit?{query}")) == expected


def test_the_case_filter_shows_the_cases_own_entries_and_those_about_it(admin, test_case, signed_in):
    case_id = test_case["initiative_id"]
    signed_in("noord").get(f"/initiatives/{case_id}/dossier.pdf")  # about the case, not in its history
    shown = actions(admin.get(f"/admin/audit?initiative={case_id}"))
    assert "export.dossier" in shown
    assert "initiative.opened" in shown  # in the case's history
    assert "user.created" not in shown


def test_the_period_is_in_local_days(admin, demo_world, logged):
    today = datetime.now(UTC).date()
    assert (
        len(
            rows(admin.get(f"/admin/audit?start={today - timedelta(days=1)}&end={today + timedelta(days=1)}"))
        )
        > 5
    )
    assert rows(admin.get(f"/admin/audit?end={today - timedelta(days=2)}")) == []
    assert rows(admin.get(f"/admin/audit?start={today + timedelta(days=2)}")) == []


def test_pages_go_back_in_time_by_keyset(admin, demo_world):
    with demo_world.app_context():
        for number in range(120):
            record("test.bulk", summary=f"bulk {number}")
        db.session.commit()
    first = admin.get("/admin/audit?action=test.bulk")
    first_rows = rows(first)
    assert len(first_rows) == 50
    older = re.search(r'href="([^"]*before=\d+[^"]*)" rel="next"', first.get_data(as_text=True))
    assert older, "a link to the older entries"
    second = admin.get(older.group(1).replace("&amp;", "&"))
    second_rows = rows(second)
    assert len(second_rows) == 50
    assert int(second_rows[0][0]) == int(first_rows[-1][0]) - 1
    third = admin.get(f"/admin/audit?action=test.bulk&before={second_rows[-1][0]}")
    assert len(rows(third)) == 20
    assert 'rel="next"' not in third.get_data(as_text=True)
    assert 'href="/admin/audit?action=test.bulk"' in third.get_data(as_text=True)  # to the newest


@pytest.mark.parametrize(
    "query",
    [
        "object_id=abc",
        "start=gisteren",
        "end=31-02-2026",
        "initiative=-4",
        "outcome=maybe",
        "before=x",
        "object_id=99999999999999",
        "end=9999-12-31",
        "start=01-01-0001",
    ],
)
def test_bad_filters_are_explained_not_failed(admin, logged, query):
    page = admin.get(f"/admin/audit?{query}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    if not query.startswith("before"):
        assert "utrecht-form-field-error-message" in text
    assert len(rows(page)) == len(rows(admin.get("/admin/audit")))  # the bad filter is left out


def test_the_menu_leads_admins_to_the_log(admin):
    assert 'href="/admin/audit"' in admin.get("/").get_data(as_text=True)


def test_others_are_refused_and_the_refusal_is_logged(signed_in, demo_world):
    assert signed_in("secretaris").get("/admin/audit").status_code == 403
    with demo_world.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "access.denied"))
        assert entry.data["path"] == "/admin/audit"
