"""Similar open cases: true matches found over unrelated ideas in the same street, contact persons
in any notation, and only what the reader may know of each case."""

import pytest

from initiatives.auth.users import find_user
from initiatives.cases import operations
from initiatives.cases.contact_keys import email_key, phone_key
from initiatives.cases.similar import NewCase, distance_metres, nearby_box, similar_cases
from initiatives.cases.stages import Result, Stage
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.conftest import open_test_case

NO_CONTACT = []


def _contact(name, email="", phone=""):
    return [operations.InitiatorDetails(name=name, email=email, phone=phone)]


#: (key, title, description, address, contact persons): the open cases of Noord.
FIXTURE = [
    (
        "garden",
        "Moestuin op het braakliggende veldje",
        "Een groep buren wil op het veldje achter de Merelstraat samen groente kweken in bakken.",
        "Merelstraat 12",
        _contact("Fatima el Idrissi", "fatima@example.org", "06-12345678"),
    ),
    (
        "benches",
        "Bankjes langs de Merelstraat",
        "Ouderen missen een plek om te zitten bij de bushalte in de Merelstraat.",
        "Merelstraat 40",
        _contact("Kees de Vries", "kees@example.org"),
    ),
    (
        "speed",
        "Verkeersdrempel in de Merelstraat",
        "Er wordt te hard gereden; ouders vragen om drempels voor de veiligheid van de kinderen.",
        "Merelstraat 3",
        _contact("Ans Bakker", phone="013-5551234"),
    ),
    (
        "cafe",
        "Buurtcafé in het oude postkantoor",
        "Bewoners willen een ontmoetingsplek met koffie en een leestafel openen.",
        "Kerkplein 1",
        NO_CONTACT,
    ),
    (
        "facades",
        "Geveltuinen in de Vogelwijk",
        "Stoeptegels eruit, planten erin: een actie voor groene gevels in de hele buurt.",
        "",
        NO_CONTACT,
    ),
]


@pytest.fixture
def noord_cases(demo_world):
    with demo_world.app_context():
        ids = {}
        for key, title, description, address, initiators in FIXTURE:
            case = open_test_case(
                title=title, description=description, address=address, initiators=initiators
            )
            ids[key] = case.id
        db.session.commit()
        return ids


def _similar(app, username="noord", **fields):
    with app.test_request_context():
        reader = find_user(username)
        fields.setdefault("neighbourhood_id", find_neighbourhood("WK999902").id)
        return [
            (match.initiative.id, match.score, match.reasons)
            for match in similar_cases(NewCase(**fields), reader)
        ]


def _ids(matches):
    return [case_id for case_id, _score, _reasons in matches]


@pytest.mark.parametrize(
    ("title", "description", "expected"),
    [
        (
            "Groentetuin op het veldje",
            "Buren achter de Merelstraat willen samen groente telen op het lege veldje.",
            "garden",
        ),
        ("Moestuin veldje Merelstraat", "", "garden"),
        ("Zitbankjes bij de bushalte", "Voor ouderen die op de bus wachten in de Merelstraat.", "benches"),
        ("Te hard rijden in de Merelstraat", "Buurtouders willen een drempel, voor de veiligheid.", "speed"),
        ("Koffie-ontmoetingsplek", "Een buurtcafé met leestafel in het oude postkantoor.", "cafe"),
    ],
)
def test_a_true_match_ranks_first_above_unrelated_ideas_in_the_same_street(
    noord_cases, demo_world, title, description, expected
):
    matches = _similar(demo_world, title=title, description=description, address="Merelstraat 20")
    assert _ids(matches)[0] == noord_cases[expected]
    assert "similar_text" in matches[0][2]


def test_an_unrelated_idea_in_the_same_street_is_no_strong_match(noord_cases, demo_world):
    matches = _similar(
        demo_world,
        title="Kunstwerk op de rotonde",
        description="Een kunstenaar uit de buurt wil een beeld maken.",
        address="Merelstraat 7",
    )
    for _case_id, score, reasons in matches:
        assert "similar_text" not in reasons
        assert score < 0.5


