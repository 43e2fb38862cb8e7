"""The stages of a case (the five vital work practices), the results, and the moves between them.

The workflow is one explicit table of allowed moves, checked in one function: `check_move`.
"""

from enum import Enum, StrEnum

from flask_babel import lazy_gettext as _l

from initiatives.core.rules import RuleConflict, RuleError


class Stage(StrEnum):
    INTAKE = "intake"
    MAPPING = "mapping"
    RELATIONS = "relations"
    SUPPORT = "support"
    EMBEDDING = "embedding"
    PRACTICAL_SUPPORT = "practical_support"
    CLOSED = "closed"

    @property
    def title(self):
        return STAGE_TITLES[self]

    @property
    def description(self):
        return STAGE_DESCRIPTIONS[self]

    @property
    def number(self):
        """The practice's number in the research (intake is 0, closed has none)."""
        return OPEN_STAGES.index(self) if self in OPEN_STAGES else None


STAGE_TITLES = {
    Stage.INTAKE: _l("First contact"),
    Stage.MAPPING: _l("Mapping the situation"),
    Stage.RELATIONS: _l("Investing in relations"),
    Stage.SUPPORT: _l("Building solutions with support"),
    Stage.EMBEDDING: _l("Connecting inside and outside"),
    Stage.PRACTICAL_SUPPORT: _l("Practical support"),
    Stage.CLOSED: _l("Closed"),
}

STAGE_DESCRIPTIONS = {
    Stage.INTAKE: _l("The first call or e-mail is registered."),
    Stage.MAPPING: _l("Listen, look and find out: organise a meeting, involve colleagues, investigate."),
    Stage.RELATIONS: _l("Build rapport and trust with residents and stakeholders."),
    Stage.SUPPORT: _l("Mediate between groups and develop a shared solution that has support."),
    Stage.EMBEDDING: _l("Connect the neighbourhood with departments, procedures and budget cycles."),
    Stage.PRACTICAL_SUPPORT: _l("Financial, material or organisational help to make it happen."),
    Stage.CLOSED: _l("Closed with a result."),
}

#: The open stages in their usual order; the practices are all of them but intake.
OPEN_STAGES = [
    Stage.INTAKE,
    Stage.MAPPING,
    Stage.RELATIONS,
    Stage.SUPPORT,
    Stage.EMBEDDING,
    Stage.PRACTICAL_SUPPORT,
]
PRACTICES = OPEN_STAGES[1:]


class Result(StrEnum):
    REALISED = "realised"
    PARTLY_REALISED = "partly_realised"
    STOPPED_BY_INITIATORS = "stopped_by_initiators"
    NOT_SUPPORTED = "not_supported"
    HANDED_OVER = "handed_over"

    @property
    def title(self):
        return RESULT_TITLES[self]


RESULT_TITLES = {
    Result.REALISED: _l("Realised"),
    Result.PARTLY_REALISED: _l("Partly realised"),
    Result.STOPPED_BY_INITIATORS: _l("Stopped by the initiators"),
    Result.NOT_SUPPORTED: _l("Not supported by the municipality"),
    Result.HANDED_OVER: _l("Handed over"),
}


class Needs(Enum):
    """What a move needs besides the target stage."""

    NOTHING = "nothing"
    REASON = "reason"  # a move back, a skip, or a reopening
    RESULT = "result"  # closing: a result and lessons learned


NEXT, REASON, RESULT, NO = Needs.NOTHING, Needs.REASON, Needs.RESULT, None

#: The workflow: what a move from the stage of a row to the stage of a column needs; NO: not a
#: move. Forward one step is free, back or skipping needs a reason, closing needs a result (with
#: the lessons learned), reopening a closed case in any stage needs a reason.
# fmt: off
_MOVES = (
    #                          intake  mapping relations support embedding practical closed
    (Stage.INTAKE,            (NO,     NEXT,   REASON,   REASON,  REASON,   REASON,   RESULT)),
    (Stage.MAPPING,           (REASON, NO,     NEXT,     REASON,  REASON,   REASON,   RESULT)),
    (Stage.RELATIONS,         (REASON, REASON, NO,       NEXT,    REASON,   REASON,   RESULT)),
    (Stage.SUPPORT,           (REASON, REASON, REASON,   NO,      NEXT,     REASON,   RESULT)),
    (Stage.EMBEDDING,         (REASON, REASON, REASON,   REASON,  NO,       NEXT,     RESULT)),
    (Stage.PRACTICAL_SUPPORT, (REASON, REASON, REASON,   REASON,  REASON,   NO,       RESULT)),
    (Stage.CLOSED,            (REASON, REASON, REASON,   REASON,  REASON,   REASON,   NO)),
)
# fmt: on

#: ALLOWED_MOVES[from][to] -> what the move needs, the targets in the order the move form offers
#: them. A move not in the table is not allowed.
ALLOWED_MOVES = {
    current: {target: needs for target, needs in zip(Stage, row, strict=True) if needs is not None}
    for current, row in _MOVES
}


class MoveError(RuleError):
    """A move the workflow does not allow, or one missing what it needs."""


class MoveNotAllowed(MoveError, RuleConflict):
    """A move the workflow does not have, such as from intake straight back to intake."""

    title = _l("This move is not possible")


def check_move(current, target, *, reason="", result=None, lessons=""):
    """Raise MoveError unless moving a case from `current` to `target` is allowed as asked."""
    needs = ALLOWED_MOVES.get(current, {}).get(target)
    if needs is None:
        raise MoveNotAllowed(
            _l(
                "A case cannot move from %(current)s to %(target)s.",
                current=current.title,
                target=target.title,
            ),
            field="to",
        )
    if needs is Needs.REASON and not (reason or "").strip():
        if current is Stage.CLOSED:
            message = _l("Reopening a closed case needs a reason.")
        else:
            message = _l("Moving back or skipping a stage needs a reason.")
        raise MoveError(message, field="reason")
    if needs is Needs.RESULT:
        if result is None:
            raise MoveError(_l("Closing a case needs a result."), field="result")
        if not (lessons or "").strip():
            raise MoveError(_l("Closing a case needs the lessons learned."), field="lessons")
    return needs
