"""`flask demo-data --initiatives N`: believable demo cases whose history hangs together."""

import itertools
from collections import defaultdict

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth.models import User, user_neighbourhoods
from initiatives.auth.users import find_user
from initiatives.barriers.lifecycle import BarrierStatus, Effect, HelpStatus, Provider
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpEffect
from initiatives.cases import search
from initiatives.cases.models import (
    Activity,
    CaseKind,
    Initiative,
    Initiator,
    StageChange,
    activity_skills,
    initiative_themes,
)
from initiatives.cases.stages import Result, Stage
from initiatives.challenges import deadlines
from initiatives.challenges.kinds import WITH_AGREEMENT, Decision
from initiatives.challenges.models import Challenge, ChallengeReview, ChallengeTask
from initiatives.challenges.queries import nearing_for
from initiatives.core.dates import local_date, local_today
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.models import Neighbourhood
from tests.conftest import _empty_all_tables

ORDER = list(Stage)


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args, input=None):
        result = runner.invoke(args=list(args), input=input, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    return invoke


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def grouped(query):
    """{initiative id: [rows]} for a query whose first column is the initiative id."""
    groups = defaultdict(list)
    for row in db.session.execute(query):
        groups[row[0]].append(row[1:])
    return groups


def test_demo_cases_hang_together(app, cli):
    result = cli("demo-data", "--initiatives", "200")
    assert "Creating demo cases" in result.output  # the progress bar's label
    assert "200 demo cases added" in result.output
    assert "west" in result.output  # the extra manager for wijk West is among the log-ins
    with app.app_context():
        today = local_today()
        cases = db.session.scalars(sa.select(Initiative)).all()
        assert len(cases) == 200
        changes = grouped(
            sa.select(
                StageChange.initiative_id, StageChange.from_stage, StageChange.to_stage, StageChange.reason
            ).order_by(StageChange.initiative_id, StageChange.id)
        )
        activities = grouped(
            sa.select(Activity.initiative_id, Activity.id, Activity.happened_on, Activity.practice)
        )
        initiators = grouped(
            sa.select(Initiator.initiative_id, Initiator.name, Initiator.email, Initiator.phone)
        )
        themes = grouped(sa.select(initiative_themes.c.initiative_id, initiative_themes.c.theme_id))
        skills = grouped(sa.select(activity_skills.c.activity_id, activity_skills.c.skill_id))
        wijk_of = {
            neighbourhood.id: neighbourhood.parent_id or neighbourhood.id
            for neighbourhood in db.session.scalars(sa.select(Neighbourhood))
        }
        managers_of_wijk = grouped(
            sa.select(user_neighbourhoods.c.neighbourhood_id, User.id)
            .join(User, User.id == user_neighbourhoods.c.user_id)
            .where(User.role == Role.NEIGHBOURHOOD_MANAGER)
        )

        for case in cases:
            if case.stage == Stage.CLOSED:
                assert case.result is not None
                assert case.lessons
                assert case.closed_on is not None
                assert case.follow_up_on is None
                assert case.next_step == ""
            else:
                assert case.result is None
                assert case.closed_on is None
            history = changes[case.id]
            assert history[0][:2] == (None, Stage.INTAKE)
            assert history[-1][1] == case.stage
            for (_before, reached, _reason), (came_from, went_to, reason) in itertools.pairwise(history):
                assert came_from == reached  # every move starts where the previous one ended
                if went_to != Stage.CLOSED and ORDER.index(went_to) != ORDER.index(came_from) + 1:
                    assert reason, "a move back or a skip has a reason"
            assert case.version == len(history)

            timeline = activities[case.id]
            assert 2 <= len(timeline) <= 8
            assert all(case.received_on <= happened_on <= today for _id, happened_on, _p in timeline)
            assert all(practice != Stage.CLOSED for _id, _day, practice in timeline)
            if case.closed_on:
                assert all(happened_on <= case.closed_on for _id, happened_on, _p in timeline)
            assert local_date(case.last_activity_at) >= max(happened_on for _id, happened_on, _p in timeline)
            assert all(1 <= len(skills[activity_id]) <= 3 for activity_id, _day, _p in timeline)

            assert 1 <= len(initiators[case.id]) <= 2
            assert all(name and (email or phone) for name, email, phone in initiators[case.id])
            assert 1 <= len(themes[case.id]) <= 3
            assert (case.owner_id,) in managers_of_wijk[wijk_of[case.neighbourhood_id]]

        stages = {case.stage for case in cases}
        assert {Stage.INTAKE, Stage.MAPPING, Stage.CLOSED} <= stages
        open_cases = [case for case in cases if case.stage != Stage.CLOSED]
        assert any(case.follow_up_on and case.follow_up_on < today for case in open_cases)
        assert any(case.follow_up_on and case.follow_up_on >= today for case in open_cases)
        assert any(case.is_quiet() for case in open_cases)
        loops = [
            case for case in cases if len({to for _from, to, _r in changes[case.id]}) < len(changes[case.id])
        ]
        assert loops, "some case went back to a practice it was in before"
        generated = sa.select(AuditEntry).where(AuditEntry.action == "demo.initiatives_created")
        assert len(db.session.scalars(generated).all()) == 1  # one entry for the run, none per case

        # One search document per case: a case is found by a word of its title (by its owner).
        for case in cases[::20]:
            word = max(search.words_of(case.title), key=len)
            matches = search.ranked_matches(word, case.owner)
            assert case.id in db.session.scalars(sa.select(matches.c.initiative_id)).all(), word


def stages_on(history, day):
    """The stages a case was in on `day`: the one it started the day in and those it moved to."""
    before = [to for _from, to, happened_at in history if happened_at.date() < day]
    during = [to for _from, to, happened_at in history if happened_at.date() == day]
    return set(before[-1:] + during)


def test_demo_barriers_and_helps_hang_together(app, cli):
    result = cli("demo-data", "--initiatives", "300")
    assert "barriers and" in result.output
    with app.app_context():
        today = local_today()
        cases = {case.id: case for case in db.session.scalars(sa.select(Initiative))}
        history = grouped(
            sa.select(
                StageChange.initiative_id,
                StageChange.from_stage,
                StageChange.to_stage,
                StageChange.happened_at,
            ).order_by(StageChange.initiative_id, StageChange.id)
        )
        barriers = {barrier.id: barrier for barrier in db.session.scalars(sa.select(Barrier))}
        helps = {item.id: item for item in db.session.scalars(sa.select(Help))}
        effects = db.session.scalars(sa.select(HelpEffect)).all()
        codes = dict(db.session.execute(sa.select(BarrierCategory.id, BarrierCategory.code)).all())

        # About three barriers and two helps per case, some cases without any.
        assert 2.4 <= len(barriers) / len(cases) <= 3.6
        assert 1.5 <= len(helps) / len(cases) <= 2.5
        assert {barrier.initiative_id for barrier in barriers.values()} < set(cases)
        # Colleagues are hit most often (as in the research); most barriers arose in a department.
        by_category = defaultdict(int)
        for barrier in barriers.values():
            by_category[codes[barrier.category_id]] += 1
        assert max(by_category, key=by_category.get) == "colleagues"
        assert sum(barrier.department_id is not None for barrier in barriers.values()) > 0.7 * len(barriers)

        for barrier in barriers.values():
            case = cases[barrier.initiative_id]
            # The CHECK constraint: open exactly when there is no resolved_on.
            assert (barrier.status == BarrierStatus.OPEN) == (barrier.resolved_on is None)
            assert case.received_on <= barrier.raised_on <= today
            if barrier.resolved_on is not None:
                assert barrier.raised_on < barrier.resolved_on <= today
            if case.closed_on is not None:
                assert barrier.raised_on <= case.closed_on
                assert barrier.resolved_on is None or barrier.resolved_on <= case.closed_on
            assert barrier.stage != Stage.CLOSED
            assert barrier.stage in stages_on(history[case.id], barrier.raised_on)
            assert barrier.description
            assert barrier.version == (1 if barrier.status == BarrierStatus.OPEN else 2)

        for item in helps.values():
            case = cases[item.initiative_id]
            # The CHECK constraints: decided unless requested, applied_on exactly when applied.
            assert (item.status == HelpStatus.REQUESTED) == (item.decided_on is None)
            assert (item.status == HelpStatus.APPLIED) == (item.applied_on is not None)
            assert bool(item.decided_by) == (item.decided_on is not None)
            assert case.received_on <= item.requested_on <= today
            if item.decided_on is not None:
                assert item.requested_on <= item.decided_on <= today
            if item.applied_on is not None:
                assert item.decided_on <= item.applied_on <= today
            if case.closed_on is not None:
                assert item.status != HelpStatus.REQUESTED
                assert max(filter(None, (item.decided_on, item.applied_on))) <= case.closed_on
            assert (item.provider == Provider.DEPARTMENT) == (item.department_id is not None)
            assert item.description

        addressed = defaultdict(list)
        for effect in effects:
            addressed[effect.help_id].append(effect)
            item, barrier = helps[effect.help_id], barriers[effect.barrier_id]
            assert barrier.initiative_id == item.initiative_id  # only the case's own barriers
            assert barrier.raised_on <= item.requested_on
            assert (effect.effect is not None) == (item.status == HelpStatus.APPLIED)
            if effect.effect == Effect.RESOLVED:
                # As initiatives.barriers.help_operations does: resolved on the day the help was applied.
                assert barrier.status == BarrierStatus.RESOLVED
                assert barrier.resolved_on == item.applied_on
        assert set(addressed) == set(helps)
        assert all(1 <= len(rows) <= 2 for rows in addressed.values())

        # Older barriers are resolved more often; closed cases have few open ones.
        def open_share(rows):
            return sum(barrier.status == BarrierStatus.OPEN for barrier in rows) / len(rows)

        of_closed = [barrier for barrier in barriers.values() if cases[barrier.initiative_id].closed_on]
        of_open = [barrier for barrier in barriers.values() if not cases[barrier.initiative_id].closed_on]
        assert open_share(of_closed) < 0.15
        recent = [barrier for barrier in of_open if (today - barrier.raised_on).days < 60]
        older = [barrier for barrier in of_open if (today - barrier.raised_on).days > 180]
        assert open_share(older) < open_share(recent)

        # Every status, effect and provider occurs.
        assert {barrier.status for barrier in barriers.values()} == set(BarrierStatus)
        assert {item.status for item in helps.values()} == set(HelpStatus)
        assert {effect.effect for effect in effects} == {*Effect, None}
        assert {item.provider for item in helps.values()} == set(Provider)

        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "demo.initiatives_created")
        )
        assert entry.data["barriers"] == len(barriers)
        assert entry.data["helps"] == len(helps)


