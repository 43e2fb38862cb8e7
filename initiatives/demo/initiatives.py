"""Demo cases in bulk (`flask demo-data --initiatives N`).

Believable initiatives spread over the demo wijken, each with initiators, themes, a timeline, a
stage history consistent with the stage reached, the barriers it hit and the helps asked for
(initiatives.demo.barriers), and a search document. About 3 in 100 are right-to-challenge cases
with their challenge: the proposal, the college's decision once the case got past intake and
mapping (mostly within the term), the agreement with its progress reviews when granted, and the
evaluation when closed; the first two of a run still wait for the decision, their deadline near. Built for size: rows are made in Python and
written with the driver's executemany per chunk (core.db.insert_prepared), with ids assigned here so
child rows need no round trips; a run of more than one chunk makes them in a second process while
this one writes (`_made_apart`). No ORM objects and no audit entry per case: one entry records the
whole run.
"""

import multiprocessing
import os
import random
import traceback
import unicodedata
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate, pairwise
from queue import Empty, Full

import sqlalchemy as sa

from initiatives.audit.operations import record
from initiatives.auth.accounts import create_user
from initiatives.auth.models import User, user_neighbourhoods
from initiatives.auth.users import find_user
from initiatives.barriers.models import Barrier, Help, HelpEffect
from initiatives.cases import search
from initiatives.cases.models import (
    Activity,
    ActivityKind,
    Initiative,
    Initiator,
    StageChange,
    activity_skills,
    initiative_team,
    initiative_themes,
)
from initiatives.cases.operations import FIRST_CONTACT_KIND
from initiatives.cases.stages import OPEN_STAGES, Stage
from initiatives.challenges import deadlines
from initiatives.challenges.kinds import WITH_AGREEMENT, Decision
from initiatives.challenges.models import Challenge, ChallengeReview, ChallengeTask
from initiatives.core.dates import local_today
from initiatives.core.db import bulk_loading, insert_prepared, prepare_insert, utcnow
from initiatives.core.roles import Role
from initiatives.demo import texts
from initiatives.demo.barriers import BarrierFactory, CaseFrame
from initiatives.demo.operations import (
    DEMO_PASSWORD,
    DEPARTMENTS,
    MUNICIPALITY_CODE,
    WIJKEN,
    DemoAccount,
    wijk_code,
)
from initiatives.demo.shapes import demo_places
from initiatives.exports import public_texts
from initiatives.extensions import db
from initiatives.organisation.models import Neighbourhood
from initiatives.status_page.models import SatisfactionAnswer
from initiatives.vocabularies.models import Skill, Theme

CHUNK_SIZE = 2000
DEFAULT_SEED = 2026
#: How far back first contacts go.
HISTORY_DAYS = 730
#: The mean number of activities per case when no average is asked for, measured.
NATURAL_ACTIVITIES_PER_CASE = 4.55

#: Demo managers made when a demo wijk has no neighbourhood manager to own its cases.
EXTRA_MANAGERS = {"05": DemoAccount("west", Role.NEIGHBOURHOOD_MANAGER, "Daan Bakker", ("05",))}

WIJK_WEIGHTS = {"01": 1.2, "02": 1.0, "03": 1.0, "04": 0.7, "05": 1.1}
#: Share of a wijk's cases registered on the wijk itself rather than on one of its buurten.
WIJK_LEVEL_SHARE = 0.25
CHANNEL_WEIGHTS = {
    "phone": 30,
    "email": 30,
    "walk_in": 8,
    "meeting": 12,
    "social_media": 7,
    "council": 5,
    "colleague": 6,
    "other": 2,
}
#: How far open cases got (index into OPEN_STAGES): more early than late.
OPEN_REACHED_WEIGHTS = [30, 26, 18, 12, 8, 6]
RESULT_WEIGHTS = {
    "realised": 40,
    "partly_realised": 18,
    "stopped_by_initiators": 15,
    "not_supported": 10,
    "handed_over": 17,
}
#: The share of closed cases whose initiators answered the status page's satisfaction question,
#: and the scores (1 to 5) they gave by the case's result: relative weights.
SATISFACTION_ANSWERED = 0.6
SATISFACTION_WEIGHTS = {
    "realised": (1, 2, 8, 40, 49),
    "partly_realised": (3, 10, 30, 42, 15),
    "stopped_by_initiators": (10, 25, 35, 20, 10),
    "not_supported": (30, 35, 20, 10, 5),
    "handed_over": (5, 10, 30, 40, 15),
}
#: The last open stage (index into OPEN_STAGES) reached before closing, by result.
REACHED_BEFORE_CLOSING = {
    "realised": (4, 5, 5, 5),
    "partly_realised": (3, 4, 5),
    "stopped_by_initiators": (1, 2, 3, 4),
    "not_supported": (1, 2, 3, 4),
    "handed_over": (0, 1, 2, 3),
}
DEPARTMENT_WEIGHTS = {
    "Openbare Ruimte": 5,
    "Vergunningen, Toezicht en Handhaving": 3,
    "Sociaal Domein": 2,
    "Financiën": 1,
    "Juridische Zaken": 1,
    "Communicatie": 1,
    "Wijkgericht Werken": 1,
    "Vastgoed": 2,
}


