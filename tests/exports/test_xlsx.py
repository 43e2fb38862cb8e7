"""The streaming XLSX writer: its rows against a plain cell-by-cell definition, and its files as
openpyxl and the zipfile module read them, including a workbook that needs ZIP64."""

import io
import random
import re
import zipfile
from datetime import date

import openpyxl
import pytest

from initiatives.exports import xlsx, xlsx_rows, xlsx_zip
from initiatives.exports.xlsx_rows import DATE, LABEL, NUMBER, TEXT

COLUMNS = [
    ("Nummer", NUMBER, 10),
    ("Datum", DATE, 12),
    ("Tekst", TEXT, 40),
    ("Nog een tekst", TEXT, 20),
    ("Fase", LABEL, 20),
]
KINDS = [(xlsx.column_letter(index), kind) for index, (_header, kind, _width) in enumerate(COLUMNS)]
#: Pieces of text that need something of the writer, and some that need nothing.
PIECES = [
    "Moestuin",
    "aan de Merelstraat",
    "P&C-cyclus",
    "<b>vet</b>",
    "a > b",
    " voorop",
    "achteraan ",
    "\tmet tab",
    "regel\nregel",
    "regel\r\nregel",
    "nul\x00byte",
    "verticale\x0btab",
    "\x08terug",
    "eind\x1f",
    "_x0041_",
    "_x",
    "niet-teken \ufffe",
    "\uffff",
    "Ayşe Yılmaz",
    "€ 1.200",
    "\u00a0",
]
#: Texts of a short list (a `LABEL` column), some that need something of the writer.
LABELS = ["Verkennen", "Draagvlak bouwen", "P&C <cyclus>", " voorop", "verticale\x0btab", "_x0041_"]