def test_activities_per_case_sets_the_average(app, cli):
    result = cli("demo-data", "--initiatives", "100", "--activities-per-case", "10")
    assert "100 demo cases added" in result.output
    with app.app_context():
        assert 9 <= count(Activity) / count(Initiative) <= 11
        per_case = grouped(sa.select(Activity.initiative_id, Activity.id))
        assert min(len(rows) for rows in per_case.values()) >= 2


def test_running_again_adds_more(app, cli):
    cli("demo-data", "--initiatives", "30")
    second = cli("demo-data", "--initiatives", "20")
    assert "0 new reference records" in second.output
    assert "20 demo cases added (ids 31-50)" in second.output
    with app.app_context():
        assert count(Initiative) == 50
        assert count(sa.text("initiative_search")) == 50
        assert count(sa.text("initiative_search_public")) == 50  # those who may not see the contacts
        assert count(User) == 5  # the four demo accounts and the manager of wijk West, once
        # The generator assigned the ids; the database hands out the next ones after them.
        owner_id = db.session.scalar(sa.select(Initiative.owner_id).where(Initiative.id == 50))
        change = StageChange(initiative_id=50, from_stage=None, to_stage=Stage.INTAKE, actor_id=owner_id)
        db.session.add(change)
        db.session.flush()
        assert change.id > max(
            db.session.scalars(sa.select(StageChange.id).where(StageChange.id != change.id))
        )
        # Barriers and helps too.
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Barrier)) > 0
        barrier = Barrier(
            initiative_id=50,
            neighbourhood_id=db.session.get(Initiative, 50).neighbourhood_id,
            category_id=db.session.scalar(sa.select(BarrierCategory.id).limit(1)),
            stage=Stage.INTAKE,
            raised_on=local_today(),
            created_by_id=owner_id,
        )
        db.session.add(barrier)
        db.session.flush()
        assert barrier.id > max(db.session.scalars(sa.select(Barrier.id).where(Barrier.id != barrier.id)))


