"""The barrier and help forms preselect nothing the figures count (a choice the user did not make
skews the dashboard), and the help's department is asked only when it applies, never dropped."""

import re

import pytest
import sqlalchemy as sa

from initiatives.barriers.models import Help, HelpCategory
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.models import Department
from tests.api.conftest import ApiClient, issue_token
from tests.cases.conftest import count, field_error


@pytest.fixture
def noord(signed_in):
    return signed_in("noord")


def _select(page, select_id):
    return re.search(rf'<select[^>]*id="{select_id}"[^>]*>.*?</select>', page, re.S).group(0)


def _selected(select):
    return re.findall(r"<option selected[^>]*>([^<]*)</option>", select)


def _case_page(client, test_case):
    return client.get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("select_id", "placeholder"),
    [
        ("barrier-category", "Kies een soort drempel…"),
        ("barrier-department", "Kies een afdeling…"),
        ("help-category", "Kies een soort hulp…"),
        ("help-department", "Kies een afdeling…"),
    ],
)
def test_the_forms_preselect_no_category_or_department(test_case, noord, select_id, placeholder):
    select = _select(_case_page(noord, test_case), select_id)
    assert _selected(select) == [placeholder]
    assert re.search(r'<option selected value="">', select)


def test_no_help_provider_is_preselected(test_case, noord):
    page = _case_page(noord, test_case)
    assert not re.search(r'<input checked[^>]*name="help-provider"', page)


def _apply_form(page, help_id):
    start = page.index(f"/helps/{help_id}/applied")
    return page[start : page.index("</form>", start)]


@pytest.fixture
def granted_help(demo_world, test_case, noord):
    case_url = f"/initiatives/{test_case['initiative_id']}"
    response = noord.submit(
        f"{case_url}/helps/{test_case['help_id']}/decision",
        {
            "status": "granted",
            "on": local_today().isoformat(),
            "decided_by": "wethouder De Boer",
            "version": "1",
        },
        form_url=case_url,
    )
    assert response.status_code == 302
    return test_case["help_id"]


def test_applying_a_help_preselects_no_effect(demo_world, test_case, noord, granted_help):
    form = _apply_form(_case_page(noord, test_case), granted_help)
    select = re.search(r"<select.*?</select>", form, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select)[0] == "Kies het effect…"
    assert "selected" not in select  # the browser shows the first option: the one asking to choose


def test_applying_a_help_without_an_effect_is_refused(demo_world, test_case, noord, granted_help):
    case_url = f"/initiatives/{test_case['initiative_id']}"
    response = noord.submit(
        f"{case_url}/helps/{granted_help}/applied",
        {"on": local_today().isoformat(), "version": "2"},
        form_url=case_url,
    )
    assert response.status_code == 422
    assert "Kies voor elke drempel een effect." in response.get_data(as_text=True)
    with demo_world.app_context():
        assert db.session.get(Help, granted_help).applied_on is None


def _department_id(app):
    with app.app_context():
        return db.session.scalar(sa.select(Department.id).limit(1))


def test_a_department_for_a_help_nobody_asked_of_it_is_refused_not_dropped(demo_world, test_case, noord):
    with demo_world.app_context():
        budget = db.session.scalar(sa.select(HelpCategory.id).filter_by(code="budget"))
    case_url = f"/initiatives/{test_case['initiative_id']}"
    response = noord.submit(
        f"{case_url}/helps",
        {
            "help-category": str(budget),
            "help-provider": "alderman",
            "help-department": str(_department_id(demo_world)),
            "help-requested_on": local_today().isoformat(),
        },
        form_url=case_url,
    )
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "help-department").startswith(
        "Een afdeling wordt alleen vastgelegd als die de hulp geeft"
    )
    assert count(demo_world, Help) == 1

    api = ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))
    answer = api.post(
        f"/api/v1/initiatives/{test_case['initiative_id']}/helps",
        json={"category": "budget", "provider": "alderman", "department": _department_id(demo_world)},
    )
    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["department"]
    assert count(demo_world, Help) == 1


def test_the_department_is_asked_only_when_a_department_provides(test_case, noord):
    page = _case_page(noord, test_case)
    wrapper = re.search(r'<div data-shown-when="help-provider=department">.*?</select>', page, re.S).group(0)
    assert "Nodig als een afdeling de hulp geeft." in wrapper
    assert "niet verplicht" not in wrapper
