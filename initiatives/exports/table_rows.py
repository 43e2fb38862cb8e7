"""The values of an export's tables (`tables`), a batch of cases at a time, as columns.

Texts are anonymised unless the export includes personal data and the reader may see the contact
details of that case (`batch_texts`). The values are made from the plain tuples that `queries`
reads, a batch of cases at a time, and a column at a time: most columns then come about by `map`
over a dictionary, without a step of Python per value; the CSV is made from them a column at a
time too (`writers`).
"""

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import compress, repeat
from operator import eq, itemgetter

from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models import Barrier, Help, HelpEffect
from initiatives.cases.models import Activity, CaseKind, Initiative, StageChange
from initiatives.challenges.models import Challenge
from initiatives.core.anonymise import RULES_VERSION
from initiatives.exports import queries
from initiatives.exports.batch_texts import BatchTexts
from initiatives.exports.tables import (
    ACTIVITIES,
    BARRIERS,
    CODE_SEPARATOR,
    HELPS,
    LIST_SEPARATOR,
    PERSONAL_COLUMNS,
    STAGE_CHANGES,
)

#: The detail tables' texts, each as the public copies name it (`queries.text_source`).
_STAGE_CHANGE_TEXTS = (queries.text_source(StageChange.reason),)
_ACTIVITY_TEXTS = (queries.text_source(Activity.note),)
_BARRIER_TEXTS = (queries.text_source(Barrier.description),)
_HELP_TEXTS = (queries.text_source(Help.description), queries.text_source(Help.decided_by))
_CHALLENGE_TEXTS = tuple(map(queries.text_source, queries.CHALLENGE_TEXTS))


CENTS = Decimal("0.01")


def _joined(values, separator=LIST_SEPARATOR):
    return separator.join(value for value in values if value)


def _amount(value):
    """An amount in euros with its cents, as the database gives it (a float on SQLite); None stays."""
    return None if value is None else Decimal(str(value)).quantize(CENTS)


def _day(value):
    """A date as the database gives it: ISO text on SQLite, `datetime.date` on PostgreSQL."""
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _decision_due_on(kind, received_on, term_weeks, changed_to, municipal_term_weeks):
    """A challenge case's decision deadline (`challenges.deadlines.decision_due_on`); None for an
    initiative."""
    if kind != CaseKind.RIGHT_TO_CHALLENGE.value:
        return None
    if changed_to is not None:
        return _day(changed_to)
    return _day(received_on) + timedelta(weeks=term_weeks or municipal_term_weeks)


def _titles(column):
    """Stored value -> translated title, for an enum column read `queries.raw`; None stays None."""
    titles = {member.value: str(member.title) for member in column.type.enum_class}
    titles[None] = None
    return titles


