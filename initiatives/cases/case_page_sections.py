"""The sections other domains add to the case page (barriers and helps), in the page's order.

Cases know no domain above them: a domain with something to show on a case registers its section
when the app is set up (`create_app`), and the case page (`controllers/case_page.py`) asks each
section for what its template shows.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseSection:
    #: The section's anchor on the page, where a save's confirmation shows (`back_to_case`).
    name: str
    #: Its entry in the page's table of contents.
    title: str
    #: Included from cases/show.html with the page's context, and `section_data`: what `build` gave.
    template: str
    #: build(initiative, can_edit, bound) -> dict, or None to leave the section off this page. `bound` holds the page's forms that failed
    #: validation, by name: the section shows its own with their errors.
    build: Callable


_sections = {}


def register_section(section):
    """Add `section` to the case page after those registered before it. Registering a name again
    replaces its section: every app made in one process (the tests make many) registers."""
    _sections[section.name] = section


def registered_sections():
    return list(_sections.values())