#: The share of cases that are right-to-challenge cases.
CHALLENGE_SHARE = 0.03
#: The first challenges of a run still wait for the college's decision, their deadline near or
#: just past, so that Mijn werk shows one.
WAITING_CHALLENGES = 2
#: The share of challenges whose task is written in rather than chosen from the list.
WRITTEN_IN_SHARE = 0.12
#: The share of decisions that came after the term.
LATE_DECISIONS = 0.08
#: The decisions on the challenges still open, relative weights (a refused one is mostly closed).
OPEN_DECISION_WEIGHTS = {Decision.GRANTED: 60, Decision.PARTLY: 30, Decision.REFUSED: 10}
#: The decision on a closed challenge, by the case's result: relative weights.
CLOSED_DECISION_WEIGHTS = {
    "realised": {Decision.GRANTED: 80, Decision.PARTLY: 20},
    "partly_realised": {Decision.GRANTED: 30, Decision.PARTLY: 70},
    "stopped_by_initiators": {Decision.GRANTED: 40, Decision.PARTLY: 30, Decision.REFUSED: 30},
    "not_supported": {Decision.REFUSED: 100},
    "handed_over": {Decision.GRANTED: 70, Decision.PARTLY: 30},
}
#: Days between the progress reviews of an agreement.
REVIEW_EVERY_DAYS = 91


class DemoDataError(RuntimeError):
    """The database lacks what demo cases need; the message says what."""


@dataclass
class Area:
    """A wijk or buurt cases are registered on, with its owners and the places in it."""

    neighbourhood_id: int
    name: str  # as used in names of organisations: "Vogelwijk"
    in_sentence: str  # "de Vogelwijk"
    owners: list
    streets: list
    buildings: list
    #: (idea, places it fits) for the ideas that fit somewhere here.
    options: list = field(default_factory=list)
    #: (challenge idea, places it fits) for the challenges that fit somewhere here, and their weights.
    challenge_options: list = field(default_factory=list)
    challenge_weights: list = field(default_factory=list)


def _manager_ids_by_wijk(wijk_ids):
    rows = db.session.execute(
        sa.select(user_neighbourhoods.c.neighbourhood_id, User.id)
        .join(User, User.id == user_neighbourhoods.c.user_id)
        .where(
            User.role == Role.NEIGHBOURHOOD_MANAGER,
            User.active,
            user_neighbourhoods.c.neighbourhood_id.in_(wijk_ids),
        )
        .order_by(User.id)
    )
    owners = {wijk_id: [] for wijk_id in wijk_ids}
    for wijk_id, user_id in rows:
        owners[wijk_id].append(user_id)
    return owners


def _demo_wijken():
    """Return {wijk number: Neighbourhood} for the active demo wijken."""
    codes = {wijk_code(number): number for number, _name, _buurten in WIJKEN}
    found = db.session.scalars(
        sa.select(Neighbourhood).where(Neighbourhood.code.in_(codes), Neighbourhood.active)
    )
    return {codes[wijk.code]: wijk for wijk in found}


def ensure_case_owners():
    """Create the extra demo manager of a demo wijk that has no active manager; return the new accounts."""
    wijken = _demo_wijken()
    owners = _manager_ids_by_wijk([wijk.id for wijk in wijken.values()])
    created = []
    for number, account in EXTRA_MANAGERS.items():
        wijk = wijken.get(number)
        if wijk is None or owners[wijk.id] or find_user(account.username) is not None:
            continue
        create_user(
            account.username,
            account.role,
            DEMO_PASSWORD,
            full_name=account.full_name,
            email=f"{account.username}@voorbeeldstad.example",
            neighbourhoods=[wijk],
            published_demo_password=True,
        )
        created.append(account)
    db.session.flush()
    return created


def extra_managers_present():
    """Return the extra demo managers that exist, for the printed log-ins."""
    names = [account.username for account in EXTRA_MANAGERS.values()]
    present = set(db.session.scalars(sa.select(User.username).where(User.username.in_(names), User.active)))
    return [account for account in EXTRA_MANAGERS.values() if account.username in present]


def _areas():
    """Return the areas cases can go to and their weights; raise DemoDataError when there are none."""
    wijken = _demo_wijken()
    owners = _manager_ids_by_wijk([wijk.id for wijk in wijken.values()])
    buurt_ids = dict(
        db.session.execute(
            sa.select(Neighbourhood.code, Neighbourhood.id).where(
                Neighbourhood.code.like(f"BU{MUNICIPALITY_CODE}%"), Neighbourhood.active
            )
        ).all()
    )
    areas, weights = [], []
    for number, wijk_name, buurten in WIJKEN:
        wijk = wijken.get(number)
        if wijk is None or not owners[wijk.id]:
            continue
        buildings = texts.WIJK_BUILDINGS[number]
        wijk_places = []
        buurt_areas = []
        for index, buurt_name in enumerate(buurten, start=1):
            places = texts.BUURT_PLACES.get(buurt_name, [])
            wijk_places.extend(places)
            buurt_id = buurt_ids.get(f"BU{MUNICIPALITY_CODE}{number}{index:02d}")
            if buurt_id is not None and places:
                buurt_areas.append(_area(buurt_id, buurt_name, owners[wijk.id], places, buildings))
        areas.append(_area(wijk.id, wijk_name, owners[wijk.id], wijk_places, buildings))
        weight = WIJK_WEIGHTS.get(number, 1.0)
        if buurt_areas:
            weights.append(weight * WIJK_LEVEL_SHARE)
            areas.extend(buurt_areas)
            weights.extend([weight * (1 - WIJK_LEVEL_SHARE) / len(buurt_areas)] * len(buurt_areas))
        else:
            weights.append(weight)
    if not areas:
        raise DemoDataError(
            "No demo wijk with an active neighbourhood manager: run `flask demo-data` without "
            "--if-empty first."
        )
    return areas, weights


