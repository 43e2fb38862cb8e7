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
"""

import io
import re
import shutil
import struct
import tempfile
import threading
from contextlib import ExitStack
from datetime import UTC, date, datetime
from itertools import repeat
from operator import is_not, mod, truth
from queue import Queue
from xml.sax.saxutils import escape, quoteattr

from isal import isal_zlib

TEXT = "text"
#: A text from a short list (a stage, a category, a department): written once, in the workbook's
#: shared strings, which each of its cells refers to by number, as Excel writes every text.
LABEL = "label"
NUMBER = "number"
DATE = "date"

#: ISA-L's levels go from 0 to 3; higher ones make the file hardly smaller here, and take longer.
COMPRESSION_LEVEL = 1
#: 1899-12-30, day 0 of Excel's calendar: a date's serial number is its ordinal minus this.
EXCEL_EPOCH = 693594

#: The rows of a worksheet in Excel.
MAX_ROWS = 1_048_576
#: The cell styles (indexes into cellXfs in STYLES).
HEADER_STYLE = 1
DATE_STYLE = 2
DATE_FORMAT = "yyyy-mm-dd"

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument"

STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)

_ESCAPE_LIKE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def text_xml(text):
    """A text as the content of <t>: as XlsxWriter writes it in constant-memory mode."""
    text = _ESCAPE_LIKE.sub(r"_x005F\1", text)  # "_x0041_" would be read as "A"
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    return escape(text)


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
        self._deflating = _Deflating()
        self.shared_strings = _SharedStrings()

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
        data = _Deflated(self._temporary_files.enter_context(file))
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
        parts = [(part, _Deflated.of(text)) for part, text in self._parts()]
        sheets = [(f"xl/worksheets/sheet{sheet.index}.xml", sheet.data) for sheet in self.sheets]
        _write_zip(self.file, parts + sheets)

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
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
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
            f'{_XML}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>",
        )
        yield (
            "docProps/app.xml",
            f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
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
            f"{_XML}<cp:coreProperties "
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
            f'{_XML}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{relationships}'
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
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
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
            xml, self.last_row = _rows_xml(columns, self.kinds, self.last_row, self.workbook.shared_strings)
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
            f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            f'<sheetViews><sheetView{selected} workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
            f'<sheetData><row r="1">{header}</row>'
        )


# -- deflating and zipping ------------------------------------------------------------------------


class _Deflated:
    """The data of a zip entry, deflated as it is written into `file`, with its size and checksum."""

    def __init__(self, file):
        self.file = file
        self.deflater = isal_zlib.compressobj(COMPRESSION_LEVEL, isal_zlib.DEFLATED, -isal_zlib.MAX_WBITS)
        self.crc = 0
        self.size = 0

    @classmethod
    def of(cls, text):
        data = cls(io.BytesIO())
        data.write(text.encode())
        data.finish()
        return data

    def write(self, data):
        self.crc = isal_zlib.crc32(data, self.crc)
        self.size += len(data)
        self.file.write(self.deflater.compress(data))

    def finish(self):
        self.file.write(self.deflater.flush())
        self.compressed_size = self.file.tell()
        self.file.seek(0)


class _Deflating:
    """A thread that deflates what the sheets write, in the order written, while rows are made."""

    def __init__(self):
        self.queue = Queue(maxsize=16)
        self.failure = None
        self.thread = threading.Thread(target=self._run, name="xlsx-deflate", daemon=True)
        self.thread.start()

    def put(self, data, chunk):
        if self.failure is not None:
            raise self.failure
        self.queue.put((data, chunk))

    def close(self):
        """Wait until what was written is deflated (at once if it was closed before)."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        if self.failure is not None:
            raise self.failure

    def _run(self):
        while (item := self.queue.get()) is not None:
            if self.failure is None:
                try:
                    data, chunk = item
                    data.write(chunk)
                except BaseException as error:  # raised in the writing thread, at its next put
                    self.failure = error


#: Zip record layouts (APPNOTE.TXT): local file header, central directory header, end records.
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL_HEADER = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
_ZIP64_END = struct.Struct("<4sQHHIIQQQQ")
_ZIP64_LOCATOR = struct.Struct("<4sIQI")
#: From this size or offset on, a zip file gives it in a ZIP64 field: as `_NOT_HERE` in its own.
_ZIP64_LIMIT = _NOT_HERE = 0xFFFFFFFF
_VERSION, _ZIP64_VERSION = 20, 45  # the version of the zip format needed to read an entry
_DEFLATED = 8
#: 1980-01-01 00:00, the earliest time a zip file can give (XlsxWriter gives it too).
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1


