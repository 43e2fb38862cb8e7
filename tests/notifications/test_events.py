"""The notices of what happens in a request: a hand-over, a team change, a decided help and an
imported e-mail each tell the right person, on the channel they chose, inside the change's own
transaction; nothing for a refused or rolled-back change, for "off", or for one's own act."""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.barriers import help_operations
from initiatives.barriers.models import Help
from initiatives.cases.models import Initiative
from initiatives.cases.team import hand_over
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.notifications.events import Channel, Event
from initiatives.notifications.models import Notification, OutboxMessage
from initiatives.notifications.preferences import choose
from tests.api.conftest import ApiClient, issue_token
from tests.intake.test_contact_from_mail import _upload

SAMPLES = Path(__file__).parents[1] / "intake" / "mail_samples"


def _notices(app, event=None):
    """[(username, event, reference, channel, data)] of every notice, oldest first."""
    with app.app_context():
        query = sa.select(Notification).order_by(Notification.id)
        if event is not None:
            query = query.where(Notification.event == event)
        return [
            (n.user.username, Event(n.event), n.reference, Channel(n.channel), n.data)
            for n in db.session.scalars(query)
        ]


def _user_id(app, username):
    with app.app_context():
        return find_user(username).id


def _choose(app, username, **channels):
    with app.app_context():
        choose(find_user(username), channels)
        db.session.commit()


def _hand_over(client, case_id, owner_id, version="1"):
    return client.submit(
        f"/initiatives/{case_id}/owner",
        {"handover-owner": str(owner_id), "handover-version": version, "handover-confirmed": "yes"},
        form_url=f"/initiatives/{case_id}",
    )


def _set_team(client, case_id, member_ids):
    return client.submit(
        f"/initiatives/{case_id}/team",
        {"members": [str(member_id) for member_id in member_ids]},
        form_url=f"/initiatives/{case_id}",
    )


def _decide_on_page(client, test_case, status, decided_by="Wethouder De Boer", version="1"):
    case_url = f"/initiatives/{test_case['initiative_id']}"
    return client.submit(
        f"{case_url}/helps/{test_case['help_id']}/decision",
        {"status": status, "on": local_today().isoformat(), "decided_by": decided_by, "version": version},
        form_url=case_url,
    )


# -- a hand-over ---------------------------------------------------------------------------------


