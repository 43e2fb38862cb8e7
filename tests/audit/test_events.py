"""What the audit log records: refusals, exports, views of contact details, role changes and the
admin's actions, each with actor, action, object, outcome, origin and time; never a secret and
never a resident's contact details."""

import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth.models import User
from initiatives.extensions import db
from initiatives.organisation.models import Department, Neighbourhood
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import DEMO_PASSWORD

#: The test client's address, as the audit log should record it.
ORIGIN = "127.0.0.1"


def entries(app, action, **conditions):
    """The entries of `action` (and `conditions` on columns), oldest first, as plain dicts."""
    with app.app_context():
        query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        for name, value in conditions.items():
            query = query.where(getattr(AuditEntry, name) == value)
        return [
            {
                "actor": entry.actor.username if entry.actor else None,
                "object": (entry.object_type, entry.object_id),
                "outcome": str(entry.outcome),
                "origin": entry.origin,
                "created_at": entry.created_at,
                "initiative_id": entry.initiative_id,
                "summary": entry.summary,
                "data": entry.data,
            }
            for entry in db.session.scalars(query)
        ]


def only(app, action, **conditions):
    """The one entry of `action` made by a request (the demo data's own are made by `cli`)."""
    found = [entry for entry in entries(app, action, **conditions) if entry["origin"] != "cli"]
    assert len(found) == 1, found
    entry = found[0]
    assert entry["origin"] == ORIGIN
    assert datetime.now(UTC) - entry["created_at"] < timedelta(minutes=1)
    return entry


def all_logged_text(app):
    with app.app_context():
        return "\n".join(
            f"{entry.summary} {json.dumps(entry.data, ensure_ascii=False)}"
            for entry in db.session.scalars(sa.select(AuditEntry))
        )


def id_of(app, model, **where):
    with app.app_context():
        return db.session.scalar(sa.select(model.id).filter_by(**where))


# -- refusals ---------------------------------------------------------------------------------


def test_a_refused_page_is_logged_with_actor_and_path(demo_world, signed_in):
    response = signed_in("secretaris").get("/admin/users")
    assert response.status_code == 403
    entry = only(demo_world, "access.denied")
    assert entry["actor"] == "secretaris"
    assert entry["outcome"] == "denied"
    assert entry["data"] == {
        "status": 403,
        "method": "GET",
        "path": "/admin/users",
        "endpoint": "admin.users",
    }


def test_a_refusal_on_a_case_names_the_case_and_keeps_nothing_of_the_request(
    demo_world, test_case, signed_in
):
    case_id = test_case["initiative_id"]
    zuid = signed_in("zuid")
    response = zuid.submit(
        f"/initiatives/{case_id}/move", {"to": "mapping"}, form_url=f"/initiatives/{case_id}"
    )
    assert response.status_code == 403
    entry = only(demo_world, "access.denied")
    assert (entry["actor"], entry["object"]) == ("zuid", ("initiatives", case_id))
    assert entry["data"]["endpoint"] == "cases.move"
    with demo_world.app_context():
        from initiatives.cases.models import Initiative

        assert db.session.get(Initiative, case_id).stage == "intake"  # nothing else was kept


def test_a_refused_contact_person_names_the_contact(demo_world, test_case, signed_in):
    url = f"/initiatives/{test_case['initiative_id']}/initiators/{test_case['initiator_id']}"
    assert signed_in("zuid").get(url).status_code == 403
    assert only(demo_world, "access.denied")["object"] == ("initiators", test_case["initiator_id"])


def test_an_api_call_without_a_valid_token_is_logged_as_401(demo_world):
    client = ApiClient(demo_world.test_client(), token="brc_not-a-real-token")
    assert client.get("/api/v1/initiatives").status_code == 401
    entry = only(demo_world, "access.denied")
    assert entry["actor"] is None
    assert entry["data"]["status"] == 401
    assert "brc_not-a-real-token" not in all_logged_text(demo_world)


def test_an_api_refusal_is_logged_as_403(demo_world, api_as):
    response = api_as("secretaris").get("/api/v1/exports/initiatives.csv?personal_data=true")
    assert response.status_code == 403
    entry = only(demo_world, "access.denied")
    assert entry["actor"] == "secretaris"
    assert entry["data"]["path"] == "/api/v1/exports/initiatives.csv"
    assert entries(demo_world, "export.cases") == []  # refused, so nothing was exported


def test_an_anonymous_visitor_sent_to_the_login_page_is_no_refusal(app):
    assert app.test_client().get("/admin/users").status_code == 302
    assert entries(app, "access.denied") == []