class Rows:
    """Makes the values of every table, a batch of cases at a time, anonymised or with personal data.

    Each `*_columns` method takes what was read for a batch of cases (`batches.Batch`) and what
    the free texts of each case pass through (`texts`), and returns the table's columns: a list
    of values per column, the rows in case order. No rows, no columns: an empty list.
    """

    def __init__(self, reference, personal_data=False):
        self.reference = reference
        self.personal_data = personal_data
        #: The ids of the cases whose contact details the reader may see (personal data only).
        self.contacts_visible = frozenset()
        self.channels = _titles(Initiative.channel)
        self.stages = _titles(Initiative.stage)
        self.results = _titles(Initiative.result)
        self.activity_kinds = _titles(Activity.kind)
        self.barrier_statuses = _titles(Barrier.status)
        self.providers = _titles(Help.provider)
        self.help_statuses = _titles(Help.status)
        self.effects = _titles(HelpEffect.effect)
        self.kinds = _titles(Initiative.kind)
        self.decisions = _titles(Challenge.decision)
        # The gathered ids of a case's themes or an activity's skills, as (labels, codes) cells:
        # few differ.
        self._themes = {None: ("", "")}
        self._skills = {None: ("", "")}
        self._hour_dates = _HourDates(reference.time_zone)

    def texts(self, batch):
        """Return what the free texts of the batch's cases pass through (`BatchTexts`)."""
        unchanged = self.contacts_visible if self.personal_data else frozenset()
        copied = {row[0] for row in batch.rows if row[queries.COPY_RULES_AT] == RULES_VERSION}
        return BatchTexts(
            batch.initiators,
            {row[0]: row[1] for row in batch.rows},
            unchanged=unchanged,
            copied=copied - unchanged,
            read_differences=lambda: batch.read(queries.PUBLIC_DETAIL_TEXTS),
        )

    def themes(self, gathered):
        """The labels (in the reader's language) and the codes of a case's themes, each in
        alphabetical order, from the ids the query gathered."""
        cells = self._themes.get(gathered)
        if cells is None:
            terms = [self.reference.themes[theme] for theme in gathered.split(queries.AGGREGATE_SEPARATOR)]
            cells = self._themes[gathered] = (
                LIST_SEPARATOR.join(sorted(label for _code, label in terms)),
                CODE_SEPARATOR.join(sorted(code for code, _label in terms)),
            )
        return cells

    def skills(self, gathered):
        """The labels and the codes of an activity's skills in the skills' order, from what the
        query gathered."""
        cells = self._skills.get(gathered)
        if cells is None:
            skills = sorted(
                self.reference.skills[skill] for skill in gathered.split(queries.AGGREGATE_SEPARATOR)
            )
            cells = self._skills[gathered] = (
                LIST_SEPARATOR.join(label for _position, _id, _code, label in skills),
                CODE_SEPARATOR.join(code for _position, _id, code, _label in skills),
            )
        return cells

    # -- the case table ---------------------------------------------------------------------------

    def case_columns(self, batch, texts, counts=None):
        """The case table's columns; the counts of details as read, or as `counts` gives them
        (`detail_counts`)."""
        reference = self.reference
        (
            case_ids,
            addresses,
            titles,
            neighbourhood_ids,
            channels,
            received_on,
            stages,
            owner_ids,
            themes,
            follow_up_on,
            results,
            closed_on,
            withdrawn_at,
            activities,
            open_barriers,
            barriers,
            helps,
            descriptions,
            support_requested,
            lessons,
            *challenges,
            _rules,
        ) = zip(*batch.rows, strict=True)
        if counts is not None:
            activities, open_barriers, barriers, helps = counts
        codes, names, wijken = zip(*map(reference.neighbourhoods.__getitem__, neighbourhood_ids), strict=True)
        theme_labels, theme_codes = zip(*map(self.themes, themes), strict=True)
        titles, descriptions, support_requested, lessons = texts.case_texts(
            case_ids, titles, descriptions, support_requested, lessons, public=not self.personal_data
        )
        columns = [
            case_ids,
            titles,
            codes,
            names,
            wijken,
            list(map(self.channels.__getitem__, channels)),
            received_on,
            list(map(self.stages.__getitem__, stages)),
            list(map(reference.usernames.get, owner_ids)),
            theme_labels,
            theme_codes,
            follow_up_on,
            list(map(self.results.__getitem__, results)),
            closed_on,
            activities,
            open_barriers,
            barriers,
            helps,
            descriptions,
            support_requested,
            lessons,
            *self.challenge_columns(case_ids, received_on, challenges, texts),
        ]
        if self.personal_data:
            contacts = [
                self.contact_values(case_id, texts.people.get(case_id, ()), address)
                for case_id, address in zip(case_ids, addresses, strict=True)
            ]
            columns += zip(*contacts, strict=True)
        columns.append(self.local_dates_or_none(withdrawn_at))
        return columns

    def challenge_columns(self, case_ids, received_on, read, texts):
        """The case table's columns of the kind of case and its challenge (`queries.CHALLENGE_COLUMNS`,
        as read per case): empty for an initiative, the free texts as the case's other texts are."""
        kinds, challenge_ids, task_ids, *rest = read
        written = rest[: len(_CHALLENGE_TEXTS)]
        (
            cost_estimates,
            budgets,
            term_weeks,
            changed_to,
            decisions,
            decided_on,
            agreement_ends_on,
        ) = rest[len(_CHALLENGE_TEXTS) :]
        screened = texts.detail_texts(_CHALLENGE_TEXTS, case_ids, challenge_ids, *written)
        task_text, *proposal_and_agreement = screened
        tasks = [
            self.reference.challenge_tasks.get(task_id) if task_id is not None else text or None
            for task_id, text in zip(task_ids, task_text, strict=True)
        ]
        due = [
            _decision_due_on(kind, received, weeks, changed, self.reference.decision_term_weeks)
            for kind, received, weeks, changed in zip(kinds, received_on, term_weeks, changed_to, strict=True)
        ]
        better, involvement, support, requested, quality, grounds, takes_over, result, evaluation = (
            proposal_and_agreement
        )
        return [
            list(map(self.kinds.__getitem__, kinds)),
            tasks,
            better,
            involvement,
            support,
            list(map(_amount, cost_estimates)),
            requested,
            quality,
            due,
            list(map(self.decisions.__getitem__, decisions)),
            decided_on,
            grounds,
            takes_over,
            result,
            list(map(_amount, budgets)),
            agreement_ends_on,
            evaluation,
        ]

    def detail_counts(self, batch, _stage_changes, activities, barriers, helps):
        """Per case of the batch: its activities, open barriers, barriers and helps, counted
        from their rows (`queries.ACTIVITIES`, `BARRIERS`, `HELPS`: the case id first)."""
        open_barriers = compress(
            barriers, map(eq, map(itemgetter(6), barriers), repeat(BarrierStatus.OPEN.value))
        )
        counted = [Counter(map(itemgetter(0), rows)) for rows in (activities, open_barriers, barriers, helps)]
        return [list(map(counter.__getitem__, batch.ids)) for counter in counted]

    def contact_values(self, case_id, initiators, address):
        """The contact columns of a case: filled only where the reader may see its contacts."""
        if case_id not in self.contacts_visible:
            return [None] * len(PERSONAL_COLUMNS)
        organisations = dict.fromkeys(initiator[4] for initiator in initiators if initiator[4])
        return [
            _joined(initiator[1] for initiator in initiators),
            _joined(initiator[2] for initiator in initiators),
            _joined(initiator[3] for initiator in initiators),
            _joined(organisations),
            address or None,
        ]

    # -- the detail tables ------------------------------------------------------------------------

    def stage_change_columns(self, read, texts):
        if not read:
            return []
        case_ids, row_ids, from_stages, to_stages, reasons, results, happened_at = zip(*read, strict=True)
        return [
            case_ids,
            list(map(self.stages.__getitem__, from_stages)),
            list(map(self.stages.__getitem__, to_stages)),
            *texts.detail_texts(_STAGE_CHANGE_TEXTS, case_ids, row_ids, reasons),
            list(map(self.results.__getitem__, results)),
            self.local_dates(happened_at),
        ]

    def local_dates(self, moments):
        """The dates here of moments read as UTC without a time zone, as text on SQLite
        ("2025-03-30 01:15:00.000000", `queries.fetch`) or as `datetime`. Text is looked up
        by its hour, where one date holds all of it (`_HourDates`)."""
        if moments and isinstance(moments[0], str):
            dates = list(map(self._hour_dates.__getitem__, [moment[:13] for moment in moments]))
            if None not in dates:
                return dates
        local_date = self._hour_dates.local_date
        return [local_date(moment) for moment in moments]

    def local_dates_or_none(self, moments):
        """`local_dates` of the moments there are; None where there is none (most cases are not
        withdrawn: no step per case then)."""
        if not any(moments):
            return [None] * len(moments)
        present = [moment for moment in moments if moment is not None]
        dates = iter(self.local_dates(present))
        return [next(dates) if moment is not None else None for moment in moments]

    def activity_columns(self, read, texts):
        if not read:
            return []
        case_ids, row_ids, happened_on, kinds, practices, skills, notes = zip(*read, strict=True)
        skill_labels, skill_codes = zip(*map(self.skills, skills), strict=True)
        return [
            case_ids,
            happened_on,
            list(map(self.activity_kinds.__getitem__, kinds)),
            list(map(self.stages.__getitem__, practices)),
            skill_labels,
            skill_codes,
            *texts.detail_texts(_ACTIVITY_TEXTS, case_ids, row_ids, notes),
        ]

    def barrier_columns(self, read, texts):
        if not read:
            return []
        (
            case_ids,
            barrier_ids,
            category_ids,
            department_ids,
            stages,
            raised_on,
            statuses,
            resolved_on,
            descriptions,
        ) = zip(*read, strict=True)
        codes, labels = zip(*map(self.reference.barrier_categories.__getitem__, category_ids), strict=True)
        return [
            case_ids,
            barrier_ids,
            codes,
            labels,
            list(map(self.reference.departments.get, department_ids)),
            list(map(self.stages.__getitem__, stages)),
            raised_on,
            list(map(self.barrier_statuses.__getitem__, statuses)),
            resolved_on,
            *texts.detail_texts(_BARRIER_TEXTS, case_ids, barrier_ids, descriptions),
        ]

    def help_columns(self, read, texts):
        if not read:
            return []
        (
            case_ids,
            row_ids,
            category_ids,
            providers,
            department_ids,
            statuses,
            requested_on,
            decided_on,
            decided_by,
            applied_on,
            effects,
            descriptions,
        ) = zip(*read, strict=True)
        codes, labels = zip(*map(self.reference.help_categories.__getitem__, category_ids), strict=True)
        barrier_numbers, effect_texts = zip(*map(self.help_effects, effects), strict=True)
        descriptions, decided_by = texts.detail_texts(
            _HELP_TEXTS, case_ids, row_ids, descriptions, decided_by
        )
        return [
            case_ids,
            codes,
            labels,
            list(map(self.providers.__getitem__, providers)),
            list(map(self.reference.departments.get, department_ids)),
            list(map(self.help_statuses.__getitem__, statuses)),
            requested_on,
            decided_on,
            decided_by,
            applied_on,
            barrier_numbers,
            effect_texts,
            descriptions,
        ]

    def help_effects(self, gathered):
        """The barrier numbers a help was for, and its effects on them, from what the query gathered."""
        if gathered is None:
            return "", ""
        if queries.AGGREGATE_SEPARATOR not in gathered:  # one barrier, as for most helps
            barrier_id, _colon, effect = gathered.partition(":")
            return barrier_id, f"{barrier_id}: {self.effects[effect]}" if effect else ""
        effects = sorted(
            (int(barrier_id), effect)
            for barrier_id, _colon, effect in (
                item.partition(":") for item in gathered.split(queries.AGGREGATE_SEPARATOR)
            )
        )
        return (
            CODE_SEPARATOR.join(str(barrier_id) for barrier_id, _effect in effects),
            _joined(f"{barrier_id}: {self.effects[effect]}" for barrier_id, effect in effects if effect),
        )


