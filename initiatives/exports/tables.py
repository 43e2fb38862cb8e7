"""What an export holds: the columns of each table, with Dutch headers, and the row values.

The CSV is the first table ("Initiatieven", one row per case); the XLSX has all five. Values are
plain: text, whole numbers, dates (`datetime.date`) or None. Texts are anonymised unless the
export includes personal data and the reader may see the contact details of that case.

The values are made from the plain tuples that `queries` reads, a batch of cases at a time, and
a column at a time: most columns then come about by `map` over a dictionary, without a step of
Python per value; the CSV is made from them a column at a time too (`writers`).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from itertools import compress, groupby, repeat
from operator import eq, itemgetter, ne

from flask_babel import lazy_gettext as _l

from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models import Barrier, Help, HelpEffect
from initiatives.cases.models import Activity, Initiative, StageChange
from initiatives.core.anonymise import RULES_VERSION
from initiatives.core.anonymise.anonymiser import Anonymiser
from initiatives.core.anonymise.screening import may_hold_any, may_hold_known, screen_keys
from initiatives.exports import queries
from initiatives.exports.xlsx import DATE, LABEL, NUMBER, TEXT

#: Joins codes in one cell (of themes, skills, barrier numbers).
CODE_SEPARATOR = "|"
#: Joins names, e-mail addresses and such in one cell.
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    header: object  # a lazy string: translated when the export is written
    kind: str = TEXT
    width: int = 14


@dataclass(frozen=True)
class Table:
    name: object  # the sheet name
    columns: tuple


CASE_NUMBER = Column(_l("Case number"), NUMBER, 10)

CASE_COLUMNS = (
    CASE_NUMBER,
    Column(_l("Title"), width=40),
    Column(_l("Neighbourhood code"), LABEL, 12),
    Column(_l("Neighbourhood"), LABEL, 22),
    Column(_l("Wijk"), LABEL, 18),
    Column(_l("Came in by"), LABEL, 18),
    Column(_l("Date of first contact"), DATE, 12),
    Column(_l("Stage"), LABEL, 26),
    Column(_l("Owner"), LABEL, 12),
    Column(_l("Themes"), LABEL, 24),
    Column(_l("Theme codes"), LABEL, 18),
    Column(_l("Follow up on"), DATE, 12),
    Column(_l("Result"), LABEL, 20),
    Column(_l("Closed on"), DATE, 12),
    Column(_l("Activities"), NUMBER, 10),
    Column(_l("Open barriers"), NUMBER, 10),
    Column(_l("Barriers"), NUMBER, 10),
    Column(_l("Helps"), NUMBER, 10),
    Column(_l("Description"), width=60),
    Column(_l("Support asked for"), width=40),
    Column(_l("Lessons learned"), width=40),
)
PERSONAL_COLUMNS = (
    Column(_l("Initiators"), width=30),
    Column(_l("E-mail addresses"), width=30),
    Column(_l("Phone numbers"), width=18),
    Column(_l("Organisation"), width=30),
    Column(_l("Address"), width=30),
)

#: Last, so that the columns before it keep their places (a withdrawn case is exported only on request).
WITHDRAWN_ON = Column(_l("Withdrawn on"), DATE, 12)

CASES = Table(_l("Initiatives"), (*CASE_COLUMNS, WITHDRAWN_ON))
CASES_WITH_PERSONAL_DATA = Table(_l("Initiatives"), (*CASE_COLUMNS, *PERSONAL_COLUMNS, WITHDRAWN_ON))
STAGE_CHANGES = Table(
    _l("Stages"),
    (
        CASE_NUMBER,
        Column(_l("From stage"), LABEL, 26),
        Column(_l("To stage"), LABEL, 26),
        Column(_l("Reason"), width=50),
        Column(_l("Result"), LABEL, 20),
        Column(_l("Date"), DATE, 12),
    ),
)
ACTIVITIES = Table(
    _l("Activities"),
    (
        CASE_NUMBER,
        Column(_l("Date"), DATE, 12),
        Column(_l("Kind"), LABEL, 18),
        Column(_l("Practice"), LABEL, 26),
        Column(_l("Skills"), LABEL, 30),
        Column(_l("Skill codes"), LABEL, 24),
        Column(_l("Note"), width=70),
    ),
)
BARRIERS = Table(
    _l("Barriers"),
    (
        CASE_NUMBER,
        Column(_l("Barrier number"), NUMBER, 10),
        Column(_l("Category code"), LABEL, 14),
        Column(_l("Category"), LABEL, 26),
        Column(_l("Department"), LABEL, 26),
        Column(_l("Stage"), LABEL, 26),
        Column(_l("Raised on"), DATE, 12),
        Column(_l("Status"), LABEL, 14),
        Column(_l("Resolved on"), DATE, 12),
        Column(_l("Description"), width=60),
    ),
)
HELPS = Table(
    _l("Help"),
    (
        CASE_NUMBER,
        Column(_l("Category code"), LABEL, 14),
        Column(_l("Category"), LABEL, 26),
        Column(_l("Provider"), LABEL, 22),
        Column(_l("Department"), LABEL, 26),
        Column(_l("Status"), LABEL, 12),
        Column(_l("Requested on"), DATE, 12),
        Column(_l("Decided on"), DATE, 12),
        Column(_l("Decided by"), width=22),
        Column(_l("Applied on"), DATE, 12),
        Column(_l("Barrier numbers"), width=14),
        Column(_l("Effects"), width=30),
        Column(_l("Description"), width=50),
    ),
)
DETAIL_TABLES = (STAGE_CHANGES, ACTIVITIES, BARRIERS, HELPS)


def _joined(values, separator=LIST_SEPARATOR):
    return separator.join(value for value in values if value)


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
        ]
        if self.personal_data:
            contacts = [
                self.contact_values(case_id, texts.people.get(case_id, ()), address)
                for case_id, address in zip(case_ids, addresses, strict=True)
            ]
            columns += zip(*contacts, strict=True)
        columns.append(self.local_dates_or_none(withdrawn_at))
        return columns

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


#: The detail tables' texts, each as the public copies name it (`queries.text_source`).
_STAGE_CHANGE_TEXTS = (queries.text_source(StageChange.reason),)
_ACTIVITY_TEXTS = (queries.text_source(Activity.note),)
_BARRIER_TEXTS = (queries.text_source(Barrier.description),)
_HELP_TEXTS = (queries.text_source(Help.description), queries.text_source(Help.decided_by))


class BatchTexts:
    """What the free texts of a batch's cases pass through; and the cases' initiators.

    That is the case's public copy where it has a current one (`copied`: `detail_texts`,
    `case_texts`); else the case's anonymiser, made from its initiators and its address when
    first needed (most cases' texts hold nothing to redact, which `anonymise.screening.may_hold_any` and
    `may_hold_known` tell without one); or nothing at all for a case whose contact details the
    reader may see (`unchanged`).
    """

    def __init__(self, read_people, addresses, unchanged=(), copied=frozenset(), read_differences=None):
        self._read_people = read_people
        #: case id -> its address
        self.addresses = addresses
        self.unchanged = unchanged
        #: The cases whose current public copy is to be shown.
        self.copied = copied
        self._read_differences = read_differences
        self.anonymisers = {}
        self._keys = {}
        self._redactions = {}

    @cached_property
    def differences(self):
        """source -> {row id: public text} of the detail texts of the batch whose public copy
        differs from the text as written (`PublicDetailText`)."""
        rows = self._read_differences()
        if not rows:
            return {}
        _case_ids, sources, row_ids, texts = zip(*rows, strict=True)
        differences, start = {}, 0
        for source, count in _runs(sources):  # read ordered by source
            differences[source] = dict(
                zip(row_ids[start : start + count], texts[start : start + count], strict=True)
            )
            start += count
        return differences

    @cached_property
    def people(self):
        """case id -> its initiators' (case id, name, e-mail, phone, organisation); read when
        first needed, which with the public copies of the texts (`case_texts`) may be never."""
        return self._read_people()

    def anonymiser(self, case_id):
        """The case's `Anonymiser`, or None where its texts stay as they are."""
        try:
            return self.anonymisers[case_id]
        except KeyError:
            anonymiser = None
            if case_id not in self.unchanged:
                initiators = self.people.get(case_id, ())
                anonymiser = Anonymiser(
                    names=[initiator[1] for initiator in initiators],
                    emails=[initiator[2] for initiator in initiators],
                    phones=[initiator[3] for initiator in initiators],
                    address=self.addresses[case_id] or "",
                    addresses=[initiator[5] for initiator in initiators],
                )
            self.anonymisers[case_id] = anonymiser
            return anonymiser

    def redactions(self, case_id):
        """The case's texts redacted by its anonymiser, each text once (`_Redactions`)."""
        redactions = self._redactions.get(case_id)
        if redactions is None:
            redactions = self._redactions[case_id] = _Redactions(self.anonymiser(case_id).redact)
        return redactions

    def case_texts(self, case_ids, *columns, public):
        """The case table's texts (`columns`, a list per text): read as their public copy has
        them for the cases with one (`copied`) where they are `public` (`queries.case_columns`),
        as written otherwise, and then passed through `redacted`."""
        if not public:
            return self.redacted(case_ids, *columns)
        return self._public_or_redacted(case_ids, columns)

    def detail_texts(self, sources, case_ids, row_ids, *columns):
        """The texts of a detail table's `columns` (one per name in `sources`, a text per row, as
        `case_ids` has the row's case and `row_ids` its id), as the export shows them: a list per
        column.

        The rows of cases with a public copy take it: the text as written, but where the copy
        differs (few). The rows of the others are passed through `redacted`.
        """
        columns = list(columns)
        if self.copied:
            differences, position = self.differences, None
            for number, source in enumerate(sources):
                if found := differences.get(source):
                    column = columns[number] = list(columns[number])
                    if position is None:  # row id -> its index, for the table's sources alike
                        position = dict(zip(row_ids, range(len(row_ids)), strict=True))
                    for row_id, text in found.items():
                        index = position.get(row_id)
                        if index is not None and case_ids[index] in self.copied:
                            column[index] = text
        return self._public_or_redacted(case_ids, columns)

    def _public_or_redacted(self, case_ids, columns):
        """`columns` of texts (one per row, as `case_ids` has the row's case), public where their
        case has a copy (`copied`), passed through `redacted` where not."""
        stale = self._rows_without_copy(case_ids)
        if stale is None:
            return columns
        if len(stale) == len(case_ids):
            return self.redacted(case_ids, *columns)
        redone = self.redacted(
            [case_ids[index] for index in stale], *([c[index] for index in stale] for c in columns)
        )
        columns = [list(column) for column in columns]
        for column, values in zip(columns, redone, strict=True):
            for index, value in zip(stale, values, strict=True):
                column[index] = value
        return columns

    def _rows_without_copy(self, case_ids):
        """The indexes of the rows whose case has no public copy to show; None if there are none."""
        copied = self.copied
        stale, start = [], 0
        for case_id, count in _runs(case_ids):
            if case_id not in copied:
                stale.extend(range(start, start + count))
            start += count
        return stale or None

    def redacted(self, case_ids, *columns):
        """The texts of `columns` (one per row, as `case_ids` has the row's case), passed through
        what their case's texts pass through: a list per column, with "" for no text.

        The rows of a case come one after the other. Its texts are looked at together first:
        mostly, none of them holds anything to redact, and they are left as they are. That look
        is made for all rows at once where it can (`anonymise.screening.may_hold_any`), so that a case
        costs a few steps of Python, and an anonymiser only where it may have work.
        """
        redacted = [[text or "" for text in column] for column in columns]
        # A row's texts as one (a text per column), joined by C code rather than a step per row.
        rows = redacted[0] if len(redacted) == 1 else list(map("\n".join, zip(*redacted, strict=True)))
        generic = may_hold_any(rows)
        lowered = list(map(str.lower, rows))
        unchanged, people, keys_of = self.unchanged, self.people, self._keys
        start = 0
        for case_id, count in _runs(case_ids):
            end = start + count
            if case_id not in unchanged:
                if count == 1:
                    may, rough = generic[start], lowered[start]
                else:
                    may, rough = any(generic[start:end]), "\n".join(lowered[start:end])
                if not may and rough:
                    keys = keys_of.get(case_id)
                    if keys is None:
                        keys = keys_of[case_id] = screen_keys(person[1] for person in people.get(case_id, ()))
                    may = may_hold_known(rough, keys)
                if may:
                    redact = self.redactions(case_id).__getitem__
                    for column in redacted:
                        column[start:end] = map(redact, column[start:end])
            start = end
        return redacted


class _Redactions(dict):
    """A text -> the text redacted, made when first asked for. A case's texts come back: the
    timeline's notes follow a few patterns ("Bas gebeld ..."), and a text's rows are in several
    sheets; a lookup costs no step of Python."""

    __slots__ = ("redact",)

    def __init__(self, redact):
        super().__init__()
        self.redact = redact

    def __missing__(self, text):
        redacted = self[text] = self.redact(text)
        return redacted


def _runs(case_ids):
    """(case id, number of rows) for each run of rows of one case, in order."""
    counts = Counter(case_ids)  # counted by C code, as is the check that each case has one run
    if len(counts) == 1 + sum(map(ne, case_ids, case_ids[1:])):
        return counts.items()
    return [(case_id, sum(1 for _row in run)) for case_id, run in groupby(case_ids)]


#: The detail tables: each with the query that reads its rows and the method of `Rows` that
#: makes its columns.
DETAIL_COLUMNS = (
    (STAGE_CHANGES, queries.STAGE_CHANGES, Rows.stage_change_columns),
    (ACTIVITIES, queries.ACTIVITIES, Rows.activity_columns),
    (BARRIERS, queries.BARRIERS, Rows.barrier_columns),
    (HELPS, queries.HELPS, Rows.help_columns),
)
