"""The admin's tasks: a task's name, its exclusion with the reason and whether it is offered are
changed on its own page, audited; a name already on the list (in any case) is refused in Dutch,
an exclusion without a reason too, and a save over a colleague's change is refused (409) with the
current values shown."""

import re

from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.auth.users import find_user
from initiatives.challenges import operations
from initiatives.challenges.models import ChallengeTask
from initiatives.extensions import db


def _task(app, task_id):
    with app.app_context():
        task = db.session.get(ChallengeTask, task_id)
        return task.name, task.excluded, task.exclusion_reason, task.active, task.version


def _form(name, excluded=False, reason="", active=True, version="1"):
    data = {"name": name, "exclusion_reason": reason, "version": version}
    if excluded:
        data["excluded"] = "y"
    if active:
        data["active"] = "y"
    return data


def test_the_admin_changes_a_tasks_name_and_exclusion_audited(demo_world, signed_in, challenge_case):
    beheer = signed_in("beheer")
    task_id = challenge_case["mowing"]
    listing = BeautifulSoup(beheer.get("/admin/challenges").get_data(as_text=True), "html.parser")
    assert listing.find("a", href=f"/admin/challenges/tasks/{task_id}") is not None
    page = beheer.get(f"/admin/challenges/tasks/{task_id}")
    assert page.status_code == 200
    assert 'value="Maaien van het groen in de wijk"' in page.get_data(as_text=True)

    saved = beheer.submit(
        f"/admin/challenges/tasks/{task_id}",
        _form("Maaien en snoeien", excluded=True, reason="Valt onder het bestek tot 2028."),
    )
    assert saved.status_code == 302
    assert saved.location == "/admin/challenges"
    assert _task(demo_world, task_id) == (
        "Maaien en snoeien",
        True,
        "Valt onder het bestek tot 2028.",
        True,
        2,
    )
    with demo_world.app_context():
        entry = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == "challenge_task.updated").order_by(AuditEntry.id)
        ).all()[-1]
        assert entry.actor.username == "beheer"
        assert entry.object_id == task_id
        assert entry.data == {
            "name": "[redacted]",  # as every name in the log: that it changed
            "excluded": [False, True],
            "exclusion_reason": "[redacted]",
        }
    # no longer excluded: the reason goes, and it is off the list for new challenges
    assert (
        beheer.submit(
            f"/admin/challenges/tasks/{task_id}", _form("Maaien en snoeien", active=False, version="2")
        ).status_code
        == 302
    )
    assert _task(demo_world, task_id) == ("Maaien en snoeien", False, "", False, 3)


def test_a_duplicate_name_or_a_missing_reason_is_refused_in_dutch(demo_world, signed_in, challenge_case):
    beheer = signed_in("beheer")
    task_id = challenge_case["mowing"]
    before = _task(demo_world, task_id)
    duplicate = beheer.submit(f"/admin/challenges/tasks/{task_id}", _form("verlenen van VERGUNNINGEN"))
    assert duplicate.status_code == 422
    html = duplicate.get_data(as_text=True)
    assert "Deze taak staat al op de lijst." in html
    assert 'value="verlenen van VERGUNNINGEN"' in html  # the input stays
    no_reason = beheer.submit(f"/admin/challenges/tasks/{task_id}", _form("Maaien", excluded=True))
    assert no_reason.status_code == 422
    assert "Geef aan waarom de verordening deze taak uitsluit." in no_reason.get_data(as_text=True)
    empty = beheer.submit(f"/admin/challenges/tasks/{task_id}", _form(""))
    assert empty.status_code == 422
    assert _task(demo_world, task_id) == before
    # adding one with a name on the list, in other letters, is refused the same way
    added = beheer.submit(
        "/admin/challenges/tasks", {"name": "MAAIEN VAN HET GROEN IN DE WIJK"}, form_url="/admin/challenges"
    )
    assert added.status_code == 422
    assert "Deze taak staat al op de lijst." in added.get_data(as_text=True)
    with demo_world.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ChallengeTask)) == 2


def test_a_save_over_a_colleagues_change_is_refused(demo_world, signed_in, challenge_case):
    beheer = signed_in("beheer")
    task_id = challenge_case["mowing"]
    with demo_world.app_context():
        task = db.session.get(ChallengeTask, task_id)
        operations.update_task(task, find_user("beheer"), name="Groenonderhoud")
        db.session.commit()
    stale = beheer.submit(f"/admin/challenges/tasks/{task_id}", _form("Maaien", version="1"))
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Iemand anders heeft deze taak gewijzigd" in html
    assert re.search(r'id="current-heading"', html)
    assert "Groenonderhoud" in html
    assert _task(demo_world, task_id)[0] == "Groenonderhoud"
    # saving again, deliberately, with the version now in the form
    assert (
        beheer.submit(f"/admin/challenges/tasks/{task_id}", _form("Maaien", version="2")).status_code == 302
    )
    assert _task(demo_world, task_id)[0] == "Maaien"
