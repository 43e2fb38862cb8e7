"""Real journeys through the app, as a user clicks them."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, login

OUTLOOK_SAMPLE = Path(__file__).parents[1] / "intake" / "mail_samples" / "outlook_signature.msg"


def test_admin_creates_a_neighbourhood_manager_who_then_signs_in(demo_world, live_server, page):
    login(page, live_server, "beheer")
    page.goto(f"{live_server}/admin/users/new")
    page.fill("#username", "wijkmanager.noord")
    page.fill("#full_name", "Daan Bakker")
    page.fill("#email", "daan.bakker@voorbeeldstad.example")
    page.locator("input[name=role][value=neighbourhood_manager]").check()
    page.get_by_label("Noord (WK999902)", exact=True).check()
    page.fill("#password", "een-lang-startwachtwoord")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(f"{live_server}/admin/users")
    expect(page.locator("main")).to_contain_text("wijkmanager.noord")

    page.locator("header").get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(f"{live_server}/login")

    login(page, live_server, "wijkmanager.noord", "een-lang-startwachtwoord")
    expect(page.locator("h1")).to_have_text("Mijn werk")
    expect(page.locator("main")).to_contain_text("Noord")


def _move(page, stage_label, **fields):
    page.get_by_label(stage_label, exact=True).check()
    for field, value in fields.items():
        if field == "result":
            page.select_option("#result", value)
        else:
            page.fill(f"#{field}", value)
    page.get_by_role("button", name="Fase wijzigen").click()


def test_manager_logs_a_phone_call_and_follows_it_to_a_closed_result(demo_world, live_server, page):
    login(page, live_server, "noord")
    page.get_by_role("link", name="Eerste contact registreren").first.click()
    page.fill("#initiator_name", "Ayla Demir")
    page.fill("#initiator_phone", "06-23456789")
    page.fill("#title", "Pluktuin op het schoolplein")
    page.fill("#description", "Ouders willen fruitstruiken op het schoolplein.")
    page.select_option("#neighbourhood", label="Noord (WK999902)")
    page.select_option("#channel", "phone")
    page.fill("#first_note", "Ayla belde namens de ouderraad.")
    page.get_by_role("button", name="Initiatief openen").click()

    expect(page.locator("h1")).to_have_text("Pluktuin op het schoolplein")
    expect(page.locator("main")).to_contain_text("Ayla belde namens de ouderraad.")
    assert_no_axe_violations(page)

    # Skipping without a reason is refused with a message beside the field, and passes axe.
    _move(page, "Praktische ondersteuning")
    expect(page.locator("#reason-error")).to_be_visible()
    assert_no_axe_violations(page)

    for stage in [
        "Situatie in kaart brengen",
        "Investeren in relaties",
        "Bouwen aan oplossingen met draagvlak",
        "Aansluiting binnen en buiten",
        "Praktische ondersteuning",
    ]:
        _move(page, stage)
        expect(page.locator(".case-meta")).to_contain_text(stage)

    _move(page, "Afgerond", result="realised", lessons="De ouderraad nam het onderhoud op zich.")
    expect(page.locator(".case-meta")).to_contain_text("Afgerond: Gerealiseerd")
    history = page.locator(".stage-history li")
    expect(history).to_have_count(7)
    expect(history.last).to_contain_text("Afgerond")
    assert_no_axe_violations(page)


def test_conflict_view_shows_both_versions(demo_world, test_case, live_server, page, new_page):
    url = f"{live_server}/initiatives/{test_case['initiative_id']}/edit"
    login(page, live_server, "noord")
    page.goto(url)
    other = new_page()
    login(other, live_server, "noord")
    other.goto(url)
    other.fill("#title", "Pluktuin Merelstraat")
    other.get_by_role("button", name="Opslaan").click()

    page.fill("#title", "Groentetuin Merelstraat")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".conflict")).to_contain_text("Pluktuin Merelstraat")
    expect(page.locator("#title")).to_have_value("Groentetuin Merelstraat")
    assert_no_axe_violations(page)


def _matrix_cell(page, barrier_label, help_label):
    """The number in the dashboard's barrier x help matrix for one pair of categories."""
    table = page.locator("#matrix ~ * table, section:has(#matrix) table").first
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    column = next(index for index, text in enumerate(headers) if text.startswith(help_label))
    row = table.locator("tbody tr", has=page.locator("th", has_text=barrier_label)).first
    return int(row.locator("th, td").nth(column).inner_text().strip() or 0)