def _write_zip(file, entries):
    """Write a zip file of `entries`, (name, `_Deflated`) pairs, into `file`; ZIP64 where needed.

    A size or offset that does not fit in its field is given as 0xFFFFFFFF, and in a ZIP64
    extra field instead.
    """
    directory = []
    for name, data in entries:
        offset = file.tell()
        encoded = name.encode()
        large = data.size >= _ZIP64_LIMIT or data.compressed_size >= _ZIP64_LIMIT
        if large:  # a local header has both sizes in its ZIP64 field, or neither
            extra = struct.pack("<HHQQ", 1, 16, data.size, data.compressed_size)
            sizes = (_NOT_HERE, _NOT_HERE)
        else:
            extra, sizes = b"", (data.compressed_size, data.size)
        version = _ZIP64_VERSION if large else _VERSION
        file.write(
            _LOCAL_HEADER.pack(
                b"PK\x03\x04",
                version,
                0,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                data.crc,
                *sizes,
                len(encoded),
                len(extra),
            )
        )
        file.write(encoded + extra)
        shutil.copyfileobj(data.file, file, 1024 * 1024)
        directory.append((encoded, data, offset))
    directory_offset = file.tell()
    for encoded, data, offset in directory:
        fields = (data.size, data.compressed_size, offset)
        large = [value for value in fields if value >= _ZIP64_LIMIT]
        extra = struct.pack(f"<HH{len(large)}Q", 1, 8 * len(large), *large) if large else b""
        size, compressed_size, offset = (_NOT_HERE if value >= _ZIP64_LIMIT else value for value in fields)
        version = _ZIP64_VERSION if large else _VERSION
        file.write(
            _CENTRAL_HEADER.pack(
                b"PK\x01\x02",
                version,
                version,
                0,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                data.crc,
                compressed_size,
                size,
                len(encoded),
                len(extra),
                0,  # comment length
                0,  # disk number
                0,  # internal attributes
                0,  # external attributes
                offset,
            )
        )
        file.write(encoded + extra)
    directory_end = file.tell()
    directory_size = directory_end - directory_offset
    count = len(directory)
    if directory_offset >= _ZIP64_LIMIT:
        file.write(
            _ZIP64_END.pack(
                b"PK\x06\x06",
                44,
                _ZIP64_VERSION,
                _ZIP64_VERSION,
                0,
                0,
                count,
                count,
                directory_size,
                directory_offset,
            )
        )
        file.write(_ZIP64_LOCATOR.pack(b"PK\x06\x07", 0, directory_end, 1))
        directory_offset = _NOT_HERE
    file.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, directory_size, directory_offset, 0))


def _rows_xml(columns, kinds, row_number, shared_strings):
    """The XML of the rows given by `columns` after row `row_number`; return it and the number
    of the last row.

    `kinds` are (column letter, kind) of the sheet's columns. The rows are made from a template
    for the batch: a column without empty values has its cells in it, with a place for each
    row's number and value; a column with some has a place for its cells, made a column at a
    time. A row is then one `%` of the template, by `map`: no step of Python per cell, nor per
    row (`%` reads its template faster than `str.format`, the more so as its places are plain).
    """
    count = len(columns[0])
    numbers = list(map(str, range(row_number + 1, row_number + count + 1)))
    template = ['<row r="%s">']
    arguments = [numbers]
    for (letter, kind), values in zip(kinds, columns, strict=True):
        if kind == TEXT:
            cell, values = _text_column(letter, values, numbers)
        else:
            if kind == LABEL:
                cell = f'<c r="{letter}%s" t="s"><v>%s</v></c>'
                values = shared_strings.numbers(values)
            elif kind == DATE:
                cell = f'<c r="{letter}%s" s="{DATE_STYLE}"><v>%s</v></c>'
                values = list(map(_SERIALS.__getitem__, values))
            else:
                cell = f'<c r="{letter}%s"><v>%s</v></c>'
            if None in values:
                cell, values = None, _cells_where(map(is_not, values, repeat(None)), cell, numbers, values)
        if cell is None:
            template.append("%s")
            arguments.append(values)
        else:
            template.append(cell)
            arguments += (numbers, values)
    template.append("</row>")
    return "".join(map("".join(template).__mod__, zip(*arguments, strict=True))), row_number + count


