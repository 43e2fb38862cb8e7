"""The words the audit log borrows from the domains that own them.

The log stores codes (a stage, a channel, a help's status, a list's term) and usernames; people
read titles, labels and names. Audit sits below the domains that define those, so each domain
registers its words here when the app is made (`register_audit` in `initiatives/__init__.py`).
Registering again replaces what was registered: every app of a process has the same words.
"""

from dataclasses import dataclass

#: Field name -> the enum whose members' `title` tells its values.
_enum_fields = {}
#: The kind of object an entry is about -> the enum of its `status` field.
_statuses = {}
#: Field name -> {code: title}, next to the audit's own `words.CODE_TITLES`.
_value_labels = {}


@dataclass
class _Hooks:
    #: name of a list -> {code: label in the reader's language}.
    term_labels: object = None
    #: usernames -> {username: the name people know them by}.
    names_for_usernames: object = None
    #: username -> an SQL expression of that account's id (None when there is none).
    user_id_for_username: object = None


_hooks = _Hooks()


def register_enum_field(enum, *fields):
    """The values of `fields` are members of `enum`, told by their title."""
    for field in fields:
        _enum_fields[field] = enum


def register_status_titles(object_type, enum):
    """The `status` of an entry about `object_type` is a member of `enum`."""
    _statuses[object_type] = enum


def register_value_labels(field, labels):
    """Codes the application writes in `field`, with what people read: {code: title}."""
    _value_labels.setdefault(field, {}).update(labels)


def register_term_lists(term_labels):
    """`term_labels(list name)` gives {code: label} of an admin-editable list."""
    _hooks.term_labels = term_labels


def register_people_directory(names_for_usernames, user_id_for_username):
    """Who the usernames in the log are: their display names, and their account id for filtering."""
    _hooks.names_for_usernames = names_for_usernames
    _hooks.user_id_for_username = user_id_for_username


def enum_of(field):
    return _enum_fields.get(field)


def status_enum_of(object_type):
    return _statuses.get(object_type)


def value_labels(field):
    return _value_labels.get(field, {})


def _registered(hook, name):
    if hook is None:
        raise RuntimeError(f"no {name} registered with the audit log (see initiatives.register_audit)")
    return hook


def term_labels(list_name):
    return _registered(_hooks.term_labels, "term lists")(list_name)


def names_for_usernames(usernames):
    return _registered(_hooks.names_for_usernames, "people directory")(usernames)


def user_id_for_username(username):
    return _registered(_hooks.user_id_for_username, "people directory")(username)
