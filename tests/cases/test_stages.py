"""The workflow table, tested as scenarios of moves (as Amsterdam Signals does)."""

import pytest

from initiatives.cases.stages import ALLOWED_MOVES, OPEN_STAGES, MoveError, Needs, Result, Stage, check_move

S = Stage


def run(scenario):
    """Apply (target, options) moves from intake; return the stages passed through."""
    current = S.INTAKE
    passed = [current]
    for target, options in scenario:
        check_move(current, target, **options)
        current = target
        passed.append(current)
    return passed


def test_happy_path_moves_forward_one_stage_at_a_time_without_reasons():
    scenario = [(stage, {}) for stage in OPEN_STAGES[1:]]
    scenario.append((S.CLOSED, {"result": Result.REALISED, "lessons": "Vroeg de buren erbij halen."}))
    assert run(scenario)[-1] is S.CLOSED


def test_loop_back_needs_a_reason():
    with pytest.raises(MoveError) as error:
        run([(S.MAPPING, {}), (S.RELATIONS, {}), (S.SUPPORT, {}), (S.MAPPING, {})])
    assert error.value.field == "reason"
    passed = run(
        [(S.MAPPING, {}), (S.RELATIONS, {}), (S.SUPPORT, {}), (S.MAPPING, {"reason": "Draagvlak viel weg"})]
    )
    assert passed[-1] is S.MAPPING


@pytest.mark.parametrize("reason", ["", "   "])
def test_skip_without_reason_is_refused(reason):
    with pytest.raises(MoveError, match=r"reason|reden"):
        check_move(S.INTAKE, S.SUPPORT, reason=reason)


def test_skip_with_reason_is_allowed():
    assert check_move(S.INTAKE, S.PRACTICAL_SUPPORT, reason="Alleen een vergunning nodig") is Needs.REASON


@pytest.mark.parametrize(
    ("options", "field"),
    [({}, "result"), ({"result": Result.REALISED}, "lessons"), ({"result": None, "lessons": "x"}, "result")],
)
def test_closing_needs_a_result_and_lessons(options, field):
    with pytest.raises(MoveError) as error:
        check_move(S.EMBEDDING, S.CLOSED, **options)
    assert error.value.field == field


@pytest.mark.parametrize("stage", OPEN_STAGES)
def test_a_case_can_be_closed_from_every_open_stage(stage):
    assert (
        check_move(stage, S.CLOSED, result=Result.STOPPED_BY_INITIATORS, lessons="Initiatiefnemers verhuisd")
        is Needs.RESULT
    )


def test_reopening_needs_a_reason():
    with pytest.raises(MoveError):
        check_move(S.CLOSED, S.SUPPORT)
    assert check_move(S.CLOSED, S.SUPPORT, reason="Nieuwe groep bewoners") is Needs.REASON


@pytest.mark.parametrize("stage", list(Stage))
def test_staying_in_the_same_stage_is_not_a_move(stage):
    with pytest.raises(MoveError) as error:
        check_move(stage, stage, reason="x", result=Result.REALISED, lessons="x")
    assert error.value.field == "to"


def test_the_table_covers_every_stage():
    assert set(ALLOWED_MOVES) == set(Stage)
    for stage, moves in ALLOWED_MOVES.items():
        assert stage not in moves
