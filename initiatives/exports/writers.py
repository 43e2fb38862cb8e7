"""Writing an export: CSV as Dutch Excel opens it, and an XLSX workbook of five sheets.

Both read the cases batch by batch (`batches.case_batches`), so memory stays flat however many
cases there are. The CSV is produced a batch at a time, one chunk of bytes per batch. The XLSX is
written by `xlsx.Workbook`: every batch adds its rows to all five sheets.
"""

import gc
import re
from contextlib import contextmanager

from initiatives.auth.models import User
from initiatives.exports import table_rows, tables, xlsx
from initiatives.exports.batches import case_batches
from initiatives.exports.queries import contacts_visible_to
from initiatives.exports.xlsx_rows import AMOUNT, DATE, LABEL, NUMBER, TEXT

#: The byte order mark that tells Excel the CSV is UTF-8.
BOM = "\ufeff"
#: Characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: In texts joined by newlines: one after the first that may start with one of `FORMULA_STARTS`.
_FORMULA_START = re.compile(r"\n[=+\-@\t\r]")


class Export:
    """What to export and for whom: the filters, the reader and whether personal data is included."""

    def __init__(self, filters, user_id, *, personal_data=False):
        self.filters = filters
        #: The reader's id: the export runs after the request's session is gone, in its own.
        self.user_id = user_id
        self.personal_data = personal_data

    def batches(self, session, rows, *, counts=True):
        """Yield batches of cases, telling `rows` whose contacts the reader may see; with their
        counts of details, or without (`queries.case_columns`)."""
        reader = session.get(User, self.user_id)
        batches = case_batches(
            session, self.filters, reader=reader, public_copies=not self.personal_data, counts=counts
        )
        for batch in batches:
            if self.personal_data:
                rows.contacts_visible = contacts_visible_to(session, reader, batch.ids)
            yield batch

    def case_table(self):
        return tables.CASES_WITH_PERSONAL_DATA if self.personal_data else tables.CASES


# -- CSV ------------------------------------------------------------------------------------------


@contextmanager
def _collector_paused():
    """Pause Python's cycle collector while a batch of cases is exported.

    A batch makes some hundred thousand short-lived objects (rows, values, strings), none in a
    reference cycle, and the collector would walk them over and over while they live: a quarter
    of an export's time. It runs again between batches, so nothing waits for it long; the batch's
    work is done in a function of its own, so that its objects are gone by then.
    """
    if not gc.isenabled():  # paused already (another export in another thread): leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _defused(texts):
    """`texts` (of a column), those that a spreadsheet would run as a formula made plain text (CSV
    injection). One look at them all tells whether any needs it: hardly ever."""
    joined = "\n".join(filter(None, texts))
    if not joined.startswith(FORMULA_STARTS) and not _FORMULA_START.search(joined):
        return texts
    return ["'" + text if text and text.startswith(FORMULA_STARTS) else text for text in texts]


def csv_chunks(export, session, reference):
    """Yield the CSV as UTF-8: the header with the byte order mark, then a chunk per batch of cases.

    Semicolon separated, quoted where needed, CRLF line ends and ISO dates: as Dutch Excel reads it.
    """
    rows = table_rows.Rows(reference, personal_data=export.personal_data)
    kinds = [column.kind for column in export.case_table().columns]
    header = [[str(column.header)] for column in export.case_table().columns]
    yield (BOM + _csv_lines([_csv_texts(column) for column in header])).encode()
    for batch in export.batches(session, rows):
        with _collector_paused():
            chunk = _csv_batch(rows, batch, kinds)
        yield chunk.encode()


def _csv_batch(rows, batch, kinds):
    columns = rows.case_columns(batch, rows.texts(batch))
    return _csv_lines([_CSV_FIELDS[kind](column) for kind, column in zip(kinds, columns, strict=True)])


# The CSV is made a column at a time, as the values are (`table_rows`), by C code as far as it goes:
# fields by `map`, lines by `str.join`. The csv module would take a step per character of a
# row, three quarters of the export's time; the result is the same (`tests/exports`).

#: What makes a field need quotes: the separator, the quote character or a line end.
_NEEDS_QUOTES = re.compile(r'[;"\r\n]')


def _csv_lines(columns):
    """The CSV lines of a table given by its columns of fields (text), each line ending in CRLF."""
    lines = "\r\n".join(map(";".join, zip(*columns, strict=True)))
    return lines + "\r\n" if lines else ""


def _csv_plain(values):
    """Numbers and dates as fields (str of a date is its ISO form; SQLite may give the ISO text)."""
    if None not in values:
        return list(map(str, values))
    return ["" if value is None else str(value) for value in values]


def _csv_texts(values):
    """Texts as fields: defused (`_defused`) and quoted where needed, None as nothing."""
    texts = _defused([text or "" for text in values])
    if _NEEDS_QUOTES.search("\x00".join(texts)):  # one look at the column: few texts need quotes
        texts = [_quoted(text) if _NEEDS_QUOTES.search(text) else text for text in texts]
    return texts


def _quoted(text):
    return '"' + text.replace('"', '""') + '"'


def _csv_amounts(values):
    """Amounts with a decimal comma, as Dutch Excel reads a number: 1234,50."""
    return ["" if value is None else str(value).replace(".", ",") for value in values]


_CSV_FIELDS = {
    NUMBER: _csv_plain,
    AMOUNT: _csv_amounts,
    DATE: _csv_plain,
    TEXT: _csv_texts,
    LABEL: _csv_texts,
}


# -- XLSX -----------------------------------------------------------------------------------------


def _sheet_columns(table):
    return [(column.header, column.kind, column.width) for column in table.columns]


def write_workbook(file, export, session, reference):
    """Write the export as an XLSX workbook into `file` (a binary file object); return the case count."""
    rows = table_rows.Rows(reference, personal_data=export.personal_data)
    case_table = export.case_table()
    with xlsx.Workbook(file) as workbook:
        case_sheet = workbook.add_sheet(str(case_table.name)[:31], _sheet_columns(case_table))
        detail_sheets = [
            (workbook.add_sheet(str(table.name)[:31], _sheet_columns(table)), table_columns)
            for table, _query, table_columns in table_rows.DETAIL_COLUMNS
        ]
        for batch in export.batches(session, rows, counts=False):  # counted from the details
            with _collector_paused():
                _write_sheet_rows(rows, batch, case_sheet, detail_sheets)
    return case_sheet.last_row - 1


def _write_sheet_rows(rows, batch, case_sheet, detail_sheets):
    texts = rows.texts(batch)
    read = [batch.read(query) for _table, query, _columns in table_rows.DETAIL_COLUMNS]
    case_sheet.write_columns(rows.case_columns(batch, texts, rows.detail_counts(batch, *read)))
    for (sheet, table_columns), table_read in zip(detail_sheets, read, strict=True):
        sheet.write_columns(table_columns(rows, table_read, texts))
