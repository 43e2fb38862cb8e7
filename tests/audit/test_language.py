"""One language per page: the case history, the admin overview and the audit log tell every
entry in the reader's language, from its action and data, never by the English summary stored
for the database's readers. Fails when a Dutch page shows a text of the English catalogue or an
untranslated English sentence (and the other way round)."""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from config import BASE_DIR
from initiatives.audit.descriptions import ACTION_TITLES, describe_entry
from initiatives.audit.details import detail_rows
from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import record
from initiatives.audit.words import LABELS
from initiatives.auth import totp
from initiatives.auth.accounts import change_password, create_user, deactivate_user, update_user
from initiatives.auth.second_factor import begin_totp_enrolment, confirm_totp_enrolment, reset_totp
from initiatives.auth.single_sign_on import operations as single_sign_on
from initiatives.auth.tokens import issue_api_token, revoke_api_token, revoke_api_tokens
from initiatives.auth.users import authenticate, find_user
from initiatives.barriers import help_operations
from initiatives.barriers import operations as barriers
from initiatives.barriers.lifecycle import HelpStatus
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory
from initiatives.cases import activities, contacts, duplicates, team
from initiatives.cases import operations as cases
from initiatives.cases.attachments import remove_attachment
from initiatives.cases.models import Initiative
from initiatives.cases.similar import Match
from initiatives.cases.stages import Result, Stage
from initiatives.challenges import operations as challenges
from initiatives.core.dates import local_today
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.geo import operations as geo_operations
from initiatives.merging import operations as merging
from initiatives.notifications.events import DEFAULT_CHANNELS
from initiatives.organisation import operations as organisation
from initiatives.organisation.models import Department
from initiatives.privacy.data_subjects import Subject, erase_subject, record_subject_access, subject_access
from initiatives.privacy.retention import record_purge
from initiatives.stakeholders import operations as stakeholders
from initiatives.status_page import status_mails
from initiatives.vocabularies import operations as vocabularies
from initiatives.vocabularies.models import Skill, Theme
from initiatives.zgw import operations as operations_zgw
from initiatives.zgw.models import MappingKind
from tests.conftest import Browser, open_test_case
from tests.status_page.conftest import make_link as make_status_link

TRANSLATIONS = BASE_DIR / "initiatives" / "translations"
#: English words that have no place in a Dutch sentence (whole words, any case).
ENGLISH_WORDS = [
    *("the", "and", "with", "from", "by", "to", "was", "were", "case", "cases", "user", "file"),
    *("changed", "added", "removed", "opened", "created", "updated", "downloaded", "exported"),
    *("logged", "redacted", "contacts", "failed", "success", "denied", "signed"),
    *("yes", "no", "none", "on", "off", "not", "all", "for", "screen"),
]
#: Dutch words that have no place in an English sentence (not "de", "van", "en": names and
#: departments hold them, "Noor de Vries", "Vergunningen, Toezicht en Handhaving").
DUTCH_WORDS = [
    *("gewijzigd", "toegevoegd", "verwijderd", "geopend", "aangemaakt", "vastgelegd"),
    *("initiatief", "initiatieven", "zaak", "drempel", "hulp", "ingelogd", "uitgelogd"),
    *("bestand", "ja", "nee", "geen", "niet"),
]


