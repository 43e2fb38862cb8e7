"""Who the usernames in the audit log are: their display names, and their accounts to filter by."""

import sqlalchemy as sa

from initiatives.audit.vocabulary import register_people_directory
from initiatives.auth.models import User
from initiatives.extensions import db


def display_names(usernames):
    """{username: the name people know them by} for the accounts of `usernames`."""
    rows = db.session.execute(sa.select(User.username, User.full_name).where(User.username.in_(usernames)))
    return {username: full_name or username for username, full_name in rows}


def user_id_query(username):
    """The id of the account `username`, as a subquery (NULL when there is none)."""
    return sa.select(User.id).where(User.username == username).scalar_subquery()


def register_audit_words():
    register_people_directory(display_names, user_id_query)
