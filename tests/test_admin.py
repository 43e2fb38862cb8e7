"""The admin's pages: accounts, neighbourhoods and departments."""

import re

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth.models import User
from initiatives.extensions import db
from initiatives.organisation.models import Department, Neighbourhood
from tests.conftest import Browser


@pytest.fixture
def admin(signed_in):
    return signed_in("beheer")


def _scalar(app, query):
    with app.app_context():
        return db.session.scalar(query)


def _id_of(app, model, **filters):
    return _scalar(app, sa.select(model.id).filter_by(**filters))


def _field_error(page, field_id):
    match = re.search(rf'id="{field_id}-error">\s*<p>(.*?)</p>', page, re.S)
    return match.group(1) if match else None


def test_admin_creates_a_neighbourhood_manager(demo_world, admin):
    noord = _id_of(demo_world, Neighbourhood, code="WK999902")
    response = admin.submit(
        "/admin/users/new",
        {
            "username": "Wijk.West",
            "full_name": "Willemijn West",
            "email": "w.west@voorbeeldstad.example",
            "role": "neighbourhood_manager",
            "neighbourhoods": [str(noord)],
            "password": "correct horse battery staple",
        },
    )
    assert response.status_code == 302
    with demo_world.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "wijk.west"))
        assert user.neighbourhood_codes == ["WK999902"]
        assert user.check_password("correct horse battery staple")
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "user.created", AuditEntry.object_id == user.id)
        )
        assert entry.actor.username == "beheer"
        assert "password" not in str(entry.data)
    assert (
        Browser(demo_world.test_client()).login("wijk.west", "correct horse battery staple").status_code
        == 302
    )


def test_invalid_account_shows_dutch_errors_beside_each_field_and_saves_nothing(demo_world, admin):
    count_before = _scalar(demo_world, sa.select(sa.func.count()).select_from(User))
    response = admin.submit(
        "/admin/users/new",
        {
            "username": "met spatie",
            "email": "geen-adres",
            "role": "neighbourhood_manager",
            "password": "kort",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        _field_error(page, "username")
        == "Gebruik alleen letters, cijfers, punten, koppeltekens en liggende streepjes."
    )
    assert _field_error(page, "email") == "Vul een geldig e-mailadres in."
    assert _field_error(page, "neighbourhoods") == "Kies minstens één wijk voor een wijkmanager."
    assert _field_error(page, "password") == "Gebruik minstens 12 tekens."
    assert 'aria-invalid="true"' in page
    assert 'value="met spatie"' in page  # the user's input is kept
    assert _scalar(demo_world, sa.select(sa.func.count()).select_from(User)) == count_before


def test_username_must_be_unique(demo_world, admin):
    response = admin.submit(
        "/admin/users/new",
        {"username": "NOORD", "role": "secretary", "password": "long enough password"},
    )
    assert "De gebruikersnaam noord is al in gebruik." in response.get_data(as_text=True)


def test_only_neighbourhood_managers_get_wijken(demo_world, admin):
    noord = _id_of(demo_world, Neighbourhood, code="WK999902")
    response = admin.submit(
        "/admin/users/new",
        {
            "username": "sec2",
            "role": "secretary",
            "neighbourhoods": [str(noord)],
            "password": "long enough password",
        },
    )
    assert _field_error(response.get_data(as_text=True), "neighbourhoods") is not None


def test_admin_deactivates_an_account(demo_world, admin):
    zuid_id = _id_of(demo_world, User, username="zuid")
    zuid = Browser(demo_world.test_client())
    zuid.login("zuid")
    form = admin.get(f"/admin/users/{zuid_id}").get_data(as_text=True)
    version = re.search(r'id="version" name="version" type="hidden" value="(\d+)"', form).group(1)
    wijk_ids = [str(_id_of(demo_world, Neighbourhood, code=code)) for code in ("WK999903", "WK999904")]
    response = admin.submit(
        f"/admin/users/{zuid_id}",
        {
            "full_name": "Sem Jansen",
            "email": "zuid@voorbeeldstad.example",
            "role": "neighbourhood_manager",
            "neighbourhoods": wijk_ids,
            "version": version,
        },  # "active" unchecked
    )
    assert response.status_code == 302
    assert _scalar(demo_world, sa.select(User.active).where(User.id == zuid_id)) is False
    assert zuid.get("/").status_code == 302  # their session has ended
    assert "gedeactiveerd" in admin.get("/admin/users").get_data(as_text=True)


def test_stale_account_edit_is_refused_and_keeps_the_input(demo_world, admin):
    user_id = _id_of(demo_world, User, username="secretaris")
    data = {"full_name": "Mijn versie", "role": "secretary", "active": "y", "version": "1"}
    assert admin.submit(f"/admin/users/{user_id}", data).status_code == 302  # version 1 -> 2
    response = admin.submit(f"/admin/users/{user_id}", {**data, "full_name": "Oude versie"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Iemand anders heeft" in page
    assert 'value="Oude versie"' in page
    assert _scalar(demo_world, sa.select(User.full_name).where(User.id == user_id)) == "Mijn versie"


def test_user_list_filters_and_paginates(demo_world, admin):
    page = admin.get("/admin/users?role=neighbourhood_manager").get_data(as_text=True)
    assert "noord" in page
    assert ">secretaris</a>" not in page
    assert ">beheer</a>" not in admin.get("/admin/users?q=jansen").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"PAGE_SIZE": 2}])
