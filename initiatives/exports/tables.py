"""The tables of an export: their columns, with Dutch headers, and the kind and width of each.

The CSV is the first table ("Initiatieven", one row per case); the XLSX has all five. Values are
plain: text, whole numbers, dates (`datetime.date`) or None; `table_rows` makes them.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from initiatives.exports.xlsx_rows import AMOUNT, DATE, LABEL, NUMBER, TEXT

#: Joins codes in one cell (of themes, skills, barrier numbers).
CODE_SEPARATOR = "|"
#: Joins names, e-mail addresses and such in one cell.
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    header: object  # a lazy string: translated when the export is written
    kind: str = TEXT
    width: int = 14


@dataclass(frozen=True)
class Table:
    name: object  # the sheet name
    columns: tuple


CASE_NUMBER = Column(_l("Case number"), NUMBER, 10)

CASE_COLUMNS = (
    CASE_NUMBER,
    Column(_l("Title"), width=40),
    Column(_l("Neighbourhood code"), LABEL, 12),
    Column(_l("Neighbourhood"), LABEL, 22),
    Column(_l("Wijk"), LABEL, 18),
    Column(_l("Came in by"), LABEL, 18),
    Column(_l("Date of first contact"), DATE, 12),
    Column(_l("Stage"), LABEL, 26),
    Column(_l("Owner"), LABEL, 12),
    Column(_l("Themes"), LABEL, 24),
    Column(_l("Theme codes"), LABEL, 18),
    Column(_l("Follow up on"), DATE, 12),
    Column(_l("Result"), LABEL, 20),
    Column(_l("Closed on"), DATE, 12),
    Column(_l("Activities"), NUMBER, 10),
    Column(_l("Open barriers"), NUMBER, 10),
    Column(_l("Barriers"), NUMBER, 10),
    Column(_l("Helps"), NUMBER, 10),
    Column(_l("Description"), width=60),
    Column(_l("Support asked for"), width=40),
    Column(_l("Lessons learned"), width=40),
)
#: The kind of case, and what a right-to-challenge case records (empty for an initiative): the
#: proposal, the decision and the agreement. The free texts are anonymised as the case's are.
CHALLENGE_COLUMNS = (
    Column(_l("Kind of case"), LABEL, 20),
    Column(_l("Task challenged"), width=30),
    Column(_l("Why they can do it better or cheaper"), width=50),
    Column(_l("Their involvement and expertise"), width=50),
    Column(_l("Support in the neighbourhood"), width=50),
    Column(_l("Cost estimate (euros)"), AMOUNT, 14),
    Column(_l("Cooperation or support asked of the municipality"), width=50),
    Column(_l("How quality and continuity are guaranteed"), width=50),
    Column(_l("Decision due on"), DATE, 12),
    Column(_l("Decision"), LABEL, 16),
    Column(_l("Decided on"), DATE, 12),
    Column(_l("Grounds of the decision"), width=50),
    Column(_l("What the challengers take over"), width=50),
    Column(_l("The result agreed"), width=50),
    Column(_l("Budget (euros)"), AMOUNT, 14),
    Column(_l("Agreement ends on"), DATE, 12),
    Column(_l("Evaluation"), width=50),
)
PERSONAL_COLUMNS = (
    Column(_l("Initiators"), width=30),
    Column(_l("E-mail addresses"), width=30),
    Column(_l("Phone numbers"), width=18),
    Column(_l("Organisation"), width=30),
    Column(_l("Address"), width=30),
)

#: Last, so that the columns before it keep their places (a withdrawn case is exported only on request).
WITHDRAWN_ON = Column(_l("Withdrawn on"), DATE, 12)

CASES = Table(_l("Initiatives"), (*CASE_COLUMNS, *CHALLENGE_COLUMNS, WITHDRAWN_ON))
CASES_WITH_PERSONAL_DATA = Table(
    _l("Initiatives"), (*CASE_COLUMNS, *CHALLENGE_COLUMNS, *PERSONAL_COLUMNS, WITHDRAWN_ON)
)
STAGE_CHANGES = Table(
    _l("Stages"),
    (
        CASE_NUMBER,
        Column(_l("From stage"), LABEL, 26),
        Column(_l("To stage"), LABEL, 26),
        Column(_l("Reason"), width=50),
        Column(_l("Result"), LABEL, 20),
        Column(_l("Date"), DATE, 12),
    ),
)
ACTIVITIES = Table(
    _l("Activities"),
    (
        CASE_NUMBER,
        Column(_l("Date"), DATE, 12),
        Column(_l("Kind"), LABEL, 18),
        Column(_l("Practice"), LABEL, 26),
        Column(_l("Skills"), LABEL, 30),
        Column(_l("Skill codes"), LABEL, 24),
        Column(_l("Note"), width=70),
    ),
)
BARRIERS = Table(
    _l("Barriers"),
    (
        CASE_NUMBER,
        Column(_l("Barrier number"), NUMBER, 10),
        Column(_l("Category code"), LABEL, 14),
        Column(_l("Category"), LABEL, 26),
        Column(_l("Department"), LABEL, 26),
        Column(_l("Stage"), LABEL, 26),
        Column(_l("Raised on"), DATE, 12),
        Column(_l("Status"), LABEL, 14),
        Column(_l("Resolved on"), DATE, 12),
        Column(_l("Description"), width=60),
    ),
)
HELPS = Table(
    _l("Help"),
    (
        CASE_NUMBER,
        Column(_l("Category code"), LABEL, 14),
        Column(_l("Category"), LABEL, 26),
        Column(_l("Provider"), LABEL, 22),
        Column(_l("Department"), LABEL, 26),
        Column(_l("Status"), LABEL, 12),
        Column(_l("Requested on"), DATE, 12),
        Column(_l("Decided on"), DATE, 12),
        Column(_l("Decided by"), width=22),
        Column(_l("Applied on"), DATE, 12),
        Column(_l("Barrier numbers"), width=14),
        Column(_l("Effects"), width=30),
        Column(_l("Description"), width=50),
    ),
)
DETAIL_TABLES = (STAGE_CHANGES, ACTIVITIES, BARRIERS, HELPS)