def test_if_empty_loads_cases_once(app, cli):
    first = cli("demo-data", "--if-empty", "--initiatives", "25")
    assert "25 demo cases added" in first.output
    second = cli("demo-data", "--if-empty", "--initiatives", "25")
    assert "demo cases added" not in second.output
    assert "noord" in second.output
    with app.app_context():
        assert count(Initiative) == 25


def test_if_empty_leaves_a_database_in_use_alone(app, cli):
    cli(
        "users", "create", "--username", "eerste", "--role", "admin", "--password-stdin",
        input="een lang genoeg wachtwoord\n",
    )  # fmt: skip
    result = cli("demo-data", "--if-empty", "--initiatives", "25")
    assert "demo cases" not in result.output
    with app.app_context():
        assert count(Initiative) == 0
        assert count(User) == 1


def test_some_closed_demo_cases_have_a_satisfaction_answer(app, cli):
    from initiatives.status_page.models import SatisfactionAnswer

    cli("demo-data", "--initiatives", "200")
    with app.app_context():
        answered = db.session.execute(
            sa.select(
                Initiative.stage,
                Initiative.closed_on,
                SatisfactionAnswer.score,
                SatisfactionAnswer.answered_at,
            ).join(SatisfactionAnswer, SatisfactionAnswer.initiative_id == Initiative.id)
        ).all()
        closed = db.session.scalar(sa.select(sa.func.count()).where(Initiative.stage == Stage.CLOSED))
    assert 0 < len(answered) < closed  # some of the closed cases, so the dashboard shows figures
    assert {row.stage for row in answered} == {Stage.CLOSED}
    assert {row.score for row in answered} <= set(range(1, 6))
    assert len({row.score for row in answered}) > 1
    assert all(local_date(row.answered_at) >= row.closed_on for row in answered)
    assert all(local_date(row.answered_at) <= local_today() for row in answered)


