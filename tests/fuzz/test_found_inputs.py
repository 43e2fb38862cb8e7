"""Input that an exploratory run (some 250,000 hostile requests, 2026-12-06) found to cause a
server error; each now gets a clear answer, in the user's language where it is a page."""

import io
import json

import pytest
import sqlalchemy as sa

from initiatives.cases.models import Initiative
from initiatives.extensions import db
from initiatives.intake.mail import parse_mail
from tests.api.conftest import NOORD, issue_token
from tests.auth.second_factor import ADMIN_TOTP_SECRET, code_now
from tests.conftest import DEMO_PASSWORD, Browser, csrf_token_from

TOO_BIG = "9223372036854775808"  # 2**63: more than any database integer holds
SUPERSCRIPT_TWO = "%C2%B2"  # "²": str.isdigit() says yes, int() says no


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("noord", f"/initiatives?page={TOO_BIG}"),
        ("noord", "/initiatives?page=9223372036854775807"),
        ("noord", f"/lessons?page={TOO_BIG}"),
        ("beheer", f"/admin/users?page={TOO_BIG}"),
        ("noord", f"/initiatives?department={SUPERSCRIPT_TWO}"),
        ("noord", f"/initiatives?help_provider=department:{SUPERSCRIPT_TWO}"),
        ("secretaris", f"/initiatives/export.csv?department={SUPERSCRIPT_TWO}"),
        ("secretaris", f"/initiatives/export.xlsx?department={SUPERSCRIPT_TWO}"),
        ("beheer", f"/admin/audit?before={SUPERSCRIPT_TWO}"),
        ("beheer", f"/admin/audit?before={TOO_BIG}"),
    ],
)
def test_odd_numbers_in_a_url_are_ignored(demo_world, signed_in, username, url):
    assert signed_in(username).get(url).status_code == 200


def test_an_outcome_of_blanks_in_the_audit_filter_means_all_outcomes(demo_world, signed_in):
    client = signed_in("beheer")
    page = client.get("/admin/audit?outcome=%20")
    assert page.status_code == 200
    assert "Ongeldige keuze." not in page.get_data(as_text=True)
    assert "Ongeldige keuze." in client.get("/admin/audit?outcome=geen").get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "note"),
    [
        (f"department={SUPERSCRIPT_TWO}", "De afdeling “²” bestaat niet en is genegeerd."),
        ("from=9999-12-31", "De datum “9999-12-31” ligt niet tussen 1900 en 2999 en is genegeerd."),
        ("to=9999-12-31", "De datum “9999-12-31” ligt niet tussen 1900 en 2999 en is genegeerd."),
        ("from=0001-01-01", "De datum “0001-01-01” ligt niet tussen 1900 en 2999 en is genegeerd."),
    ],
)
def test_the_dashboard_ignores_odd_filters_with_a_note(demo_world, signed_in, query, note):
    response = signed_in("secretaris").get(f"/dashboard?{query}")
    assert response.status_code == 200
    assert note in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [f"department={SUPERSCRIPT_TWO}", "from=9999-10-01&to=9999-12-31"])
