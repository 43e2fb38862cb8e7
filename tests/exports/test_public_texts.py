"""The public copies of case texts: made on every change, read by the exports, never out of date."""

import ast
import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from initiatives.core import anonymise
from initiatives.core.anonymise import RULES_VERSION
from initiatives.exports.models import PublicCaseTexts
from initiatives.extensions import db
from tests.exports.test_exports import all_text, assert_no_personal_data, read_csv, read_xlsx, sheet_values

#: The CSV's description column.
DESCRIPTION = 18


def _copy(app, case_id):
    with app.app_context():
        copy = db.session.get(PublicCaseTexts, case_id)
        return None if copy is None else (copy.rules, copy.title, copy.description, copy.lessons)


def _set(app, statement, **parameters):
    """Change rows behind the app's back, as a database tool would."""
    with app.app_context():
        db.session.execute(sa.text(statement), parameters)
        db.session.commit()


def _descriptions(client, query="?neighbourhood=WK999903"):
    return [row[DESCRIPTION] for row in read_csv(client.get(f"/initiatives/export.csv{query}"))[1:]]


def test_a_case_gets_its_copy_anonymised_when_opened(export_world, demo_world):
    rules, title, description, lessons = _copy(demo_world, export_world["noord"])
    assert rules == RULES_VERSION
    assert title == "Moestuin van [naam] aan de Merelstraat"  # a street without a number is no address
    assert_no_personal_data("\n".join([title, description, lessons]))
    assert "[e-mailadres]" in description
    assert "[telefoonnummer]" in description


def test_the_export_reads_the_copy(export_world, signed_in, demo_world):
    _set(
        demo_world,
        "UPDATE public_case_texts SET description = 'uit de kopie' WHERE initiative_id = :id",
        id=export_world["zuid"],
    )
    assert _descriptions(signed_in("secretaris")) == ["uit de kopie"]


def test_a_new_contact_named_in_the_texts_is_redacted_at_once(export_world, signed_in, demo_world):
    zuid = signed_in("zuid")
    case_id = export_world["zuid"]
    response = zuid.submit(
        f"/initiatives/{case_id}/initiators",
        {"name": "Bankje", "email": "", "phone": "", "organisation": ""},
        form_url=f"/initiatives/{case_id}",
    )
    assert response.status_code == 302
    assert "[naam]" in _copy(demo_world, case_id)[2]
    assert _copy(demo_world, case_id)[1] == "[naam] voor [naam]"
    assert all("Bankje" not in text for text in _descriptions(signed_in("secretaris")))


def test_an_edit_of_the_texts_remakes_the_copy(export_world, api_as, signed_in, demo_world):
    case_id = export_world["zuid"]
    client = api_as("zuid")
    etag = client.get(f"/api/v1/initiatives/{case_id}").headers["ETag"]
    response = client.patch(
        f"/api/v1/initiatives/{case_id}",
        json={"description": "Piet Bakker belde nog eens."},
        headers={"If-Match": etag},
    )
    assert response.status_code == 200
    assert _copy(demo_world, case_id)[2] == "[naam] belde nog eens."
    assert _descriptions(signed_in("secretaris")) == ["[naam] belde nog eens."]


def test_texts_changed_behind_the_apps_back_are_anonymised_by_the_export(export_world, signed_in, demo_world):
    case_id = export_world["zuid"]
    _set(
        demo_world,
        "UPDATE initiatives SET description = 'Piet Bakker belde nog eens.' WHERE id = :id",
        id=case_id,
    )
    assert _copy(demo_world, case_id) is None  # the database dropped the copy at once
    assert _descriptions(signed_in("secretaris")) == ["[naam] belde nog eens."]


def test_contacts_changed_behind_the_apps_back_never_leak(export_world, signed_in, demo_world):
    case_id = export_world["zuid"]
    _set(demo_world, "UPDATE initiatives SET description = 'Kees Pot helpt mee.' WHERE id = :id", id=case_id)
    with demo_world.app_context():  # the app makes a copy again: without Kees as a contact yet
        from initiatives.exports.public_texts import make_current

        make_current(db.session.connection(), [case_id])
        db.session.commit()
    assert _copy(demo_world, case_id)[2] == "Kees Pot helpt mee."
    _set(demo_world, "UPDATE initiators SET name = 'Kees Pot' WHERE initiative_id = :id", id=case_id)
    assert _copy(demo_world, case_id) is None
    assert _descriptions(signed_in("secretaris")) == ["[naam] helpt mee."]


