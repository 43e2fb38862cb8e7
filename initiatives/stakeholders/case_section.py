"""The stakeholder map's section of the case page, which cases ask for through their registry of
case page sections (`cases.case_page_sections`); the dossier shows the same map and table."""

from flask_babel import lazy_gettext as _l

from initiatives.cases.case_page_sections import CaseSection
from initiatives.cases.personal_data import case_texts
from initiatives.stakeholders.forms import stakeholder_form
from initiatives.stakeholders.map import STANCE_STYLES, influence_interest_grid, stakeholder_map
from initiatives.stakeholders.naming import stakeholder_label
from initiatives.stakeholders.queries import stakeholders_of


def map_data(initiative, shown=None, map_id="stakeholder-map"):
    """The case's stakeholders as the reader may see them (`shown`: their `case_texts`): the
    table's rows, the map and the influence/interest grid."""
    shown = shown or case_texts(initiative)
    stakeholders = stakeholders_of(initiative)
    labels = [stakeholder_label(stakeholder, hidden=shown.hidden) for stakeholder in stakeholders]
    rows = [
        {
            "number": number,
            "stakeholder": stakeholder,
            "label": label,
            "style": STANCE_STYLES[stakeholder.stance],
            "note": shown(stakeholder.stances[-1].note) if stakeholder.stances else "",
        }
        for number, (stakeholder, label) in enumerate(zip(stakeholders, labels, strict=True), start=1)
    ]
    return {
        "rows": rows,
        "map": stakeholder_map(stakeholders, labels, map_id=map_id),
        "grid": influence_interest_grid(stakeholders, labels),
    }


#: How many of the latest timeline entries the section offers to name the stakeholders of.
RECENT_CONTACTS = 5


def recent_contacts(initiative, rows):
    """The latest timeline entries (not voided), newest first, each with the labels of the
    stakeholders (`rows`, as the table names them) who took part."""
    activities = sorted(
        (activity for activity in initiative.activities if not activity.is_voided),
        key=lambda activity: (activity.happened_on, activity.id),
        reverse=True,
    )[:RECENT_CONTACTS]
    return [
        {
            "activity": activity,
            "present": [row["label"] for row in rows if activity in row["stakeholder"].activities],
        }
        for activity in activities
    ]


def build(initiative, can_edit, bound):
    """What templates/stakeholders/_case_section.html shows; for editors the form to add one
    (`bound`'s when it failed) and the latest contacts, to name who was there."""
    data = map_data(initiative)
    if can_edit:
        data["form"] = bound.get("stakeholder") or stakeholder_form(initiative)
        data["contacts"] = recent_contacts(initiative, data["rows"]) if data["rows"] else []
    return data


STAKEHOLDERS_SECTION = CaseSection(
    name="stakeholders",
    title=_l("Stakeholders"),
    template="stakeholders/_case_section.html",
    build=build,
)
