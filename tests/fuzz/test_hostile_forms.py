"""Every form the pages offer gets hostile and random values (Hypothesis): script tags, quotes,
NUL and control characters, huge strings, odd unicode, bad dates and numbers, missing and
repeated fields, odd files. Never a server error, never a script reflected unescaped (also not on
the page a successful post leads to), and a refused post changes no row.

The forms are read from the HTML of every GET page in tests/access_policy.py, as each kind of
user sees them, so a new form is fuzzed without being listed here.
"""

import contextlib
import io
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from initiatives.auth.accounts import create_user
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.access_policy import POLICY
from tests.api.conftest import issue_token
from tests.conftest import DEMO_PASSWORD, Browser, url_ids
from tests.fuzz.strategies import FORM_SETTINGS, SCRIPTS, UNESCAPED, hostile_text
from tests.fuzz.support import (
    changed_tables,
    forms_on,
    harvest_forms,
    open_second_wijk_case,
    raised_at,
    rows_snapshot,
)

#: Who fills in the forms: each page is read as each of these (None: not signed in).
ACTORS = ("noord", "beheer", "secretaris", None)
#: Forms whose success ends the session or locks the account out: fuzzed last.
LAST = ("auth.two_factor_setup", "auth.password", "auth.logout", "auth.login", "auth.second_factor")
#: POST routes no page offers a form for, and why they are not fuzzed here.
CONTENT_TYPES = {True: "multipart/form-data", False: "application/x-www-form-urlencoded"}
NO_FORM = {
    "auth.second_factor": "only reached after a password log-in of an account with two-step verification",
    "auth.remove_two_factor": "offered only while two-step verification is on",
    "auth.reset_user_two_factor": "offered only for an account with two-step verification on",
    "sso.confirm_binding": "only reached from a single sign-on callback (tests/auth_sso drives it)",
    "cases.reinstate": "offered only for a withdrawn case, with the withdrawal's form (tests/cases/test_withdrawal.py)",
    "cases.clear_possible_duplicate": (
        "offered only on a case marked as a possible duplicate (tests/cases/test_similar_intake.py)"
    ),
    "notifications.mark_read": "offered only beside a notice (tests/notifications/test_page.py)",
    "notifications.mark_all_read": "offered only while there are unread notices (tests/notifications/test_page.py)",
    "admin.retry_mail": "offered only for a mail that failed (tests/notifications/test_delivery_failures.py)",
    "status_page.revoke_link": "offered only while the case has a status link (tests/status_page)",
    "zgw.push": "offered only while the case system (ZGW) is configured (tests/zgw)",
    "zgw.archive_files": "offered only while the case system (ZGW) is configured (tests/zgw)",
    "zgw.admin": "offered only while the case system (ZGW) is configured (tests/zgw)",
    **dict.fromkeys(
        ("merging.confirm", "merging.decline"),
        "offered only to the other owner while a merge waits for confirmation (tests/merging)",
    ),
    "merging.undo": "offered only on a case merged into another (tests/merging)",
    "status_page.show": "reached only through a case's secret status link (tests/status_page)",
    "status_page.answer_satisfaction": (
        "reached only through a closed case's secret status link (tests/status_page/test_satisfaction.py)"
    ),
}
#: Forms on pages that a post leads to: (the endpoint of the form to post, values that get there).
BEHIND_A_POST = (("privacy.subject", {"email": "jan@example.org"}),)


def _client(app, username):
    browser = Browser(app.test_client())
    if username:
        assert browser.login(username).status_code == 302, username
    return browser.client


@pytest.fixture
def form_world(demo_world, test_case):
    """The demo data, a case in each of two wijken, tokens, a granted help, an account to edit, and
    two right-to-challenge cases (one on an excluded task, undecided; one granted) whose pages
    offer every form of a challenge, with the admin's tasks to change."""
    open_second_wijk_case(demo_world)
    issue_token(demo_world, "noord")
    with demo_world.app_context():
        target = create_user(
            "fuzzdoel",
            Role.NEIGHBOURHOOD_MANAGER,
            DEMO_PASSWORD,
            neighbourhoods=[find_neighbourhood("WK999904")],
            published_demo_password=True,
        )
        db.session.commit()
        target_id = target.id
        _grant_a_help(test_case["initiative_id"])
        challenge_pages = _challenge_cases()
    issue_token(demo_world, "fuzzdoel")  # so the admin's page of that account offers to revoke it
    ids = {**url_ids(demo_world, test_case), "user_id": target_id}
    pages = sorted(
        {url.format(**ids) for method, url, _outcomes in POLICY.values() if method == "GET"}
        - {"/static/css/bricoleur.css"}
        | set(challenge_pages)
    )
    # One session per actor for the whole test: the admin's log-in needs a fresh authenticator
    # code each time, and a new one comes only every 30 seconds.
    clients = {actor: _client(demo_world, actor) for actor in ACTORS}
    found = {}
    for actor, client in clients.items():
        for endpoint, form in harvest_forms(demo_world, client, pages).items():
            found.setdefault(endpoint, (actor, form))
        for endpoint, values in BEHIND_A_POST:
            if found.get(endpoint, (None,))[0] == actor:
                form = found[endpoint][1]
                response = client.post(form.action, data={**form.default_body(), **values})
                for behind in forms_on(demo_world, response.get_data(as_text=True), form.action):
                    found.setdefault(behind.endpoint, (actor, behind))
    return found, clients


