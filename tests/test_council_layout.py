"""The council report as the public reads it: nothing cut off, A4, numbers in Dutch notation.

The PDF is read glyph by glyph (pdfminer.six gives each character's box on the page, also inside
the charts' SVG drawings), and every glyph must lie on the page's text area: a chart label cut off
at the drawing's edge or a table wider than the page shows up as glyphs past the margin.
"""

import io
import re
from datetime import timedelta
from zipfile import ZipFile

import pytest
import sqlalchemy as sa
from docx import Document
from flask_login import login_user
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pypdf import PdfReader
from werkzeug.datastructures import MultiDict

from initiatives.auth.users import find_user
from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.core.dates import local_today
from initiatives.dashboard.figures import ResolveTime
from initiatives.demo import initiatives as demo_cases
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.reports import operations
from initiatives.vocabularies.operations import save_term

#: The left and right page margins of static/css/print.css (@page margin: 22mm 18mm 20mm).
SIDE_MARGIN_PT = 18 * 72 / 25.4
#: How far a glyph may reach into the margin (rounding, a glyph's side bearing).
TOLERANCE_PT = 1

LONG_WORD = "klantcontactcentrumondersteuning"
LONG_TAIL = ": verantwoordingsverplichtingen en informatievoorzieningsprocessen tussen beleidsafdelingen"
EXTRA_CATEGORIES = 6


@pytest.fixture
def wide_report(demo_world):
    """Demo cases over two years, with long names for categories and a department, and six extra
    barrier and help categories, so the charts have long labels and the matrix is 13 x 13."""
    with demo_world.app_context():
        demo_cases.generate(40, seed=7)
        for model in (BarrierCategory, HelpCategory):
            for term in db.session.scalars(sa.select(model)).all():
                if term.code in {"silos", "budget", "colleagues", "backing"}:
                    save_term(
                        model,
                        term,
                        code=term.code,
                        label_nl=(term.label_nl + LONG_TAIL)[:120],
                        label_en=term.label_en,
                        position=term.position,
                        active=True,
                    )
            for number in range(EXTRA_CATEGORIES):
                save_term(
                    model,
                    None,
                    code=f"extra_{number}",
                    label_nl=f"Categorie {number} met een lange naam: {LONG_WORD}",
                    label_en=f"Category {number}",
                    position=50 + number,
                    active=True,
                )
        department = db.session.scalar(sa.select(Department).where(Department.name == "Openbare Ruimte"))
        department.name = "Openbare Ruimte, Beheer en Onderhoud van Groenvoorzieningen en Speelplaatsen"
        db.session.commit()
    today = local_today()
    return {"from": (today - timedelta(days=3 * 365)).isoformat(), "to": today.isoformat()}


def glyphs(data):
    """Per page: (page width, page height, [LTChar]) of every character drawn, in page space."""
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)  # no layout analysis: the glyphs as drawn
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
        layout = device.get_result()
        pages.append(
            (layout.width, layout.height, [char for char in _chars(layout) if char.get_text().strip()])
        )
    return pages


def _chars(item):
    if isinstance(item, LTChar):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _chars(child)


def words_outside_the_text_area(data):
    """[(page number, the word, its left and right edge)] for the glyphs past a side margin or
    off the page, joined into the words they belong to."""
    found = []
    for number, (width, height, chars) in enumerate(glyphs(data), start=1):
        left, right = SIDE_MARGIN_PT - TOLERANCE_PT, width - SIDE_MARGIN_PT + TOLERANCE_PT
        outside = [
            char
            for char in chars
            if char.x0 < left or char.x1 > right or char.y0 < -TOLERANCE_PT or char.y1 > height + TOLERANCE_PT
        ]
        lines = {}
        for char in outside:
            lines.setdefault(round(char.y0), []).append(char)
        for line in lines.values():
            line.sort(key=lambda char: char.x0)
            found.append(
                (number, "".join(char.get_text() for char in line), round(line[0].x0), round(line[-1].x1))
            )
    return found


def test_no_word_of_the_council_pdf_lies_outside_its_page(wide_report, signed_in):
    response = signed_in("secretaris").get("/reports/council.pdf", query_string=wide_report)
    assert response.status_code == 200
    assert words_outside_the_text_area(response.data) == []
    # The charts' texts are read too (drawn in the SVG's own coordinate system): two legends.
    text = "".join(char.get_text() for _width, _height, chars in glyphs(response.data) for char in chars)
    assert "nogopen" in text
    assert "toegepastendrempelopgelost" in text
    # The wide tables are split to fit: the 13 x 13 matrix in four parts of at most four help
    # categories, the trend table of some thirteen quarters in two parts that name their quarters.
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for part in range(1, 5):
        assert f"(deel {part} van 4)" in text
    trend_caption = r"Gemelde drempels per kwartaal, per categorie \(K\d \d{4} tot en met K\d \d{4}\)"
    assert len(re.findall(trend_caption, text)) == 2


def _page_sizes(data):
    with ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    return re.findall(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', xml)


def test_the_docx_is_a4_with_the_wide_tables_split(wide_report, signed_in):
    response = signed_in("secretaris").get("/reports/council.docx", query_string=wide_report)
    assert response.status_code == 200
    # A4 in twips (twentieths of a point), as Word writes it: 210 x 297 mm.
    assert _page_sizes(response.data) == [("11906", "16838")]
    document = Document(io.BytesIO(response.data))
    widths = [len(table.columns) for table in document.tables]
    assert max(widths) <= 9  # the category and at most eight quarters
    captions = [paragraph.text for paragraph in document.paragraphs if paragraph.style.name == "Caption"]
    assert sum("hoe vaak (deel" in caption for caption in captions) == 4


@pytest.fixture
def large_report(demo_world):
    """The council report of the last month, with figures in the thousands and days with decimals
    put in."""
    today = local_today()
    with demo_world.test_request_context():
        user = find_user("secretaris")
        login_user(user)
        _selection, report = operations.council_report(
            MultiDict({"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()})
        )
        report.received = 1234
        report.by_channel = [("Telefoon", 1234)]
        report.dashboard.time_to_resolve = [
            ResolveTime("colleagues", "Collega's", resolved=2500, median=79.8, p90=1234.5)
        ]
        yield report, user


def test_the_pdf_and_the_docx_write_numbers_in_dutch(large_report):
    report, user = large_report
    pdf = operations.council_pdf(report, user)
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    docx = Document(io.BytesIO(operations.council_docx_bytes(report, user)))
    docx_text = " ".join(
        [paragraph.text for paragraph in docx.paragraphs]
        + [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    )
    for text in (pdf_text, docx_text):
        assert "In de periode kwamen 1.234 initiatieven binnen." in text
        for figure in ("2.500", "79,8", "1.234,5"):
            assert figure in text, figure
        assert "79.8" not in text
        assert "1234" not in text
