"""Two people saving the same case at the same moment: exactly one wins, the other is told.

The two saves really run at once: two threads, each with its own signed-in HTTP client, wait at a
barrier and then send their save to a live server (a threaded server on the suite's database,
SQLite or PostgreSQL). Both were built from the same version of the case, so whichever the
database lets through first wins; the other gets the conflict view (page, 409) or 412 (API).
"""

import threading
from html.parser import HTMLParser

import pytest
import requests
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Initiative
from initiatives.extensions import db
from tests.api.conftest import issue_token
from tests.conftest import DEMO_PASSWORD, csrf_token_from

#: Rounds per test: each is a fresh race, so a lucky ordering cannot hide a failure.
ROUNDS = 3
TIMEOUT = 30


class FormFields(HTMLParser):
    """The fields a browser would submit from the form whose action is `action` (None: the form
    without an action, which posts to the page's own address)."""

    def __init__(self, action):
        super().__init__()
        self.action = action
        self.inside = False
        self.fields = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and attrs.get("name"):
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.fields.append((self.textarea, ""))

    def handle_data(self, data):
        if self.textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_fields(html, action):
    parser = FormFields(action)
    parser.feed(html)
    assert parser.fields, f"no form with action {action!r}"
    return parser.fields


def signed_in_session(base_url, username):
    http = requests.Session()
    page = http.get(f"{base_url}/login", timeout=TIMEOUT)
    answer = http.post(
        f"{base_url}/login",
        data={"csrf_token": csrf_token_from(page.text), "username": username, "password": DEMO_PASSWORD},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert answer.status_code == 302, f"log-in as {username} failed: {answer.status_code}"
    return http


def at_once(*sends):
    """Run the callables in threads released together by a barrier; return their answers in order."""
    barrier = threading.Barrier(len(sends))
    answers = [None] * len(sends)
    errors = []

    def run(index, send):
        try:
            barrier.wait(timeout=TIMEOUT)
            answers[index] = send()
        except Exception as error:  # shown by the assertion below, with the thread's error
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index, send)) for index, send in enumerate(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 2)
    assert not errors, errors
    return answers


def stored_case(app, initiative_id):
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        updates = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "initiative.updated", AuditEntry.object_id == initiative_id)
        )
        result = initiative.title, initiative.version, updates
        db.session.remove()
        return result


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_saves_of_the_case_form_at_once_one_wins_the_other_sees_the_conflict(
    demo_world, test_case, live_server, round_number
):
    case_id = test_case["initiative_id"]
    edit_url = f"{live_server}/initiatives/{case_id}/edit"
    _title, version_before, updates_before = stored_case(demo_world, case_id)
    # Two neighbourhood managers of the wijk: noord owns the case, and a second session of noord
    # (the same person at two desks is the same race as two colleagues).
    people = [signed_in_session(live_server, "noord"), signed_in_session(live_server, "noord")]
    forms = [form_fields(http.get(edit_url, timeout=TIMEOUT).text, None) for http in people]
    titles = [f"Moestuin versie {round_number}-{index}" for index in range(2)]
    for fields, title in zip(forms, titles, strict=True):
        assert dict(fields)["version"] == str(version_before)
        fields[:] = [(name, title if name == "title" else value) for name, value in fields]

    answers = at_once(
        *(
            lambda http=http, fields=fields: http.post(
                edit_url, data=fields, allow_redirects=False, timeout=TIMEOUT
            )
            for http, fields in zip(people, forms, strict=True)
        )
    )

    statuses = [answer.status_code for answer in answers]
    assert sorted(statuses) == [302, 409], statuses
    winner = statuses.index(302)
    loser = answers[1 - winner]
    # The conflict view: the stored version next to the user's own, with a form to save again.
    assert 'id="conflict-heading"' in loser.text
    assert titles[winner] in loser.text
    assert titles[1 - winner] in loser.text
    title, version, updates = stored_case(demo_world, case_id)
    assert title == titles[winner]
    assert version == version_before + 1
    assert updates == updates_before + 1


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_api_changes_with_the_same_if_match_at_once_one_wins_the_other_gets_412(
    demo_world, test_case, live_server, round_number
):
    case_id = test_case["initiative_id"]
    url = f"{live_server}/api/v1/initiatives/{case_id}"
    clients = []
    for _ in range(2):
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {issue_token(demo_world, 'noord')}"
        clients.append(http)
    loaded = clients[0].get(url, timeout=TIMEOUT)
    assert loaded.status_code == 200
    etag, version_before = loaded.headers["ETag"], loaded.json()["version"]
    _title, _version, updates_before = stored_case(demo_world, case_id)
    titles = [f"Speeltuin versie {round_number}-{index}" for index in range(2)]

    answers = at_once(
        *(
            lambda http=http, title=title: http.patch(
                url, json={"title": title}, headers={"If-Match": etag}, timeout=TIMEOUT
            )
            for http, title in zip(clients, titles, strict=True)
        )
    )

    statuses = [answer.status_code for answer in answers]
    assert sorted(statuses) == [200, 412], statuses
    winner = statuses.index(200)
    assert answers[1 - winner].headers["Content-Type"].startswith("application/problem+json")
    assert answers[winner].json()["version"] == version_before + 1
    title, version, updates = stored_case(demo_world, case_id)
    assert (title, version) == (titles[winner], version_before + 1)
    assert updates == updates_before + 1
