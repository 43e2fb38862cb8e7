"""`flask zgw push` through the CLI runner, against the ZGW server on loopback: one case, the cases
closed since a date, every case; a line per case, exit code 1 when one was not sent completely
(and a second run resuming), usage errors, and the export being off without its settings."""

from datetime import timedelta

from initiatives.cases import operations as cases
from initiatives.cases.stages import Result, Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.conftest import open_test_case


def _zgw(app, *args):
    return app.test_cli_runner().invoke(args=["zgw", "push", *args])


def _open_and_closed_case():
    """An open case and a closed one (closed today); their ids."""
    still_open = open_test_case(title="Bankje bij de speeltuin")
    closed = open_test_case()
    cases.move_case(closed, closed.owner, Stage.CLOSED, result=Result.REALISED, lessons="Gelukt.")
    db.session.commit()
    return still_open.id, closed.id


def test_push_one_case_prints_what_it_sent(demo_world, zgw):
    with demo_world.app_context():
        case_id = open_test_case().id
        db.session.commit()
    result = _zgw(demo_world, "--case", str(case_id))
    assert result.exit_code == 0, result.output
    assert result.output == f"case {case_id}: 5 new\n"
    assert len(zgw.made("zaken")) == 1

    again = _zgw(demo_world, "--case", str(case_id))
    assert again.exit_code == 0
    assert again.output == f"case {case_id}: 0 new\n"


def test_push_closed_since_sends_only_the_cases_closed_on_or_after_the_date(demo_world, zgw):
    with demo_world.app_context():
        _open, closed_id = _open_and_closed_case()
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    none = _zgw(demo_world, "--closed-since", tomorrow)
    assert none.exit_code == 0
    assert none.output == ""
    assert zgw.made("zaken") == []

    today = _zgw(demo_world, "--closed-since", local_today().isoformat())
    assert today.exit_code == 0, today.output
    # No result type is mapped: reported (in Dutch) on its line, the rest sent, the end status
    # kept back until the result can go.
    assert today.output == (
        f'case {closed_id}: 5 new; Er is geen resultaattype ingesteld voor het resultaat "Gerealiseerd".\n'
    )
    assert [zaak["omschrijving"] for zaak in zgw.made("zaken")] == [
        "Moestuin op het veldje aan de Merelstraat"
    ]


def test_push_all_sends_every_case(demo_world, zgw):
    with demo_world.app_context():
        open_id, closed_id = _open_and_closed_case()
    result = _zgw(demo_world, "--all")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"case {open_id}", f"case {closed_id}"]
    assert len(zgw.made("zaken")) == 2


def test_a_failure_exits_with_1_and_the_next_run_resumes(demo_world, zgw):
    with demo_world.app_context():
        case_id = open_test_case().id
        db.session.commit()
    zgw.fail_next("rollen", 500)
    failed = _zgw(demo_world, "--case", str(case_id))
    assert failed.exit_code == 1
    assert f"case {case_id}: 2 new; error: " in failed.output  # the zaak and its first status
    assert "(500)" in failed.output
    assert "1 case(s) not sent completely; run again to resume." in failed.output

    resumed = _zgw(demo_world, "--case", str(case_id))
    assert resumed.exit_code == 0, resumed.output
    assert resumed.output == f"case {case_id}: 3 new\n"  # two roles and the wijk
    assert len(zgw.made("zaken")) == 1
    assert len(zgw.made("statussen")) == 1


def test_push_needs_one_choice_of_cases(demo_world, zgw):
    nothing = _zgw(demo_world)
    assert nothing.exit_code == 2
    assert "Say which cases: --case ID, --closed-since DATE or --all." in nothing.output
    both = _zgw(demo_world, "--case", "1", "--all")
    assert both.exit_code == 2
    assert "Give one of --case, --closed-since and --all." in both.output
    unknown = _zgw(demo_world, "--case", "999")
    assert unknown.exit_code == 1
    assert "No case 999." in unknown.output
    assert zgw.made("zaken") == []


def test_push_says_it_is_off_without_its_settings(demo_world, zgw):
    for key in ("ZGW_ZAKEN_API", "ZGW_CATALOGI_API", "ZGW_DOCUMENTEN_API"):
        demo_world.config[key] = ""
    result = _zgw(demo_world, "--all")
    assert result.exit_code == 1
    assert "The case system (ZGW) is off: set BRICOLEUR_ZGW_ZAKEN_API" in result.output
    assert zgw.requests == []