class _HourDates(dict):
    """An hour in UTC as ISO text ("2025-03-30 01") -> the date here of every moment in it; None
    where the hour holds two dates (in a time zone that is not whole hours off UTC)."""

    def __init__(self, time_zone):
        super().__init__()
        self.time_zone = time_zone

    def local_date(self, moment):
        moment = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
        return moment.replace(tzinfo=UTC).astimezone(self.time_zone).date()

    def __missing__(self, hour):
        try:
            start = datetime.fromisoformat(hour + ":00")
        except ValueError:  # not a timestamp to the hour ("2025-03-30" alone): per moment then
            return None
        day = self.local_date(start)
        if day != self.local_date(start + timedelta(minutes=59, seconds=59, microseconds=999_999)):
            day = None
        if len(self) > 100_000:  # years of hours; more would be no cache
            self.clear()
        self[hour] = day
        return day


#: The detail tables: each with the query that reads its rows and the method of `Rows` that
#: makes its columns.
DETAIL_COLUMNS = (
    (STAGE_CHANGES, queries.STAGE_CHANGES, Rows.stage_change_columns),
    (ACTIVITIES, queries.ACTIVITIES, Rows.activity_columns),
    (BARRIERS, queries.BARRIERS, Rows.barrier_columns),
    (HELPS, queries.HELPS, Rows.help_columns),
)