def test_copies_made_under_older_rules_are_not_read_and_prepare_remakes_them(
    export_world, signed_in, demo_world
):
    _set(demo_world, "UPDATE public_case_texts SET rules = rules - 1, description = 'oud'")
    _set(demo_world, "DELETE FROM public_case_texts WHERE initiative_id = :id", id=export_world["noord"])
    client = signed_in("secretaris")
    assert _descriptions(client) == ["[naam] vraagt een bankje. Bel [telefoonnummer] of mail [e-mailadres]."]

    result = demo_world.test_cli_runner().invoke(args=["exports", "prepare"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Anonymising case texts for exports" in result.output  # the progress bar's label
    assert "3 cases given an anonymised copy of their texts." in result.output
    assert all(_copy(demo_world, case_id)[0] == RULES_VERSION for case_id in export_world.values())
    again = demo_world.test_cli_runner().invoke(args=["exports", "prepare"], catch_exceptions=False)
    assert "0 cases given" in again.output


def test_a_personal_data_export_shows_the_texts_as_written(export_world, signed_in):
    client = signed_in("zuid")
    rows = read_csv(client.get("/initiatives/export.csv?neighbourhood=WK999903&personal_data=1"))
    assert rows[1][DESCRIPTION].startswith("Piet Bakker vraagt een bankje.")


def test_a_refused_change_leaves_the_copy_as_it_was(export_world, signed_in, demo_world):
    case_id = export_world["zuid"]
    before = _copy(demo_world, case_id)
    response = signed_in("zuid").submit(
        f"/initiatives/{case_id}/initiators",
        {"name": "", "email": "geen-adres", "phone": "", "organisation": ""},
        form_url=f"/initiatives/{case_id}",
    )
    assert response.status_code == 422
    assert _copy(demo_world, case_id) == before


# -- the texts of the timeline, barriers and helps ------------------------------------------------


def _differences(app, case_id):
    """source -> [public text] of the case's detail texts whose copy differs from the text as written."""
    with app.app_context():
        rows = db.session.execute(
            sa.text(
                "SELECT source, text FROM public_detail_texts WHERE initiative_id = :id ORDER BY source, row_id"
            ),
            {"id": case_id},
        )
        differences = {}
        for source, text in rows:
            differences.setdefault(source, []).append(text)
        return differences


def _notes(client, query="?neighbourhood=WK999903"):
    """The notes of the activities sheet of the XLSX export."""
    sheet = read_xlsx(client.get(f"/initiatives/export.xlsx{query}"))["Activiteiten"]
    return [row[6] for row in sheet_values(sheet)[1:]]


def test_the_detail_texts_that_anonymising_changes_are_in_the_copy(export_world, demo_world):
    differences = _differences(demo_world, export_world["noord"])
    assert sorted(differences) == [
        "activities.note",
        "barriers.description",
        "helps.description",
        "stage_changes.reason",
    ]
    assert differences["stage_changes.reason"] == ["[naam] wil eerst de buren polsen."]
    assert_no_personal_data("\n".join(text for texts in differences.values() for text in texts))
    # "wethouder De Boer" decided: no initiator, so the text as written is its copy
    assert "helps.decided_by" not in differences
    # zuid's case is a right to challenge: its challenge's texts are in the copy too
    assert _differences(demo_world, export_world["zuid"]) == {
        "activities.note": ["E-mail van [naam]."],
        "challenges.agreed_result": ["Bankjes heel en geverfd; [naam] [telefoonnummer]) meldt schade."],
        "challenges.better_because": ["[naam] woont ernaast en ziet elke dag wat er mis is."],
        "challenges.decision_grounds": ["[naam] doet het goedkoper."],
        "challenges.evaluation": ["[naam] deed het goed."],
        "challenges.involvement": ["[naam] ([e-mailadres]) was timmerman."],
        "challenges.quality_guarantee": ["De buurvrouw van [naam] neemt het over als hij niet kan."],
        "challenges.requested_support": ["Hout en verf voor [naam]."],
        "challenges.support_evidence": ["Veertig handtekeningen; bel [telefoonnummer]."],
        "challenges.takes_over": ["Het onderhoud van de bankjes, door [naam]."],
        "challenges.task_text": ["Bankjes onderhouden met [naam]"],
    }


def test_the_export_reads_the_copies_of_detail_texts(export_world, signed_in, demo_world):
    _set(
        demo_world,
        "UPDATE public_detail_texts SET text = 'uit de kopie' WHERE initiative_id = :id",
        id=export_world["zuid"],
    )
    assert _notes(signed_in("secretaris")) == ["uit de kopie"]


def test_a_new_activity_naming_a_contact_is_in_the_copy_at_once(export_world, signed_in, demo_world):
    case_id = export_world["zuid"]
    response = signed_in("zuid").submit(
        f"/initiatives/{case_id}/activities",
        {"kind": "call", "happened_on": "2026-01-05", "practice": "intake", "note": "Piet Bakker gebeld."},
        form_url=f"/initiatives/{case_id}",
    )
    assert response.status_code == 302
    assert _differences(demo_world, case_id)["activities.note"] == ["E-mail van [naam].", "[naam] gebeld."]
    assert _notes(signed_in("secretaris")) == ["[naam] gebeld.", "E-mail van [naam]."]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE activities SET note = 'Jan de Vries belde terug.' WHERE initiative_id = :id",
        "INSERT INTO activities (initiative_id, kind, happened_on, practice, note, author_id, created_at)"
        " SELECT initiative_id, kind, happened_on, practice, 'Jan de Vries belde terug.', author_id, created_at"
        " FROM activities WHERE initiative_id = :id",
        "UPDATE stage_changes SET reason = 'Jan de Vries belde terug.' WHERE initiative_id = :id",
        "UPDATE barriers SET description = 'Jan de Vries belde terug.' WHERE initiative_id = :id",
        "UPDATE helps SET decided_by = 'Jan de Vries' WHERE initiative_id = :id",
        "DELETE FROM activities WHERE initiative_id = :id",
    ],
    ids=["activity", "new activity", "stage change", "barrier", "help", "gone activity"],
)
def test_detail_texts_changed_behind_the_apps_back_never_leak(export_world, signed_in, demo_world, statement):
    case_id = export_world["noord"]  # the case with a stage change, a barrier and a help
    _set(demo_world, statement, id=case_id)
    assert _copy(demo_world, case_id) is None  # the database dropped the copy at once
    assert _differences(demo_world, case_id) == {}  # and with it the copies of its details
    workbook = read_xlsx(signed_in("secretaris").get("/initiatives/export.xlsx?neighbourhood=WK999902"))
    assert_no_personal_data(all_text(workbook))