def _area(neighbourhood_id, name, owners, places, buildings):
    area = Area(
        neighbourhood_id=neighbourhood_id,
        name=name,
        in_sentence=texts.IN_SENTENCE.get(name, name),
        owners=owners,
        streets=[place for place in places if place.kind == texts.STREET],
        buildings=buildings,
    )
    for idea in texts.IDEAS:
        fitting = [place for place in (*places, *buildings) if place.kind in idea.prepositions]
        if fitting:
            area.options.append((idea, fitting))
    for challenge in texts.CHALLENGE_IDEAS:
        fitting = [place for place in (*places, *buildings) if place.kind in challenge.idea.prepositions]
        if fitting:
            area.challenge_options.append((challenge, fitting))
            area.challenge_weights.append(challenge.weight)
    return area


def _next_id(table):
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))) + 1


def _ascii(text):
    """Lower-case ASCII for e-mail addresses (Turkish dotless i included)."""
    text = text.replace("ı", "i")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@dataclass(frozen=True)
class PlannedChallenge:
    """What the next case challenges (`idea`: a texts.ChallengeIdea), where it may take place,
    the task on the list (None: written in), whether the verordening excludes it, and whether it
    still waits for the college's decision."""

    idea: texts.ChallengeIdea
    places: list
    task_id: int | None
    excluded: bool
    waiting: bool


@dataclass
class Chunk:
    """The rows of one chunk of cases, per table, ready for executemany."""

    initiatives: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    team: list = field(default_factory=list)
    initiators: list = field(default_factory=list)
    stage_changes: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    activity_skills: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    barriers: list = field(default_factory=list)
    helps: list = field(default_factory=list)
    help_effects: list = field(default_factory=list)
    satisfaction_answers: list = field(default_factory=list)
    challenges: list = field(default_factory=list)
    challenge_reviews: list = field(default_factory=list)


@dataclass
class PreparedChunk:
    """A chunk's cases as they are written: their ids, their rows as the driver takes them (core.db
    PreparedInserts, parents first) and their search documents."""

    case_ids: list
    inserts: list
    documents: list


def _prepared(chunk, dialect):
    """The PreparedChunk of `chunk` for `dialect`: converted by the process that made the rows, and
    smaller to send to another than the rows themselves."""
    inserts = []
    for table, rows in _rows_per_table(chunk):
        if rows:
            prepared = prepare_insert(dialect, table, rows)
            if prepared is None:
                raise ValueError(f"Demo rows of {table.name} lack a column with a default made per row")
            inserts.append(prepared)
    return PreparedChunk([case["id"] for case in chunk.initiatives], inserts, chunk.documents)