def test_user_list_paginates(demo_world, admin):
    first = admin.get("/admin/users").get_data(as_text=True)
    second = admin.get("/admin/users?page=2").get_data(as_text=True)
    assert "Pagina 1 van 2" in first
    assert "beheer" in first
    assert "zuid" in second
    assert admin.get("/admin/users?page=99").status_code == 200


@pytest.mark.parametrize(
    ("code", "parent_code", "message"),
    [
        ("WK12", None, "Een wijkcode bestaat uit WK en zes cijfers, bijvoorbeeld WK036301."),
        ("BU99990201", None, "Een wijkcode bestaat uit WK en zes cijfers, bijvoorbeeld WK036301."),
        ("BU1234", "WK999902", "Een buurtcode bestaat uit BU en acht cijfers, bijvoorbeeld BU03630102."),
        ("BU12345601", "WK999902", "Een buurtcode begint met de cijfers van de wijk (999902)."),
        ("WK999902", None, "De code WK999902 is al in gebruik."),
    ],
)
def test_neighbourhood_codes_are_checked(demo_world, admin, code, parent_code, message):
    parent = _id_of(demo_world, Neighbourhood, code=parent_code) if parent_code else 0
    response = admin.submit(
        "/admin/neighbourhoods/new", {"code": code, "name": "Nieuw", "parent": str(parent)}
    )
    assert _field_error(response.get_data(as_text=True), "code") == message
    assert _id_of(demo_world, Neighbourhood, name="Nieuw") is None


def test_admin_adds_a_buurt_to_a_wijk(demo_world, admin):
    noord = _id_of(demo_world, Neighbourhood, code="WK999902")
    response = admin.submit(
        "/admin/neighbourhoods/new",
        {"code": "bu99990209", "name": "Nieuwe Akkers", "parent": str(noord), "active": "y"},
        form_url=f"/admin/neighbourhoods/new?parent={noord}",
    )
    assert response.status_code == 302
    assert (
        _scalar(demo_world, sa.select(Neighbourhood.parent_id).where(Neighbourhood.code == "BU99990209"))
        == noord
    )
    assert "Nieuwe Akkers" in admin.get("/admin/neighbourhoods").get_data(as_text=True)


def test_admin_retires_a_neighbourhood_and_keeps_it(demo_world, admin):
    oost = _id_of(demo_world, Neighbourhood, code="WK999904")
    response = admin.submit(
        f"/admin/neighbourhoods/{oost}", {"code": "WK999904", "name": "Oost", "parent": "0", "version": "1"}
    )
    assert response.status_code == 302
    assert _scalar(demo_world, sa.select(Neighbourhood.active).where(Neighbourhood.id == oost)) is False


def test_departments_are_unique_regardless_of_case(demo_world, admin):
    response = admin.submit("/admin/departments/new", {"name": "openbare ruimte", "active": "y"})
    assert (
        _field_error(response.get_data(as_text=True), "name")
        == "Er bestaat al een afdeling met de naam openbare ruimte."
    )


def test_admin_renames_a_department(demo_world, admin):
    department = _id_of(demo_world, Department, name="Vastgoed")
    response = admin.submit(
        f"/admin/departments/{department}", {"name": "Vastgoed en Grondzaken", "active": "y", "version": "1"}
    )
    assert response.status_code == 302
    assert "Vastgoed en Grondzaken" in admin.get("/admin/departments").get_data(as_text=True)


@pytest.mark.parametrize(
    "url", ["/admin/users/999999", "/admin/neighbourhoods/999999", "/admin/departments/999999"]
)
def test_unknown_records_give_a_dutch_404(admin, url):
    response = admin.get(url)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_admin_adds_renames_and_retires_a_skill(demo_world, admin):
    response = admin.submit(
        "/admin/lists/skills/new",
        {"code": "coaching", "label_nl": "Coachen", "label_en": "Coaching", "position": "16", "active": "y"},
    )
    assert response.status_code == 302
    from initiatives.vocabularies.models import Skill

    skill_id = _id_of(demo_world, Skill, code="coaching")
    response = admin.submit(
        f"/admin/lists/skills/{skill_id}",
        {
            "label_nl": "Coachen van bewoners",
            "label_en": "Coaching residents",
            "position": "2",
            "version": "1",
        },
    )
    assert response.status_code == 302
    with demo_world.app_context():
        skill = db.session.get(Skill, skill_id)
        assert (skill.code, skill.label_nl, skill.active) == ("coaching", "Coachen van bewoners", False)
    page = admin.get("/admin/lists/skills").get_data(as_text=True)
    assert "Coachen van bewoners" in page
    assert "buiten gebruik" in page


@pytest.mark.parametrize(
    ("code", "fragment"), [("Bad Code", "kleine letters"), ("listening", "al in gebruik")]
)
def test_term_codes_are_checked(demo_world, admin, code, fragment):
    response = admin.submit(
        "/admin/lists/skills/new",
        {"code": code, "label_nl": "X", "label_en": "X", "position": "1", "active": "y"},
    )
    assert fragment in (_field_error(response.get_data(as_text=True), "code") or "")


def test_an_unknown_list_is_not_found(admin):
    assert admin.get("/admin/lists/passwords").status_code == 404
