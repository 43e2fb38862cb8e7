"""The council report as an editable Word document: real headings and tables, language Dutch, on
A4 like the PDF, numbers in Dutch notation (1.234 and 79,8)."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from initiatives.core.numbers import average, days, number
from initiatives.reports.methodology import METHODOLOGY_NL


def _set_language(document, language="nl-NL"):
    """Mark the document's text as Dutch, for spelling checks and screen readers."""
    run_properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    run_properties.append(lang)


#: A4 in twentieths of a point, as Word stores it (210 x 297 mm).
A4_WIDTH, A4_HEIGHT = Twips(11906), Twips(16838)


def _set_a4(document):
    """A4 upright with the PDF's margins (python-docx's own template is US Letter)."""
    for section in document.sections:
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
        section.top_margin, section.bottom_margin = Mm(22), Mm(20)
        section.left_margin = section.right_margin = Mm(18)


def _counts(values):
    """Counts as a reader of Dutch writes them: 1.234."""
    return [number(value) for value in values]


def _table(document, caption, headings, rows, numbers_from=1):
    """A table with a header row; the columns from `numbers_from` on hold numbers, aligned right."""
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = str(heading)
        cell.paragraphs[0].runs[0].bold = True
    # Repeat the header row on every page, as a table header.
    header_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    header_properties.append(header)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    for row in table.rows:
        for cell in row.cells[numbers_from:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _area_table(document, area_map):
    """The map's figures as a table (Word gets no map)."""
    per_buurt = area_map.level.value == "buurt"
    document.add_heading(_("Initiatives and barriers per area"), level=2)
    _table(
        document,
        _("Initiatives and barriers per buurt")
        if per_buurt
        else _("Initiatives and barriers per wijk (with its buurten)"),
        [
            _("Buurt") if per_buurt else _("Wijk"),
            _("Initiatives"),
            _("Barriers"),
            _("Still open"),
            _("Barriers per 10 initiatives"),
        ],
        [
            (
                area.name,
                number(area.initiatives),
                number(area.barriers),
                number(area.open_barriers),
                average(area.barriers_per_10_initiatives),
            )
            for area in area_map.areas
        ],
    )


def council_docx(report, title):
    """Return the council report as DOCX bytes."""
    document = Document()
    _set_a4(document)
    _set_language(document)
    document.core_properties.title = title
    document.core_properties.language = "nl-NL"
    document.core_properties.author = "Bricoleur"
    document.styles["Normal"].font.size = Pt(10)
    board = report.dashboard
    selection = report.selection

    document.add_heading(title, level=0)
    document.add_heading(_("Period and selection"), level=1)
    where = (
        _("Wijken: %(names)s.", names=", ".join(wijk.name for wijk in selection.wijken))
        if selection.wijken
        else _("All wijken of the municipality.")
    )
    theme = _("Theme: %(theme)s.", theme=selection.theme.label) if selection.theme else ""
    document.add_paragraph(
        f"{_('Period: %(start)s to %(end)s.', start=format_date(selection.start, 'medium'), end=format_date(selection.end, 'medium'))} {where} {theme}".strip()
    )
    document.add_paragraph(
        _(
            "This report contains no personal data: figures are totals, and names, e-mail addresses, phone "
            "numbers and addresses of residents have been removed from the texts."
        )
    )
    document.add_paragraph(
        ngettext(
            "%(num)d initiative of this period was left out of this report, for example because it is "
            "confidential; it is not counted in any figure.",
            "%(num)d initiatives of this period were left out of this report, for example because they are "
            "confidential; they are not counted in any figure.",
            report.left_out,
        )
    )

    document.add_heading(_("Key figures"), level=1)
    document.add_paragraph(
        ngettext(
            "%(count)s initiative came in during the period.",
            "%(count)s initiatives came in during the period.",
            report.received,
            count=number(report.received),
        )
    )
    for caption, heading, rows in (
        (_("Initiatives received, by channel"), _("Channel"), report.by_channel),
        (_("Initiatives received in the period, by their stage now"), _("Stage"), report.by_stage),
        (_("Initiatives closed in the period, by result"), _("Result"), report.closed_by_result),
    ):
        _table(document, caption, [heading, _("Number")], [(label, number(count)) for label, count in rows])

    _area_table(document, report.dashboard.area_map)

    document.add_heading(_("Barriers inside the municipality"), level=1)
    for caption, heading, tallies in (
        (_("Barriers per category"), _("Category"), board.by_category),
        (_("Barriers per department"), _("Department"), board.by_department),
        (_("Barriers per wijk"), _("Wijk"), board.by_neighbourhood),
        (_("Barriers per stage"), _("Stage"), board.by_stage),
    ):
        _table(
            document,
            caption,
            [heading, _("Barriers"), _("Still open")],
            [(tally.label, *_counts((tally.total, tally.open))) for tally in tallies],
        )
    document.add_heading(_("Trend per quarter"), level=2)
    trend_parts = report.trend_parts
    for part in trend_parts:
        caption = _("Barriers raised per quarter, per category")
        if len(trend_parts) > 1:
            caption += f" ({_('%(first)s to %(last)s', first=part.first, last=part.last)})"
        _table(
            document,
            caption,
            [_("Category"), *part.columns],
            [(label, *_counts(counts)) for label, counts in part.rows],
        )
    if not trend_parts:
        document.add_paragraph(_("No barriers in this selection."))
    document.add_heading(_("Time to resolve"), level=2)
    _table(
        document,
        _("Days from arising to resolved, per category"),
        [_("Category"), _("Resolved"), _("Median days"), _("90th percentile days")],
        [(row.label, number(row.resolved), days(row.median), days(row.p90)) for row in board.time_to_resolve],
    )
    _table(
        document,
        _("Barriers still open, by how long they have been open"),
        [bucket.label for bucket in board.open_by_age.buckets],
        [_counts(board.open_by_age.bucket_total(bucket.key) for bucket in board.open_by_age.buckets)],
        numbers_from=0,
    )

    document.add_heading(_("What helps"), level=1)
    _table(
        document,
        _("Help effectiveness per kind of help"),
        [_("Kind of help"), _("Requested"), _("Granted"), _("Refused"), _("Resolved a barrier")],
        [
            (row.label, *_counts((row.requested, row.granted, row.refused, row.resolved)))
            for row in board.help_effectiveness
        ],
    )
    matrix_parts = report.matrix_parts
    for index, part in enumerate(matrix_parts, start=1):
        caption = _("Which help resolved which barrier, how often")
        if len(matrix_parts) > 1:
            caption += f" ({_('part %(number)s of %(count)s', number=index, count=len(matrix_parts))})"
        _table(
            document,
            caption,
            [_("Barrier"), *part.columns],
            [(label, *_counts(counts)) for label, counts in part.rows],
        )

    document.add_heading(_("Satisfaction of initiators"), level=1)
    document.add_paragraph(
        _(
            "When an initiative is closed, its initiators are asked how satisfied they are, from 1 (very "
            "dissatisfied) to 5 (very satisfied). Counted for the initiatives closed in the period: the number "
            "of answers and the average score, never an answer of its own."
        )
    )
    satisfaction = board.satisfaction
    _table(
        document,
        _("Answers and average score per wijk"),
        [_("Wijk"), _("Answers"), _("Average score (1 to 5)")],
        [
            (tally.label, number(tally.answers), average(tally.average))
            for tally in [*satisfaction.by_neighbourhood, satisfaction.overall]
        ],
    )

    document.add_heading(_("Departments and partners involved"), level=1)
    document.add_paragraph(
        _(
            "From the stakeholder maps of the initiatives, in numbers of initiatives only: never a name. A "
            "department blocked when a barrier raised in the period came from one of its colleagues, or when "
            "one of them was against in the period; it helped when one of them was for."
        )
    )
    involved = board.stakeholders
    _table(
        document,
        _("Initiatives per department, as a blocker and as a helper"),
        [_("Department"), _("As a blocker"), _("As a helper")],
        [(row.label, number(row.blocker), number(row.helper)) for row in involved.by_department],
    )
    document.add_paragraph(
        _(
            "Partners outside the municipality (organisations or residents) were involved in %(count)s "
            "initiatives.",
            count=number(involved.outside_cases),
        )
    )
    if involved.by_kind:
        _table(
            document,
            _("Initiatives per kind of partner outside the municipality"),
            [_("Kind of organisation"), _("Initiatives")],
            [(row.label, number(row.cases)) for row in involved.by_kind],
        )

    document.add_heading(_("Right to challenge"), level=1)
    document.add_paragraph(report.challenge_paragraph)
    _table(
        document,
        _("Challenges received in the period, and the decisions on them"),
        [_("Challenges"), _("Number")],
        [(label, number(count)) for label, count in report.challenge_counts],
    )
    if report.challenge_tasks:
        _table(
            document,
            _("Challenges received in the period, per task"),
            [_("Task"), _("Number")],
            [(label, number(count)) for label, count in report.challenge_tasks],
        )

    document.add_heading(_("The initiatives (anonymised)"), level=1)
    if report.summaries_total > len(report.summaries):
        document.add_paragraph(
            _(
                "The %(shown)s most recently closed or received of %(total)s initiatives.",
                shown=number(len(report.summaries)),
                total=number(report.summaries_total),
            )
        )
    for case in report.summaries:
        document.add_heading(case.title, level=2)
        document.add_paragraph(
            f"{case.neighbourhood} · {case.status} · {_('received on %(date)s', date=format_date(case.received_on, 'medium'))}"
        )
        if case.barriers:
            document.add_paragraph(
                f"{_('Barriers')}: " + "; ".join(f"{label} ({status})" for label, status in case.barriers)
            )
        if case.helps:
            document.add_paragraph(
                f"{_('Help')}: " + "; ".join(f"{label} ({status})" for label, status in case.helps)
            )
        if case.lessons:
            document.add_paragraph(f"{_('Lessons learned')}: {case.lessons}")

    document.add_heading(_("How we work: the five practices"), level=1)
    for paragraph in METHODOLOGY_NL:
        document.add_paragraph(paragraph)

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