class CaseFactory:
    """Makes the rows of believable cases, assigning ids from the current maxima.

    `activities_per_case`: the average length of a timeline; None keeps the natural 2 to 8.
    """

    def __init__(self, seed=DEFAULT_SEED, activities_per_case=None):
        self.areas, weights = _areas()
        self.area_weights = list(accumulate(weights))
        self.today = local_today()
        self.now = utcnow()
        self.theme_ids = dict(db.session.execute(sa.select(Theme.code, Theme.id).where(Theme.active)).all())
        self.theme_codes = sorted(self.theme_ids)
        skill_ids = dict(db.session.execute(sa.select(Skill.code, Skill.id).where(Skill.active)).all())
        self.skills = {
            practice: [skill_ids[code] for code in codes if code in skill_ids] or list(skill_ids.values())
            for practice, codes in texts.SKILLS_BY_PRACTICE.items()
        }
        self.managers = sorted({owner for area in self.areas for owner in area.owners})
        self.next_initiative = _next_id(Initiative.__table__)
        self.next_activity = _next_id(Activity.__table__)
        self.next_initiator = _next_id(Initiator.__table__)
        self.next_stage_change = _next_id(StageChange.__table__)
        self.rng = random.Random(f"{seed}:{self.next_initiative}")  # noqa: S311 - demo data, reproducible
        # The satisfaction answers draw from their own generator: the cases stay those of the seed.
        self.satisfaction_rng = random.Random(f"{seed}:{self.next_initiative}:satisfaction")  # noqa: S311
        # The places on the map likewise: made-up points inside each neighbourhood's shape.
        self.places = demo_places(db.session)
        self.place_rng = random.Random(f"{seed}:{self.next_initiative}:places")  # noqa: S311
        # So do the challenges' proposals, decisions and agreements.
        self.challenge_rng = random.Random(f"{seed}:{self.next_initiative}:challenges")  # noqa: S311
        tasks = db.session.execute(
            sa.select(
                ChallengeTask.id, ChallengeTask.name, ChallengeTask.excluded, ChallengeTask.exclusion_reason
            ).where(ChallengeTask.active)
        ).all()
        self.challenge_tasks = {name: (task_id, excluded) for task_id, name, excluded, _reason in tasks}
        #: The verordening's reasons: the grounds of an inadmissible decision ("niet ontvankelijk").
        self.exclusion_reasons = {task_id: reason for task_id, _name, excluded, reason in tasks if excluded}
        self.term_weeks = deadlines.decision_term_weeks()
        self.next_challenge = _next_id(Challenge.__table__)
        self.next_review = _next_id(ChallengeReview.__table__)
        self.challenges = 0
        self.waiting_to_make = WAITING_CHALLENGES
        self.channels = list(CHANNEL_WEIGHTS)
        self.channel_weights = list(accumulate(CHANNEL_WEIGHTS.values()))
        self.results = list(RESULT_WEIGHTS)
        self.result_weights = list(accumulate(RESULT_WEIGHTS.values()))
        self.open_reached_weights = list(accumulate(OPEN_REACHED_WEIGHTS))
        self.departments = [name for name in DEPARTMENTS if name in DEPARTMENT_WEIGHTS]
        self.department_weights = list(accumulate(DEPARTMENT_WEIGHTS[name] for name in self.departments))
        self.title_patterns = [pattern for pattern, _weight in texts.TITLES]
        self.title_weights = list(accumulate(weight for _pattern, weight in texts.TITLES))
        self.activity_scale = (
            None if activities_per_case is None else activities_per_case / NATURAL_ACTIVITIES_PER_CASE
        )
        self.activities = 0
        self.barriers = BarrierFactory(
            self.rng,
            self._moment,
            DEPARTMENT_WEIGHTS,
            _next_id(Barrier.__table__),
            _next_id(Help.__table__),
        )

    # -- helpers ---------------------------------------------------------------------------------

    def _moment(self, day, not_before=None):
        """A time during office hours on `day` (UTC), after `not_before`, never in the future."""
        rng = self.rng
        moment = datetime.combine(day, time(rng.randint(7, 15), rng.randrange(60)), tzinfo=UTC)
        if not_before is not None and moment <= not_before:
            moment = not_before + timedelta(minutes=rng.randint(5, 90))
        return min(moment, self.now)

    def _path(self, reached):
        """The open stages visited in order (indexes), ending at `reached`; sometimes a loop or a skip."""
        rng = self.rng
        path = list(range(reached + 1))
        if reached >= 2 and rng.random() < 0.12:  # support collapsed: back to an earlier practice
            turn = rng.randint(2, reached)
            back_to = rng.randint(1, turn - 1)
            path = list(range(turn + 1)) + list(range(back_to, reached + 1))
        elif reached >= 3 and rng.random() < 0.06:  # a practice skipped
            path.remove(rng.randint(2, reached - 1))
        return path

    def _location(self, neighbourhood_id):
        """Seven in ten cases have a place on the map: near one of the neighbourhood's made-up
        places (within some 30 metres), or (None, None)."""
        rng, places = self.place_rng, self.places.get(neighbourhood_id)
        if not places or rng.random() >= 0.7:
            return None, None
        latitude, longitude = rng.choice(places)
        return (
            round(latitude + rng.uniform(-0.0003, 0.0003), 6),
            round(longitude + rng.uniform(-0.0003, 0.0003), 6),
        )

    # -- one case --------------------------------------------------------------------------------

    def add_case(self, chunk):
        """Append the rows of one new case to `chunk`."""
        rng = self.rng
        case_id = self.next_initiative
        self.next_initiative += 1

        area = rng.choices(self.areas, cum_weights=self.area_weights)[0]
        owner = rng.choice(area.owners)
        challenge = self._challenge_of(area)
        if challenge is not None:
            idea, places = challenge.idea.idea, challenge.places
        else:
            idea, places = rng.choice(area.options)
        place = rng.choice(places)
        loc = place.after(idea.prepositions[place.kind])
        channel = rng.choices(self.channels, cum_weights=self.channel_weights)[0]
        department = rng.choices(self.departments, cum_weights=self.department_weights)[0]

        # Initiators: personal data, one or two contact persons.
        initiators = []
        for number in range(1 if rng.random() < 0.65 else 2):
            first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
            email = ""
            if (channel == "email" and number == 0) or rng.random() < 0.8:
                email = f"{_ascii(first)}.{_ascii(last).replace(' ', '')}@{rng.choice(texts.MAIL_DOMAINS)}"
            phone = f"06-{rng.randint(10000000, 99999999)}" if not email or rng.random() < 0.7 else ""
            organisation = ""
            if number == 0 and rng.random() < 0.3:
                organisation = rng.choice(texts.ORGANISATIONS).format(
                    buurt=area.name, street=rng.choice(area.streets).name
                )
            initiators.append((f"{first} {last}", email, phone, organisation, first))
        fields = {
            "first": initiators[0][4],
            "idea": idea.phrase,
            "loc": loc,
            "dept": department,
            "building": rng.choice(area.buildings).after(""),
            "n": rng.randint(8, 45),
            "amount": rng.choice(texts.AMOUNTS),
            "material": rng.choice(texts.MATERIALS),
            "partner": rng.choice(texts.PARTNERS),
        }

        # The timeline's frame: when the case came in, how far it got, when it was last touched.
        age = rng.randint(0, HISTORY_DAYS)
        waiting = challenge is not None and challenge.waiting
        if waiting:  # the deadline (receipt + term) 12 days ahead to 8 days past
            term_days = 7 * self.term_weeks
            age = self.challenge_rng.randint(max(0, term_days - 12), term_days + 8)
        received = self.today - timedelta(days=age)
        closed = not waiting and age >= 30 and rng.random() < 0.6 * age / HISTORY_DAYS
        if closed:
            result = rng.choices(self.results, cum_weights=self.result_weights)[0]
            if challenge is not None and challenge.excluded:
                result = "not_supported"  # inadmissible: the challengers go no further
            reached = rng.choice(REACHED_BEFORE_CLOSING[result])
            span = rng.randint(min(age, 14 + 7 * reached), age)
        else:
            result = None
            cap = min(5, age // 10)
            reached = rng.choices(range(cap + 1), cum_weights=self.open_reached_weights[: cap + 1])[0]
            if waiting:
                reached = min(reached, 1)
            elif challenge is not None and age > 7 * self.term_weeks + 14:
                # A challenge this old was decided: it got past mapping.
                reached = max(reached, self.challenge_rng.randint(2, 4))
            quiet = age > 31 and rng.random() < 0.3
            gap = rng.randint(31, min(age, 240)) if quiet else rng.randint(0, min(age, 30))
            span = age - gap
        end = received + timedelta(days=span)
        path = self._path(reached)

        # Stage history: opened in intake, then the moves, then closing.
        move_days = sorted(rng.randint(0, span) for _ in range(len(path) - 1))
        opened_at = self._moment(received)
        changes = [(None, Stage.INTAKE.value, "", None, opened_at)]
        moment = opened_at
        for (before, after), day in zip(pairwise(path), move_days, strict=True):
            reason = ""
            if after < before:
                reason = rng.choice(texts.BACK_REASONS).format(**fields)
            elif after > before + 1:
                reason = rng.choice(texts.SKIP_REASONS)
            moment = self._moment(received + timedelta(days=day), moment)
            changes.append((OPEN_STAGES[before].value, OPEN_STAGES[after].value, reason, None, moment))
        lessons = ""
        if closed:
            moment = self._moment(end, moment)
            changes.append((OPEN_STAGES[path[-1]].value, Stage.CLOSED.value, "", result, moment))
            lessons = rng.choice(texts.LESSONS[result]).format(**fields)
        for from_stage, to_stage, reason, change_result, happened_at in changes:
            chunk.stage_changes.append(
                {
                    "id": self.next_stage_change,
                    "initiative_id": case_id,
                    "from_stage": from_stage,
                    "to_stage": to_stage,
                    "reason": reason,
                    "result": change_result,
                    "actor_id": owner,
                    "happened_at": happened_at,
                }
            )
            self.next_stage_change += 1
        last_change_at = moment

        # Team: sometimes a colleague helps.
        team = []
        if len(self.managers) > 1 and rng.random() < 0.1:
            team = [rng.choice([manager for manager in self.managers if manager != owner])]
            chunk.team.append({"initiative_id": case_id, "user_id": team[0]})

        # Timeline: the first contact, activities in the practice of the moment, a last one at the end.
        count = min(8, max(2, len(path) + rng.randint(0, 2) + closed))
        if self.activity_scale is not None:
            count = max(2, round(count * self.activity_scale * rng.uniform(0.5, 1.5)))
        self.activities += count
        days = [0, *sorted(rng.randint(0, span) for _ in range(count - 2)), span]
        stage_days = [0, *move_days]
        stage_at = [0, *path[1:]]
        notes = []
        moment = None
        for position, day in enumerate(days):
            if position == 0:
                practice = Stage.INTAKE.value
                kind = FIRST_CONTACT_KIND.get(channel, ActivityKind.OTHER).value
                note = texts.FIRST_CONTACT[channel]
            elif closed and position == len(days) - 1:
                practice = OPEN_STAGES[path[-1]].value
                kind, note = texts.CLOSING_NOTES[result]
            else:
                position_now = bisect_right(stage_days, day)
                current = stage_at[position_now - 1]
                if current > 1 and rng.random() < 0.2:  # several practices run at once
                    earlier = [index for index in stage_at[:position_now] if 0 < index < current]
                    current = rng.choice(earlier or [current])
                practice = OPEN_STAGES[current].value
                kind, note = rng.choice(texts.NOTES[practice])
            note = note.format(**fields)
            notes.append(note)
            happened_on = received + timedelta(days=day)
            moment = self._moment(happened_on, moment)
            activity_id = self.next_activity
            self.next_activity += 1
            chunk.activities.append(
                {
                    "id": activity_id,
                    "initiative_id": case_id,
                    "kind": kind,
                    "happened_on": happened_on,
                    "practice": practice,
                    "note": note,
                    "author_id": team[0] if team and rng.random() < 0.3 else owner,
                    "created_at": moment,
                }
            )
            pool = self.skills[practice]
            for skill_id in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                chunk.activity_skills.append({"activity_id": activity_id, "skill_id": skill_id})
        last_activity_at = max(moment, last_change_at)

        # Barriers hit while the case was worked, and the helps asked for.
        self.barriers.add(
            chunk,
            CaseFrame(
                case_id=case_id,
                neighbourhood_id=area.neighbourhood_id,
                received=received,
                last_worked=span - 1 if closed else span,
                horizon=span if closed else age,
                closed=closed,
                stage_days=stage_days,
                stage_at=stage_at,
                authors=[owner, owner, owner, team[0]] if team else [owner],
                fields=fields,
                weight=(0.5 + len(path)) * min(1.0, (span + 10) / 90),
            ),
        )

        # The case itself.
        current_stage = Stage.CLOSED.value if closed else OPEN_STAGES[path[-1]].value
        follow_up_on, next_step = None, ""
        if not closed and rng.random() < 0.85:
            follow_up_on = end + timedelta(days=rng.randint(7, 60))
            next_step = rng.choice(texts.NEXT_STEPS[current_stage]).format(**fields)
        title = rng.choices(self.title_patterns, cum_weights=self.title_weights)[0].format(
            Title=idea.title, **fields
        )
        group, verb = rng.choice(texts.GROUPS)
        description = " ".join(
            part
            for part in (
                f"{group} uit {area.in_sentence} {verb} {idea.phrase} {loc}.",
                rng.choice(idea.reasons),
                rng.choice(texts.EXTRAS),
            )
            if part
        )
        address = ""
        if rng.random() < 0.6:
            if place.kind == texts.STREET:
                address = f"{place.name} {rng.randint(1, 180)}"
            elif place.kind != texts.BUILDING and rng.random() < 0.5:
                address = place.name
            else:
                address = f"{rng.choice(area.streets).name} {rng.randint(1, 180)}"
        latitude, longitude = self._location(area.neighbourhood_id)
        chunk.initiatives.append(
            {
                "id": case_id,
                "kind": "right_to_challenge" if challenge is not None else "initiative",
                "title": title[:200],
                "description": description,
                "neighbourhood_id": area.neighbourhood_id,
                "address": address,
                "latitude": latitude,
                "longitude": longitude,
                "channel": channel,
                "received_on": received,
                "owner_id": owner,
                "stage": current_stage,
                "support_requested": rng.choice(idea.requests),
                "next_step": next_step,
                "follow_up_on": follow_up_on,
                "result": result,
                "lessons": lessons,
                "closed_on": end if closed else None,
                "last_activity_at": last_activity_at,
                "created_at": opened_at,
                "updated_at": last_activity_at,
                "source_message_id": None,
                "version": len(changes),  # 1, raised by every move
            }
        )
        codes = list(idea.themes)
        if self.theme_codes and rng.random() < 0.25:
            codes.append(rng.choice(self.theme_codes))
        for theme_id in list(dict.fromkeys(self.theme_ids[code] for code in codes if code in self.theme_ids))[
            :3
        ]:
            chunk.themes.append({"initiative_id": case_id, "theme_id": theme_id})
        for name, email, phone, organisation, _first in initiators:
            chunk.initiators.append(
                {
                    "id": self.next_initiator,
                    "initiative_id": case_id,
                    "name": name,
                    "email": email,
                    "phone": phone,
                    "organisation": organisation,
                    "created_at": opened_at,
                }
            )
            self.next_initiator += 1
        chunk.documents.append({"id": case_id, **search.document(title, description, notes, lessons)})
        if closed:
            self._add_satisfaction(chunk, case_id, result, end)
        if challenge is not None:
            self._add_challenge(
                chunk,
                challenge,
                case_id=case_id,
                received=received,
                horizon=span if closed else age,
                decided=closed or reached >= 2,
                result=result,
                fields={**fields, "loc": loc},
                created_at=opened_at,
            )

    # -- right to challenge ----------------------------------------------------------------------

    def _challenge_of(self, area):
        """A challenge for the next case (about CHALLENGE_SHARE of them), or None: what is
        challenged, where, and whether it waits for its decision."""
        rng = self.challenge_rng
        if not area.challenge_options or rng.random() >= CHALLENGE_SHARE:
            return None
        idea, places = rng.choices(area.challenge_options, weights=area.challenge_weights)[0]
        task_id, excluded = self.challenge_tasks.get(idea.task, (None, False))
        if task_id is not None and not excluded and rng.random() < WRITTEN_IN_SHARE:
            task_id = None  # the challengers named the task in their own words
        waiting = not excluded and self.waiting_to_make > 0
        if waiting:
            self.waiting_to_make -= 1
        return PlannedChallenge(idea=idea, places=places, task_id=task_id, excluded=excluded, waiting=waiting)

    def _add_challenge(
        self, chunk, planned, *, case_id, received, horizon, decided, result, fields, created_at
    ):
        """Append the challenge of case `case_id`: the proposal; when `decided` the decision within
        `horizon` days of receipt (its last day: the closing or today), mostly within the term; the
        agreement with its reviews when granted, and the evaluation when the case closed."""
        rng = self.challenge_rng
        challenge_id = self.next_challenge
        self.next_challenge += 1
        self.challenges += 1
        idea = planned.idea
        cost = Decimal(rng.choice(texts.CHALLENGE_COSTS))
        row = {
            "id": challenge_id,
            "initiative_id": case_id,
            "task_id": planned.task_id,
            "task_text": "" if planned.task_id is not None else idea.written_in.format(**fields)[:200],
            "better_because": rng.choice(texts.CHALLENGE_BETTER_BECAUSE),
            "involvement": rng.choice(texts.CHALLENGE_INVOLVEMENT).format(**fields),
            "support_evidence": rng.choice(texts.CHALLENGE_SUPPORT_EVIDENCE).format(**fields),
            "cost_estimate": cost,
            "requested_support": rng.choice(texts.CHALLENGE_REQUESTED_SUPPORT),
            "quality_guarantee": rng.choice(texts.CHALLENGE_QUALITY_GUARANTEE),
            "term_weeks": self.term_weeks,
            "due_on_changed_to": None,
            "due_change_reason": "",
            "decision": None,
            "decided_on": None,
            "decision_grounds": "",
            "takes_over": "",
            "agreed_result": "",
            "budget": None,
            "agreement_ends_on": None,
            "evaluation": "",
            "evaluated_on": None,
            "created_at": created_at,
            "updated_at": created_at,
            "version": 1,
        }
        chunk.challenges.append(row)
        if not decided:
            return
        if planned.excluded:
            decision = Decision.INADMISSIBLE
            grounds = self.exclusion_reasons[planned.task_id]
        else:
            weights = OPEN_DECISION_WEIGHTS if result is None else CLOSED_DECISION_WEIGHTS[result]
            decision = rng.choices(list(weights), weights=list(weights.values()))[0]
            grounds = rng.choice(texts.CHALLENGE_GROUNDS[decision.value])
        term_days = 7 * self.term_weeks
        if decision == Decision.INADMISSIBLE:
            day = rng.randint(5, 21)
        elif rng.random() < LATE_DECISIONS:
            day = rng.randint(term_days + 1, term_days + 35)
        else:
            day = rng.randint(min(14, term_days), term_days)
        decided_on = received + timedelta(days=min(day, horizon))
        last_day = decided_on
        row.update(decision=decision.value, decided_on=decided_on, decision_grounds=grounds, version=2)
        if decision in WITH_AGREEMENT:
            ends_on = received + timedelta(days=horizon)
            if result is None:  # still running: a term of half a year to two years
                ends_on = decided_on + timedelta(days=rng.choice((182, 365, 365, 730)))
            budget = (
                cost
                if decision == Decision.GRANTED
                else (cost * Decimal(rng.choice(("0.5", "0.75")))).quantize(Decimal("1"))
            )
            row.update(
                takes_over=idea.takes_over.format(**fields),
                agreed_result=idea.result.format(**fields),
                budget=budget,
                agreement_ends_on=ends_on,
                version=3,
            )
            review_on = decided_on + timedelta(days=REVIEW_EVERY_DAYS)
            reviews = []
            while review_on < ends_on:
                reviews.append(review_on)
                review_on += timedelta(days=REVIEW_EVERY_DAYS)
            for review_on in reviews or [ends_on]:
                chunk.challenge_reviews.append(
                    {"id": self.next_review, "challenge_id": challenge_id, "review_on": review_on}
                )
                self.next_review += 1
            if result is not None:
                row.update(
                    evaluation=rng.choice(texts.CHALLENGE_EVALUATIONS[result]),
                    evaluated_on=ends_on,
                    version=4,
                )
                last_day = ends_on
        updated_at = datetime.combine(min(last_day, self.today), time(12, rng.randrange(60)), tzinfo=UTC)
        row["updated_at"] = min(max(updated_at, created_at), self.now)

    def _add_satisfaction(self, chunk, case_id, result, closed_on):
        """Some closed cases' initiators answered the satisfaction question, a few with a comment."""
        rng = self.satisfaction_rng
        if rng.random() >= SATISFACTION_ANSWERED:
            return
        score = rng.choices(range(1, 6), weights=SATISFACTION_WEIGHTS[result])[0]
        comment = rng.choice(texts.SATISFACTION_COMMENTS[score]) if rng.random() < 0.3 else ""
        answered_on = min(closed_on + timedelta(days=rng.randint(0, 21)), self.today)
        answered_at = datetime.combine(answered_on, time(rng.randint(8, 21), rng.randrange(60)), tzinfo=UTC)
        chunk.satisfaction_answers.append(
            {
                "initiative_id": case_id,
                "score": score,
                "comment": comment,
                "answered_at": min(answered_at, self.now),
            }
        )


def _rows_per_table(chunk):
    """The chunk's rows with the table they go to, parents first."""
    return (
        (Initiative.__table__, chunk.initiatives),
        (initiative_themes, chunk.themes),
        (initiative_team, chunk.team),
        (Initiator.__table__, chunk.initiators),
        (StageChange.__table__, chunk.stage_changes),
        (Activity.__table__, chunk.activities),
        (activity_skills, chunk.activity_skills),
        (Barrier.__table__, chunk.barriers),
        (Help.__table__, chunk.helps),
        (HelpEffect.__table__, chunk.help_effects),
        (SatisfactionAnswer.__table__, chunk.satisfaction_answers),
        (Challenge.__table__, chunk.challenges),
        (ChallengeReview.__table__, chunk.challenge_reviews),
    )


def _write(chunk):
    """Insert the PreparedChunk's rows, its search documents and the public copies of its texts
    (with their public search documents); then commit."""
    connection = db.session.connection()
    for prepared in chunk.inserts:
        insert_prepared(connection, prepared)
    search.index_documents(chunk.documents)
    public_texts.make_current(connection, chunk.case_ids)
    if db.session.get_bind().dialect.name == "postgresql":
        # The ids were assigned here: move the sequences past them for the rows the app adds later.
        for table in (
            Initiative.__table__,
            Initiator.__table__,
            StageChange.__table__,
            Activity.__table__,
            Barrier.__table__,
            Help.__table__,
            Challenge.__table__,
            ChallengeReview.__table__,
        ):
            db.session.execute(
                sa.select(
                    sa.func.setval(
                        sa.func.pg_get_serial_sequence(table.name, "id"),
                        sa.select(sa.func.max(table.c.id)).scalar_subquery(),
                    )
                )
            )
    db.session.commit()


def _statistics_due(chunks_written):
    """PostgreSQL: whether the load has doubled since the planner last counted the tables (after
    chunk 1, 2, 4, 8...; some ten times for a million cases)."""
    return db.engine.dialect.name == "postgresql" and chunks_written & (chunks_written - 1) == 0


def _refresh_statistics():
    """PostgreSQL: ANALYZE the tables the tally triggers read, while they grow. Without statistics
    the planner guesses a case has a fortieth of the helps, and the triggers' statements join all
    helps and effects by hash instead of looking a case's few up: every row then read them all
    (a load at 4,000 cases stalled), and a server without autovacuum never counts them itself."""
    names = ("initiatives", "initiative_themes", "barriers", "helps", "help_effects", "satisfaction_answers")
    db.session.execute(sa.text(f"ANALYZE {', '.join(names)}"))
    db.session.commit()


def gather_statistics():
    """Fresh planner statistics after a bulk load, as a maintained database has them.

    PostgreSQL: VACUUM (ANALYZE), as autovacuum would a while after the load; the visibility map
    it sets lets the planner use index-only scans. SQLite: ANALYZE, which `PRAGMA optimize` keeps
    up to date; without it SQLite prefers any index on a range, even one that reads most rows.
    """
    names = [table.name for table, _rows in _rows_per_table(Chunk())] + [
        "initiative_search",
        "initiative_search_public",
        "public_case_texts",
        "public_detail_texts",
    ]
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text(f"VACUUM (ANALYZE) {', '.join(names)}"))
    else:
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