# -- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "file_format"),
    [("/initiatives/export.csv", "csv"), ("/initiatives/export.xlsx", "xlsx")],
)
def test_a_case_list_export_is_logged_without_the_search_words(
    demo_world, test_case, signed_in, url, file_format
):
    response = signed_in("secretaris").get(f"{url}?q=Jan+Jansen&stage=intake")
    assert response.status_code == 200
    response.get_data()  # the body streams
    entry = only(demo_world, "export.cases")
    assert entry["actor"] == "secretaris"
    assert entry["data"]["format"] == file_format
    assert entry["data"]["filters"] == {"q": "[search words]", "stage": "intake"}
    assert "Jan Jansen" not in all_logged_text(demo_world)


def test_an_api_export_is_logged(demo_world, test_case, api_as):
    response = api_as("noord").get("/api/v1/exports/initiatives.xlsx?personal_data=true")
    assert response.status_code == 200
    response.get_data()
    assert only(demo_world, "export.cases")["actor"] == "noord"
    assert only(demo_world, "export.personal_data")["data"]["personal_data"] is True


@pytest.mark.parametrize(
    "url", ["/reports/council.pdf", "/reports/council.docx", "/api/v1/reports/council.pdf"]
)
def test_a_council_report_download_is_logged(demo_world, signed_in, api_as, url):
    client = api_as("secretaris") if url.startswith("/api/") else signed_in("secretaris")
    assert client.get(url).status_code == 200
    entry = only(demo_world, "export.council_report")
    assert entry["actor"] == "secretaris"
    assert entry["data"]["format"] == url.rsplit(".", 1)[1]


