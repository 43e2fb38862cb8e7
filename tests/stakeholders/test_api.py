"""The stakeholders through the API: recorded with their fields, their stance history kept, the
version checked on every change, and named persons only for the case's team."""

import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.extensions import db
from initiatives.stakeholders.models import StakeholderStance


def test_a_stakeholder_is_added_and_read_back_with_its_fields(demo_world, mapped_case, api_as):
    api = api_as("noord")
    case_id = mapped_case["initiative_id"]
    added = api.post(
        f"/api/v1/initiatives/{case_id}/stakeholders",
        json={
            "side": "inside",
            "role": "coordinator",
            "stance": "neutral",
            "influence": 3,
            "interest": 4,
            "department": mapped_case["permits_id"],
            "name": "Wim Wouters",
            "activity_ids": [mapped_case["meeting"]],
            "note": "Kent het veldje.",
        },
    )
    assert added.status_code == 201, added.json
    assert added.headers["ETag"] == '"1"'
    body = api.get(f"/api/v1/stakeholders/{added.json['id']}").json
    assert {key: body[key] for key in ("side", "role", "stance", "influence", "interest", "department")} == {
        "side": "inside",
        "role": "coordinator",
        "stance": "neutral",
        "influence": 3,
        "interest": 4,
        "department": mapped_case["permits_id"],
    }
    assert body["name"] == "Wim Wouters"
    assert body["organisation"] == ""
    assert body["initiator_id"] is None
    assert body["activity_ids"] == [mapped_case["meeting"]]
    assert body["last_contact_on"] is not None
    assert [(row["stance"], row["who"], row["note"]) for row in body["stance_history"]] == [
        ("neutral", "noord", "Kent het veldje.")
    ]
    listed = api.get(f"/api/v1/initiatives/{case_id}/stakeholders?per_page=100").json
    assert listed["total"] == 6
    assert [item["side"] for item in listed["items"]] == ["inside"] * 3 + ["outside"] * 3


def test_a_contact_person_is_linked_not_copied(demo_world, mapped_case, api_as):
    body = api_as("noord").get(f"/api/v1/stakeholders/{mapped_case['contact']}").json
    assert body["initiator_id"] == mapped_case["initiator_id"]
    assert body["name"] == "Jan Jansen"  # the contact person's, read from them


def test_the_rules_answer_422_at_the_field(demo_world, mapped_case, api_as):
    api = api_as("noord")
    url = f"/api/v1/initiatives/{mapped_case['initiative_id']}/stakeholders"
    base = {"side": "inside", "role": "adviser", "influence": 3, "interest": 3}
    no_department = api.post(url, json=base)
    assert no_department.status_code == 422
    assert "department" in no_department.json["errors"]
    too_much = api.post(url, json={**base, "department": mapped_case["permits_id"], "influence": 6})
    assert too_much.status_code == 422
    assert "influence" in too_much.json["errors"]
    nobody_outside = api.post(url, json={**base, "side": "outside"})
    assert nobody_outside.status_code == 422
    assert "organisation" in nobody_outside.json["errors"]
    wrong_side = api.post(
        url,
        json={**base, "department": mapped_case["permits_id"], "initiator_id": mapped_case["initiator_id"]},
    )
    assert wrong_side.status_code == 422
    assert "initiator_id" in wrong_side.json["errors"]
    bad_role = api.post(url, json={**base, "department": mapped_case["permits_id"], "role": "boss"})
    assert bad_role.status_code == 422


def test_a_stance_change_needs_the_version_and_is_kept_in_the_history(demo_world, mapped_case, api_as):
    api = api_as("noord")
    url = f"/api/v1/stakeholders/{mapped_case['colleague']}"
    change = {"stance": "for", "note": "Na het gesprek om."}
    assert api.patch(url, json=change).status_code == 428
    assert api.patch(url, json=change, headers={"If-Match": '"7"'}).status_code == 412
    etag = api.get(url).headers["ETag"]
    changed = api.patch(url, json=change, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.json
    assert changed.json["stance"] == "for"
    assert changed.headers["ETag"] != etag
    assert [(row["stance"], row["note"]) for row in changed.json["stance_history"]] == [
        ("against", "Wil eerst een vergunning zien."),
        ("for", "Na het gesprek om."),
    ]
    # The old version is refused now.
    assert api.patch(url, json={"influence": 4}, headers={"If-Match": etag}).status_code == 412
    with demo_world.app_context():
        logged = db.session.scalars(
            sa.select(AuditEntry.data).where(AuditEntry.action == "stakeholder.stance_changed")
        ).all()
        assert logged == [{"stance": ["against", "for"], "note": "[redacted]"}]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StakeholderStance)) == 6