def test_the_score_is_between_0_and_1_and_orders_the_items(noord_cases, demo_world):
    matches = _similar(
        demo_world,
        title="Moestuin op het veldje",
        description="Samen groente kweken achter de Merelstraat.",
        email="FATIMA@example.org",
        address="Merelstraat 12",
    )
    scores = [score for _case_id, score, _reasons in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 1 for score in scores)
    assert matches[0][0] == noord_cases["garden"]
    assert set(matches[0][2]) >= {"similar_text", "same_contact_email", "same_address", "same_neighbourhood"}


@pytest.mark.parametrize("notation", ["06-12345678", "+31 6 1234 5678", "0031612345678", "(06) 123 456 78"])
def test_the_same_phone_number_in_any_notation_finds_its_contact_person(noord_cases, demo_world, notation):
    matches = _similar(demo_world, title="Vraag over een subsidie", phone=notation, neighbourhood_id=None)
    assert _ids(matches) == [noord_cases["garden"]]
    assert matches[0][2] == ["same_contact_phone"]


def test_a_landline_without_area_code_separator_is_the_same_number(noord_cases, demo_world):
    matches = _similar(demo_world, phone="+31135551234", neighbourhood_id=None)
    assert _ids(matches) == [noord_cases["speed"]]


def test_the_e_mail_address_matches_whatever_its_case(noord_cases, demo_world):
    matches = _similar(demo_world, email="  Kees@EXAMPLE.org ", neighbourhood_id=None)
    assert _ids(matches) == [noord_cases["benches"]]
    assert matches[0][2] == ["same_contact_email"]


def test_contact_keys_spell_every_notation_the_same():
    assert {phone_key(number) for number in ("06-12345678", "+31 6 1234 5678", "0031612345678")} == {
        "+31612345678"
    }
    assert phone_key("06-12345678, 013-5551234") == "+31612345678"
    assert phone_key("") is None
    assert phone_key("geen nummer") is None
    assert email_key(" Anna@Example.NL ") == "anna@example.nl"


def test_closed_and_withdrawn_cases_are_not_suggested(noord_cases, demo_world):
    with demo_world.app_context():
        noord = find_user("noord")
        garden = db.session.get(operations.Initiative, noord_cases["garden"])
        operations.withdraw_case(garden, noord, reason="Dubbel geregistreerd.")
        db.session.commit()
    assert _similar(demo_world, email="fatima@example.org", neighbourhood_id=None) == []
    with demo_world.app_context():
        noord = find_user("noord")
        benches = db.session.get(operations.Initiative, noord_cases["benches"])
        operations.move_case(
            benches, noord, Stage.CLOSED, reason="Klaar.", result=Result.REALISED, lessons="Snel gegaan."
        )
        db.session.commit()
    assert _similar(demo_world, email="kees@example.org", neighbourhood_id=None) == []


def test_a_reader_who_may_not_see_the_contacts_never_finds_a_case_by_them(noord_cases, demo_world):
    """zuid reads Noord's cases but does not work on them: no contact or address match, which
    would tell who is behind the case."""
    for fields in ({"email": "fatima@example.org"}, {"phone": "0612345678"}, {"address": "Merelstraat 12"}):
        assert _similar(demo_world, username="zuid", neighbourhood_id=None, **fields) == []
    matches = _similar(
        demo_world,
        username="zuid",
        title="Moestuin op het veldje",
        description="Samen groente kweken.",
        email="fatima@example.org",
        neighbourhood_id=None,
    )
    assert _ids(matches)[0] == noord_cases["garden"]
    assert all(set(reasons) == {"similar_text"} for _case_id, _score, reasons in matches)


def test_a_name_in_a_text_is_no_match_for_who_reads_it_anonymised(demo_world):
    with demo_world.app_context():
        case = open_test_case(
            title="Speeltuin opknappen",
            description="Fatima el Idrissi belt namens de ouders.",
            initiators=_contact("Fatima el Idrissi", "fatima@example.org"),
        )
        db.session.commit()
        case_id = case.id
    own = _similar(demo_world, title="Fatima Idrissi", neighbourhood_id=None)
    assert _ids(own) == [case_id]
    assert _similar(demo_world, username="zuid", title="Fatima Idrissi", neighbourhood_id=None) == []


def test_a_neighbourhood_alone_suggests_nothing(noord_cases, demo_world):
    assert _similar(demo_world, title="Iets heel anders") == []


def _place(app, case_id, latitude, longitude):
    with app.app_context():
        case = db.session.get(operations.Initiative, case_id)
        case.latitude, case.longitude = latitude, longitude
        db.session.commit()


