"""Every page the demo accounts can open passes axe-core's WCAG 2.1 A and AA checks, and the app
works with the keyboard and without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.access_policy import POLICY
from tests.browser.support import assert_no_axe_violations, login
from tests.conftest import url_ids

#: demo account -> the actor it plays in tests/access_policy.py
ROLE_ACCOUNTS = {"noord": "neighbourhood_manager", "secretaris": "secretary", "beheer": "admin"}
#: endpoints that answer with something other than an HTML page
NOT_HTML = {
    "static",
    "system.healthz",
    "cases.download",
    "reports.dossier",
    "reports.council_pdf",
    "reports.council_docx",
    "exports.cases_csv",
    "exports.cases_xlsx",
    "locations.map_features",
    "locations.map_shapes",
}


def _pages_per_account():
    for username, actor in ROLE_ACCOUNTS.items():
        for endpoint, (method, url, expected) in sorted(POLICY.items()):
            is_page = endpoint not in NOT_HTML and not url.startswith("/api/")
            if method == "GET" and is_page and expected[actor] == 200:
                yield pytest.param(username, url, id=f"{username}-{endpoint}")


@pytest.mark.parametrize(("username", "url_template"), list(_pages_per_account()))
def test_page_has_no_accessibility_violations(
    demo_world, test_case, live_server, page, username, url_template
):
    login(page, live_server, username)
    response = page.goto(live_server + url_template.format(**url_ids(demo_world, test_case)))
    assert response.status == 200
    assert_no_axe_violations(page)


def test_login_page_has_no_accessibility_violations(live_server, page):
    response = page.goto(f"{live_server}/login")
    assert response.status == 200
    assert_no_axe_violations(page)


def test_form_with_errors_has_no_accessibility_violations(demo_world, live_server, page):
    login(page, live_server, "beheer")
    page.goto(f"{live_server}/admin/users/new")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("username", [None, "beheer"], ids=["anonymous", "signed-in"])
def test_not_found_page_has_no_accessibility_violations(demo_world, live_server, page, username):
    if username:
        login(page, live_server, username)
    response = page.goto(f"{live_server}/no-such-page")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Pagina niet gevonden")
    assert_no_axe_violations(page)


def test_skip_link_is_the_first_focusable_element(live_server, page):
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({href: document.activeElement.getAttribute('href'),"
        " text: document.activeElement.textContent.trim()})"
    )
    assert focused == {"href": "#main", "text": "Naar de inhoud"}
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_pages_work_without_javascript(demo_world, live_server, new_page):
    page = new_page(java_script_enabled=False)
    login(page, live_server, "beheer")
    page.goto(f"{live_server}/admin/departments/new")
    page.fill("#name", "Duurzaamheid en Klimaat")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}/admin/departments")
    expect(page.locator("main table")).to_contain_text("Duurzaamheid en Klimaat")


@pytest.fixture
def undone_case(demo_world, test_case):
    """The test case withdrawn, its note corrected, a second entry voided and its file removed."""
    from initiatives.cases import activities, operations
    from initiatives.cases.attachments import remove_attachment
    from initiatives.cases.models import Activity, Attachment, Initiative
    from initiatives.extensions import db

    with demo_world.app_context():
        initiative = db.session.get(Initiative, test_case["initiative_id"])
        owner = initiative.owner
        first = db.session.get(Activity, test_case["activity_id"])
        activities.correct_activity(
            first, owner, note="Jan belde over het veldje achter nr. 12.", reason="Nr."
        )
        extra = activities.add_activity(
            initiative, owner, kind="email", happened_on=first.happened_on, practice="intake", note="Mail."
        )
        activities.void_activity(extra, owner, reason="Dubbel ingevoerd.")
        remove_attachment(db.session.get(Attachment, test_case["attachment_id"]), owner, reason="Verkeerd.")
        operations.withdraw_case(initiative, owner, reason="Dubbel geregistreerd.")
        db.session.commit()
    return test_case


@pytest.mark.parametrize("username", ["noord", "secretaris"])
def test_an_undone_case_has_no_accessibility_violations(demo_world, undone_case, live_server, page, username):
    """The banner of a withdrawn case, a voided entry (struck through), a corrected one and a
    removed file, as the team and as a reader outside it see them; and the list showing it."""
    login(page, live_server, username)
    page.goto(f"{live_server}/initiatives/{undone_case['initiative_id']}")
    expect(page.locator(".withdrawn-banner")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"{live_server}/initiatives?withdrawn=include")
    expect(page.locator(".withdrawn-badge").first).to_be_visible()
    assert_no_axe_violations(page)


PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
#: The page's width as it can be scrolled: more than the window's means it scrolls sideways.
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def challenge_pages(demo_world):
    """Two right-to-challenge cases of noord: one on a task the verordening excludes, its
    deadline moved to two days ago (flagged, overdue, in Mijn werk); one granted with its
    agreement, reviews and evaluation. Returns their ids and a task's id."""
    from datetime import timedelta

    from initiatives.auth.users import find_user
    from initiatives.challenges import operations
    from initiatives.core.dates import local_today
    from initiatives.extensions import db
    from tests.conftest import open_test_case

    with demo_world.app_context():
        admin, noord = find_user("beheer"), find_user("noord")
        mowing = operations.add_task(admin, name="Maaien van het groen in de wijk")
        permits = operations.add_task(
            admin,
            name="Verlenen van vergunningen",
            excluded=True,
            exclusion_reason="Publiekrechtelijke taken zijn uitgesloten (artikel 4 van de verordening).",
        )
        received = local_today() - timedelta(days=40)
        flagged = open_test_case(
            kind="right_to_challenge", title="Buurt wil vergunningen verlenen", received_on=received
        )
        operations.record_proposal(flagged, noord, task=permits, better_because="Wij kennen de buurt beter.")
        operations.change_deadline(flagged, noord, local_today() - timedelta(days=2), "Wachten op advies.")
        granted = open_test_case(
            kind="right_to_challenge", title="Buurtteam maait zelf", received_on=received
        )
        operations.record_proposal(
            granted, noord, task=mowing, better_because="Wij maaien vaker.", cost_estimate=12500
        )
        operations.decide(granted, noord, "granted", local_today(), "Goed onderbouwd plan.")
        operations.record_agreement(
            granted,
            noord,
            takes_over="Het maaien van het veldje.",
            agreed_result="Kort gras van april tot oktober.",
            budget=10000,
            agreement_ends_on=local_today() + timedelta(days=365),
            reviews=[local_today() + timedelta(days=30), local_today() + timedelta(days=90)],
        )
        operations.evaluate(granted, noord, "Het veldje was nog nooit zo netjes.", local_today())
        db.session.commit()
        return {"flagged": flagged.id, "granted": granted.id, "task": mowing.id}


