"""`flask privacy purge`: expired contact data is anonymised, also inside free text; the case and
every statistic stay; a dry run changes nothing; a second run does nothing; all is logged."""

import json

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth.users import find_user
from initiatives.barriers.models import Barrier, Help
from initiatives.cases import search
from initiatives.cases.models import Activity, Attachment, Initiative, Initiator, StageChange
from initiatives.extensions import db
from initiatives.privacy.models import ContactErasure, ErasureReason
from initiatives.privacy.retention import months_before
from tests.privacy.conftest import personal_data, statistics


@pytest.fixture
def purge(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        result = runner.invoke(args=["privacy", "purge", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    return invoke


def search_finds(app, words):
    """The cases `words` find for noord, the old case's owner, who searches the texts as written."""
    with app.app_context():
        matches = search.ranked_matches(words, find_user("noord"))
        return db.session.scalars(sa.select(matches.c.initiative_id)).all()


def case_texts(initiative_id):
    initiative = db.session.get(Initiative, initiative_id)
    texts = [
        initiative.title,
        initiative.description,
        initiative.address,
        initiative.support_requested,
        initiative.next_step,
        initiative.lessons,
    ]
    for model, column in (
        (Activity, Activity.note),
        (StageChange, StageChange.reason),
        (Barrier, Barrier.description),
        (Help, Help.description),
        (Attachment, Attachment.filename),
    ):
        texts += db.session.scalars(sa.select(column).where(model.initiative_id == initiative_id)).all()
    return "\n".join(texts)


def test_months_before_keeps_to_the_calendar():
    from datetime import date

    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


def test_dry_run_reports_and_changes_nothing(app, populated, purge):
    with app.app_context():
        before = personal_data()
    output = purge("--dry-run")
    assert "Would anonymise" in output
    assert "Dry run: nothing was changed." in output
    with app.app_context():
        assert personal_data() == before
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ContactErasure)) == 0
        entry = db.session.scalars(sa.select(AuditEntry).filter_by(action="privacy.purge")).one()
        assert entry.data["dry_run"] is True
        assert entry.data["contacts"] > 0
    assert search_finds(app, "Jansen") == [populated["old_case"]]


def test_purge_anonymises_expired_contacts_and_their_mentions(app, populated, purge):
    with app.app_context():
        stats_before = statistics()
        open_contacts = db.session.execute(
            sa.select(Initiator.name, Initiator.email).where(
                Initiator.initiative_id.in_([populated["recent_case"], populated["open_case"]])
            )
        ).all()
    output = purge()
    assert "Anonymised" in output
    assert "activity_notes" in output

    with app.app_context():
        (initiator,) = db.session.scalars(
            sa.select(Initiator).filter_by(initiative_id=populated["old_case"])
        ).all()
        assert (initiator.name, initiator.email, initiator.phone) == ("[naam]", "", "")
        assert db.session.get(ContactErasure, initiator.id).reason == ErasureReason.RETENTION
        texts = case_texts(populated["old_case"])
        for personal in ("Jan", "Jansen", "jan@example.org", "06-12345678", "06 1234 5678", "Merelstraat 12"):
            assert personal not in texts
        assert "[naam]" in texts
        assert "[telefoonnummer]" in texts
        assert "[e-mailadres]" in texts
        assert "[adres]" in texts
        assert "Afdeling groen wilde niet met [naam] praten." in texts  # the rest of the text stays
        assert "brief van [naam].txt" in texts
        # The case itself and every figure stay.
        assert statistics() == stats_before
        # Recently closed and open cases keep their contacts.
        assert (
            db.session.execute(
                sa.select(Initiator.name, Initiator.email).where(
                    Initiator.initiative_id.in_([populated["recent_case"], populated["open_case"]])
                )
            ).all()
            == open_contacts
        )
        # Every expired contact is done, none else.
        erased = set(db.session.scalars(sa.select(ContactErasure.initiator_id)))
        expired = set(
            db.session.scalars(
                sa.select(Initiator.id)
                .join(Initiative)
                .where(Initiative.stage == "closed", Initiative.closed_on <= months_before(_today(), 12))
            )
        )
        assert erased == expired
        assert len(expired) > 1
        assert not db.session.scalars(
            sa.select(Initiator.email).where(Initiator.id.in_(expired), Initiator.email != "")
        ).all()
        # Logged, without the personal data itself.
        entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action.like("privacy.%"))).all()
        logged = json.dumps([[entry.summary, entry.data] for entry in entries])
        assert "jan@example.org" not in logged
        assert "Jansen" not in logged
        assert "1234" not in logged
        run = [entry for entry in entries if entry.action == "privacy.purge"]
        assert len(run) == 1
        assert run[0].data["contacts"] == len(expired)
        assert run[0].origin == "cli"
        per_case = [entry for entry in entries if entry.initiative_id == populated["old_case"]]
        assert [entry.action for entry in per_case] == ["privacy.contacts_anonymised"]
    # The search index no longer holds the name; the rest of the case is still found.
    assert search_finds(app, "Jansen") == []
    assert populated["old_case"] in search_finds(app, "moestuin")


