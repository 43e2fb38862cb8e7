"""What the access and fuzz tests share: a second wijk's case, the forms the pages offer (read
from their HTML, so a new form is fuzzed without being listed here) and a snapshot of the rows."""

import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import sqlalchemy as sa
from werkzeug.exceptions import HTTPException

from initiatives.extensions import db

#: Tables a refused request may still write: the session's last-seen time and the audit trail.
VOLATILE_TABLES = {"user_sessions", "audit_entries"}
#: Columns written on reads too (at most once a minute): when a token or session was last used.
VOLATILE_COLUMNS = {"last_used_at", "last_seen_at"}


def rows_snapshot():
    """Every row of every table (inside an app context), to prove a request changed nothing."""
    snapshot = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name in VOLATILE_TABLES:
                continue
            columns = [column for column in table.columns if column.name not in VOLATILE_COLUMNS]
            rows = connection.execute(sa.select(*columns)).all()
            snapshot[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return snapshot


def raised_at(error):
    """An exception and the line of our code it came from, for a failure message."""
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__) if "/initiatives/" in frame.filename
    ]
    where = f" at {frames[-1].filename.split('/initiatives/')[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{error!r}{where}"


def changed_tables(before, after):
    return sorted(name for name in before if before[name] != after.get(name))


def open_second_wijk_case(app):
    """A case in Zuid (zuid's wijk) with a contact, a file, a barrier, a help and zuid's API token.

    Returns the ids, and the strings that must never leak to a manager of another wijk.
    """
    from initiatives.auth.tokens import issue_api_token
    from initiatives.auth.users import find_user
    from initiatives.barriers import help_operations
    from initiatives.barriers import operations as barriers
    from initiatives.barriers.models import BarrierCategory, HelpCategory
    from initiatives.cases import contacts
    from initiatives.cases import operations as cases
    from tests.conftest import open_test_case

    with app.app_context():
        initiative = open_test_case(
            "zuid",
            "WK999903",
            title="Speeltuin Zuidpark",
            description="Ouders willen een speeltuin in het Zuidpark.",
            address="Zuidparklaan 7",
            initiators=[],
        )
        initiator = contacts.add_initiator(
            initiative,
            initiative.owner,
            cases.InitiatorDetails(name="Zoë Zuidema", email="zoe.zuidema@example.org", phone="0698765432"),
        )
        barrier = barriers.record_barrier(
            initiative,
            initiative.owner,
            category=db.session.scalar(sa.select(BarrierCategory).filter_by(code="colleagues")),
            description="Groenbeheer zegt nee zonder uitleg.",
        )
        help_ = help_operations.request_help(
            initiative,
            initiative.owner,
            category=db.session.scalar(sa.select(HelpCategory).filter_by(code="budget")),
            provider="management",
            description="Geld uit het wijkbudget Zuid.",
            barriers=[barrier],
        )
        token, _secret = issue_api_token(find_user("zuid"), "Zuids koppeling", 30)
        db.session.commit()
        ids = {
            "initiative_id": initiative.id,
            "initiator_id": initiator.id,
            "attachment_id": initiative.attachments[0].id,
            "barrier_id": barrier.id,
            "help_id": help_.id,
            "token_id": token.id,
            "user_id": find_user("zuid").id,
        }
    secrets = [
        "Speeltuin Zuidpark",
        "Ouders willen een speeltuin",
        "Zuidparklaan",
        "Zuidema",
        "zoe.zuidema@example.org",
        "0698765432",
        "Groenbeheer zegt nee",
        "wijkbudget Zuid",
        "Het veldje ligt achter nummer 12",  # the attachment's content (open_test_case adds it)
        "Zuids koppeling",
    ]
    return ids, secrets


# -- the forms the pages offer -----------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, date, submit, ...
    values: list = field(default_factory=list)  # the options (select, radio, checkbox)
    default: str | None = None
    multiple: bool = False


@dataclass
class Form:
    action: str
    endpoint: str
    view_args: dict
    page: str
    multipart: bool = False
    fields: dict = field(default_factory=dict)

    def default_body(self):
        """What a browser sends when the user changes nothing (first real option where none is chosen)."""
        body = {}
        for name, spec in self.fields.items():
            if spec.kind == "file":
                continue
            if spec.kind == "checkbox":
                if spec.default is not None:
                    body[name] = spec.default
            elif spec.default is not None:
                body[name] = spec.default
            elif spec.values:
                body[name] = next((value for value in spec.values if value), spec.values[0])
        return body


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            method = (attributes.get("method") or "get").lower()
            self._form = {
                "action": attributes.get("action") or "",
                "method": method,
                "multipart": attributes.get("enctype") == "multipart/form-data",
                "fields": {},
            }
            return
        if self._form is None:
            return
        fields = self._form["fields"]
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image"}:
                return
            spec = fields.setdefault(name, Field(name, kind))
            if kind in {"checkbox", "radio"}:
                spec.values.append(attributes.get("value", "on"))
                spec.multiple = spec.multiple or kind == "checkbox"
                if "checked" in attributes and spec.default is None:
                    spec.default = attributes.get("value", "on")
            else:
                spec.default = attributes.get("value", "")
        elif tag == "button" and name and (attributes.get("type") or "submit") == "submit":
            # A named submit button sends its value: the first one, as a click on it would.
            spec = fields.setdefault(name, Field(name, "submit"))
            spec.values.append(attributes.get("value", ""))
            if spec.default is None:
                spec.default = spec.values[0]
        elif tag == "select" and name:
            self._select = fields.setdefault(name, Field(name, "select", multiple="multiple" in attributes))
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            self._select.values.append(value)
            if "selected" in attributes:
                self._select.default = value
        elif tag == "textarea" and name:
            self._textarea = fields.setdefault(name, Field(name, "textarea", default=""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.default += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(app, html, page):
    """The POST forms of a page, each with the endpoint its action goes to."""
    parser = _FormParser()
    parser.feed(html)
    adapter = app.url_map.bind("localhost")
    found = []
    for raw in parser.forms:
        if raw["method"] != "post":
            continue
        path = urlsplit(raw["action"]).path or urlsplit(page).path
        try:
            endpoint, view_args = adapter.match(path, method="POST")
        except HTTPException:
            continue
        found.append(Form(path, endpoint, view_args, page, raw["multipart"], raw["fields"]))
    return found


def harvest_forms(app, client, pages):
    """Return {endpoint: Form} for the POST forms on `pages` (the first form found per endpoint)."""
    forms = {}
    for page in pages:
        response = client.get(page)
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        response.close()  # downloads stream: close them, or their request context lingers
        if response.status_code == 200:
            for form in forms_on(app, html, page):
                forms.setdefault(form.endpoint, form)
    return forms
