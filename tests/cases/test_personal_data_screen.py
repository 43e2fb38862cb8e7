"""Residents' personal data in free text reaches only the case's team (issue 16).

One case holds its contact person's name, e-mail address, phone number and street address in every
free text: title, description, support asked for, next step, a timeline note (an e-mail's text),
a stage change's reason, a barrier's and a help's description, who decided on the help, the
lessons and a file name. It is read by its owner, a team member, a manager of another wijk, the
secretary and the admin through every channel; exactly the owner and the team see the data.
"""

import io
import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from initiatives.auth.accounts import create_user
from initiatives.auth.users import find_user
from initiatives.barriers import help_operations
from initiatives.barriers import operations as barriers
from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.cases import activities, team
from initiatives.cases import operations as cases
from initiatives.cases.attachments import add_attachment
from initiatives.cases.stages import Result, Stage
from initiatives.core.dates import local_today
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import DEMO_PASSWORD

NAME = "Ayşe Yılmaz"
EMAIL = "ayse.yilmaz@example.nl"
PHONE = "+31 6 2345 6789"
HOME = "Vinkenstraat 14, 1234 AB Voorbeeldstad"
#: A text that holds all of her, in other notations than the contact record's.
MENTION = "Ayse Yilmaz (Vinkenstraat 14, 1234AB; 06-23456789; ayse.yilmaz@example.nl)"

#: What must not reach a reader outside the team, however written (checked in folded text).
NEEDLES = ("yilmaz", "ayse", "ayse.yilmaz@example.nl", "vinkenstraat 14", "1234 ab", "1234ab")
#: Her phone number's digits; looked for in the text with everything but digits taken out.
PHONE_DIGITS = "623456789"

TEAM_MEMBER = "teamlid"
READERS_IN_TEAM = ("noord", TEAM_MEMBER)
READERS_OUTSIDE = ("zuid", "secretaris")


def folded(text):
    import unicodedata

    text = unicodedata.normalize("NFD", text.replace("ı", "i"))
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


def leaks(text):
    """The pieces of her data in `text`."""
    plain = folded(text)
    found = [needle for needle in NEEDLES if needle in plain]
    if PHONE_DIGITS in re.sub(r"\D", "", text):
        found.append("phone")
    return found


@pytest.fixture
def screened_case(demo_world):
    """The case, owned by noord in Noord, with a team member from no wijk; returns its id."""
    with demo_world.app_context():
        owner = find_user("noord")
        member = create_user(
            TEAM_MEMBER,
            Role.NEIGHBOURHOOD_MANAGER,
            DEMO_PASSWORD,
            full_name="Team Lid",
            published_demo_password=True,
        )
        initiative = cases.open_case(
            owner,
            title=f"Speeltuin bij {NAME}",
            description=f"Mail van {MENTION}: de speeltuin is kapot.",
            neighbourhood=find_neighbourhood("WK999902"),
            channel="email",
            received_on=local_today() - timedelta(days=20),
            support_requested=f"Geld voor een schommel, te bellen via {PHONE}.",
            next_step=f"Langs bij Vinkenstraat 14 ({NAME}).",
            initiators=[cases.InitiatorDetails(name=NAME, email=EMAIL, phone=PHONE, address=HOME)],
            first_note=f"Van: {NAME} <{EMAIL}>\nOnderwerp: speeltuin\n\nGroet, Ayşe\n{HOME}\n{PHONE}",
        )
        team.set_team(initiative, owner, [member])
        activities.add_activity(
            initiative,
            owner,
            kind="site_visit",
            happened_on=local_today() - timedelta(days=10),
            practice=Stage.MAPPING,
            note=f"Bij {MENTION} op bezoek.",
        )
        barrier = barriers.record_barrier(
            initiative,
            owner,
            category=db.session.scalar(sa.select(BarrierCategory).filter_by(code="silos")),
            description=f"Afdeling wil {NAME} zelf niet spreken.",
        )
        help_ = help_operations.request_help(
            initiative,
            owner,
            category=db.session.scalar(sa.select(HelpCategory).filter_by(code="backing")),
            provider="alderman",
            description=f"Wethouder belt {MENTION}.",
            barriers=[barrier],
        )
        help_operations.move_help(help_, owner, help_.version, "granted", decided_by=NAME)
        add_attachment(initiative, owner, f"brief {NAME} 06-23456789.txt", b"Brief van de bewoner.")
        cases.move_case(
            initiative,
            owner,
            Stage.CLOSED,
            reason=f"Gesloten na gesprek met {MENTION}.",
            result=Result.REALISED,
            lessons=f"Vroeg langsgaan bij {MENTION} hielp.",
            expected_version=initiative.version,
        )
        db.session.commit()
        return initiative.id


def _page(signed_in, username, url):
    response = signed_in(username).get(url)
    assert response.status_code == 200, (username, url, response.status_code)
    return response


