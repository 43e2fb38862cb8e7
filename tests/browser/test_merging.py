"""Merging as a user clicks it: choosing the other case, the page that shows what moves, the
merged case with its banner, undoing; and a request the other owner confirms from the case page.
Each page state passes axe, at 1280 and at 390 px wide (the phone) without overflowing."""

import os

import pytest
from playwright.sync_api import expect

from initiatives.auth.users import find_user
from initiatives.extensions import db
from tests.browser.support import assert_no_axe_violations, login
from tests.conftest import open_test_case

#: Set to a folder to keep the pictures of the pages (e.g. to look at them).
PICTURES = os.environ.get("BRICOLEUR_MERGE_PICTURES")
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _look(page, name):
    """Check axe and that the page does not scroll sideways; keep a picture when asked."""
    assert_no_axe_violations(page)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow}px"
    if PICTURES:
        page.screenshot(path=f"{PICTURES}/{name}.png", full_page=True)


@pytest.fixture
def second_case(demo_world, test_case):
    with demo_world.app_context():
        into = open_test_case(title="Moestuin Merelstraat (tweede melding)")
        db.session.commit()
        return into.id


@pytest.mark.parametrize("size", list(WIDTHS))
def test_the_owner_merges_a_duplicate_and_undoes_it(
    demo_world, test_case, second_case, live_server, new_page, size
):
    page = new_page(viewport=WIDTHS[size])
    a, b = test_case["initiative_id"], second_case
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/{a}")
    page.get_by_role("link", name="Deze zaak samenvoegen met een andere zaak (dubbel geregistreerd)").click()
    expect(page.locator("h1")).to_have_text("Deze zaak samenvoegen met een andere zaak")
    _look(page, f"merge-choose-{size}")
    page.get_by_role("button", name="Verder: bekijk wat er verhuist").click()  # no number
    expect(page.locator("#into-error")).to_be_visible()
    _look(page, f"merge-choose-error-{size}")
    page.fill("#into", str(b))
    page.get_by_role("button", name="Verder: bekijk wat er verhuist").click()
    expect(page.locator("h1")).to_have_text(f"Zaak #{a} samenvoegen met zaak #{b}?")
    _look(page, f"merge-confirm-{size}")
    page.fill("#reason", "Dezelfde moestuin, twee keer gemeld.")
    page.get_by_role("button", name="Zaken samenvoegen").click()
    expect(page).to_have_url(f"{live_server}/initiatives/{b}#merging-confirmation")
    expect(page.locator("#timeline")).to_contain_text(f"uit zaak #{a}")
    _look(page, f"merge-into-case-{size}")

    page.goto(f"{live_server}/initiatives/{a}")
    expect(page.locator(".merged-banner")).to_contain_text(f"Deze zaak is samengevoegd met zaak #{b}")
    _look(page, f"merged-case-{size}")
    page.get_by_role("link", name="Deze samenvoeging ongedaan maken").click()
    expect(page.locator("h1")).to_have_text("Deze samenvoeging ongedaan maken?")
    _look(page, f"merge-undo-{size}")
    page.fill("#reason", "Toch twee verschillende plekken.")
    page.get_by_role("button", name="Samenvoeging ongedaan maken").click()
    expect(page.locator(".merged-banner")).to_have_count(0)
    expect(page.locator("#merging")).to_contain_text("Ongedaan gemaakt")


def test_the_other_owner_sees_the_request_and_declines_it(demo_world, test_case, live_server, page):
    a = test_case["initiative_id"]
    with demo_world.app_context():
        zuid = find_user("zuid")
        theirs = open_test_case("zuid", wijk=zuid.neighbourhoods[0].code, title="Groente bij de Merel")
        db.session.commit()
        b = theirs.id
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/{a}/merge")
    page.fill("#into", str(b))
    page.get_by_role("button", name="Verder: bekijk wat er verhuist").click()
    expect(page.locator("main")).to_contain_text("de samenvoeging gebeurt zodra die haar bevestigt")
    page.fill("#reason", "Lijkt hetzelfde plan.")
    page.get_by_role("button", name="Samenvoeging aanvragen").click()
    expect(page.locator("#merge-request")).to_contain_text("Een samenvoeging wacht op bevestiging")

    page.context.clear_cookies()
    login(page, live_server, "zuid")
    expect(page.locator(".merge-requests")).to_contain_text(f"zaak #{a} samen te voegen met zaak #{b}")
    _look(page, "merge-request-mijn-werk")
    page.get_by_role("link", name=f"Bevestigen of weigeren op zaak #{b}").click()
    _look(page, "merge-request-case")
    page.get_by_role("link", name="Weigeren", exact=True).click()
    expect(page.locator("h1")).to_have_text("Deze samenvoeging weigeren?")
    _look(page, "merge-decline")
    page.fill("#reason", "Een ander veldje.")
    page.get_by_role("button", name="Samenvoeging weigeren").click()
    expect(page.locator("#merging")).to_contain_text("Geweigerd")