def test_a_dossier_download_with_contacts_is_logged_as_such(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    assert signed_in("noord").get(f"/initiatives/{case_id}/dossier.pdf").status_code == 200
    entry = only(demo_world, "export.dossier")
    assert (entry["actor"], entry["object"]) == ("noord", ("initiatives", case_id))
    assert entry["data"] == {"personal_data": True}


def test_a_file_download_is_logged(demo_world, test_case, signed_in):
    url = f"/initiatives/{test_case['initiative_id']}/files/{test_case['attachment_id']}"
    assert signed_in("noord").get(url).status_code == 200
    entry = only(demo_world, "attachment.downloaded")
    assert (entry["actor"], entry["object"]) == ("noord", ("attachments", test_case["attachment_id"]))
    assert "plattegrond" not in entry["summary"]  # a file name may name a resident


# -- views of contact details -----------------------------------------------------------------


def test_the_case_page_with_contact_details_is_logged(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    page = signed_in("noord").get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert "jan@example.org" in page
    entry = only(demo_world, "personal_data.viewed")
    assert (entry["actor"], entry["object"], entry["outcome"]) == (
        "noord",
        ("initiatives", case_id),
        "success",
    )
    assert entry["data"] == {"via": "case page", "initiative": case_id}
    # A read: it stays out of the case's own history, which tells its changes.
    assert entry["initiative_id"] is None


def test_the_case_page_without_contact_details_is_not_a_view_of_them(demo_world, test_case, signed_in):
    page = signed_in("secretaris").get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    assert "jan@example.org" not in page
    assert entries(demo_world, "personal_data.viewed") == []


def test_a_case_page_answered_with_form_errors_still_logs_the_view(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    response = noord.submit(
        f"/initiatives/{case_id}/initiators", {"name": ""}, form_url=f"/initiatives/{case_id}"
    )
    assert response.status_code == 422
    assert "jan@example.org" in response.get_data(as_text=True)
    assert len(entries(demo_world, "personal_data.viewed")) == 2  # the form's page and the answer


def test_the_contact_form_is_logged(demo_world, test_case, signed_in):
    url = f"/initiatives/{test_case['initiative_id']}/initiators/{test_case['initiator_id']}"
    assert signed_in("noord").get(url).status_code == 200
    entry = only(demo_world, "personal_data.viewed")
    assert entry["object"] == ("initiators", test_case["initiator_id"])


def test_the_api_contact_list_is_logged(demo_world, test_case, api_as):
    response = api_as("noord").get(f"/api/v1/initiatives/{test_case['initiative_id']}/initiators")
    assert response.get_json()["items"][0]["email"] == "jan@example.org"
    entry = only(demo_world, "personal_data.viewed")
    assert entry["data"]["via"] == "api initiators"


# -- roles and the admin's actions ------------------------------------------------------------


@pytest.fixture
def admin(signed_in):
    return signed_in("beheer")


def _version(page):
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def test_a_role_change_is_logged_with_old_and_new_role(demo_world, admin):
    user_id = id_of(demo_world, User, username="secretaris")
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    response = admin.submit(
        f"/admin/users/{user_id}",
        {
            "full_name": "Fatima Secretaris",
            "role": "neighbourhood_manager",
            "neighbourhoods": [str(id_of(demo_world, Neighbourhood, code="WK999903"))],
            "active": "y",
            "version": _version(page),
        },
    )
    assert response.status_code == 302, re.findall(
        r'error">(.*?)</div>', response.get_data(as_text=True), re.S
    )
    entry = only(demo_world, "user.updated")
    assert (entry["actor"], entry["object"]) == ("beheer", ("users", user_id))
    assert entry["data"]["role"] == ["secretary", "neighbourhood_manager"]


def test_the_admins_changes_to_reference_data_are_logged(demo_world, admin):
    assert admin.submit("/admin/departments/new", {"name": "Sport", "active": "y"}).status_code == 302
    noord = id_of(demo_world, Neighbourhood, code="WK999902")
    response = admin.submit(
        "/admin/neighbourhoods/new",
        {"code": "BU99990209", "name": "Nieuwe Akkers", "parent": str(noord), "active": "y"},
        form_url=f"/admin/neighbourhoods/new?parent={noord}",
    )
    assert response.status_code == 302
    response = admin.submit(
        "/admin/lists/skills/new",
        {"code": "coaching", "label_nl": "Coachen", "label_en": "Coaching", "position": "16", "active": "y"},
    )
    assert response.status_code == 302
    department = only(demo_world, "department.created")
    assert (department["actor"], department["object"]) == (
        "beheer",
        ("departments", id_of(demo_world, Department, name="Sport")),
    )
    assert only(demo_world, "neighbourhood.created")["data"]["code"] == [None, "BU99990209"]
    assert only(demo_world, "skills.created")["actor"] == "beheer"


def test_a_new_account_is_logged(demo_world, admin):
    response = admin.submit(
        "/admin/users/new",
        {
            "username": "nieuw",
            "full_name": "Nieuwe Collega",
            "role": "secretary",
            "password": "een lang genoeg wachtwoord",
        },
    )
    assert response.status_code == 302
    entry = only(demo_world, "user.created")
    assert entry["actor"] == "beheer"
    assert entry["data"]["role"] == "secretary"


# -- what is never logged ---------------------------------------------------------------------

SECRET_PASSWORD = "zeer-geheim-wachtwoord-123"


def test_no_password_or_token_reaches_the_audit_log_or_the_application_log(
    demo_world, admin, browser, caplog
):
    caplog.set_level(logging.DEBUG)
    admin.submit(
        "/admin/users/new",
        {"username": "nieuw", "role": "secretary", "password": SECRET_PASSWORD},
    )
    browser.submit("/login", {"username": "nieuw", "password": "wrong-" + SECRET_PASSWORD})
    browser.submit("/login", {"username": "nieuw", "password": SECRET_PASSWORD})
    token = issue_token(demo_world, "noord")
    ApiClient(demo_world.test_client(), token).get("/api/v1/initiatives")
    ApiClient(demo_world.test_client(), token + "x").get("/api/v1/initiatives")
    logged = all_logged_text(demo_world)
    assert "nieuw" in logged  # the events themselves are there
    with demo_world.app_context():
        token_hash = db.session.scalar(sa.text("SELECT token_hash FROM api_tokens LIMIT 1"))
    for secret in (SECRET_PASSWORD, DEMO_PASSWORD, token, token_hash):
        assert secret not in logged
        assert secret not in caplog.text


def test_no_contact_details_of_residents_reach_the_audit_log(demo_world, test_case, signed_in, api_as):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    noord.get(f"/initiatives/{case_id}")
    noord.submit(
        f"/initiatives/{case_id}/initiators",
        {"name": "Ans Bakker", "email": "ans@example.net", "phone": "0687654321"},
        form_url=f"/initiatives/{case_id}",
    )
    url = f"/initiatives/{case_id}/initiators/{test_case['initiator_id']}"
    noord.submit(url, {"name": "Jan Jansen-de Wit", "email": "jan.dewit@example.org", "phone": "0611111111"})
    noord.get("/initiatives/export.csv?personal_data=1&q=Ans+Bakker").get_data()
    api_as("noord").get(f"/api/v1/initiatives/{case_id}/initiators")
    signed_in("zuid").get(f"/initiatives/{case_id}/initiators/{test_case['initiator_id']}?q=Jan+Jansen")
    logged = all_logged_text(demo_world)
    assert (
        "initiator.added" in "\n".join(e["summary"] for e in entries(demo_world, "initiator.added")) or logged
    )
    for personal in (
        "Jan Jansen",
        "jan@example.org",
        "0612345678",
        "Ans Bakker",
        "ans@example.net",
        "0687654321",
        "jan.dewit@example.org",
        "0611111111",
    ):
        assert personal not in logged