@dataclass(frozen=True)
class Generated:
    """What one run added: the case ids and how many rows of their history."""

    ids: range
    activities: int = 0
    barriers: int = 0
    helps: int = 0
    help_effects: int = 0
    #: Right-to-challenge cases among them.
    challenges: int = 0


def generate(count, *, seed=DEFAULT_SEED, chunk_size=None, progress=None, activities_per_case=None):
    """Add `count` demo cases, committing per chunk; call `progress(n)` after each. Return Generated.

    `activities_per_case`: the average timeline length (None: the natural 2 to 8 activities);
    `chunk_size`: cases per chunk (None: CHUNK_SIZE). A run of more than one chunk makes its cases
    in a second process while this one writes them (`_made_apart`): the same cases, in less time.
    """
    chunk_size = chunk_size or CHUNK_SIZE
    ensure_case_owners()
    factory = CaseFactory(seed, activities_per_case=activities_per_case)
    made = _made_apart if count > chunk_size else _made_here
    generated = None
    with bulk_loading(db.engine), made(factory, count, chunk_size, db.engine.dialect) as items:
        for number, item in enumerate(items, start=1):
            if isinstance(item, Generated):
                generated = item
                break
            _write(item)
            if _statistics_due(number):
                _refresh_statistics()
            if progress is not None:
                progress(len(item.case_ids))
    if count:
        gather_statistics()
        ids = generated.ids
        record(
            "demo.initiatives_created",
            summary=f"{count} demo cases generated",
            data={
                "count": count,
                "first_id": ids[0],
                "last_id": ids[-1],
                "seed": seed,
                "activities": generated.activities,
                "barriers": generated.barriers,
                "helps": generated.helps,
                "challenges": generated.challenges,
            },
        )
        db.session.commit()
    return generated


