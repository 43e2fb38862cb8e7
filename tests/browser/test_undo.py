"""Undoing mistakes as a user clicks it: withdrawing a case (and taking it back), voiding a timeline
entry, removing a file. Each asks for a reason on a confirmation page; each page state passes axe."""

import re

from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, login


def _case_page(page, live_server, test_case):
    page.goto(f"{live_server}/initiatives/{test_case['initiative_id']}")


def test_a_manager_withdraws_a_case_after_confirming_and_takes_it_back(
    demo_world, test_case, live_server, page
):
    login(page, live_server, "noord")
    _case_page(page, live_server, test_case)
    page.get_by_role("link", name="Zaak intrekken (per vergissing of dubbel geregistreerd)").click()

    expect(page.locator("h1")).to_have_text("Deze zaak intrekken?")
    expect(page.locator("main")).to_contain_text("Er wordt niets verwijderd")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Zaak intrekken").click()  # without a reason
    expect(page.locator("#reason-error")).to_have_text("Geef een reden.")
    assert_no_axe_violations(page)
    expect(page.locator("h1")).to_have_text("Deze zaak intrekken?")  # nothing happened yet

    page.fill("#reason", "Dubbel geregistreerd, zie de zaak van gisteren.")
    page.get_by_role("button", name="Zaak intrekken").click()
    expect(page).to_have_url(f"{live_server}/initiatives/{test_case['initiative_id']}")
    banner = page.locator(".withdrawn-banner")
    expect(banner).to_contain_text("Deze zaak is ingetrokken")
    expect(banner).to_contain_text("Dubbel geregistreerd, zie de zaak van gisteren.")
    expect(page.locator(".case-meta")).to_contain_text("ingetrokken")
    expect(page.locator("#history")).to_contain_text("Zaak ingetrokken")
    assert_no_axe_violations(page)

    # It leaves the case list, and a filter shows it.
    page.goto(f"{live_server}/initiatives")
    expect(page.locator("main table")).not_to_contain_text("Moestuin op het veldje")
    page.select_option("#withdrawn", label="Met ingetrokken zaken")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("main table")).to_contain_text("Moestuin op het veldje")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Moestuin op het veldje aan de Merelstraat").click()
    page.get_by_role("link", name="Zaak terugnemen").click()
    expect(page.locator("h1")).to_have_text("Deze zaak terugnemen?")
    assert_no_axe_violations(page)
    page.fill("#reason", "Toch een ander initiatief.")
    page.get_by_role("button", name="Zaak terugnemen").click()
    expect(page.locator(".withdrawn-banner")).to_have_count(0)
    expect(page.locator("#history")).to_contain_text("Zaak teruggenomen")


def test_the_author_voids_a_timeline_entry_which_stays_struck_through(
    demo_world, test_case, live_server, page
):
    login(page, live_server, "noord")
    _case_page(page, live_server, test_case)
    entry = page.locator("#timeline .timeline__item", has_text="Jan belde over het veldje.")
    entry.get_by_role("link", name=re.compile("^Deze regel laten vervallen")).click()

    expect(page.locator("h1")).to_have_text("Deze regel op de tijdlijn laten vervallen?")
    expect(page.locator("main")).to_contain_text("Jan belde over het veldje.")
    assert_no_axe_violations(page)
    page.fill("#reason", "Hoort bij een andere zaak.")
    page.get_by_role("button", name="Regel laten vervallen").click()

    expect(page).to_have_url(re.compile(r"/initiatives/\d+#timeline$"))
    voided = page.locator("#timeline .timeline__item--voided")
    expect(voided).to_contain_text("Vervallen")
    expect(voided).to_contain_text("Hoort bij een andere zaak.")
    expect(voided.locator("del")).to_contain_text("Jan belde over het veldje.")
    expect(voided.get_by_role("link", name=re.compile("^Deze regel laten vervallen"))).to_have_count(0)
    assert (
        voided.locator("del").evaluate("node => getComputedStyle(node).textDecorationLine") == "line-through"
    )
    assert_no_axe_violations(page)


def test_the_owner_corrects_a_note_and_the_earlier_text_stays(demo_world, test_case, live_server, page):
    login(page, live_server, "noord")
    _case_page(page, live_server, test_case)
    page.get_by_role("link", name=re.compile("^Notitie corrigeren")).first.click()
    expect(page.locator("#note")).to_have_value("Jan belde over het veldje.")
    page.fill("#note", "Jan belde over het veldje achter nummer 12.")
    page.fill("#reason", "Het huisnummer ontbrak.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Correctie opslaan").click()
    entry = page.locator("#timeline .timeline__item", has_text="achter nummer 12")
    expect(entry).to_contain_text("gecorrigeerd")
    entry.get_by_text("Eerdere versie (1)").click()
    expect(entry.locator(".timeline__corrections")).to_contain_text("Eerder: Jan belde over het veldje.")
    assert_no_axe_violations(page)


def test_the_uploader_removes_a_file_after_confirming(demo_world, test_case, live_server, page):
    login(page, live_server, "noord")
    _case_page(page, live_server, test_case)
    page.locator("#files").get_by_role("link", name="Verwijderen plattegrond.txt").click()

    expect(page.locator("h1")).to_have_text("Dit bestand verwijderen?")
    expect(page.locator("main")).to_contain_text("plattegrond.txt")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Annuleren").click()  # changing one's mind keeps the file
    expect(page.locator("#files").get_by_role("link", name="plattegrond.txt", exact=True)).to_be_visible()

    page.locator("#files").get_by_role("link", name="Verwijderen plattegrond.txt").click()
    page.fill("#reason", "Verkeerd bestand.")
    page.get_by_role("button", name="Bestand verwijderen").click()
    expect(page).to_have_url(re.compile(r"/initiatives/\d+#files$"))
    files = page.locator("#files")
    expect(files.locator("del")).to_have_text("plattegrond.txt")
    expect(files).to_contain_text("Verkeerd bestand.")
    expect(files.get_by_role("link", name="plattegrond.txt", exact=True)).to_have_count(0)
    expect(page.locator("#history")).to_contain_text("Bestand verwijderd")
    assert_no_axe_violations(page)