#: The Piushaven's south quay in Tilburg, and points about 150 m north and 400 m north of it.
QUAY = (51.551000, 5.092000)
NEAR_QUAY = (51.552350, 5.092000)
FAR_FROM_QUAY = (51.554600, 5.092000)


def test_distances_and_the_lookup_box():
    assert distance_metres(*QUAY, *NEAR_QUAY) == pytest.approx(150, abs=1)
    assert distance_metres(*QUAY, *FAR_FROM_QUAY) == pytest.approx(400, abs=1)
    assert distance_metres(*QUAY, *QUAY) == 0
    south, north, west, east = nearby_box(*QUAY)
    # The box holds every point within 250 m: north, south, east and west of the middle.
    assert south < QUAY[0] - 0.0022 < QUAY[0] + 0.0022 < north
    assert distance_metres(*QUAY, QUAY[0], east) == pytest.approx(250, abs=1)
    assert distance_metres(*QUAY, QUAY[0], west) == pytest.approx(250, abs=1)


def test_a_case_nearby_the_same_place_is_found_with_its_reason(noord_cases, demo_world):
    _place(demo_world, noord_cases["cafe"], *NEAR_QUAY)
    _place(demo_world, noord_cases["benches"], *FAR_FROM_QUAY)
    matches = _similar(
        demo_world,
        title="Koffie-ontmoetingsplek",
        description="Een buurtcafé met leestafel in het oude postkantoor.",
        latitude=QUAY[0],
        longitude=QUAY[1],
        neighbourhood_id=None,
    )
    assert matches[0][0] == noord_cases["cafe"]
    assert matches[0][2] == ["similar_text", "same_location"]
    assert all(
        "same_location" not in reasons for case_id, _s, reasons in matches if case_id != noord_cases["cafe"]
    )
    # The same idea, but the other case is elsewhere: similar, yet not nearby, and scored lower.
    _place(demo_world, noord_cases["cafe"], *FAR_FROM_QUAY)
    elsewhere = _similar(
        demo_world,
        title="Koffie-ontmoetingsplek",
        description="Een buurtcafé met leestafel in het oude postkantoor.",
        latitude=QUAY[0],
        longitude=QUAY[1],
        neighbourhood_id=None,
    )
    assert elsewhere[0][2] == ["similar_text"]
    assert elsewhere[0][1] < matches[0][1]


def test_a_nearby_case_is_found_by_its_point_alone_beyond_the_other_lookups(noord_cases, demo_world):
    """A case the text search would not bring, in another wijk, is a candidate by its point; with
    its similar text it is suggested, and an unrelated idea on the same spot is not."""
    with demo_world.app_context():
        other = open_test_case(
            username="zuid",
            wijk="WK999903",
            title="Speelplek aan de kade opknappen",
            description="Ouders willen nieuwe toestellen bij het water.",
            initiators=NO_CONTACT,
        )
        db.session.commit()
        other_id = other.id
    _place(demo_world, other_id, *NEAR_QUAY)
    assert _similar(demo_world, latitude=QUAY[0], longitude=QUAY[1], neighbourhood_id=None) == []
    matches = _similar(
        demo_world,
        title="Speeltoestellen aan de kade",
        description="Nieuwe toestellen voor de kinderen bij het water.",
        latitude=QUAY[0],
        longitude=QUAY[1],
        neighbourhood_id=None,
    )
    assert _ids(matches) == [other_id]
    assert matches[0][2] == ["similar_text", "same_location"]


def test_the_location_is_compared_for_a_reader_who_may_not_see_the_contacts(noord_cases, demo_world):
    """A location is where the idea takes place, never a home address: zuid, who may not see who
    is behind Noord's cases, still learns that one is planned on the same spot."""
    _place(demo_world, noord_cases["garden"], *NEAR_QUAY)
    matches = _similar(
        demo_world,
        username="zuid",
        title="Moestuin op het veldje",
        description="Samen groente kweken.",
        address="Merelstraat 12",
        latitude=QUAY[0],
        longitude=QUAY[1],
        neighbourhood_id=None,
    )
    assert _ids(matches)[0] == noord_cases["garden"]
    assert matches[0][2] == ["similar_text", "same_location"]
