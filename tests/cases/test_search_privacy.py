"""Search finds a case by a resident's name, e-mail address, phone number or address only for those
who may see the case's contact details; everyone else searches its public document (issue 16)."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from initiatives.auth.users import find_user
from initiatives.cases import activities, contacts, operations, search, team
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Result, Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import open_test_case

DESCRIPTION = (
    "Ayşe Yılmaz (ayse.yilmaz@example.org, 0612345678) woont aan de Vinkenstraat 14, 9999 AB "
    "Voorbeeldstad. Ze wil een pluktuin met kruiden voor de hele buurt. Henk Oosterhuis helpt mee."
)
#: What the owner finds the case by, and no one else.
PERSONAL_QUERIES = [
    "Yilmaz",
    "Yılmaz",
    "Ayşe",
    "ayse.yilmaz@example.org",
    "0612345678",
    "Vinkenstraat",
    "9999 AB",
]
#: Managers of another wijk and the secretary: they read the case, not its contact details.
OTHERS = ["zuid", "secretaris"]


@pytest.fixture
def case_id(demo_world):
    """A case of noord's wijk whose contact person is named in its texts."""
    with demo_world.app_context():
        initiative = open_test_case(
            title="Pluktuin bij het speelveld",
            description=DESCRIPTION,
            initiators=[
                operations.InitiatorDetails(
                    name="Ayşe Yılmaz",
                    email="ayse.yilmaz@example.org",
                    phone="06-12345678",
                    address="Vinkenstraat 14, 9999 AB Voorbeeldstad",
                )
            ],
            first_note="Ayşe belde: de kruiden komen van de kwekerij.",
        )
        db.session.commit()
        return initiative.id


@pytest.fixture
def finds(demo_world, signed_in):
    """Return a function telling whether `username` finds the case by `words`, on the case list
    and in the API (both must agree)."""
    clients = {}

    def found(username, case_id, words):
        if username not in clients:
            clients[username] = (
                signed_in(username),
                ApiClient(demo_world.test_client(), issue_token(demo_world, username)),
            )
        browser, api = clients[username]
        page = browser.get("/initiatives", query_string={"q": words})
        assert page.status_code == 200
        listed = api.get(f"/api/v1/initiatives?q={words}")
        assert listed.status_code == 200
        on_page = f'href="/initiatives/{case_id}"' in page.get_data(as_text=True)
        in_api = case_id in [item["id"] for item in listed.get_json()["items"]]
        assert on_page == in_api, (username, words)
        return on_page

    return found


@pytest.mark.parametrize("words", PERSONAL_QUERIES)
def test_the_owner_finds_the_case_by_the_residents_data(case_id, finds, words):
    assert finds("noord", case_id, words)


@pytest.mark.parametrize("username", OTHERS)
@pytest.mark.parametrize("words", PERSONAL_QUERIES)
def test_others_do_not_find_the_case_by_the_residents_data(case_id, finds, username, words):
    assert not finds(username, case_id, words)


@pytest.mark.parametrize("username", ["noord", *OTHERS])
@pytest.mark.parametrize("words", ["pluktuin", "kruiden buurt", "kwekerij"])
def test_everyone_finds_the_case_by_its_other_words(case_id, finds, username, words):
    assert finds(username, case_id, words)


def test_a_contact_person_added_later_is_no_longer_found_by_others(demo_world, case_id, finds):
    assert finds("zuid", case_id, "Oosterhuis")  # only a name in the text, as yet
    with demo_world.app_context():
        initiative = db.session.get(Initiative, case_id)
        contacts.add_initiator(
            initiative, initiative.owner, operations.InitiatorDetails(name="Henk Oosterhuis")
        )
        db.session.commit()
    assert not finds("zuid", case_id, "Oosterhuis")
    assert not finds("secretaris", case_id, "Oosterhuis")
    assert finds("noord", case_id, "Oosterhuis")
    assert finds("zuid", case_id, "pluktuin")


def test_the_public_document_follows_edits_and_notes(demo_world, case_id, finds):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, case_id)
        owner = initiative.owner
        operations.update_case(initiative, owner, initiative.version, title="Kruidentuin voor Ayşe Yılmaz")
        activities.add_activity(
            initiative,
            owner,
            kind="call",
            happened_on=local_today(),
            practice=Stage.MAPPING,
            note="Wethouder komt kijken; Ayşe belt terug op 0687654321.",
        )
        db.session.commit()
    assert finds("zuid", case_id, "kruidentuin")
    assert finds("zuid", case_id, "wethouder")
    assert not finds("zuid", case_id, "Yilmaz")
    assert not finds("zuid", case_id, "0687654321")
    assert finds("noord", case_id, "0687654321")


