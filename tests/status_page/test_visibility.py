"""The team marks timeline entries for the initiators, in the form and in the API (off unless
asked); the kind "message from the initiators" comes only through the status page."""

import pytest
import sqlalchemy as sa

from initiatives.cases.models import Activity
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.status_page.conftest import make_link


def test_the_timeline_form_marks_an_entry_visible(demo_world, test_case, signed_in):
    case_url = f"/initiatives/{test_case['initiative_id']}"
    noord = signed_in("noord")
    form = noord.get(case_url).get_data(as_text=True)
    assert 'name="visible_to_initiators"' in form
    assert 'value="initiator_message"' not in form  # not a kind the team records
    for note, visible in (("Zichtbaar bezoek", {"visible_to_initiators": "y"}), ("Intern bezoek", {})):
        response = noord.submit(
            f"{case_url}/activities",
            {
                "kind": "site_visit",
                "happened_on": local_today().isoformat(),
                "practice": "intake",
                "note": note,
            }
            | visible,
            form_url=case_url,
        )
        assert response.status_code == 302
    with demo_world.app_context():
        marked = dict(db.session.execute(sa.select(Activity.note, Activity.visible_to_initiators)).all())
    assert marked["Zichtbaar bezoek"] is True
    assert marked["Intern bezoek"] is False
    page = demo_world.test_client().get(make_link(demo_world, test_case["initiative_id"]))
    assert page.get_data(as_text=True).count('class="timeline__item"') == 1


def test_the_api_reads_and_writes_the_mark(demo_world, test_case, api_as):
    api = api_as("noord")
    url = f"/api/v1/initiatives/{test_case['initiative_id']}/activities"
    body = {"kind": "call", "happened_on": local_today().isoformat(), "practice": "intake"}
    assert api.post(url, json=body).get_json()["visible_to_initiators"] is False
    assert (
        api.post(url, json=body | {"visible_to_initiators": True}).get_json()["visible_to_initiators"] is True
    )
    refused = api.post(url, json=body | {"kind": "initiator_message"})
    assert refused.status_code == 422


def test_the_database_allows_the_new_kind_and_still_no_other(demo_world, test_case):
    """Migration 0021 widened the kind's CHECK (in place on SQLite), it did not drop it."""
    insert = (
        "INSERT INTO activities (initiative_id, kind, happened_on, practice, note, author_id, created_at, "
        "void_reason, visible_to_initiators) SELECT initiative_id, :kind, happened_on, practice, '', author_id, "
        "created_at, '', false FROM activities WHERE id = :id"
    )
    with demo_world.app_context(), db.engine.connect() as connection:
        connection.execute(sa.text(insert), {"kind": "initiator_message", "id": test_case["activity_id"]})
        with pytest.raises(sa.exc.IntegrityError):
            connection.execute(sa.text(insert), {"kind": "no_such_kind", "id": test_case["activity_id"]})
        connection.rollback()