def _make(factory, count, chunk_size, dialect):
    """Yield the PreparedChunks of `count` new cases made by `factory` for `dialect`, then a
    Generated of what they hold."""
    first_id = factory.next_initiative
    for start in range(0, count, chunk_size):
        chunk = Chunk()
        for _ in range(min(chunk_size, count - start)):
            factory.add_case(chunk)
        yield _prepared(chunk, dialect)
    counts = factory.barriers.counts
    yield Generated(
        ids=range(first_id, factory.next_initiative),
        activities=factory.activities,
        barriers=counts.barriers,
        helps=counts.helps,
        help_effects=counts.effects,
        challenges=factory.challenges,
    )


@contextmanager
def _made_here(factory, count, chunk_size, dialect):
    """The PreparedChunks of `count` cases and then their Generated, made in this process."""
    yield _make(factory, count, chunk_size, dialect)


#: Chunks made ahead of the writing at most (each some 5 MB on the way).
PRODUCED_AHEAD = 2
#: How often (seconds) the writing process looks whether the making one still runs, while it waits.
PRODUCER_CHECK_SECONDS = 1.0


class ProducerFailed(DemoDataError):
    """The process that makes the demo cases failed; the message holds its traceback."""


@dataclass(frozen=True)
class _Failure:
    traceback: str


