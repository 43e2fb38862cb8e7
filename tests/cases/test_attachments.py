"""Files on a case: size limit, content sniffing, storage outside static/, access on download."""

import io
import re
from pathlib import Path

import pytest

from config import BASE_DIR
from initiatives.cases.attachments import clean_filename
from initiatives.cases.models import Attachment
from initiatives.extensions import db
from tests.cases.conftest import count, field_error
from tests.conftest import csrf_token_from

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001"
)


def _upload(client, case_id, data, filename):
    token = csrf_token_from(client.get(f"/initiatives/{case_id}").get_data(as_text=True))
    return client.client.post(
        f"/initiatives/{case_id}/files",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("data", "filename", "content_type"),
    [
        (PDF, "begroting.pdf", "application/pdf"),
        (PNG, "foto.png", "image/png"),
        (b"Notulen van de bewonersavond", "notulen.txt", "text/plain"),
        (b"Notulen, maar met een valse naam", "notulen.pdf", "text/plain"),  # the content decides
    ],
)
def test_allowed_files_are_kept_with_their_sniffed_type(
    demo_world, test_case, signed_in, data, filename, content_type
):
    response = _upload(signed_in("noord"), test_case["initiative_id"], data, filename)
    assert response.status_code == 302
    with demo_world.app_context():
        attachment = db.session.query(Attachment).order_by(Attachment.id.desc()).first()
        assert (attachment.content_type, attachment.size) == (content_type, len(data))


GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
#: A GIF that is a web page too: what follows the header is HTML a browser would run as a page.
POLYGLOT = GIF + b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;<script>alert(1)</script>"


def _latest_file(app):
    with app.app_context():
        attachment = db.session.query(Attachment).order_by(Attachment.id.desc()).first()
        return attachment.id, attachment.filename, attachment.content_type


@pytest.mark.parametrize(
    ("data", "filename", "kept_as", "content_type"),
    [
        (b"Notulen, maar met een valse naam", "notulen.pdf", "notulen.txt", "text/plain"),
        (b"Gewoon tekst, geen webpagina", "page.html", "page.txt", "text/plain"),
        (POLYGLOT, "polyglot.gif.html", "polyglot.gif", "image/gif"),
        (b"Factuur 2026-014: 120 euro", "invoice\u202efdp.exe", "invoicefdp.txt", "text/plain"),
        (b"Factuur", "factuur\u2067\u200f\u202atekst\u2069\u200e.txt", "factuurtekst.txt", "text/plain"),
        (PDF, "scan", "scan.pdf", "application/pdf"),
        (PNG, "foto.PNG", "foto.PNG", "image/png"),
        (b"naam;wijk\nJan;Noord\n", "deelnemers.csv", "deelnemers.csv", "text/csv"),
    ],
)
def test_a_file_is_kept_and_offered_under_a_name_that_fits_its_content(
    demo_world, test_case, signed_in, data, filename, kept_as, content_type
):
    noord = signed_in("noord")
    case_id = test_case["initiative_id"]
    assert _upload(noord, case_id, data, filename).status_code == 302
    attachment_id, stored_name, stored_type = _latest_file(demo_world)
    assert (stored_name, stored_type) == (kept_as, content_type)
    download = noord.get(f"/initiatives/{case_id}/files/{attachment_id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert kept_as.encode("ascii", "ignore").decode() in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == content_type


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "page.html"),
        (b"\n  <html><body onload=alert(1)>", "notities.txt"),  # by content, whatever the name
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "kaart.svg"),
        (b"\xef\xbb\xbf<!-- kaart --><svg></svg>", "kaart.txt"),
    ],
)
def test_html_and_svg_are_refused_with_the_formats_that_are_accepted(
    demo_world, test_case, signed_in, data, filename
):
    response = _upload(signed_in("noord"), test_case["initiative_id"], data, filename)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "file") == (
        "HTML- en SVG-bestanden kunnen niet bij een zaak worden bewaard, omdat een browser zou kunnen "
        "uitvoeren wat erin staat. Gebruik een pdf, een afbeelding (PNG, JPEG, GIF of WebP), een "
        "kantoordocument (Word, Excel, PowerPoint of OpenDocument), tekst (.txt of .csv) of een "
        "e-mail (.eml of .msg)."
    )
    assert count(demo_world, Attachment) == 1  # only the test case's own file


def test_a_file_kept_under_another_extension_before_is_offered_under_a_fitting_one(
    demo_world, test_case, signed_in
):
    with demo_world.app_context():
        attachment = db.session.get(Attachment, test_case["attachment_id"])
        attachment.filename = "plattegrond.html"  # as files were named before
        db.session.commit()
    download = signed_in("noord").get(
        f"/initiatives/{test_case['initiative_id']}/files/{test_case['attachment_id']}"
    )
    assert download.headers["Content-Disposition"] == "attachment; filename=plattegrond.txt"
    assert download.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200), "virus.exe"),
        (bytes(range(256)) * 4, "data.bin"),
    ],
)
def test_other_kinds_of_files_are_refused(demo_world, test_case, signed_in, data, filename):
    response = _upload(signed_in("noord"), test_case["initiative_id"], data, filename)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "file").startswith("Dit soort bestand")
    assert count(demo_world, Attachment) == 1  # only the test case's own file


