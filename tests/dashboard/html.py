"""Reading the dashboard and the case list as a browser shows them: tables by caption, links."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit


class Cell:
    def __init__(self):
        self.text = ""
        self.href = None


class _Tables(HTMLParser):
    """Collects each table's caption and rows of cells (text and the first link's href)."""

    def __init__(self):
        super().__init__()
        self.tables = {}
        self._rows = None
        self._caption = None
        self._cell = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in {"td", "th"} and self._rows is not None:
            self._cell = Cell()
            self._rows[-1].append(self._cell)
        elif tag == "a" and self._cell is not None and self._cell.href is None:
            self._cell.href = dict(attrs)["href"]

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in {"td", "th"}:
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[" ".join(self._caption.split())] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell.text += data


def tables(html):
    """Return {caption: rows}; each row a list of cells with `.text` (stripped) and `.href`."""
    parser = _Tables()
    parser.feed(html)
    for rows in parser.tables.values():
        for row in rows:
            for cell in row:
                cell.text = " ".join(cell.text.split())
    return parser.tables


def row(table, label):
    """The row whose first cell starts with `label`."""
    matches = [cells for cells in table if cells and cells[0].text.startswith(label)]
    assert len(matches) == 1, f"no single row {label!r} in {[cells[0].text for cells in table if cells]}"
    return matches[0]


CASE_LINK = re.compile(r'href="/initiatives/(\d+)"')
CASE_LIST_LINK = re.compile(r'href="(/initiatives\?[^"]*)"')


def case_ids(html):
    """The ids of the cases in a case list page (each case is linked once)."""
    main = html.split("<main", 1)[1]
    return {int(number) for number in CASE_LINK.findall(main)}


def case_list_links(html):
    """Every link from the page to the case list, HTML entities decoded."""
    return [link.replace("&amp;", "&") for link in CASE_LIST_LINK.findall(html.split("<main", 1)[1])]


def query_of(link):
    return {name: values[0] for name, values in parse_qs(urlsplit(link).query).items()}