def test_the_dashboard_api_ignores_odd_filters(demo_world, query):
    client = demo_world.test_client()
    token = issue_token(demo_world, "secretaris")
    response = client.get(f"/api/v1/dashboard/barriers?{query}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_a_council_report_for_a_far_off_period_is_refused_with_a_message(demo_world):
    client = demo_world.test_client()
    token = issue_token(demo_world, "secretaris")
    response = client.get(
        "/api/v1/reports/council.pdf?from=2026-01-01&to=9999-12-31",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"to": ["Vul een datum in tussen 1900 en 2999."]}


def test_a_code_of_other_digits_is_a_wrong_code(demo_world):
    client = Browser(demo_world.test_client())
    response = client.submit("/login", {"username": "beheer", "password": DEMO_PASSWORD})
    assert response.location == "/login/code"
    refused = client.submit("/login/code", {"code": "²²²²²²"})
    assert refused.status_code == 200
    assert client.submit("/login/code", {"code": code_now(ADMIN_TOTP_SECRET)}).status_code == 302


# -- e-mail intake --------------------------------------------------------------------------------

MAIL = (
    b"From: Jan <jan@example.org>\r\nTo: wijk@example.nl\r\nSubject: %s\r\n"
    b"Content-Type: text/plain; charset=%s\r\n\r\nWe willen een moestuin.\r\n"
)


@pytest.mark.parametrize("charset", [b"rot13", b"base64", b"hex", b"zlib", b"uu"])
def test_a_charset_that_is_no_text_encoding_is_read_as_utf8(charset):
    mail = parse_mail(MAIL % (b"Moestuin", charset))
    assert mail.body == "We willen een moestuin."


@pytest.mark.parametrize("charset", [b"idna", b"punycode"])
def test_a_charset_that_cannot_replace_what_it_cannot_read_is_read_as_utf8(charset):
    mail = parse_mail(MAIL % (b"Moestuin", charset) + b"\xff\xfe")
    assert mail.body.startswith("We willen een moestuin.")


def test_a_nul_in_the_charset_of_a_part_is_ignored():
    mail = parse_mail(
        b"From: Jan <jan@example.org>\r\nSubject: Moestuin\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="grens"\r\n\r\n'
        b'--grens\r\nContent-Type: text/plain; charset="x\x00"\r\n\r\nWe willen een moestuin.\r\n'
        b"--grens--\r\n"
    )
    assert mail.body == "We willen een moestuin."


@pytest.mark.parametrize("subject", [b"=?x-unk\xdeown?q?hi?=", b"=?utf-8?b?AAAA=?x-unknown?q?hi?=\xa1"])
def test_a_malformed_encoded_word_in_a_header_is_kept_as_it_came(subject):
    mail = parse_mail(MAIL % (subject, b"utf-8"))
    assert mail.body == "We willen een moestuin."
    assert "?q?hi?=" in mail.subject


def test_an_uploaded_mail_with_such_a_charset_opens_a_case(demo_world, signed_in):
    client = signed_in("noord")
    with demo_world.app_context():
        wijk_id = db.session.scalar(
            sa.text("SELECT id FROM neighbourhoods WHERE code = :code"), {"code": NOORD}
        )
    token = csrf_token_from(client.get("/initiatives/new/email").get_data(as_text=True))
    response = client.client.post(
        "/initiatives/new/email",
        data={
            "csrf_token": token,
            "neighbourhood": str(wijk_id),
            "message": (io.BytesIO(MAIL % (b"Moestuin", b"rot13")), "bericht.eml"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302


# -- the JSON API ---------------------------------------------------------------------------------


def _count_cases(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Initiative))


@pytest.mark.parametrize(
    "body",
    [
        '{"title": "\\ud800", "neighbourhood": "WK999902", "channel": "phone", "received_on": "2026-11-01"}',
        '{"title": "Moestuin", "neighbourhood": "WK\\udfff", "channel": "phone", "received_on": "2026-11-01"}',
        '{"title\\ud83d": "Moestuin"}',
    ],
)
def test_a_lone_surrogate_in_json_is_refused_and_nothing_is_saved(demo_world, body):
    token = issue_token(demo_world, "noord")
    before = _count_cases(demo_world)
    response = demo_world.test_client().post(
        "/api/v1/initiatives",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "surrogaatteken" in response.get_json()["detail"]
    assert _count_cases(demo_world) == before


def test_json_nested_too_deeply_is_refused(demo_world):
    token = issue_token(demo_world, "noord")
    response = demo_world.test_client().post(
        "/api/v1/initiatives",
        data="[" * 5000,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "te diep genest" in response.get_json()["detail"]


def test_json_nested_deeply_but_readable_is_checked_without_recursion(demo_world):
    token = issue_token(demo_world, "noord")
    response = demo_world.test_client().post(
        "/api/v1/initiatives",
        data="[" * 900 + json.dumps("\x00") + "]" * 900,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "NUL" in response.get_json()["detail"]