def test_most_demo_cases_have_a_place_inside_their_neighbourhoods_shape(app, cli):
    """So the map of cases shows something on a fresh machine: about seven in ten demo cases have
    a location, each inside (or within some 30 metres of) its neighbourhood's made-up shape."""
    import shapely

    from initiatives.geo.models import NeighbourhoodShape

    cli("demo-data", "--initiatives", "200")
    with app.app_context():
        rows = db.session.execute(
            sa.select(Initiative.latitude, Initiative.longitude, NeighbourhoodShape.geometry)
            .join(NeighbourhoodShape, NeighbourhoodShape.neighbourhood_id == Initiative.neighbourhood_id)
            .order_by(Initiative.id)
        ).all()
        total = count(Initiative)
    located = [row for row in rows if row.latitude is not None]
    assert 0.55 * total < len(located) < 0.85 * total
    assert all((row.longitude is None) == (row.latitude is None) for row in rows)
    for row in located:
        area = shapely.from_geojson(row.geometry)
        # 0.0005 degrees: the made-up place's jitter of at most 0.0003 in each direction.
        assert area.buffer(0.0005).contains(shapely.Point(row.longitude, row.latitude))


def _challenge_rows():
    """Per right-to-challenge case: what the demo made of it, in id order."""
    reviews = grouped(sa.select(ChallengeReview.challenge_id, ChallengeReview.review_on))
    rows = db.session.execute(
        sa.select(Initiative, Challenge)
        .join(Challenge, Challenge.initiative_id == Initiative.id)
        .order_by(Initiative.id)
    ).all()
    return [
        (
            case.id,
            case.stage,
            case.received_on,
            challenge.task_id,
            challenge.task_text,
            challenge.decision,
            challenge.decided_on,
            challenge.cost_estimate,
            challenge.budget,
            challenge.agreement_ends_on,
            challenge.evaluation,
            sorted(reviews[challenge.id]),
        )
        for case, challenge in rows
    ]


DECIDED_STAGES = {Stage.RELATIONS, Stage.SUPPORT, Stage.EMBEDDING, Stage.PRACTICAL_SUPPORT, Stage.CLOSED}


