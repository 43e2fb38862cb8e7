"""A streaming XLSX writer: rows go into all the sheets at once, deflated as they come.

An export of 100,000 cases has some twelve million cells and 700 MB of sheet XML. XlsxWriter
spends microseconds on each cell (checks, type dispatch, formats, its XML writer) and compresses
it all when it closes: some 700 case rows a second. Its Rust port (rust_xlsxwriter, as the
rvgsrust-xlsxwriter package) was about three times faster per cell, but still compresses it all
at the end, on one core, and stayed under 4,000 case rows a second. This writer does only what
the exports need: a batch of rows becomes XML a column at a time, by `%` over the batch. Each
sheet's XML is deflated as it is written, in a thread of its own, into a temporary file per
sheet; closing puts them in the zip file. It is deflated by ISA-L (python-isal), which lets go of
the interpreter while it compresses, so that runs on a second core while the next rows are made,
and at level 1 takes a quarter of zlib's time for a file a twentieth smaller.

What it writes is the workbook XlsxWriter writes in constant-memory mode, part for part: inline
strings (escaped as XlsxWriter and Excel escape them), shared strings for the texts of short
lists (`LABEL`: a stage, a category; as Excel writes every text), numbers, dates as serial
numbers with a date format, a bold header row that stays in view, filter buttons over the header
row and column widths. Memory holds a batch of rows at a time.

Here are the workbook, its sheets and the parts besides them; the cells and rows are made in
`xlsx_rows`, the parts deflated and zipped in `xlsx_zip`.
"""

import re
import tempfile
from contextlib import ExitStack
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from initiatives.exports.xlsx_rows import (
    DATE,
    DATE_STYLE,
    HEADER_STYLE,
    MAIN_NAMESPACE,
    STYLES,
    XML_DECLARATION,
    SharedStrings,
    rows_xml,
    text_xml,
)
from initiatives.exports.xlsx_zip import Deflated, Deflating, write_zip

#: The rows of a worksheet in Excel.
MAX_ROWS = 1_048_576

_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument"


def column_letter(index):
    """The letters of a column, counted from 0: A, B, ... Z, AA, AB..."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def excel_width(width):
    """A column width in characters as Excel stores it (as XlsxWriter computes it, for Calibri 11)."""
    max_digit_width, padding = 7, 5
    if width < 1:
        pixels = int(width * (max_digit_width + padding) + 0.5)
    else:
        pixels = int(width * max_digit_width + 0.5) + padding
    return int(pixels / max_digit_width * 256) / 256


def _sheet_reference(name):
    """The sheet's name as a formula names it: quoted unless it is a plain word."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


class Workbook:
    """An XLSX file being written into `file` (a binary file object), as a context manager.

    Add the sheets with `add_sheet`, then write rows to them in any order; leaving the context
    finishes the file (unless it is left by an exception). Sheet names must be valid in Excel (at
    most 31 characters, none of []:*?/\\).
    """

    def __init__(self, file):
        self.file = file
        self.sheets = []
        self._temporary_files = ExitStack()
        self._deflating = Deflating()
        self.shared_strings = SharedStrings()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        with self._temporary_files:
            if exc_type is None:
                self._close()
            else:
                self._deflating.close()

    def add_sheet(self, name, columns):
        """Add a sheet with a header row. `columns` are (header, kind, width), kind TEXT, LABEL,
        NUMBER or DATE."""
        file = tempfile.TemporaryFile(prefix="bricoleur-sheet-")  # noqa: SIM115 (closed on leaving)
        data = Deflated(self._temporary_files.enter_context(file))
        sheet = Sheet(self, len(self.sheets) + 1, name, columns, data)
        self.sheets.append(sheet)
        return sheet

    def _close(self):
        """Finish the sheets, write the workbook's other parts and put it all in the zip file."""
        for sheet in self.sheets:
            sheet.finish()
        self._deflating.close()
        for sheet in self.sheets:
            sheet.data.finish()
        parts = [(part, Deflated.of(text)) for part, text in self._parts()]
        sheets = [(f"xl/worksheets/sheet{sheet.index}.xml", sheet.data) for sheet in self.sheets]
        write_zip(self.file, parts + sheets)

    def _parts(self):
        """(name, XML) of the parts besides the sheets, [Content_Types].xml first."""
        count = len(self.sheets)
        names = [sheet.name for sheet in self.sheets]
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
            f'ContentType="{_CONTENT_TYPE}.spreadsheetml.worksheet+xml"/>'
            for index in range(1, count + 1)
        )
        shared = self.shared_strings.xml()
        if shared:
            overrides += (
                '<Override PartName="/xl/sharedStrings.xml" '
                f'ContentType="{_CONTENT_TYPE}.spreadsheetml.sharedStrings+xml"/>'
            )
        yield (
            "[Content_Types].xml",
            f'{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_CONTENT_TYPE}.extended-properties+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CONTENT_TYPE}.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CONTENT_TYPE}.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        yield (
            "_rels/.rels",
            f'{XML_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>",
        )
        yield (
            "docProps/app.xml",
            f'{XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr>'
            f"</vt:variant><vt:variant><vt:i4>{count}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
            f'<TitlesOfParts><vt:vector size="{count}" baseType="lpstr">'
            + "".join(f"<vt:lpstr>{escape(name)}</vt:lpstr>" for name in names)
            + "</vt:vector></TitlesOfParts><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>",
        )
        yield (
            "docProps/core.xml",
            f"{XML_DECLARATION}<cp:coreProperties "
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>',
        )
        relationships = "".join(
            f'<Relationship Id="rId{index}" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet{index}.xml"/>'
            for index in range(1, count + 1)
        )
        if shared:
            relationships += (
                f'<Relationship Id="rId{count + 2}" Type="{_RELATIONSHIPS}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
            )
        yield (
            "xl/_rels/workbook.xml.rels",
            f'{XML_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{relationships}'
            f'<Relationship Id="rId{count + 1}" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{index}" r:id="rId{index}"/>'
            for index, name in enumerate(names, 1)
        )
        filters = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
            f"{escape(sheet.filter_area())}</definedName>"
            for index, sheet in enumerate(self.sheets)
        )
        yield (
            "xl/workbook.xml",
            f'{XML_DECLARATION}<workbook xmlns="{MAIN_NAMESPACE}" xmlns:r="{_RELATIONSHIPS}">'
            '<workbookPr/><bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
            f'windowHeight="9660"/></bookViews><sheets>{sheets}</sheets>'
            f'<definedNames>{filters}</definedNames><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>',
        )
        yield ("xl/styles.xml", STYLES)
        if shared:
            yield ("xl/sharedStrings.xml", shared)