def test_the_lessons_page_and_the_export_search_as_the_list_does(demo_world, case_id, signed_in):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, case_id)
        operations.move_case(
            initiative,
            initiative.owner,
            Stage.CLOSED,
            result=Result.REALISED,
            lessons="Ayşe Yılmaz hield de pluktuin bij met een rooster.",
        )
        db.session.commit()
    link = f'href="/initiatives/{case_id}"'
    for username, expected in (("noord", True), ("zuid", False), ("secretaris", False)):
        browser = signed_in(username)
        lessons = browser.get("/lessons", query_string={"q": "Yilmaz rooster"}).get_data(as_text=True)
        assert (link in lessons) == expected, username
        assert link in browser.get("/lessons", query_string={"q": "rooster"}).get_data(as_text=True)
        export = browser.get("/initiatives/export.csv", query_string={"q": "Yilmaz"}).get_data(as_text=True)
        assert (len(export.strip().splitlines()) == 2) == expected, username  # the header and the case


def test_flask_exports_prepare_makes_missing_public_documents(demo_world, case_id, finds):
    with demo_world.app_context():
        column = "initiative_id" if db.engine.dialect.name == "postgresql" else "rowid"
        db.session.execute(
            sa.text(f"DELETE FROM initiative_search_public WHERE {column} = :id"), {"id": case_id}
        )
        db.session.commit()
    assert not finds("zuid", case_id, "pluktuin")
    result = demo_world.test_cli_runner().invoke(args=["exports", "prepare"], catch_exceptions=False)
    assert "1 cases given" in result.output
    assert finds("zuid", case_id, "pluktuin")
    assert not finds("zuid", case_id, "Yilmaz")


def test_the_sql_rule_for_contact_details_is_the_models(demo_world):
    """`Initiative.contacts_visible_to` (for searches over many cases) agrees with
    `can_view_contacts` (for one case): owner, team, wijk with its buurten; never the secretary."""
    with demo_world.app_context():
        noord, zuid = find_user("noord"), find_user("zuid")
        cases = [
            open_test_case("noord", "WK999902"),  # noord's own, in noord's wijk
            open_test_case("zuid", "BU99990202"),  # zuid's, in a buurt of noord's wijk
            open_test_case("zuid", "WK999903"),  # zuid's, noord on the team
            open_test_case("zuid", "BU99990401"),  # zuid's, in a buurt of zuid's other wijk
            open_test_case("noord", "WK999905"),  # noord's own, in a wijk of neither
        ]
        team.set_team(cases[2], zuid, [noord])
        db.session.commit()
        ids = [case.id for case in cases]
        expected = {"noord": {0, 1, 2, 4}, "zuid": {1, 2, 3}, "secretaris": set(), "beheer": set()}
        for username, numbers in expected.items():
            user = find_user(username)
            visible = Initiative.contacts_visible_to(user)
            found = set()
            if visible is not None:
                found = set(
                    db.session.scalars(sa.select(Initiative.id).where(visible, Initiative.id.in_(ids)))
                )
            assert found == {case.id for case in cases if case.can_view_contacts(user)}, username
            assert found == {ids[number] for number in numbers}, username
        assert Initiative.contacts_visible_to(find_user("secretaris")) is None


def test_a_reader_of_none_searches_the_public_documents_only(demo_world, case_id):
    with demo_world.app_context():
        for words, expected in (("pluktuin", [case_id]), ("Yilmaz", [])):
            matches = search.ranked_matches(words, None)
            assert db.session.scalars(sa.select(matches.c.initiative_id)).all() == expected


def test_the_migration_fills_the_public_documents_from_the_current_copies(database_url, tmp_path):
    """Migration 0017 makes the public documents of the cases with a current public copy, as the
    app does: found by their words, not by the resident's (notes with her name included)."""
    from initiatives import create_app
    from initiatives.demo import operations as demo
    from tests.test_migrations import empty_database

    with empty_database(database_url, tmp_path) as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            demo.create_reference_data()
            demo.create_demo_accounts()
            initiative = open_test_case(
                description=DESCRIPTION,
                initiators=[operations.InitiatorDetails(name="Ayşe Yılmaz", phone="06-12345678")],
                first_note="Ayşe Yılmaz belde over de kwekerij.",
            )
            db.session.commit()
            case_id, secretary = initiative.id, find_user("secretaris")

            def found():
                return {
                    words: case_id
                    in db.session.scalars(
                        sa.select(search.ranked_matches(words, secretary).c.initiative_id)
                    ).all()
                    for words in (
                        "pluktuin",
                        "kwekerij",
                        "Yilmaz",
                        "Yılmaz",
                        "Ayşe",
                        "0612345678",
                        "Vinkenstraat",
                    )
                }

            made_by_the_app = found()
            db.session.commit()
            downgrade(revision="0016")
            upgrade()
            assert (
                found()
                == made_by_the_app
                == {
                    "pluktuin": True,
                    "kwekerij": True,
                    "Yilmaz": False,
                    "Yılmaz": False,
                    "Ayşe": False,
                    "0612345678": False,
                    "Vinkenstraat": False,
                }
            )
            db.session.remove()
            db.engine.dispose()
