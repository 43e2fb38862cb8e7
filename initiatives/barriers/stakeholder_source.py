"""The stakeholder a barrier came from: one of its case's inside stakeholders.

The stakeholder map is a domain above barriers that barriers do not import: it registers, when the
app is set up (`stakeholders.hooks`), how to name a case's inside stakeholders to the reader and
why a stakeholder may not be named (`register_stakeholder_source`), as the status page registers
its section of the case page. Without it no stakeholder is offered, and none may be named.
"""

from flask_babel import lazy_gettext as _l

#: `inside_stakeholders(initiative)` and `problem(initiative, stakeholder_id)`, once registered.
_source = {}

UNKNOWN = _l("Choose a stakeholder of this case from inside the municipality.")


def register_stakeholder_source(*, inside_stakeholders, problem):
    """Tell barriers how to offer a case's inside stakeholders (`inside_stakeholders(initiative)`:
    {id: label as the reader may see it}) and check one (`problem(initiative, stakeholder_id)`:
    a message why it may not be named, or None)."""
    _source.update(inside_stakeholders=inside_stakeholders, problem=problem)


def inside_stakeholders(initiative):
    """{id: label} of the case's inside stakeholders, as the reader may see them."""
    return _source["inside_stakeholders"](initiative) if _source else {}


def stakeholder_problem(initiative, stakeholder_id):
    """Why `stakeholder_id` may not be named on a barrier of `initiative`, or None (nor when none)."""
    if stakeholder_id is None:
        return None
    if not _source:
        return UNKNOWN
    return _source["problem"](initiative, stakeholder_id)
