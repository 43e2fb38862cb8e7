"""The cells and rows of the XLSX writer's sheets: the kinds of column, the cell styles, texts
escaped as Excel reads them, dates as serial numbers, and the workbook's shared strings.

A batch of rows becomes XML a column at a time, by `%` over the batch (`rows_xml`): no step of
Python per cell. Texts are inline strings (escaped as XlsxWriter and Excel escape them), but the
texts of short lists (`LABEL`: a stage, a category), which are shared strings, as Excel writes
every text; numbers; dates as serial numbers with a date format.
"""

import re
from datetime import date
from itertools import repeat
from operator import is_not, mod, truth
from xml.sax.saxutils import escape

TEXT = "text"
#: A text from a short list (a stage, a category, a department): written once, in the workbook's
#: shared strings, which each of its cells refers to by number, as Excel writes every text.
LABEL = "label"
NUMBER = "number"
#: An amount in euros with its cents ("1234.50"): a number in the workbook, "1234,50" in the CSV.
AMOUNT = "amount"
DATE = "date"

#: 1899-12-30, day 0 of Excel's calendar: a date's serial number is its ordinal minus this.
EXCEL_EPOCH = 693594

#: The cell styles (indexes into cellXfs in STYLES).
HEADER_STYLE = 1
DATE_STYLE = 2
DATE_FORMAT = "yyyy-mm-dd"

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

STYLES = (
    f'{XML_DECLARATION}<styleSheet xmlns="{MAIN_NAMESPACE}">'
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


def rows_xml(columns, kinds, row_number, shared_strings):
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


class SharedStrings(dict):
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
        return f'{XML_DECLARATION}<sst xmlns="{MAIN_NAMESPACE}" count="{self.count}" uniqueCount="{len(self.texts)}">{items}</sst>'


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
    """A text column for `rows_xml`: (a cell's template, the values in it) when no value is
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