def _check(page, viewport, url):
    """Axe passes on `url` with every closed form opened, and the page does not scroll sideways."""
    response = page.goto(url)
    assert response.status == 200, url
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_no_axe_violations(page)
    assert page.evaluate(SCROLL_WIDTH) <= viewport["width"], f"{url} scrolls sideways"


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_the_challenge_section_and_deadlines_have_no_accessibility_violations(
    demo_world, challenge_pages, live_server, new_page, viewport
):
    """A case's challenge section (the excluded task flagged, an overdue deadline, the forms; a
    grant with its agreement), its timeline and Mijn werk's deadlines, as the team sees them."""
    page = new_page(viewport=viewport)
    login(page, live_server, "noord")
    _check(page, viewport, f"{live_server}/")
    expect(page.locator("#challenge-deadlines-heading")).to_be_visible()
    for case in ("flagged", "granted"):
        _check(page, viewport, f"{live_server}/initiatives/{challenge_pages[case]}")
        expect(page.locator("#challenge")).to_be_visible()
    expect(page.locator("#timeline .timeline__item--challenge").first).to_be_visible()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_the_challenge_admin_pages_have_no_accessibility_violations(
    demo_world, challenge_pages, live_server, new_page, viewport
):
    """The admin's term and tasks, a task's own page, and both with the form's errors shown."""
    page = new_page(viewport=viewport)
    login(page, live_server, "beheer")
    _check(page, viewport, f"{live_server}/admin/challenges")
    page.locator("form[action$='/admin/challenges/tasks'] button[type=submit]").click()
    expect(page.locator("#task-errors")).to_be_visible()
    assert_no_axe_violations(page)
    _check(page, viewport, f"{live_server}/admin/challenges/tasks/{challenge_pages['task']}")
    page.fill("#name", "Verlenen van vergunningen")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    assert_no_axe_violations(page)
    assert page.evaluate(SCROLL_WIDTH) <= viewport["width"]


@pytest.fixture
def decided_challenges(demo_world):
    """Two challenges in Noord: one on a task of the admin's list, decided within the term; one on
    a task written in, not decided yet."""
    from datetime import timedelta

    from initiatives.auth.users import find_user
    from initiatives.challenges import operations
    from initiatives.core.dates import local_today
    from initiatives.extensions import db
    from tests.conftest import open_test_case

    with demo_world.app_context():
        noord = find_user("noord")
        task = operations.add_task(find_user("beheer"), name="Maaien van het groen in de wijk")
        granted = open_test_case(kind="right_to_challenge", received_on=local_today() - timedelta(days=20))
        operations.record_proposal(granted, noord, task=task, better_because="Wij wonen ernaast.")
        operations.decide(granted, noord, "granted", local_today() - timedelta(days=2), "Goed plan.")
        waiting = open_test_case(kind="right_to_challenge", received_on=local_today() - timedelta(days=5))
        operations.record_proposal(waiting, noord, task_text="Speeltuin schoonhouden")
        db.session.commit()


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard#challenges",
        "/initiatives?kind=right_to_challenge&challenge_decision=decided&challenge_within_term=yes",
        "/reports/council",
    ],
)
def test_the_right_to_challenge_figures_have_no_accessibility_violations(
    demo_world, decided_challenges, live_server, page, url
):
    """The dashboard's section on challenges with figures in it, the case list its numbers link
    to (with the sentence saying what it shows) and the council report's paragraph and tables."""
    login(page, live_server, "secretaris")
    response = page.goto(live_server + url)
    assert response.status == 200
    expect(page.locator("main")).to_contain_text(
        "Uitdaagrecht" if "initiatives" not in url else "uitdagingen"
    )
    assert_no_axe_violations(page)
