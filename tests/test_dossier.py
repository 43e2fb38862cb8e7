"""The case dossier PDF: the whole case, contacts only for those allowed, the download logged."""

import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from initiatives.audit.models import AuditEntry
from initiatives.extensions import db


def _pdf(response):
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def test_the_dossier_holds_the_whole_case_and_is_tagged(demo_world, test_case, signed_in):
    reader, text = _pdf(signed_in("noord").get(f"/initiatives/{test_case['initiative_id']}/dossier.pdf"))
    assert "Moestuin op het veldje aan de Merelstraat" in text
    assert "Jan belde over het veldje." in text  # the timeline
    assert "wijzen naar elkaar" in text  # a barrier
    assert "jan@example.org" in text  # the owner's team may see contacts
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert "Moestuin op het veldje" in reader.metadata.title


@pytest.mark.parametrize("username", ["zuid", "secretaris"])
def test_others_get_the_dossier_without_contact_details(demo_world, test_case, signed_in, username):
    _reader, text = _pdf(signed_in(username).get(f"/initiatives/{test_case['initiative_id']}/dossier.pdf"))
    assert "Moestuin op het veldje" in text
    assert "jan@example.org" not in text
    assert "Jan Jansen" not in text
    assert "0612345678" not in text


def test_the_download_is_logged(demo_world, test_case, signed_in):
    signed_in("secretaris").get(f"/initiatives/{test_case['initiative_id']}/dossier.pdf")
    with demo_world.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "export.dossier"))
        assert entry.actor.username == "secretaris"
        assert entry.data == {"personal_data": False}
        assert entry.initiative_id == test_case["initiative_id"]


def test_admins_get_no_dossier(demo_world, test_case, signed_in):
    assert (
        signed_in("beheer").get(f"/initiatives/{test_case['initiative_id']}/dossier.pdf").status_code == 403
    )
