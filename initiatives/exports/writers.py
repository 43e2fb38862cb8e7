"""Writing an export: CSV as Dutch Excel opens it, and an XLSX workbook of five sheets.

Both read the cases batch by batch (`queries.case_batches`), so memory stays flat however many
cases there are. The CSV is produced a batch at a time, one chunk of bytes per batch. The XLSX is
written by `xlsx.Workbook`: every batch adds its rows to all five sheets.
"""

import csv
import gc
import io
import re
from contextlib import contextmanager

from initiatives.auth.models import User
from initiatives.exports import tables, xlsx
from initiatives.exports.queries import case_batches, contacts_visible_to

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

    def batches(self, session, rows):
        """Yield batches of cases, telling `rows` whose contacts the reader may see."""
        reader = session.get(User, self.user_id) if self.personal_data else None
        for batch in case_batches(session, self.filters):
            if reader is not None:
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
    rows = tables.Rows(reference, personal_data=export.personal_data)
    columns = export.case_table().columns
    text_columns = [index for index, column in enumerate(columns) if column.kind == tables.TEXT]
    buffer = io.StringIO()
    # None is written as an empty field, a date as YYYY-MM-DD (str of a date).
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([str(column.header) for column in columns])
    for batch in export.batches(session, rows):
        with _collector_paused():
            _write_csv_rows(writer, rows, batch, text_columns)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no cases: the header alone
        yield buffer.getvalue().encode()


def _write_csv_rows(writer, rows, batch, text_columns):
    columns = rows.case_columns(batch, rows.texts(batch))
    for index in text_columns:
        columns[index] = _defused(columns[index])
    writer.writerows(tables.columns_to_rows(columns))


# -- XLSX -----------------------------------------------------------------------------------------


def _sheet_columns(table):
    return [(column.header, column.kind, column.width) for column in table.columns]


def write_workbook(file, export, session, reference):
    """Write the export as an XLSX workbook into `file` (a binary file object); return the case count."""
    rows = tables.Rows(reference, personal_data=export.personal_data)
    case_table = export.case_table()
    with xlsx.Workbook(file) as workbook:
        case_sheet = workbook.add_sheet(str(case_table.name)[:31], _sheet_columns(case_table))
        detail_sheets = [
            (workbook.add_sheet(str(table.name)[:31], _sheet_columns(table)), table_columns)
            for table, _query, table_columns in tables.DETAIL_COLUMNS
        ]
        for batch in export.batches(session, rows):
            with _collector_paused():
                _write_sheet_rows(rows, batch, case_sheet, detail_sheets)
    return case_sheet.last_row - 1


def _write_sheet_rows(rows, batch, case_sheet, detail_sheets):
    texts = rows.texts(batch)
    read = [batch.read(query) for _table, query, _columns in tables.DETAIL_COLUMNS]
    case_sheet.write_columns(rows.case_columns(batch, texts))
    for (sheet, table_columns), table_read in zip(detail_sheets, read, strict=True):
        sheet.write_columns(table_columns(rows, table_read, texts))
