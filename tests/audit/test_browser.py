"""In a real browser: the pages work under the Content Security Policy, and an admin searches the log."""

import pytest
from playwright.sync_api import expect

from initiatives.audit.operations import record
from initiatives.auth.users import find_user
from initiatives.extensions import db
from tests.browser.support import assert_no_axe_violations, login


def watch_policy_violations(page):
    """Collect what the browser refused because of the Content Security Policy."""
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refused


@pytest.mark.parametrize(
    ("username", "urls"),
    [
        ("noord", ["/", "/initiatives/{case}", "/dashboard", "/initiatives/new", "/lessons"]),
        ("secretaris", ["/reports/council", "/dashboard"]),
        ("beheer", ["/", "/admin/audit", "/admin/users"]),
    ],
)
def test_pages_break_no_rule_of_the_policy(test_case, live_server, page, username, urls):
    refused = watch_policy_violations(page)
    login(page, live_server, username)
    for url in urls:
        page.goto(live_server + url.format(case=test_case["initiative_id"]))
        page.wait_for_load_state("load")
        # The style sheets applied: the site header is laid out by bricoleur.css, not the default.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.site-header__inner')).display") == "flex"
        )
    assert refused == []


def test_an_admin_filters_the_log_with_the_form(demo_world, live_server, page):
    with demo_world.app_context():
        zuid = find_user("zuid")
        record("export.cases", actor=zuid, summary="exported 3 cases as csv")
        record("access.denied", actor=zuid, outcome="denied", summary="GET /admin/users refused with 403")
        db.session.commit()
    login(page, live_server, "beheer")
    page.get_by_role("link", name="Auditlog").or_(page.get_by_role("link", name="Audit log")).first.click()
    page.locator("#actor").fill("zuid")
    page.locator("#outcome").select_option("denied")
    page.locator("main form button[type=submit]").click()
    rows = page.locator(".audit-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("access.denied")
    assert_no_axe_violations(page)