def _grant_a_help(initiative_id):
    """A granted help on the case, so its page offers the form to record the help as applied."""
    from initiatives.barriers import help_operations
    from initiatives.barriers.lifecycle import HelpStatus
    from initiatives.barriers.models import HelpCategory
    from initiatives.cases.models import Initiative

    initiative = db.session.get(Initiative, initiative_id)
    category = db.session.scalar(sa.select(HelpCategory).filter_by(code="room"))
    item = help_operations.request_help(
        initiative, initiative.owner, category=category, provider="management"
    )
    help_operations.move_help(
        item, initiative.owner, item.version, HelpStatus.GRANTED, decided_by="Afdelingshoofd"
    )
    db.session.commit()


def _challenge_cases():
    """Two right-to-challenge cases of noord: one whose task the verordening excludes (undecided:
    the proposal, deadline, decision and inadmissible forms) and one granted (the agreement and
    the evaluation); the pages that show them and the admin's page of a task."""
    from datetime import timedelta

    from initiatives.auth.users import find_user
    from initiatives.challenges import operations as challenges
    from initiatives.core.dates import local_today
    from tests.conftest import open_test_case

    admin, noord = find_user("beheer"), find_user("noord")
    mowing = challenges.add_task(admin, name="Maaien van het groen")
    permits = challenges.add_task(
        admin, name="Vergunningen", excluded=True, exclusion_reason="Publiekrechtelijke taak."
    )
    received = local_today() - timedelta(days=20)
    undecided = open_test_case(
        kind="right_to_challenge", title="Uitdaging vergunningen", received_on=received
    )
    challenges.record_proposal(undecided, noord, task=permits, better_because="Wij kennen de buurt.")
    granted = open_test_case(kind="right_to_challenge", title="Uitdaging groen", received_on=received)
    challenges.record_proposal(granted, noord, task=mowing, better_because="Wij maaien vaker.")
    challenges.decide(granted, noord, "granted", local_today(), "Goed plan.")
    db.session.commit()
    return [
        f"/initiatives/{undecided.id}",
        f"/initiatives/{granted.id}",
        f"/admin/challenges/tasks/{mowing.id}",
    ]


def _post_routes(app):
    return sorted(
        {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and not rule.rule.startswith("/api/")
        }
    )


def test_every_post_route_is_offered_by_some_page(demo_world, form_world):
    unreached = set(_post_routes(demo_world)) - set(form_world[0]) - set(NO_FORM)
    assert unreached == set(), "no page has a form for these; add them to NO_FORM with the reason"


def _value(data, spec, choice=None):
    """A value for one field: its own, one of its options, hostile text, or several values."""
    choice = choice or data.draw(
        st.sampled_from(["default", "default", "option", "hostile", "hostile", "many", "missing"])
    )
    if choice == "default":
        return spec.default if spec.default is not None else (spec.values[0] if spec.values else "")
    if choice == "option" and spec.values:
        return data.draw(st.sampled_from(spec.values))
    if choice == "many":
        return data.draw(st.lists(st.sampled_from(spec.values) if spec.values else hostile_text, max_size=3))
    if choice == "missing":
        return None
    return data.draw(hostile_text)


def _file(data):
    content = data.draw(
        st.one_of(
            st.binary(max_size=300),
            st.sampled_from([b"", b"From: a@b\r\nSubject: <script>x</script>\r\n\r\nhoi", b"\x00" * 50]),
        )
    )
    name = data.draw(
        st.one_of(st.sampled_from(["a.txt", "b.eml", "c.pdf", "../../x.txt", "noext"]), hostile_text)
    )
    return (io.BytesIO(content), name or "leeg")


def _draw_body(data, form):
    """Half the examples change one field of an otherwise valid form (so the hostile value gets
    as far as the database); the others change any number of fields."""
    names = [name for name, spec in form.fields.items() if name != "csrf_token"]
    target = data.draw(st.sampled_from(names)) if names and data.draw(st.booleans()) else None
    body = {}
    for name, spec in form.fields.items():
        if name == "csrf_token":
            if target or data.draw(st.sampled_from([True] * 9 + [False])):
                body[name] = spec.default
            continue
        if spec.kind == "file":
            body[name] = _file(data)
            continue
        if target and name != target:
            value = spec.default if spec.default is not None else _value(data, spec, "option")
        elif target:
            value = data.draw(hostile_text)
        else:
            value = _value(data, spec)
        if value is not None:
            body[name] = value
    if not target and data.draw(st.booleans()):
        body[data.draw(st.sampled_from(["extra", "id", "owner_id", "role"]))] = data.draw(hostile_text)
    return body


