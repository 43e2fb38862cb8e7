"""The intake page with the open cases that look alike: the first submit shows them, with no
axe violations and fitting a phone; a button adds the contact to the case instead."""

import pytest
from playwright.sync_api import expect

from initiatives.cases import operations
from initiatives.extensions import db
from tests.browser.support import assert_no_axe_violations, login
from tests.conftest import open_test_case

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def garden(demo_world):
    with demo_world.app_context():
        case = open_test_case(
            title="Moestuin op het braakliggende veldje achter de Merelstraat",
            description="Buren willen op het veldje achter de Merelstraat samen groente kweken.",
            initiators=[operations.InitiatorDetails(name="Fatima el Idrissi", phone="0612345678")],
        )
        db.session.commit()
        return case.id


def _fill_intake(page, live_server):
    page.goto(f"{live_server}/initiatives/new")
    page.fill("#initiator_name", "Fatima el Idrissi")
    page.fill("#initiator_phone", "+31 6 1234 5678")
    page.fill("#title", "Groentetuin op het veldje")
    page.fill("#description", "Samen groente telen op het lege veldje achter de Merelstraat.")
    page.select_option("#channel", "phone")
    page.locator("main form button[type=submit]").last.click()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_the_look_alikes_pass_axe_and_fit_the_screen(garden, live_server, new_page, viewport, tmp_path):
    page = new_page(viewport=viewport)
    login(page, live_server, "noord")
    _fill_intake(page, live_server)
    section = page.locator("#similar-cases")
    expect(section).to_be_visible()
    expect(section.locator("li")).to_have_count(1)
    expect(section).to_contain_text("Zelfde contactpersoon (telefoonnummer)")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    assert_no_axe_violations(page)
    page.screenshot(path=str(tmp_path / f"intake-similar-{viewport['width']}.png"), full_page=True)


def test_add_to_this_case_goes_to_the_case(garden, live_server, page):
    login(page, live_server, "noord")
    _fill_intake(page, live_server)
    page.locator("#similar-cases button[name=add_to]").click()
    expect(page).to_have_url(f"{live_server}/initiatives/{garden}")
    expect(page.locator("main")).to_contain_text(
        "De contactpersoon en het bericht zijn aan deze zaak toegevoegd."
    )


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_the_possible_duplicate_mark_passes_axe_and_fits(
    demo_world, garden, live_server, new_page, viewport, tmp_path
):
    from initiatives.auth.users import find_user
    from initiatives.cases import duplicates
    from initiatives.cases.models import Initiative
    from initiatives.cases.similar import Match

    with demo_world.app_context():
        other = open_test_case(title="Moestuin, via de algemene mailbox")
        duplicates.mark_possible_duplicate(
            other, find_user("noord"), [Match(initiative=db.session.get(Initiative, garden), score=0.6)]
        )
        db.session.commit()
        other_id = other.id
    page = new_page(viewport=viewport)
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/{other_id}")
    expect(page.locator(".possible-duplicate")).to_contain_text("Mogelijk dubbel")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    assert_no_axe_violations(page)
    page.screenshot(path=str(tmp_path / f"possible-duplicate-{viewport['width']}.png"))
    page.get_by_role("button", name="Niet dubbel: markering weghalen").click()
    expect(page.locator("main")).to_contain_text("De markering mogelijk dubbel is weggehaald.")
    expect(page.locator(".possible-duplicate")).to_have_count(0)