def test_a_personal_data_export_shows_detail_texts_as_written(export_world, signed_in):
    assert _notes(signed_in("zuid"), "?neighbourhood=WK999903&personal_data=1") == ["E-mail van Piet Bakker."]


def _rules_fingerprint():
    """The code of the anonymiser's modules (comments left out), without the line of its version
    number: every module of the `anonymise` package, by name."""
    digest = hashlib.sha256()
    for module in sorted(Path(anonymise.__file__).parent.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        tree.body = [
            node
            for node in tree.body
            if not (
                isinstance(node, ast.Assign) and [target.id for target in node.targets] == ["RULES_VERSION"]
            )
        ]
        digest.update(f"{module.name}\n{ast.dump(tree)}\n".encode())
    return digest.hexdigest()


#: The fingerprint of the anonymiser at RULES_VERSION (see the test below).
RULES_FINGERPRINT = (2, "b838c89fe6d51051c603a6ced860fe2f90abe04ad13b0763caba47787753cfc5")


def test_a_change_to_the_anonymiser_is_a_new_rules_version():
    """Exports read the copies made under the current RULES_VERSION: so a change to what is
    redacted must raise it, or copies made under the old rules would still be read. When this fails, raise it if the change can redact differently (not
    for a docstring), then record the version and the new fingerprint in RULES_FINGERPRINT."""
    assert (RULES_VERSION, _rules_fingerprint()) == RULES_FINGERPRINT