@contextmanager
def _made_apart(factory, count, chunk_size, dialect):
    """The PreparedChunks of `count` cases and then their Generated, as `_made_here`, but made in a
    second process (the factory goes with it, and the class of `dialect`) while this one writes:
    writing takes some two thirds of the time, making and preparing the rows the rest. One process
    makes them all, so the seed gives the same cases.

    A fresh interpreter ("spawn"), not a fork: it shares no database connection with this one.
    It stops when this one stops reading (an error, Ctrl+C), and its errors are raised here.
    """
    context = multiprocessing.get_context("spawn")
    queue = context.Queue(maxsize=PRODUCED_AHEAD)
    producer = context.Process(
        target=_produce,
        args=(factory, count, chunk_size, type(dialect), dialect.paramstyle, queue, os.getpid()),
        name="demo-data cases",
        daemon=True,
    )
    producer.start()
    try:
        yield _received(producer, queue)
    finally:
        if producer.is_alive():
            producer.terminate()
        producer.join()
        queue.close()


def _produce(factory, count, chunk_size, dialect_class, paramstyle, queue, writer_pid):
    """In the second process: put the PreparedChunks and their Generated on `queue`, or a _Failure."""
    try:
        dialect = dialect_class(paramstyle=paramstyle)  # no connection: it converts values only
        for item in _make(factory, count, chunk_size, dialect):
            _put(queue, item, writer_pid)
    except KeyboardInterrupt:
        pass  # Ctrl+C reaches both processes: the writing one reports it
    except BaseException:
        queue.put(_Failure(traceback.format_exc()))