def _today():
    from initiatives.core.dates import local_today

    return local_today()


def test_purge_is_idempotent(app, populated, purge):
    purge()
    with app.app_context():
        after_first = personal_data()
        erasures = db.session.scalar(sa.select(sa.func.count()).select_from(ContactErasure))
    output = purge()
    assert "Anonymised 0 contact(s) in 0 case(s), 0 text(s)" in output
    with app.app_context():
        assert personal_data() == after_first
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ContactErasure)) == erasures


@pytest.mark.parametrize("app_config", [{"CONTACT_RETENTION_MONTHS": 1}])
def test_the_retention_setting_decides_what_expires(app, populated, purge):
    purge("--batch-size", "3", "--quiet")  # small batches: the paging must reach every case
    with app.app_context():
        recent = db.session.scalars(
            sa.select(Initiator).filter_by(initiative_id=populated["recent_case"])
        ).one()
        assert recent.name == "[naam]"  # closed 40 days ago: past a retention of one month
        still_open = db.session.scalars(
            sa.select(Initiator).filter_by(initiative_id=populated["open_case"])
        ).one()
        assert still_open.name == "Piet Pieters"
        remaining = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Initiator)
            .join(Initiative)
            .where(
                Initiative.stage == "closed",
                Initiative.closed_on <= months_before(_today(), 1),
                ~sa.exists().where(ContactErasure.initiator_id == Initiator.id),
            )
        )
        assert remaining == 0


@pytest.mark.parametrize("app_config", [{"CONTACT_RETENTION_MONTHS": 0}, {"CONTACT_RETENTION_MONTHS": 30000}])
def test_a_wrong_retention_setting_is_refused(app, populated, signed_in):
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 1
    assert "van 1 tot en met 1200" in result.output  # the command line speaks the default locale, Dutch
    assert signed_in("beheer").get("/admin/privacy").status_code == 200


def test_the_purge_deletes_the_content_of_the_expired_cases_files(app, populated, purge):
    from initiatives.cases.attachments import path_of

    with app.app_context():
        files = db.session.scalars(
            sa.select(Attachment).where(Attachment.initiative_id == populated["old_case"])
        ).all()
        paths = {attachment.filename: path_of(attachment) for attachment in files}
        kept = db.session.scalars(
            sa.select(Attachment).where(Attachment.initiative_id == populated["open_case"])
        ).all()
        kept_paths = [path_of(attachment) for attachment in kept]
    assert set(paths) == {"plattegrond.txt", "brief van Jan Jansen.txt"}
    assert "file(s) deleted" in purge("--dry-run")
    assert all(path.is_file() for path in paths.values())  # a dry run deletes nothing

    output = purge()
    assert all(not path.exists() for path in paths.values())
    assert all(path.is_file() for path in kept_paths)  # an open case keeps its files
    with app.app_context():
        erased = db.session.scalars(
            sa.select(Attachment).where(Attachment.initiative_id == populated["old_case"])
        ).all()
        assert all(attachment.erased_at is not None for attachment in erased)
        entry = db.session.scalars(sa.select(AuditEntry).filter_by(action="privacy.purge")).all()[-1]
        deleted = entry.data["files"]
    assert deleted >= 2
    assert f"{deleted} file(s) deleted" in output