def _problems(response, path):
    """What is wrong with one answer: a server error, or markup reflected unescaped."""
    problems = []
    if response.status_code >= 500:
        problems.append(f"{path}: {response.status_code}")
    if response.mimetype == "text/html":
        text = response.get_data(as_text=True)
        problems += [f"{path}: {marker!r} reflected unescaped" for marker in UNESCAPED if marker in text]
    return problems


def _post(app, client, form, body):
    """Post `body` to the form; return (status or None, problems): a server error, markup
    reflected unescaped (also on the page a success leads to), or rows changed by a refusal."""
    with app.app_context():
        before = rows_snapshot()
        db.session.remove()
    try:
        response = client.post(form.action, data=body, content_type=CONTENT_TYPES[form.multipart])
    except Exception as error:  # the test app lets errors through: in production, a 500
        return None, [f"POST {form.action} raised {raised_at(error)}"]
    problems = _problems(response, f"POST {form.action}")
    if response.status_code >= 400:
        with app.app_context():
            changed = changed_tables(before, rows_snapshot())
            db.session.remove()
        if changed:
            problems.append(f"POST {form.action} refused ({response.status_code}) but changed {changed}")
    elif response.status_code in (301, 302, 303) and response.location:
        target = urlsplit(response.location)
        if not target.netloc:
            problems += _problems(client.get(response.location), f"GET {target.path} after the post")
    return response.status_code, problems


def _shown(body):
    return {key: (value[:80] if isinstance(value, str) else value) for key, value in body.items()}


def _current(app, client, form):
    """The form as its page shows it now: current values and this session's CSRF token."""
    page = client.get(form.page)
    fresh = {f.endpoint: f for f in forms_on(app, page.get_data(as_text=True), form.page)}
    return fresh.get(form.endpoint, form)


def _in_order(forms):
    return sorted(
        forms,
        key=lambda endpoint: (endpoint in LAST, LAST.index(endpoint) if endpoint in LAST else 0, endpoint),
    )


def _fuzz_form(app, client, form):
    """Run Hypothesis on one form with `client`; return the problems found (empty when none)."""
    form = _current(app, client, form)
    found = []
    statuses = Counter()
    started = time.monotonic()

    @FORM_SETTINGS
    @given(data=st.data())
    def fuzz(data):
        body = _draw_body(data, form)
        status, problems = _post(app, client, form, body)
        statuses[status] += 1
        if problems:
            found.append(f"{problems} with {_shown(body)!r}")
            raise AssertionError(problems)

    with contextlib.suppress(AssertionError):  # the problems are in `found`
        fuzz()
    print(f"{form.endpoint}: {dict(statuses)} {time.monotonic() - started:.1f}s")  # with -s
    return found[-1:]  # the shrunk, smallest failing example


def test_hostile_values_in_every_form(demo_world, form_world):
    forms, clients = form_world
    problems = []
    for endpoint in _in_order(forms):
        actor, form = forms[endpoint]
        found = _fuzz_form(demo_world, clients[actor], form)
        problems += [f"{endpoint} as {actor}: {problem}" for problem in found]
    assert problems == [], "\n".join(problems)


#: Typed text fields, which get the same hostile text all at once below.
TEXT_KINDS = {"text", "textarea", "email", "tel", "search", "url", "date", "number", "password"}


#: Texts every typed field gets at once: NUL, control characters, markup.
SAME_EVERYWHERE = ("Moes\x00tuin", "\x01\x08\x0b\x1b[2J\x7f", SCRIPTS[0] + SCRIPTS[1] + SCRIPTS[2])


def test_the_same_hostile_text_in_every_field_of_every_form(demo_world, form_world):
    """Every typed field of each form at once, the rest as the page offers it: the sure way to
    reach the database with a NUL, where random examples may not."""
    forms, clients = form_world
    problems = []
    for text in SAME_EVERYWHERE:
        for endpoint in _in_order(forms):
            actor, form = forms[endpoint]
            form = _current(demo_world, clients[actor], form)
            body = form.default_body()
            body.update({name: text for name, spec in form.fields.items() if spec.kind in TEXT_KINDS})
            _status, found = _post(demo_world, clients[actor], form, body)
            problems += [f"{endpoint} as {actor}: {problem} with {_shown(body)!r}" for problem in found]
    assert problems == [], "\n".join(problems)