def _put(queue, item, writer_pid):
    """Put `item` on `queue`; stop when the writing process is gone. Killed (SIGTERM, SIGKILL), it
    cannot stop this one, which would otherwise wait on a full queue for ever."""
    while True:
        try:
            queue.put(item, timeout=PRODUCER_CHECK_SECONDS)
            return
        except Full:
            if os.getppid() != writer_pid:
                # Its feeder thread would wait for ever on the pipe no one reads: leave without it.
                queue.cancel_join_thread()
                os._exit(0)


def _received(producer, queue):
    """Yield what the second process puts on `queue` up to its Generated; raise ProducerFailed when
    it fails or stops without one."""
    while True:
        try:
            item = queue.get(timeout=PRODUCER_CHECK_SECONDS)
        except Empty:
            if producer.is_alive():
                continue
            try:  # what it put just before it ended
                item = queue.get(timeout=PRODUCER_CHECK_SECONDS)
            except Empty:
                raise ProducerFailed(
                    f"The process making the demo cases stopped (exit code {producer.exitcode}) "
                    "before it made them all."
                ) from None
        if isinstance(item, _Failure):
            raise ProducerFailed(f"Making the demo cases failed in their own process:\n{item.traceback}")
        yield item
        if isinstance(item, Generated):
            return


def add_initiatives(count, *, seed=DEFAULT_SEED, chunk_size=None, progress=None, activities_per_case=None):
    """Add `count` demo cases as `generate` does; return their ids."""
    return generate(
        count, seed=seed, chunk_size=chunk_size, progress=progress, activities_per_case=activities_per_case
    ).ids


def has_initiatives():
    return db.session.scalar(sa.select(Initiative.id).limit(1)) is not None
