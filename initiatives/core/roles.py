"""The roles of DOMAIN.md; each carries its own display title."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    NEIGHBOURHOOD_MANAGER = "neighbourhood_manager"
    SECRETARY = "secretary"
    ADMIN = "admin"

    @property
    def title(self):
        return ROLE_TITLES[self]


ROLE_TITLES = {
    Role.NEIGHBOURHOOD_MANAGER: _l("Neighbourhood manager"),
    Role.SECRETARY: _l("Municipal secretary"),
    Role.ADMIN: _l("Administrator"),
}