def test_a_barrier_resolved_by_backing_moves_the_dashboard(demo_world, test_case, live_server, page):
    barrier, backing = "Strikt beleid", "Rugdekking"
    login(page, live_server, "noord")
    page.goto(f"{live_server}/dashboard")
    before = _matrix_cell(page, barrier, backing)

    page.goto(f"{live_server}/initiatives/{test_case['initiative_id']}")
    page.get_by_text("Drempel vastleggen", exact=True).first.click()
    page.select_option("#barrier-category", label="Strikt beleid, wet- en regelgeving")
    page.fill("#barrier-description", "De APV staat geen moestuin in de berm toe.")
    page.select_option("#barrier-department", label="Geen bepaalde afdeling")
    page.get_by_role("button", name="Drempel vastleggen").click()
    expect(page.locator("#barriers")).to_contain_text("De APV staat geen moestuin")

    page.get_by_text("Hulp vragen", exact=True).first.click()
    page.select_option("#help-category", label="Rugdekking (bestuurlijk of management)")
    page.get_by_label("de wethouder", exact=True).check()
    page.get_by_label(
        "Strikt beleid, wet- en regelgeving: De APV staat geen moestuin in de berm toe."
    ).check()
    page.get_by_role("button", name="Hulp vragen").click()

    # Helps are listed newest first; the test case already had a request for backing.
    card = page.locator("article.record-card:has(.status-badge--requested)", has_text="Rugdekking").first
    card.get_by_label("Toegekend").check()
    card.get_by_label("Besloten door").fill("Wethouder De Boer")
    card.get_by_role("button", name="Besluit vastleggen").click()

    card = page.locator("article.record-card:has(.status-badge--granted)", has_text="Rugdekking").first
    card.get_by_label("Effect op: Strikt beleid, wet- en regelgeving").select_option("resolved")
    card.get_by_role("button", name="Als toegepast vastleggen").click()
    expect(page.locator("#barriers")).to_contain_text("opgelost")
    assert_no_axe_violations(page)

    page.goto(f"{live_server}/dashboard")
    assert _matrix_cell(page, barrier, backing) == before + 1
    assert_no_axe_violations(page)


def test_secretary_previews_and_downloads_the_council_report(demo_world, test_case, live_server, page):
    login(page, live_server, "secretaris")
    page.get_by_role("link", name="Raadsinformatiebrief").first.click()
    page.get_by_label("Noord", exact=True).check()
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(page.locator(".report-preview")).to_contain_text("Moestuin op het veldje")
    expect(page.locator(".report-preview")).not_to_contain_text("Jan Jansen")
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_manager_opens_a_case_from_an_outlook_message(demo_world, live_server, page):
    """A real Outlook file (tests/intake/mail_samples/README.md) through the upload page."""
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/new/email")
    page.set_input_files("#message", str(OUTLOOK_SAMPLE))
    page.select_option("#neighbourhood", label="Noord (WK999902)")
    page.get_by_role("button", name="Initiatief openen").click()

    expect(page.locator("h1")).to_have_text("Idee: moestuin op het veldje aan de Kastanjelaan")
    expect(page.locator("main")).to_contain_text("Gaëlle van 't Hof")
    files = page.locator("#files")
    expect(files).to_contain_text("e-mail 2026-03-02.msg")
    expect(files).to_contain_text("plan moestuin.pdf")
    assert_no_axe_violations(page)


def test_a_file_that_is_no_email_says_how_to_save_one_from_outlook(demo_world, live_server, page, tmp_path):
    not_an_email = tmp_path / "notulen.msg"
    not_an_email.write_bytes(OUTLOOK_SAMPLE.read_bytes()[:1536])  # cut off: no message in it
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/new/email")
    page.set_input_files("#message", str(not_an_email))
    page.get_by_role("button", name="Initiatief openen").click()

    error = page.locator("#message-error")
    expect(error).to_contain_text("Kies een e-mail die is opgeslagen als .eml of .msg.")
    expect(error).to_contain_text("Bestand > Opslaan als")
    assert_no_axe_violations(page)