def reference_rows_xml(rows, row_number, shared):
    """The rows as XlsxWriter writes them in constant-memory mode, one cell at a time; labels as
    numbers in `shared` (text -> number, in the order first met), as Excel writes them."""
    parts = []
    for values in rows:
        row_number += 1
        parts.append(f'<row r="{row_number}">')
        for (letter, kind), value in zip(KINDS, values, strict=True):
            if value is None or value == "":
                continue
            cell = f"{letter}{row_number}"
            if kind == NUMBER:
                parts.append(f'<c r="{cell}"><v>{value}</v></c>')
            elif kind == LABEL:
                parts.append(f'<c r="{cell}" t="s"><v>{shared.setdefault(value, len(shared))}</v></c>')
            elif kind == DATE:
                serial = (value - date(1899, 12, 30)).days
                parts.append(f'<c r="{cell}" s="2"><v>{serial}</v></c>')
            else:
                text = re.sub("(_x[0-9a-fA-F]{4}_)", r"_x005F\1", value)
                text = re.sub("[\x00-\x08\x0b-\x1f]", lambda match: f"_x{ord(match.group()):04X}_", text)
                text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
                space = ' xml:space="preserve"' if re.search(r"^\s|\s$", text) else ""
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                parts.append(f'<c r="{cell}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        parts.append("</row>")
    return "".join(parts)


def random_rows(seed, count, special=0.1):
    """Rows of random values: most texts plain, a share `special` of them with a tricky piece."""
    rng = random.Random(seed)

    def text():
        choice = rng.random()
        if choice < 0.15:
            return rng.choice([None, ""])
        words = rng.sample(PIECES[:2], 2) if choice > special + 0.15 else rng.sample(PIECES, 2)
        return " ".join(words) if rng.random() < 0.5 else "".join(words)

    return [
        [
            rng.choice([rng.randrange(1, 100_000), None]) if rng.random() < 0.1 else rng.randrange(100_000),
            rng.choice([None, date(2024, 1, 1).fromordinal(rng.randrange(738000, 740000))]),
            text(),
            text(),
            rng.choice([*LABELS, None, ""]),
        ]
        for _ in range(count)
    ]


@pytest.mark.parametrize("special", [0, 0.01, 0.3])
@pytest.mark.parametrize("seed", range(20))
def test_rows_are_written_as_xlsxwriter_writes_them(seed, special):
    rows = random_rows(seed, 60, special)
    shared_strings, shared = xlsx_rows.SharedStrings(), {}
    xml, last_row = xlsx_rows.rows_xml(list(zip(*rows, strict=True)), KINDS, 1, shared_strings)
    assert xml == reference_rows_xml(rows, 1, shared)
    assert last_row == 61
    assert shared_strings.texts == list(shared)
    assert shared_strings.count == sum(1 for row in rows if row[4])


def write(file, rows_per_batch):
    with xlsx.Workbook(file) as workbook:
        first = workbook.add_sheet("Eerste blad", COLUMNS)
        second = workbook.add_sheet("Tweede's", COLUMNS[:2])
        for rows in rows_per_batch:
            columns = list(zip(*rows, strict=True))
            first.write_columns(columns)
            second.write_columns(columns[:2])
    return file


def test_openpyxl_reads_back_every_cell():
    batches = [random_rows(seed, 50, special=0.2) for seed in range(4)]
    workbook = openpyxl.load_workbook(write(io.BytesIO(), batches))
    assert workbook.sheetnames == ["Eerste blad", "Tweede's"]
    sheet = workbook["Eerste blad"]
    read = list(sheet.iter_rows(values_only=True))
    assert read[0] == ("Nummer", "Datum", "Tekst", "Nog een tekst", "Fase")
    expected = [row for rows in batches for row in rows]
    assert len(read) == len(expected) + 1
    for got, row in zip(read[1:], expected, strict=True):
        assert got[0] == row[0]
        assert (got[1].date() if got[1] else None) == row[1]
        for value, text in zip(got[2:], row[2:], strict=True):
            if not text:
                assert value is None
            elif not re.search("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x", text):
                assert value == text.replace("\r\n", "\n")  # XML reads a line end as \n
            else:  # as Excel writes them, "_x000B_"; openpyxl leaves those be
                assert value


def test_the_sheets_have_a_frozen_header_filters_widths_and_dates():
    workbook = openpyxl.load_workbook(write(io.BytesIO(), [random_rows(1, 30)]))
    for sheet, width in zip(workbook, (5, 2), strict=True):
        last = f"{openpyxl.utils.get_column_letter(width)}31"
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{last}"
        assert sheet["A1"].font.bold
        assert sheet.column_dimensions["A"].width == pytest.approx(10.71, abs=0.01)
        assert sheet.column_dimensions["B"].width == pytest.approx(12.71, abs=0.01)
        dates = [cell for cell in sheet["B"][1:] if cell.value is not None]
        assert dates
        assert all(cell.is_date and cell.number_format == "yyyy-mm-dd" for cell in dates)
    names = {name: value.attr_text for name, value in workbook["Tweede's"].defined_names.items()}
    assert names.get("_xlnm._FilterDatabase", "'Tweede''s'!$A$1:$B$31") == "'Tweede''s'!$A$1:$B$31"


def test_an_empty_sheet_has_its_header_alone():
    file = io.BytesIO()
    with xlsx.Workbook(file) as workbook:
        workbook.add_sheet("Leeg", COLUMNS)
    sheet = openpyxl.load_workbook(file)["Leeg"]
    assert list(sheet.iter_rows(values_only=True)) == [("Nummer", "Datum", "Tekst", "Nog een tekst", "Fase")]
    assert sheet.auto_filter.ref == "A1:E1"


def test_the_zip_file_is_sound_and_uses_zip64_where_it_must(monkeypatch):
    batches = [random_rows(seed, 40) for seed in range(3)]
    small = write(io.BytesIO(), batches)
    monkeypatch.setattr(xlsx_zip, "_ZIP64_LIMIT", 1000)  # as if every entry were over 4 GB
    large = write(io.BytesIO(), batches)
    for file in (small, large):
        with zipfile.ZipFile(file) as archive:
            assert archive.testzip() is None
            assert archive.namelist()[0] == "[Content_Types].xml"
    with zipfile.ZipFile(large) as archive:
        assert any(info.file_size > 1000 and info.extract_version == 45 for info in archive.infolist())
    small_rows = list(openpyxl.load_workbook(small)["Eerste blad"].iter_rows(values_only=True))
    assert list(openpyxl.load_workbook(large)["Eerste blad"].iter_rows(values_only=True)) == small_rows


def test_a_failure_while_writing_leaves_no_workbook_behind():
    def rows():
        yield random_rows(1, 10)
        raise ZeroDivisionError  # the database went away, say

    file = io.BytesIO()
    with pytest.raises(ZeroDivisionError):
        write(file, rows())
    assert file.getvalue() == b""


def test_rows_past_excels_last_are_left_out(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 25)
    sheet = openpyxl.load_workbook(write(io.BytesIO(), [random_rows(1, 15), random_rows(2, 15)]))[
        "Eerste blad"
    ]
    assert sheet.max_row == 25
    assert sheet.auto_filter.ref == "A1:E25"
