"""The admin's Mails page in a browser: a failed delivery and an account without an address pass
axe-core's WCAG 2.1 A and AA checks, and "try again" works without JavaScript."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from initiatives.auth.users import find_user
from initiatives.extensions import db
from initiatives.notifications.events import Event
from initiatives.notifications.models import OutboxMessage, OutboxStatus
from initiatives.notifications.operations import notify
from tests.browser.support import assert_no_axe_violations, login
from tests.conftest import open_test_case

pytestmark = pytest.mark.browser


@pytest.fixture
def failed_mail(demo_world):
    with demo_world.app_context():
        initiative = open_test_case()
        notify(find_user("noord"), Event.HANDED_OVER, initiative, reference="test")
        message = db.session.scalar(sa.select(OutboxMessage))
        message.status, message.attempts = OutboxStatus.FAILED, 6
        message.last_error = "550 5.1.1 No such mailbox here"
        find_user("secretaris").email = None
        db.session.commit()
        return message.id


def test_the_mail_page_is_accessible(failed_mail, live_server, page):
    login(page, live_server, "beheer")
    page.goto(f"{live_server}/admin/mail")
    expect(page.locator("main table")).to_contain_text("550 5.1.1 No such mailbox here")
    expect(page.locator("main")).to_contain_text("Fatima El Amrani")
    assert_no_axe_violations(page)


def test_try_again_works_without_javascript(failed_mail, live_server, new_page):
    page = new_page(java_script_enabled=False)
    login(page, live_server, "beheer")
    page.goto(f"{live_server}/admin/mail")
    page.locator("main table form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}/admin/mail")
    expect(page.locator("main table")).to_have_count(0)