def test_demo_challenges_hang_together(app, cli):
    result = cli("demo-data", "--initiatives", "1500")
    with app.app_context():
        today = local_today()
        tasks = db.session.scalars(sa.select(ChallengeTask).order_by(ChallengeTask.id)).all()
        assert 5 <= len(tasks) <= 10
        excluded = {task.id for task in tasks if task.excluded}
        assert 1 <= len(excluded) <= 2
        assert all(task.exclusion_reason for task in tasks if task.excluded)

        challenge_cases = db.session.scalars(
            sa.select(Initiative)
            .where(Initiative.kind == CaseKind.RIGHT_TO_CHALLENGE)
            .order_by(Initiative.id)
        ).all()
        challenges = {
            challenge.initiative_id: challenge
            for challenge in db.session.scalars(sa.select(Challenge).order_by(Challenge.id))
        }
        # About 3 in 100 cases, each with its challenge; no initiative has one.
        assert 0.015 * 1500 <= len(challenge_cases) <= 0.05 * 1500
        assert set(challenges) == {case.id for case in challenge_cases}
        assert f"{len(challenge_cases)} of them are right-to-challenge cases" in result.output
        reviews = grouped(sa.select(ChallengeReview.challenge_id, ChallengeReview.review_on))

        decided, late = 0, 0
        for case in challenge_cases:
            challenge = challenges[case.id]
            assert challenge.task_id is not None or challenge.task_text
            assert all(
                getattr(challenge, name) for name in ("better_because", "involvement", "quality_guarantee")
            )
            assert challenge.cost_estimate > 0
            # Decided exactly when the case got past mapping (or closed), between receipt and today.
            assert (challenge.decision is not None) == (case.stage in DECIDED_STAGES), case.id
            if challenge.decision is None:
                assert (challenge.takes_over, challenge.budget, challenge.evaluation) == ("", None, "")
                assert reviews[challenge.id] == []
                continue
            decided += 1
            assert case.received_on <= challenge.decided_on <= today
            assert challenge.decision_grounds
            if case.closed_on:
                assert challenge.decided_on <= case.closed_on
            late += not deadlines.decided_within_term(challenge)
            # Inadmissible exactly on an excluded task, on the verordening's grounds.
            on_excluded = challenge.task_id in excluded
            assert (challenge.decision == Decision.INADMISSIBLE) == on_excluded
            if on_excluded:
                assert challenge.decision_grounds == challenge.task.exclusion_reason
            if case.result == Result.NOT_SUPPORTED:
                assert challenge.decision in {Decision.REFUSED, Decision.INADMISSIBLE}
            if challenge.decision in WITH_AGREEMENT:
                assert challenge.takes_over
                assert challenge.agreed_result
                assert 0 < challenge.budget <= challenge.cost_estimate
                assert challenge.agreement_ends_on >= challenge.decided_on
                assert reviews[challenge.id]
                assert all(challenge.decided_on <= day for (day,) in reviews[challenge.id])
                # The evaluation when the case closed, on its closing day.
                assert bool(challenge.evaluation) == (case.stage == Stage.CLOSED)
                assert challenge.evaluated_on == case.closed_on
            else:
                assert (challenge.takes_over, challenge.budget, challenge.evaluation) == ("", None, "")
                assert reviews[challenge.id] == []
        assert decided >= 0.7 * len(challenge_cases)
        assert 0 < late <= 0.3 * decided  # mostly within the term, a few late
        decisions = {challenge.decision for challenge in challenges.values()}
        assert {Decision.GRANTED, Decision.PARTLY, Decision.REFUSED, Decision.INADMISSIBLE} <= decisions
        assert any(challenge.task_id is None for challenge in challenges.values())  # written in
        assert any(challenge.evaluation for challenge in challenges.values())

        # A couple still wait with the deadline near or past: Mijn werk of the demo managers shows them.
        waiting = [
            deadline
            for username in ("noord", "zuid", "west")
            for deadline in nearing_for(db.session, find_user(username))
        ]
        assert len({deadline.initiative.id for deadline in waiting}) >= 2
        assert all(deadline.days_left <= deadlines.NEARING_DAYS for deadline in waiting)


def test_demo_challenges_are_the_same_for_the_same_seed(app, cli, request):
    snapshots = request.getfixturevalue("_snapshots")
    cli("demo-data", "--initiatives", "400", "--seed", "11")
    with app.app_context():
        first = _challenge_rows()
        _empty_all_tables()
        with db.engine.begin() as connection:
            snapshots[0].restore(connection)
    cli("demo-data", "--initiatives", "400", "--seed", "11")
    with app.app_context():
        again = _challenge_rows()
        _empty_all_tables()
        with db.engine.begin() as connection:
            snapshots[0].restore(connection)
    cli("demo-data", "--initiatives", "400", "--seed", "12")
    with app.app_context():
        other = _challenge_rows()
    assert first
    assert again == first
    assert other != first
