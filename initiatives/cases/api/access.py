"""Who reads cases through the API, and loading the case (or a barrier or help of a case) named
in a URL, refused unless the user may."""

from functools import wraps

from flask_login import current_user
from sqlalchemy.orm import selectinload

from initiatives.cases.models import Initiative
from initiatives.core.access import require
from initiatives.core.roles import Role
from initiatives.extensions import db

#: Who reads cases: admins manage reference data, not cases.
CASE_READERS = (Role.NEIGHBOURHOOD_MANAGER, Role.SECRETARY)


def initiative_from_url(permission):
    """Load the case named by `initiative_id` (404 when absent); 403 unless `permission` allows."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, initiative_id, **kwargs):
            initiative = db.get_or_404(
                Initiative,
                initiative_id,
                options=[
                    selectinload(Initiative.owner),
                    selectinload(Initiative.team),
                    selectinload(Initiative.themes),
                    selectinload(Initiative.neighbourhood),
                ],
            )
            require(permission(initiative, current_user))
            return view(*args, initiative=initiative, **kwargs)

        return wrapper

    return decorator


def case_record_from_url(model, name, permission):
    """Load the `model` row named by `<name>_id` (404 when absent) and pass it as `item`;
    403 unless `permission` allows on its case."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            item = db.get_or_404(model, kwargs.pop(f"{name}_id"))
            require(permission(item.initiative, current_user))
            return view(*args, item=item, **kwargs)

        return wrapper

    return decorator