def _catalogue():
    """(English msgid, Dutch msgstr) of every message whose translation differs from it."""
    with (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = read_po(file)
    pairs = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english, dutch in zip(ids, strings, strict=False):
            if english and dutch and english != dutch:
                pairs.append((english, dutch))
    return pairs


CATALOGUE = _catalogue()


def _as_pattern(message):
    """A message as a whole-word pattern; its placeholders match anything."""
    parts = re.split(r"%\(\w+\)[sd]|%[sd]", message)
    return re.compile(r"(?<!\w)" + r".+?".join(map(re.escape, parts)) + r"(?!\w)")


def _telling(text, other_language_texts):
    """Whether a message tells its language: not a short one ("No.", "PDF"), not mostly
    placeholders, and not a single word the other language uses too ("management")."""
    longest = max(re.split(r"%\(\w+\)[sd]|%[sd]", text), key=len).strip()
    if len(longest) < 6:
        return False
    return " " in text.strip() or not any(
        re.search(rf"(?<!\w){re.escape(text)}(?!\w)", other) for other in other_language_texts
    )


def _messages(language):
    """Patterns of the other language's messages: on a Dutch page the English ones."""
    english, dutch = zip(*CATALOGUE, strict=True)
    foreign, own = (english, dutch) if language == "nl" else (dutch, english)
    return [_as_pattern(text) for text in set(foreign) if _telling(text, own)]


def foreign_texts(texts, language):
    """The texts that hold a message or a word of the other language than `language`."""
    patterns = _messages(language)
    words = ENGLISH_WORDS if language == "nl" else DUTCH_WORDS
    word_pattern = re.compile(r"(?<!\w)(" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
    found = []
    for text in texts:
        if word_pattern.search(text) or any(pattern.search(text) for pattern in patterns):
            found.append(text)
    return found


# -- a log with every action ----------------------------------------------------------------------


def _term(model, code):
    return db.session.scalar(sa.select(model).filter_by(code=code))


def _work_on_the_case(case_id):
    """Every change a case can go through, as its owner."""
    initiative = db.session.get(Initiative, case_id)
    noord, zuid = find_user("noord"), find_user("zuid")
    cases.update_case(
        initiative,
        noord,
        initiative.version,
        description="Acht buren willen samen groente kweken.",
        next_step="Afspraak met de buren maken.",
        themes=[_term(Theme, "green"), _term(Theme, "play")],
        follow_up_on=local_today() + timedelta(days=14),
        location={"latitude": 52.0907, "longitude": 5.1214},
    )
    cases.move_case(initiative, noord, Stage.MAPPING, expected_version=initiative.version)
    status_mails.turn_off(initiative, noord)
    activities.add_activity(
        initiative,
        noord,
        kind="call",
        happened_on=local_today(),
        practice=Stage.MAPPING,
        skills=[_term(Skill, "listening")],
        note="Met Jan gebeld.",
    )
    mistaken = activities.add_activity(
        initiative, noord, kind="call", happened_on=local_today(), practice=Stage.MAPPING, note="Verkeerd."
    )
    activities.correct_activity(mistaken, noord, note="Met Piet gebeld.", reason="Verkeerde naam.")
    activities.show_to_initiators(mistaken, noord, visible=True)
    activities.void_activity(mistaken, noord, reason="Bij de verkeerde zaak genoteerd.")
    remove_attachment(initiative.attachments[0], noord, reason="Verkeerd bestand.")
    cases.withdraw_case(
        initiative, noord, reason="Dubbel geregistreerd?", expected_version=initiative.version
    )
    cases.reinstate_case(initiative, noord, reason="Toch niet dubbel.", expected_version=initiative.version)
    duplicates.add_to_existing_case(
        initiative,
        noord,
        channel="email",
        received_on=local_today(),
        contact=cases.InitiatorDetails(name="Anna de Wit", email="anna@example.org"),
        note="Anna mailde over dezelfde moestuin.",
    )
    look_alike = open_test_case(title="Moestuin, nog een keer")
    duplicates.mark_possible_duplicate(look_alike, noord, [Match(initiative=initiative, score=0.5)])
    duplicates.clear_possible_duplicate(look_alike, noord)
    contact = initiative.initiators[0]
    contacts.update_initiator(
        contact, noord, cases.InitiatorDetails(name="Jan Jansen", email="jan@example.org", phone="0687654321")
    )
    other = contacts.add_initiator(initiative, noord, cases.InitiatorDetails(name="Piet Bakker"))
    contacts.remove_initiator(other, noord)
    team.set_team(initiative, noord, [zuid])
    barrier = db.session.scalar(sa.select(Barrier).filter_by(initiative_id=case_id))
    barriers.update_barrier(barrier, noord, barrier.version, description="Twee afdelingen zwijgen.")
    backing = db.session.scalar(sa.select(Help).filter_by(initiative_id=case_id))
    help_operations.move_help(backing, noord, backing.version, HelpStatus.GRANTED, decided_by="Kees Dekker")
    help_operations.move_help(
        backing, noord, backing.version, HelpStatus.APPLIED, effects={barrier.id: "resolved"}
    )
    budget = help_operations.request_help(
        initiative,
        noord,
        category=_term(HelpCategory, "budget"),
        provider="management",
        barriers=[barrier],
    )
    help_operations.update_help(budget, noord, budget.version, description="Geld voor zaden.")
    help_operations.move_help(budget, noord, budget.version, HelpStatus.REFUSED, decided_by="Mieke Smit")
    permits = db.session.scalar(sa.select(Department).order_by(Department.id))
    colleague = stakeholders.add_stakeholder(
        initiative,
        noord,
        side="inside",
        role="decider",
        stance="against",
        influence=5,
        interest=2,
        department=permits,
        name="Karel Kwast",
        note="Wil eerst een vergunning.",
    )
    stakeholders.update_stakeholder(colleague, noord, colleague.version, stance="for", note="Toch voor.")
    stakeholders.update_stakeholder(
        colleague, noord, colleague.version, influence=4, activities=initiative.activities[:1]
    )
    corporation = stakeholders.add_stakeholder(
        initiative,
        noord,
        side="outside",
        role="stakeholder",
        influence=2,
        interest=3,
        organisation="Woonstichting",
        initiator=initiative.initiators[0],
    )
    stakeholders.remove_stakeholder(corporation, noord, corporation.version)
    team.hand_over(initiative, noord, zuid, note="Zuid neemt het over.")


def _right_to_challenge():
    """The admin's tasks and term, and a challenge from its proposal to its evaluation."""
    beheer, noord = find_user("beheer"), find_user("noord")
    mowing = challenges.add_task(beheer, name="Maaien van het groen")
    challenges.update_task(mowing, beheer, excluded=True, exclusion_reason="Uitgesloten in de verordening.")
    challenges.update_task(mowing, beheer, excluded=False)
    challenges.set_decision_term(beheer, 10)
    initiative = open_test_case(kind="right_to_challenge", title="Buurt maait zelf")
    cases.update_case(initiative, noord, initiative.version, kind="initiative")
    cases.update_case(initiative, noord, initiative.version, kind="right_to_challenge")
    challenges.record_proposal(
        initiative, noord, task=mowing, better_because="Wij wonen ernaast.", cost_estimate=Decimal("1200.00")
    )
    challenges.change_deadline(initiative, noord, initiative.received_on + timedelta(weeks=12), "Wijkraad.")
    challenges.decide(initiative, noord, "granted", initiative.received_on, "Goed onderbouwd.")
    challenges.record_agreement(
        initiative,
        noord,
        takes_over="Het maaien.",
        budget=Decimal("1000"),
        reviews=[local_today() + timedelta(days=30)],
        agreement_ends_on=local_today() + timedelta(days=300),
    )
    challenges.evaluate(initiative, noord, "Het ging goed.", local_today())


def _manage_accounts_and_lists():
    """What an admin does: accounts, tokens, wijken, departments and lists."""
    beheer, noord = find_user("beheer"), find_user("noord")
    user = create_user(
        "nieuw", Role.NEIGHBOURHOOD_MANAGER, "een-lang-wachtwoord-2026", neighbourhoods=noord.neighbourhoods
    )
    update_user(
        user, full_name="Nieuwe Collega", email="", role=Role.SECRETARY, active=True, neighbourhoods=[]
    )
    change_password(user, "een-ander-lang-wachtwoord-2026")
    token, _secret = issue_api_token(user, "rapportage", 30)
    revoke_api_token(token)
    issue_api_token(user, "koppeling", 30)
    begin_totp_enrolment(user)
    confirm_totp_enrolment(user, totp.code_at_step(user.totp_secret, totp.current_step()))
    reset_totp(user)
    revoke_api_tokens(user, "deactivated")
    deactivate_user(user)
    single_sign_on.bind(noord, "https://login.example.org", "abc-123", confirmed_by="password")
    single_sign_on.unbind(noord)
    single_sign_on.record_refusal(
        single_sign_on.SignInRefused("unknown", "", username="onbekend"),
        {"iss": "https://login.example.org", "sub": "xyz"},
    )
    record(
        "auth.session_expired",
        beheer,
        actor=beheer,
        summary="session expired",
        data={"reason": "idle", "method": "totp"},
    )
    record(
        "auth.recovery_code_used", beheer, actor=beheer, summary="recovery code used", data={"remaining": 9}
    )
    record(
        "access.denied_repeated",
        outcome="denied",
        origin="10.0.0.66",
        summary="12 more requests refused",
        data={"count": 12, "minute": "2026-12-07T10:31:00+00:00"},
    )
    wijk = organisation.save_neighbourhood(None, code="WK999909", name="Haven", parent=None, active=True)
    organisation.save_neighbourhood(wijk, code="WK999909", name="Havenkwartier", parent=None, active=True)
    department = organisation.save_department(None, name="Havenbedrijf", active=True)
    organisation.save_department(department, name="Haven en Water", active=False)
    for model in (Theme, Skill, BarrierCategory, HelpCategory):
        term = vocabularies.save_term(
            model,
            None,
            code="taalproef",
            label_nl="Taalproef",
            label_en="Language test",
            position=99,
            active=True,
        )
        vocabularies.save_term(
            model,
            term,
            code="taalproef",
            label_nl="Taalproef",
            label_en="Language test",
            position=98,
            active=False,
        )


def _privacy_and_demo(case_id):
    beheer = find_user("beheer")
    subject = Subject.of(email="jan@example.org")
    record_subject_access(subject_access(subject), output="screen", actor=beheer)
    record_purge(cutoff=date(2025, 1, 1), months=12, cases=0, contacts=0, texts=0, dry_run=True, actor=beheer)
    record(
        "demo.initiatives_created",
        summary="1 demo cases generated",
        data={
            "count": 1,
            "first_id": case_id,
            "last_id": case_id,
            "seed": 7,
            "activities": 1,
            "barriers": 1,
            "helps": 1,
        },
    )
    erase_subject(subject, beheer)
    geo_operations.record_import(
        geo_operations.ImportReport(matched=["WK999901"], created=["BU99990104"]),
        source="wijkenbuurten_2025.gpkg",
        crs="EPSG:28992",
        tolerance=10.0,
    )


def _case_system(case_id):
    """The case system's entries (tests/zgw pushes against a ZGW server of its own), as its
    operations write them."""
    noord = find_user("noord")
    initiative = db.session.get(Initiative, case_id)
    zaak = {"actor": noord, "initiative": initiative, "object_type": "initiatives", "object_id": case_id}
    record(
        "zgw.zaak_created", summary="zaak made", data={"zaak_url": "https://zaken.example/zaken/1"}, **zaak
    )
    record("zgw.object_sent", summary="status sent", data={"zgw_object": "status"}, **zaak)
    record(
        "zgw.push_failed",
        outcome="failure",
        summary="push failed",
        data={"status_code": 500, "count": 1},
        **zaak,
    )
    record("zgw.pushed", summary="pushed", data={"count": 3, "problems": 1}, **zaak)
    operations_zgw.mark_for_archive(initiative.attachments[0], noord, True)
    operations_zgw.save_table(
        MappingKind.RESULT, {"realised": "https://catalogi.example/resultaattypen/1"}, find_user("beheer")
    )


def _merging():
    """Two of noord's cases merged and the merge undone; zuid declines one request, confirms another."""
    noord, zuid = find_user("noord"), find_user("zuid")
    kept = open_test_case(title="Speeltuin aan de Lindelaan")
    twice = open_test_case(title="Speeltuin Lindelaan, tweede melding")
    merge = merging.request_merge(twice, kept, noord, reason="Twee keer gemeld.")
    merging.undo_merge(merge, noord, reason="Toch twee ideeen.")
    theirs = open_test_case("zuid", wijk=zuid.neighbourhoods[0].code, title="Speelplek Lindelaan")
    declined = merging.request_merge(twice, theirs, noord, reason="Lijkt hetzelfde.")
    merging.decline_merge(declined, zuid, reason="Een ander plein.")
    asked = merging.request_merge(twice, theirs, noord, reason="Toch hetzelfde.")
    merging.confirm_merge(asked, zuid)


@pytest.fixture
def everything_logged(demo_world, test_case, signed_in):
    """A log with an entry of every action the application writes; returns the case's id."""
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    noord.get(f"/initiatives/{case_id}")  # personal_data.viewed
    noord.get(f"/initiatives/{case_id}/files/{test_case['attachment_id']}")
    noord.get(f"/initiatives/{case_id}/dossier.pdf")
    noord.get("/initiatives/export.csv?personal_data=1")
    noord.get("/admin/users")  # refused
    noord.submit(
        "/account/notifications",
        {
            **{event.value: str(channel) for event, channel in DEFAULT_CHANNELS.items()},
            "handed_over": "digest",
            "digest_hour": "08:00",
            "digest_on_weekends": "y",
            "language": "nl",
        },
    )
    # The initiators' status link: made and revoked on the case page, a message sent from it.
    made = noord.submit(f"/initiatives/{case_id}/status-link", {}, form_url=f"/initiatives/{case_id}")
    status_url = BeautifulSoup(made.get_data(as_text=True), "html.parser").find(id="status-link-url")["value"]
    initiators = Browser(demo_world.test_client())
    status_path = status_url.split("://", 1)[1].partition("/")[2]
    initiators.submit(f"/{status_path}", {"message": "Hoe staat het ervoor?"})
    # On a closed case the initiators answer the satisfaction question, then change their answer.
    with demo_world.app_context():
        closed = open_test_case(title="Bankje bij de vijver")
        cases.move_case(closed, closed.owner, Stage.CLOSED, result=Result.REALISED, lessons="Goed gegaan.")
        db.session.commit()
        closed_id = closed.id
    closed_path = make_status_link(demo_world, closed_id)
    for score in ("4", "5"):
        initiators.submit(
            f"{closed_path}/satisfaction", {"score": score, "comment": "Prima"}, form_url=closed_path
        )
    noord.submit(f"/initiatives/{case_id}/status-link/revoke", {}, form_url=f"/initiatives/{case_id}")
    # The status mails: turned on from the preview and the sentence changed (one is queued at the
    # case's move below, and they are turned off after it).
    mails = f"/initiatives/{case_id}/status-mails"
    noord.submit(mails, {"action": "turn_on", "personal_sentence": "Tot snel."})
    noord.submit(mails, {"action": "save", "personal_sentence": "Ik bel u volgende week."})
    noord.logout()
    # Wrong passwords asked again end a session (auth.reentry_failed, signed_out_after_failures);
    # from an address of its own, whose pair then waits. zuid is told of them when signing in.
    zuid = Browser(demo_world.test_client())
    zuid.client.environ_base["REMOTE_ADDR"] = "10.0.9.9"
    zuid.login("zuid")
    for _attempt in range(5):
        zuid.submit(
            "/account/password",
            {
                "current_password": "not the password",
                "new_password": "a much longer new passphrase",
                "confirm_password": "a much longer new passphrase",
            },
        )
    signed_in("zuid")  # auth.failures_reported
    signed_in("secretaris").get("/reports/council.docx")
    with demo_world.app_context():
        authenticate("noord", "not the password")
        _work_on_the_case(case_id)
        _manage_accounts_and_lists()
        _right_to_challenge()
        _merging()
        _case_system(case_id)
        _privacy_and_demo(case_id)
        db.session.commit()
    return case_id


# -- reading the pages ----------------------------------------------------------------------------


def _text(element):
    return " ".join(element.get_text(" ").split())


def _without_code(cell):
    """The cell's text without its codes (an action such as `attachment.downloaded` is no sentence)."""
    for code in cell.find_all("code"):
        code.decompose()
    return _text(cell)


def _table_rows(html, table_selector="table"):
    soup = BeautifulSoup(html, "html.parser")
    table = soup.select_one(table_selector)
    return [row.find_all("td") for row in table.select("tbody tr")]


def history_texts(browser, case_id):
    """The "What" column of the case's history."""
    html = browser.get(f"/initiatives/{case_id}").get_data(as_text=True)
    return [_text(cells[2]) for cells in _table_rows(html, "#history table")]


def overview_texts(browser):
    """The "What" column of the admin's overview."""
    html = browser.get("/").get_data(as_text=True)
    return [_text(cells[2]) for cells in _table_rows(html)]


def audit_texts(browser):
    """Every sentence, field name and value of every page of the audit log, without the codes."""
    texts = []
    url = "/admin/audit"
    while url:
        html = browser.get(url).get_data(as_text=True)
        for cells in _table_rows(html, "table.audit-table"):
            if len(cells) < 8:
                continue
            texts += [_without_code(cells[3]), _text(cells[5])]
            texts += [_text(term) for term in cells[7].find_all("dt")]
            texts += [_text(value) for value in cells[7].find_all("dd") if not value.find("code")]
        older = BeautifulSoup(html, "html.parser").select_one('a[rel="next"]')
        url = older["href"] if older else None
    return texts


def in_english(browser):
    browser.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    return browser


# -- the tests ------------------------------------------------------------------------------------


def test_every_action_the_application_logs_has_a_title():
    """Literal actions in the source (`record("initiative.opened", ...)`, `X_ACTION = "..."`)."""
    source = "\n".join(path.read_text() for path in Path(BASE_DIR / "initiatives").rglob("*.py"))
    literal = re.findall(r"record(?:_access)?\(\s*\"([a-z_]+\.[a-z_]+)\"", source)
    constants = re.findall(r"^[A-Z_]*ACTION = \"([a-z_]+\.[a-z_]+)\"", source, re.MULTILINE)
    assert literal
    assert constants
    assert set(literal + constants) - set(ACTION_TITLES) == set()


def test_the_fixture_logs_every_action(everything_logged, demo_world):
    with demo_world.app_context():
        logged = set(db.session.scalars(sa.select(AuditEntry.action).distinct()))
    assert set(ACTION_TITLES) - logged == set()
    assert logged - set(ACTION_TITLES) == set()


def test_every_field_of_the_logged_data_has_a_name_for_people(everything_logged, demo_world):
    with demo_world.test_request_context():
        names = {name for entry in db.session.scalars(sa.select(AuditEntry)) for name in entry.data}
    assert names - set(LABELS) == set()


def test_dutch_pages_tell_the_log_in_dutch(everything_logged, signed_in):
    manager, admin = signed_in("noord"), signed_in("beheer")
    history = history_texts(manager, everything_logged)
    overview = overview_texts(admin)
    audit = audit_texts(admin)
    assert len(history) > 15
    assert len(overview) == 10
    assert len(audit) > 300
    assert foreign_texts(history + overview + audit, "nl") == []
    # What the brief named: told in Dutch, never as the stored summary.
    assert "Fase gewijzigd: Eerste contact → Situatie in kaart brengen" in history
    assert any(text.startswith("Zaak bewerkt: ") and text.endswith(" gewijzigd") for text in history)
    assert "Bestand geopend" in audit
    assert "niet getoond: kan persoonsgegevens bevatten" in audit


def test_english_pages_tell_the_log_in_english(everything_logged, signed_in):
    manager, admin = in_english(signed_in("noord")), in_english(signed_in("beheer"))
    history = history_texts(manager, everything_logged)
    audit = audit_texts(admin)
    assert foreign_texts(history + overview_texts(admin) + audit, "en") == []
    assert "Stage changed: First contact → Mapping the situation" in history


def test_the_detector_finds_english_on_a_dutch_page():
    """The check itself: a stored summary or an English title on a Dutch page is found."""
    assert foreign_texts(["file 3 of case 7 downloaded"], "nl")
    assert foreign_texts(["Contact details viewed"], "nl")
    assert foreign_texts(["Zaak bewerkt: beschrijving changed"], "nl")
    assert foreign_texts(["Zaak bewerkt: beschrijving gewijzigd"], "nl") == []
    assert foreign_texts(["Case edited: description gewijzigd"], "en")


def test_an_entry_is_told_without_its_summary(everything_logged, demo_world):
    """However the summary reads, the sentence comes from the action and the data."""
    with demo_world.test_request_context():
        for entry in db.session.scalars(sa.select(AuditEntry)):
            assert entry.summary not in describe_entry(entry) or not entry.summary
            for row in detail_rows(entry):
                assert row.label
                assert row.value


def test_the_contact_details_never_show_in_the_details(everything_logged, signed_in):
    audit = " ".join(audit_texts(signed_in("beheer")))
    for personal in (
        "Jan Jansen",
        "jan@example.org",
        "0687654321",
        "Piet Bakker",
        "Kees Dekker",
        "Mieke Smit",
    ):
        assert personal not in audit