class Sheet:
    """A worksheet of a `Workbook`, written row after row."""

    def __init__(self, workbook, index, name, columns, data):
        self.workbook = workbook
        self.index = index
        self.name = name
        self.columns = columns
        self.kinds = [(column_letter(number), kind) for number, (_header, kind, _width) in enumerate(columns)]
        #: The number of the last row written (the header is row 1).
        self.last_row = 1
        #: The sheet's XML, deflated.
        self.data = data
        self._write(self._start())

    def write_columns(self, columns):
        """Append rows given by their `columns`: one sequence of values per column, each value a
        str, an int, a `datetime.date` or None (an empty cell, as is ""); in a date column, a
        date may also be given as ISO text ("2025-01-31").

        Rows past the last that Excel has (`MAX_ROWS`) are left out, as XlsxWriter leaves them.
        """
        room = MAX_ROWS - self.last_row
        if columns and columns[0] and room > 0:
            if len(columns[0]) > room:
                columns = [column[:room] for column in columns]
            xml, self.last_row = rows_xml(columns, self.kinds, self.last_row, self.workbook.shared_strings)
            self._write(xml)

    def filter_area(self):
        """The cells under the filter buttons, as the workbook's defined name gives them."""
        return f"{_sheet_reference(self.name)}!$A$1:${column_letter(len(self.columns) - 1)}${self.last_row}"

    def finish(self):
        last_cell = f"{column_letter(len(self.columns) - 1)}{self.last_row}"
        self._write(
            f'</sheetData><autoFilter ref="A1:{last_cell}"/><pageMargins left="0.7" right="0.7" '
            'top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
        )

    def _write(self, xml):
        self.workbook._deflating.put(self.data, xml.encode())

    def _start(self):
        selected = ' tabSelected="1"' if self.index == 1 else ""
        date_style = f' style="{DATE_STYLE}"'
        cols = "".join(
            f'<col min="{number}" max="{number}" width="{excel_width(width)}"'
            f'{date_style if kind == DATE else ""} customWidth="1"/>'
            for number, (_header, kind, width) in enumerate(self.columns, 1)
        )
        header = "".join(
            f'<c r="{column_letter(number)}1" s="{HEADER_STYLE}" t="inlineStr"><is><t>{text_xml(str(header))}</t></is></c>'
            for number, (header, _kind, _width) in enumerate(self.columns)
        )
        return (
            f'{XML_DECLARATION}<worksheet xmlns="{MAIN_NAMESPACE}" xmlns:r="{_RELATIONSHIPS}">'
            f'<sheetViews><sheetView{selected} workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
            f'<sheetData><row r="1">{header}</row>'
        )
