"""What the free texts of an export's cases pass through: their public copy, their anonymiser,
or nothing (`BatchTexts`), a batch of cases at a time.

Most cases' texts hold nothing to redact, which `anonymise.may_hold_any` and `may_hold_known` tell
without an anonymiser; a case's texts are redacted once each (`_Redactions`). The public copies
of the texts are made with it too (`public_texts`).
"""

from collections import Counter
from functools import cached_property
from itertools import groupby
from operator import ne

from initiatives.core.anonymise.anonymiser import Anonymiser
from initiatives.core.anonymise.screening import may_hold_any, may_hold_known, screen_keys


class BatchTexts:
    """What the free texts of a batch's cases pass through; and the cases' initiators.

    That is the case's public copy where it has a current one (`copied`: `detail_texts`,
    `case_texts`); else the case's anonymiser, made from its initiators and its address when
    first needed (most cases' texts hold nothing to redact, which `anonymise.may_hold_any` and
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
        is made for all rows at once where it can (`anonymise.may_hold_any`), so that a case
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