def test_a_hand_over_tells_the_new_owner_by_e_mail(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    response = _hand_over(signed_in("noord"), case_id, _user_id(demo_world, "zuid"))
    assert response.status_code == 302
    notices = _notices(demo_world)
    # noord handed over and joined the team by their own act: only zuid is told.
    assert [(user, event, channel) for user, event, _r, channel, _d in notices] == [
        ("zuid", Event.HANDED_OVER, Channel.EMAIL)
    ]
    _user, _event, reference, _channel, data = notices[0]
    assert reference == "version 2"
    assert data["by"] == "noord"  # shown by name when read (sentences.py)
    with demo_world.app_context():
        notice = db.session.scalar(sa.select(Notification))
        assert isinstance(notice.outbox_message, OutboxMessage)  # zuid has an address


def test_each_hand_over_is_a_notice_of_its_own(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    zuid_id, noord_id = _user_id(demo_world, "zuid"), _user_id(demo_world, "noord")
    assert _hand_over(signed_in("noord"), case_id, zuid_id).status_code == 302
    assert _hand_over(signed_in("zuid"), case_id, noord_id, version="2").status_code == 302
    assert _hand_over(signed_in("noord"), case_id, zuid_id, version="3").status_code == 302
    handed = [(user, reference) for user, _e, reference, _c, _d in _notices(demo_world, Event.HANDED_OVER)]
    assert handed == [("zuid", "version 2"), ("noord", "version 3"), ("zuid", "version 4")]


def test_a_hand_over_by_someone_else_tells_the_previous_owner_they_joined_the_team(demo_world, test_case):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, test_case["initiative_id"])
        # zuid takes the case over themselves: noord did not act, so noord hears of the team.
        hand_over(initiative, find_user("zuid"), find_user("zuid"))
        db.session.commit()
    notices = _notices(demo_world)
    assert [(user, event, data["added"]) for user, event, _r, _c, data in notices] == [
        ("noord", Event.TEAM_CHANGED, True)
    ]


def test_a_refused_hand_over_tells_no_one(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    response = _hand_over(signed_in("noord"), case_id, _user_id(demo_world, "zuid"), version="0")
    assert response.status_code == 422
    assert _notices(demo_world) == []


def test_a_rolled_back_hand_over_leaves_no_notice_and_no_mail(demo_world, test_case):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, test_case["initiative_id"])
        hand_over(initiative, find_user("noord"), find_user("zuid"))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 1
        db.session.rollback()
    assert _notices(demo_world) == []
    with demo_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_off_means_no_notice_of_a_hand_over(demo_world, test_case, signed_in):
    _choose(demo_world, "zuid", handed_over="off")
    _hand_over(signed_in("noord"), test_case["initiative_id"], _user_id(demo_world, "zuid"))
    assert _notices(demo_world) == []


# -- the team ------------------------------------------------------------------------------------


def test_team_changes_tell_who_was_added_and_who_was_removed(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    zuid_id = _user_id(demo_world, "zuid")
    assert _set_team(noord, case_id, [zuid_id]).status_code == 302
    assert _set_team(noord, case_id, []).status_code == 302
    notices = _notices(demo_world)
    assert [(user, event, channel, data["added"]) for user, event, _r, channel, data in notices] == [
        ("zuid", Event.TEAM_CHANGED, Channel.DIGEST, True),
        ("zuid", Event.TEAM_CHANGED, Channel.DIGEST, False),
    ]
    assert notices[0][2].startswith("added ")
    assert notices[1][2].startswith("removed ")
    assert notices[0][4]["by"] == "noord"


def test_the_same_team_again_tells_no_one(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    zuid_id = _user_id(demo_world, "zuid")
    _set_team(noord, case_id, [zuid_id])
    _set_team(noord, case_id, [zuid_id])
    assert len(_notices(demo_world)) == 1


def test_one_who_leaves_the_team_themselves_is_not_told(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    _set_team(signed_in("noord"), case_id, [_user_id(demo_world, "zuid")])
    # zuid, on the team, takes themselves off it.
    assert _set_team(signed_in("zuid"), case_id, []).status_code == 302
    assert [data["added"] for *_rest, data in _notices(demo_world)] == [True]


def test_in_app_only_is_kept_without_a_mail(demo_world, test_case, signed_in):
    _choose(demo_world, "zuid", team_changed="in_app")
    _set_team(signed_in("noord"), test_case["initiative_id"], [_user_id(demo_world, "zuid")])
    assert [channel for *_r, channel, _d in _notices(demo_world)] == [Channel.IN_APP]
    with demo_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


# -- a decided help ------------------------------------------------------------------------------


@pytest.fixture
def zuid_on_the_team(demo_world, test_case, signed_in):
    """zuid on the test case's team, so zuid may decide the help noord asked for."""
    assert _set_team(
        signed_in("noord"), test_case["initiative_id"], [_user_id(demo_world, "zuid")]
    ).status_code
    with demo_world.app_context():
        db.session.execute(sa.delete(Notification))
        db.session.commit()


@pytest.mark.parametrize("status", ["granted", "refused"])
def test_a_decided_help_tells_who_asked_for_it_through_the_page(
    demo_world, test_case, signed_in, zuid_on_the_team, status
):
    assert _decide_on_page(signed_in("zuid"), test_case, status).status_code == 302
    help_id = test_case["help_id"]
    assert _notices(demo_world) == [
        (
            "noord",
            Event.HELP_DECIDED,
            f"help {help_id}: {status}",
            Channel.DIGEST,
            {"help_id": help_id, "category": "backing", "decision": status},
        )
    ]


def test_a_decided_help_tells_who_asked_for_it_through_the_api(demo_world, test_case, zuid_on_the_team):
    api = ApiClient(demo_world.test_client(), issue_token(demo_world, "zuid"))
    response = api.patch(
        f"/api/v1/helps/{test_case['help_id']}",
        json={"status": "refused", "decided_by": "MT"},
        headers={"If-Match": "*"},
    )
    assert response.status_code == 200, response.get_json()
    assert [(user, event, data["decision"]) for user, event, _r, _c, data in _notices(demo_world)] == [
        ("noord", Event.HELP_DECIDED, "refused")
    ]


def test_who_decides_their_own_help_is_not_told(demo_world, test_case, signed_in):
    assert _decide_on_page(signed_in("noord"), test_case, "granted").status_code == 302
    assert _notices(demo_world) == []


def test_a_refused_decision_tells_no_one(demo_world, test_case, signed_in, zuid_on_the_team):
    # Who decided is missing: the move is refused, and so is the notice.
    assert _decide_on_page(signed_in("zuid"), test_case, "granted", decided_by="").status_code == 422
    api = ApiClient(demo_world.test_client(), issue_token(demo_world, "zuid"))
    response = api.patch(
        f"/api/v1/helps/{test_case['help_id']}",
        json={"status": "applied"},  # not granted yet: the lifecycle refuses
        headers={"If-Match": "*"},
    )
    assert response.status_code == 409
    assert _notices(demo_world) == []


def test_applying_a_help_is_no_decision(demo_world, test_case, signed_in):
    with demo_world.app_context():
        item = db.session.get(Help, test_case["help_id"])
        help_operations.move_help(item, find_user("zuid"), None, "granted", decided_by="MT")
        db.session.commit()
        help_operations.move_help(item, find_user("zuid"), None, "applied")
        db.session.commit()
    assert [reference for _u, _e, reference, _c, _d in _notices(demo_world)] == [
        f"help {test_case['help_id']}: granted"
    ]


def test_off_means_no_notice_of_a_decision(demo_world, test_case, signed_in, zuid_on_the_team):
    _choose(demo_world, "noord", help_decided="off")
    _decide_on_page(signed_in("zuid"), test_case, "granted")
    assert _notices(demo_world) == []


# -- an imported e-mail --------------------------------------------------------------------------


def test_the_import_command_tells_the_owner_of_each_new_case(demo_world, tmp_path):
    path = tmp_path / "bericht.eml"
    shutil.copy(SAMPLES / "signature_nl.eml", path)
    runner = demo_world.test_cli_runner()
    result = runner.invoke(args=["intake", "import-mail", str(path), "--owner", "noord"])
    assert result.exit_code == 0, result.output
    with demo_world.app_context():
        case_id = db.session.scalar(sa.select(Initiative.id))
    assert _notices(demo_world) == [("noord", Event.MAIL_IMPORTED, f"case {case_id}", Channel.DIGEST, {})]
    # Imported before: no new case, no new notice.
    assert runner.invoke(args=["intake", "import-mail", str(path), "--owner", "noord"]).exit_code == 0
    assert len(_notices(demo_world)) == 1


def test_who_uploads_an_e_mail_themselves_is_not_told(demo_world, signed_in):
    _upload(signed_in("noord"), demo_world, "signature_nl.eml")
    assert _notices(demo_world) == []


def test_off_means_no_notice_of_an_import(demo_world, tmp_path):
    _choose(demo_world, "noord", mail_imported="off")
    path = tmp_path / "bericht.eml"
    shutil.copy(SAMPLES / "signature_nl.eml", path)
    result = demo_world.test_cli_runner().invoke(
        args=["intake", "import-mail", str(path), "--owner", "noord"]
    )
    assert result.exit_code == 0, result.output
    assert _notices(demo_world) == []


def test_the_notices_read_as_what_happened_on_the_page(demo_world, test_case, signed_in):
    """From the act on one page to the sentence on another: the producers' data is what the
    notifications page reads (who did it by name, added or removed)."""
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    zuid_id = _user_id(demo_world, "zuid")
    assert _set_team(noord, case_id, [zuid_id]).status_code == 302
    assert _set_team(noord, case_id, []).status_code == 302
    assert _hand_over(noord, case_id, zuid_id).status_code == 302
    page = signed_in("zuid").get("/notifications").get_data(as_text=True)
    assert "is aan u overgedragen door Noor de Vries." in page
    assert "U bent toegevoegd aan het team van zaak" in page
    assert "U bent uit het team van zaak" in page
