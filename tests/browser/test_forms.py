"""Forms that cannot mislead, in the browser: the hand-over is confirmed by the colleague's name,
and a save opens the long case page at its error summary or its confirmation, focused."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, login


def _active_id(page):
    return page.evaluate("() => document.activeElement.id")


def _open_case(page, live_server, test_case):
    login(page, live_server, "noord")
    url = f"{live_server}/initiatives/{test_case['initiative_id']}"
    page.goto(url)
    return url


def test_the_hand_over_asks_for_confirmation_naming_the_colleague(demo_world, test_case, live_server, page):
    url = _open_case(page, live_server, test_case)
    page.get_by_text("Zaak overdragen", exact=True).click()
    owner = page.locator("#handover-owner")
    expect(owner).to_have_value("")  # nobody preselected
    owner.select_option(label="Sem Jansen")
    page.get_by_role("button", name="Overdragen…").click()

    expect(page.locator("h1")).to_have_text("De zaak overdragen aan Sem Jansen?")
    expect(page.locator("main")).to_contain_text("Noor de Vries, tot nu toe de eigenaar, blijft in het team.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, overdragen aan Sem Jansen").click()

    expect(page).to_have_url(f"{url}#team-confirmation")
    confirmation = page.locator("#team-confirmation")
    expect(confirmation).to_contain_text("De zaak is overgedragen aan Sem Jansen.")
    expect(confirmation).to_be_in_viewport()
    assert _active_id(page) == "team-confirmation"
    expect(page.locator("#history")).to_contain_text("Zaak overgedragen: Noor de Vries → Sem Jansen")


def test_the_hand_over_can_be_called_off(demo_world, test_case, live_server, page):
    url = _open_case(page, live_server, test_case)
    page.get_by_text("Zaak overdragen", exact=True).click()
    page.locator("#handover-owner").select_option(label="Sem Jansen")
    page.get_by_role("button", name="Overdragen…").click()
    page.get_by_role("link", name="Nee, terug naar de zaak").click()
    expect(page).to_have_url(f"{url}#team")
    expect(page.locator(".case-meta")).to_contain_text("eigenaar Noor de Vries")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_refused_save_opens_at_the_error_summary(demo_world, test_case, live_server, new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    url = _open_case(page, live_server, test_case)
    page.get_by_label("Praktische ondersteuning", exact=True).check()  # a skip, without a reason
    page.get_by_role("button", name="Fase wijzigen").click()

    expect(page).to_have_url(re.compile(r"/move#error-summary$"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_in_viewport()
    expect(page.locator("#error-summary:focus")).to_have_count(1)
    assert _active_id(page) == "error-summary"
    expect(summary).to_contain_text("Niet opgeslagen")
    if javascript:
        assert_no_axe_violations(page)

    summary.get_by_role("link", name=re.compile("^Reden: ")).click()
    assert _active_id(page) == "reason"
    expect(page.locator("#reason")).to_be_in_viewport()
    assert page.url.startswith(url)


def test_a_successful_save_opens_at_its_confirmation(demo_world, test_case, live_server, page):
    url = _open_case(page, live_server, test_case)
    page.get_by_text("Activiteit toevoegen", exact=True).click()
    page.select_option("#kind", label="Telefoongesprek")
    page.fill("#note", "Met Jan gebeld over de planning.")
    page.get_by_role("button", name="Toevoegen aan tijdlijn").click()

    expect(page).to_have_url(f"{url}#timeline-confirmation")
    confirmation = page.locator("#timeline-confirmation")
    expect(confirmation).to_contain_text("De activiteit is toegevoegd aan de tijdlijn.")
    expect(confirmation).to_be_in_viewport()
    expect(page.locator("#timeline-heading")).to_be_in_viewport()  # with the section it belongs to
    assert _active_id(page) == "timeline-confirmation"


def test_a_record_s_refused_save_opens_at_its_message(demo_world, test_case, live_server, page):
    _open_case(page, live_server, test_case)
    card = page.locator("article.record-card:has(.status-badge--requested)", has_text="Rugdekking").first
    card.get_by_role("button", name="Besluit vastleggen").click()  # neither granted nor refused

    message = page.locator(f"#help-{test_case['help_id']}-error")
    expect(message).to_be_in_viewport()
    assert _active_id(page) == f"help-{test_case['help_id']}-error"


def test_the_help_s_department_is_asked_only_when_a_department_provides(
    demo_world, test_case, live_server, page
):
    _open_case(page, live_server, test_case)
    page.get_by_text("Hulp vragen", exact=True).first.click()
    department = page.locator("#help-department")
    expect(department).to_be_hidden()
    page.get_by_label("een afdeling", exact=True).check()
    expect(department).to_be_visible()
    department.select_option(index=1)
    page.get_by_label("de wethouder", exact=True).check()
    expect(department).to_be_hidden()
    expect(department).to_be_disabled()  # not sent along unseen


def test_the_page_for_a_file_too_large_is_accessible(demo_world, test_case, live_server, page):
    login(page, live_server, "noord")
    response = page.goto(f"{live_server}/file-too-large?from=/initiatives/{test_case['initiative_id']}/files")
    assert response.status == 413
    page.get_by_role("link", name=re.compile("^Terug naar het initiatief")).focus()
    assert_no_axe_violations(page)