@pytest.mark.parametrize("app_config", [{"MAX_ATTACHMENT_BYTES": 1024}])
def test_files_over_the_limit_are_refused(demo_world, test_case, signed_in):
    noord = signed_in("noord")
    response = _upload(noord, test_case["initiative_id"], b"x" * 1025, "groot.txt")
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "file") == "Het bestand is groter dan 1 kB."
    too_big = _upload(noord, test_case["initiative_id"], b"x" * (1024 + 2 * 1024 * 1024), "enorm.txt")
    assert too_big.status_code == 413
    assert "Bestand te groot" in too_big.get_data(as_text=True)


WAY_BACK = re.compile(r'<a class="utrecht-button-link[^"]*" href="([^"]+)">([^<]+)</a>')


def _way_back(response):
    match = WAY_BACK.search(response.get_data(as_text=True))
    return match.groups() if match else None


@pytest.mark.parametrize("app_config", [{"MAX_ATTACHMENT_BYTES": 1024}])
def test_a_file_too_large_for_the_app_names_the_limit_and_leads_back_to_the_case(
    demo_world, test_case, signed_in
):
    """Werkzeug refuses the request before the view (MAX_CONTENT_LENGTH); the page still knows
    the case it was sent to."""
    case_id = test_case["initiative_id"]
    response = _upload(signed_in("noord"), case_id, b"x" * (3 * 1024 * 1024), "enorm.txt")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Het bestand is groter dan 1 kB, het grootste dat een initiatief kan bewaren." in page
    assert _way_back(response) == (
        f"/initiatives/{case_id}#files",
        "Terug naar het initiatief “Moestuin op het veldje aan de Merelstraat”",
    )


def test_a_file_the_proxy_refused_gets_the_same_page(demo_world, test_case, signed_in):
    """nginx's `error_page 413 /file-too-large?from=$request_uri` (docs/deployment.md)."""
    case_id = test_case["initiative_id"]
    response = signed_in("noord").get(f"/file-too-large?from=/initiatives/{case_id}/files")
    assert response.status_code == 413
    assert "Het bestand is groter dan 20 MB" in response.get_data(as_text=True)
    assert _way_back(response) == (
        f"/initiatives/{case_id}#files",
        "Terug naar het initiatief “Moestuin op het veldje aan de Merelstraat”",
    )


def test_the_way_back_names_no_case_to_whom_may_not_read_it(demo_world, test_case):
    case_id = test_case["initiative_id"]
    response = demo_world.test_client().get(f"/file-too-large?from=/initiatives/{case_id}/files")
    assert response.status_code == 413
    assert _way_back(response) == (f"/initiatives/{case_id}#files", "Terug naar het initiatief")
    assert "Moestuin" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("sent_to", "way_back"),
    [
        (
            "/initiatives/new/email",
            ("/initiatives/new/email", "Terug naar een initiatief openen vanuit een e-mail"),
        ),
        ("/initiatives/999999/files", None),  # no such case
        ("/somewhere/else", None),
        ("https://example.org/initiatives/1/files", None),
        ("", None),
    ],
)
def test_the_way_back_after_the_proxys_refusal(demo_world, signed_in, sent_to, way_back):
    response = signed_in("noord").get("/file-too-large", query_string={"from": sent_to})
    assert response.status_code == 413
    assert _way_back(response) == way_back


def test_files_are_stored_outside_static_under_random_names(demo_world, test_case, attachment_dir):
    with demo_world.app_context():
        attachment = db.session.get(Attachment, test_case["attachment_id"])
        path = Path(attachment_dir) / attachment.storage_key
        assert path.read_bytes() == b"Het veldje ligt achter nummer 12."
        assert "plattegrond" not in attachment.storage_key
        assert not path.resolve().is_relative_to(BASE_DIR / "static")


def test_download_is_an_attachment_for_those_who_work_on_the_case_only(demo_world, test_case, signed_in):
    url = f"/initiatives/{test_case['initiative_id']}/files/{test_case['attachment_id']}"
    response = signed_in("noord").get(url)
    assert response.status_code == 200
    assert response.data == b"Het veldje ligt achter nummer 12."
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # Readers of the case who do not work on it: a file's content cannot be anonymised.
    for reader in ("zuid", "secretaris"):
        refused = signed_in(reader).get(url)
        assert refused.status_code == 403
        assert "alleen wie aan dit initiatief werkt kan ze openen" in refused.get_data(as_text=True)
        assert b"Het veldje" not in refused.data
    assert signed_in("beheer").get(url).status_code == 403
    other_case_url = f"/initiatives/{test_case['initiative_id'] + 999}/files/{test_case['attachment_id']}"
    assert signed_in("noord").get(other_case_url).status_code == 404


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("factuur\u202efdp.exe", "factuurfdp.exe"),  # a right-to-left override would show "exe.pdf"
        ("plan\u2028van\u2029aanpak.pdf", "planvanaanpak.pdf"),
        ("regel\x85.txt", "regel.txt"),
        ("../../etc/passwd", "passwd"),
        ("map\\\\brief.docx", "brief.docx"),
        ("\u200b.verborgen", "verborgen"),
        ("Buurtfeest Zuid 😀.jpg", "Buurtfeest Zuid 😀.jpg"),
    ],
)
def test_file_names_lose_folders_and_invisible_characters(sent, kept):
    assert clean_filename(sent) == kept
