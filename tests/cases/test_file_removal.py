"""A file uploaded by mistake is removed by whoever uploaded it or the case's owner, with a reason:
the stored file is deleted once that is committed, the entry stays in the history."""

import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import REDACTED
from initiatives.auth.accounts import create_user
from initiatives.auth.users import find_user
from initiatives.cases import team
from initiatives.cases.attachments import add_attachment, path_of, remove_attachment
from initiatives.cases.models import Attachment, Initiative
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.cases.conftest import field_error
from tests.conftest import DEMO_PASSWORD

REASON = "Verkeerd bestand: de brief van Jan Jansen hoort bij een andere zaak."


def _urls(test_case, attachment_id=None):
    base = f"/initiatives/{test_case['initiative_id']}/files/{attachment_id or test_case['attachment_id']}"
    return base, f"{base}/remove"


def _stored_path(app, attachment_id):
    with app.app_context():
        return path_of(db.session.get(Attachment, attachment_id))


def test_removing_a_file_asks_for_a_reason_deletes_it_and_keeps_the_entry(demo_world, test_case, signed_in):
    noord = signed_in("noord")
    download, remove = _urls(test_case)
    case_url = f"/initiatives/{test_case['initiative_id']}"
    stored = _stored_path(demo_world, test_case["attachment_id"])
    assert stored.is_file()
    assert f'href="{remove}"' in noord.get(case_url).get_data(as_text=True)
    confirmation = noord.get(remove).get_data(as_text=True)
    assert "Dit bestand verwijderen?" in confirmation
    assert "plattegrond.txt" in confirmation

    refused = noord.submit(remove, {"reason": " "})
    assert refused.status_code == 422
    assert field_error(refused.get_data(as_text=True), "reason") == "Geef een reden."
    assert stored.is_file()

    response = noord.submit(remove, {"reason": REASON})
    assert response.status_code == 302
    assert response.location == f"{case_url}#files"
    assert not stored.exists()  # deleted once committed

    page = noord.get(case_url).get_data(as_text=True)
    assert "<del>plattegrond.txt</del>" in page
    assert "hoort bij een andere zaak" in page
    assert f'href="{download}"' not in page
    assert "Bestand verwijderd" in page  # the history
    gone = noord.get(download)
    assert gone.status_code == 410
    assert "per vergissing" in gone.get_data(as_text=True)
    # Those who do not work on the case do not see the removed file in the list.
    assert (
        "plattegrond.txt"
        not in signed_in("secretaris").get(case_url).get_data(as_text=True).split('id="history"')[0]
    )

    with demo_world.app_context():
        attachment = db.session.get(Attachment, test_case["attachment_id"])
        assert (attachment.filename, attachment.removed_by.username, attachment.remove_reason) == (
            "plattegrond.txt",
            "noord",
            REASON,
        )
        assert attachment.sha256 == ""
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "attachment.removed"))
        assert entry.data == {"reason": REDACTED, "content_type": "text/plain", "size": attachment.size}
    assert noord.get(remove).status_code == 302  # removed once


def test_a_removal_rolled_back_keeps_the_file(demo_world, test_case):
    stored = _stored_path(demo_world, test_case["attachment_id"])
    with demo_world.app_context():
        attachment = db.session.get(Attachment, test_case["attachment_id"])
        remove_attachment(attachment, find_user("noord"), reason=REASON)
        db.session.rollback()
    assert stored.is_file()
    with demo_world.app_context():
        assert db.session.get(Attachment, test_case["attachment_id"]).removed_at is None


def test_only_the_uploader_or_the_owner_removes_a_file(demo_world, test_case, signed_in):
    with demo_world.app_context():
        colleague = create_user(
            "teamlid",
            Role.NEIGHBOURHOOD_MANAGER,
            DEMO_PASSWORD,
            neighbourhoods=[find_neighbourhood("WK999903")],
            published_demo_password=True,
        )
        initiative = db.session.get(Initiative, test_case["initiative_id"])
        team.set_team(initiative, initiative.owner, [colleague])
        own = add_attachment(initiative, colleague, "verslag.txt", b"Verslag van het overleg.")
        db.session.commit()
        own_id = own.id
    team_member = signed_in("teamlid")
    assert team_member.get(_urls(test_case)[1]).status_code == 403
    assert team_member.submit(_urls(test_case, own_id)[1], {"reason": "Dubbel."}).status_code == 302
    assert signed_in("zuid").get(_urls(test_case)[1]).status_code == 403
    assert signed_in("secretaris").get(_urls(test_case)[1]).status_code == 403
    with demo_world.app_context():
        assert db.session.get(Attachment, test_case["attachment_id"]).removed_at is None
        assert db.session.get(Attachment, own_id).removed_at is not None