class _SharedStrings(dict):
    """The workbook's shared strings: a text -> its number, given when first asked for; an empty
    one (None or "") -> None, no cell."""

    def __init__(self):
        super().__init__({None: None, "": None})
        self.texts = []
        #: The cells that refer to one.
        self.count = 0

    def __missing__(self, text):
        number = self[text] = len(self.texts)
        self.texts.append(text)
        return number

    def numbers(self, texts):
        """The numbers of `texts`, None for an empty one."""
        numbers = list(map(self.__getitem__, texts))
        self.count += len(numbers) - numbers.count(None)
        return numbers

    def xml(self):
        """The part that holds them (xl/sharedStrings.xml); None when there are none."""
        if not self.texts:
            return None
        items = "".join(map(_shared_string, self.texts))
        return (
            f'{_XML}<sst xmlns="{_MAIN}" count="{self.count}" uniqueCount="{len(self.texts)}">{items}</sst>'
        )


def _shared_string(text):
    return f"<si>{_t(text)}</si>"


#: A cell's template that makes nothing of its row number and value: no cell.
_NO_CELL = "%.0s%.0s"


def _cells_where(present, cell, numbers, values):
    """The cells of a column with empty values: `cell` % (row number, value) where `present`
    (an iterable of booleans) says so, "" elsewhere. By C code alone, as the rows are."""
    templates = map({True: cell, False: _NO_CELL}.__getitem__, present)
    return list(map(mod, templates, zip(numbers, values, strict=True)))


class _Serials(dict):
    """A date -> its serial number in Excel's calendar, worked out once per date. A date may
    also be given as ISO text ("2025-01-31"), as SQLite stores it and the exports read it."""

    def __missing__(self, value):
        if value is None:  # no date: kept as no date
            self[None] = None
            return None
        day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
        if len(self) > 100_000:  # a handful of years of dates; more would be no cache
            self.clear()
        serial = self[value] = day.toordinal() - EXCEL_EPOCH
        return serial


_SERIALS = _Serials()


#: The control characters XML cannot hold, but NUL (which `_text_column` counts, as it joins
#: texts with it), as UTF-8 bytes: tab and line feed it can hold.
_UNSAFE_BYTES = bytes(range(0x01, 0x09)) + bytes(range(0x0B, 0x20))
#: In texts joined by NUL, a text that starts or ends with whitespace (which needs preserving).
_SPACE_AT_AN_END = re.compile(r"\x00(?:\s|(?<=\s\x00))")


def _text_column(letter, values, numbers):
    """A text column for `_rows_xml`: (a cell's template, the values in it) when no value is
    empty (None or ""), else (None, the cells, "" for an empty one: `_cells_where`).

    One look at all the column's texts tells whether any needs more than XML's escapes (which
    are made for all at once): characters XML cannot hold, or whitespace at an end, preserved
    (`_text_cell`). Hardly any does.
    """
    texts = list(filter(None, values))
    joined = "\x00".join(texts)
    if joined and (
        joined.count("\x00") >= len(texts)
        or _holds_unsafe(joined)
        or "_x" in joined  # Excel's escapes, "_x000D_": escaped in turn
        or joined[0].isspace()
        or joined[-1].isspace()
        or _SPACE_AT_AN_END.search(joined)
    ):
        return None, [
            _text_cell(letter, number, value) for number, value in zip(numbers, values, strict=True)
        ]
    cell = f'<c r="{letter}%s" t="inlineStr"><is><t>%s</t></is></c>'
    full = len(texts) == len(values)
    if "&" in joined or "<" in joined or ">" in joined:
        if full:
            texts = escape(joined).split("\x00")
        else:  # escaped with the empty values in their places
            texts = escape("\x00".join([value or "" for value in values])).split("\x00")
    elif not full:
        texts = values
    if full:
        return cell, texts
    return None, _cells_where(map(truth, values), cell, numbers, texts)


def _holds_unsafe(text):
    """Whether `text` holds a character that XML cannot hold (`text_xml` escapes those), but NUL.

    Deleting the control characters' bytes from the UTF-8 (whose multi-byte characters hold none
    of them) and comparing lengths takes a fifth of the time of a regular expression's search.
    """
    encoded = text.encode()
    return len(encoded.translate(None, _UNSAFE_BYTES)) != len(encoded) or "\ufffe" in text or "\uffff" in text


def _text_cell(letter, number, value):
    if not value:
        return ""
    return f'<c r="{letter}{number}" t="inlineStr"><is>{_t(value)}</is></c>'


def _t(text):
    """A text as a <t> element, escaped, its whitespace at an end kept where it has some."""
    text = text_xml(text)
    space = ' xml:space="preserve"' if text.strip() is not text else ""
    return f"<t{space}>{text}</t>"