def test_other_fields_change_without_a_new_stance(demo_world, mapped_case, api_as):
    api = api_as("noord")
    url = f"/api/v1/stakeholders/{mapped_case['corporation']}"
    changed = api.patch(url, json={"influence": 1, "interest": 5}, headers={"If-Match": "*"})
    assert changed.status_code == 200
    assert (changed.json["influence"], changed.json["interest"]) == (1, 5)
    assert len(changed.json["stance_history"]) == 1
    with demo_world.app_context():
        logged = db.session.scalars(
            sa.select(AuditEntry.data).where(AuditEntry.action == "stakeholder.updated")
        ).all()
    assert logged == [{"influence": [4, 1], "interest": [3, 5]}]


def test_readers_outside_the_team_read_no_names(demo_world, mapped_case, api_as):
    for reader in ("zuid", "secretaris"):
        api = api_as(reader)
        listed = api.get(
            f"/api/v1/initiatives/{mapped_case['initiative_id']}/stakeholders", language="nl"
        ).json["items"]
        assert {item["name"] for item in listed} == {None}
        labels = {item["label"] for item in listed}
        assert f"een collega van {mapped_case['permits']}" in labels
        assert "een bewoner" in labels
        assert "Woonstichting Thuis" in labels
        text = str(listed)
        for name in ("Karel Kwast", "Jan Jansen", "Els Eikenboom"):
            assert name not in text
        assert (
            api.patch(
                f"/api/v1/stakeholders/{mapped_case['colleague']}",
                json={"stance": "for"},
                headers={"If-Match": "*"},
            ).status_code
            == 403
        )
    team = api_as("noord").get(f"/api/v1/stakeholders/{mapped_case['colleague']}").json
    assert team["label"] == f"Karel Kwast ({mapped_case['permits']})"


def test_the_kind_of_organisation_is_kept_outside_and_refused_inside(demo_world, mapped_case, api_as):
    api = api_as("noord")
    url = f"/api/v1/initiatives/{mapped_case['initiative_id']}/stakeholders"
    base = {"side": "outside", "role": "stakeholder", "influence": 2, "interest": 4}
    added = api.post(url, json={**base, "organisation": "Stichting Welzijn", "organisation_kind": "welfare"})
    assert added.status_code == 201, added.json
    assert added.json["organisation_kind"] == "welfare"
    stakeholder_url = f"/api/v1/stakeholders/{added.json['id']}"
    changed = api.patch(stakeholder_url, json={"organisation_kind": "business"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.json
    assert api.get(stakeholder_url).json["organisation_kind"] == "business"
    cleared = api.patch(stakeholder_url, json={"organisation_kind": None}, headers={"If-Match": '"2"'})
    assert cleared.json["organisation_kind"] is None
    # Not given: null.
    assert api.get(f"/api/v1/stakeholders/{mapped_case['colleague']}").json["organisation_kind"] is None
    inside = api.post(
        url,
        json={
            **base,
            "side": "inside",
            "department": mapped_case["permits_id"],
            "organisation_kind": "school",
        },
    )
    assert inside.status_code == 422
    assert "organisation_kind" in inside.json["errors"]
    unknown = api.post(url, json={**base, "organisation": "X", "organisation_kind": "church"})
    assert unknown.status_code == 422
    with demo_world.app_context():
        logged = db.session.scalars(
            sa.select(AuditEntry.data).where(AuditEntry.action == "stakeholder.updated")
        ).all()
    assert logged == [
        {"organisation_kind": ["welfare", "business"]},
        {"organisation_kind": ["business", None]},
    ]