def _api(app, username, url):
    response = ApiClient(app.test_client(), issue_token(app, username)).get(url)
    assert response.status_code == 200, (username, url, response.status_code)
    return response


def _api_text(app, username, url):
    """The API's answer as text with its characters as they are, not as JSON escapes."""
    return json.dumps(_api(app, username, url).get_json(), ensure_ascii=False)


def _pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _channels(app, signed_in, username, case_id):
    """Every channel a reader reads the case through: name -> text."""
    texts = {
        "case page": _page(signed_in, username, f"/initiatives/{case_id}").get_data(as_text=True),
        "case list": _page(signed_in, username, "/initiatives?stage=closed").get_data(as_text=True),
        "lessons page": _page(signed_in, username, "/lessons").get_data(as_text=True),
        "dossier": _pdf_text(_page(signed_in, username, f"/initiatives/{case_id}/dossier.pdf").data),
        "csv": _page(signed_in, username, "/initiatives/export.csv").get_data(as_text=True),
    }
    for name, path in {
        "API case": "",
        "API timeline": "/activities",
        "API barriers": "/barriers",
        "API helps": "/helps",
        "API history": "/history",
    }.items():
        texts[name] = _api_text(app, username, f"/api/v1/initiatives/{case_id}{path}")
    texts["API list"] = _api_text(app, username, "/api/v1/initiatives?stage=closed")
    return texts


@pytest.mark.parametrize("username", READERS_OUTSIDE)
def test_no_channel_shows_a_reader_outside_the_team_any_of_her_data(
    demo_world, signed_in, screened_case, username
):
    found = {
        channel: leaks(text)
        for channel, text in _channels(demo_world, signed_in, username, screened_case).items()
        if leaks(text)
    }
    assert found == {}


@pytest.mark.parametrize("username", READERS_IN_TEAM)
def test_the_owner_and_the_team_read_the_texts_as_written(demo_world, signed_in, screened_case, username):
    texts = _channels(demo_world, signed_in, username, screened_case)
    for channel in ("case page", "dossier", "API case", "API timeline", "API barriers", "API helps"):
        assert "phone" in leaks(texts[channel]) or "yilmaz" in leaks(texts[channel]), channel
    assert json.loads(texts["API case"])["personal_data_hidden"] is False
    assert "afgeschermd" not in texts["case page"]


def test_a_screened_page_and_api_read_say_so(demo_world, signed_in, screened_case):
    page = _page(signed_in, "zuid", f"/initiatives/{screened_case}").get_data(as_text=True)
    assert (
        "Persoonsgegevens van bewoners zijn afgeschermd; alleen het team van dit initiatief ziet ze." in page
    )
    for label in ("[naam]", "[adres]", "[telefoonnummer]", "[e-mailadres]"):
        assert label in page
    for path in ("", "/activities", "/barriers", "/helps"):
        body = _api(demo_world, "secretaris", f"/api/v1/initiatives/{screened_case}{path}").get_json()
        rows = [body] if "id" in body else body["items"]
        assert rows, path
        assert all(row["personal_data_hidden"] is True for row in rows), path


def test_the_admin_reads_the_audit_log_without_her_data(demo_world, signed_in, screened_case):
    page = _page(signed_in, "beheer", f"/admin/audit?initiative={screened_case}").get_data(as_text=True)
    assert "help.granted" in page or "help.updated" in page
    assert leaks(page) == []


def test_the_council_report_holds_none_of_her_data(demo_world, signed_in, screened_case):
    html = _page(signed_in, "secretaris", "/reports/council").get_data(as_text=True)
    assert leaks(html) == []


def test_the_anonymised_xlsx_holds_none_of_her_data(demo_world, signed_in, screened_case):
    import zipfile

    data = _page(signed_in, "secretaris", "/initiatives/export.xlsx").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))
    assert leaks(xml) == []


#: What a reader might search her by.
SEARCHES = ("Yilmaz", "Yılmaz", "ayse.yilmaz@example.nl", "06-23456789", "Vinkenstraat 14", "1234AB")


@pytest.mark.parametrize("username", READERS_OUTSIDE + READERS_IN_TEAM)
def test_only_the_team_finds_the_case_by_her_data(demo_world, signed_in, screened_case, username):
    link = f'href="/initiatives/{screened_case}"'
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, username))
    for words in SEARCHES:
        page = _page(signed_in, username, f"/initiatives?q={words}").get_data(as_text=True)
        found = [item["id"] for item in client.get(f"/api/v1/initiatives?q={words}").get_json()["items"]]
        if username in READERS_IN_TEAM:
            if words == "06-23456789":
                continue  # PostgreSQL's parser reads "-23456789" as a number: the team has no need
            assert link in page, words
            assert found == [screened_case], words
        else:
            assert link not in page, words
            assert found == [], words
    # a word of the case that names no one finds it for everyone
    page = _page(signed_in, username, "/initiatives?q=speeltuin").get_data(as_text=True)
    assert link in page
