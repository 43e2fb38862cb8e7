"""Every text a person reads has a Dutch translation."""

import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from config import BASE_DIR

CATALOGUE = BASE_DIR / "initiatives" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
METHOD_MAP = [("initiatives/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _source_messages():
    messages = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        BASE_DIR, METHOD_MAP, OPTIONS, keywords=KEYWORDS
    ):
        messages.add(message if isinstance(message, str) else message[0])
    return messages


def test_every_message_has_a_dutch_translation():
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    missing = []
    for message in sorted(_source_messages()):
        entry = catalogue.get(message)
        translations = (
            entry.string
            if entry is not None and isinstance(entry.string, tuple)
            else (entry and entry.string,)
        )
        if entry is None or not all(translations) or entry.fuzzy:
            missing.append(message)
    assert missing == [], "run `make extract-messages` and translate these in nl/messages.po"


def test_dutch_translations_keep_their_placeholders():
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    placeholder = re.compile(r"%\(\w+\)[sd]")
    broken = [
        entry.id
        for entry in catalogue
        if entry.id
        and entry.string
        and sorted(placeholder.findall(str(entry.id))) != sorted(placeholder.findall(str(entry.string)))
    ]
    assert broken == []


def _form_classes(base):
    for form_class in base.__subclasses__():
        yield form_class
        yield from _form_classes(form_class)


def test_forms_count_in_tekens_not_in_wtforms_karakters(app):
    """WTForms' own Dutch says "karakters" for a text too long: the forms use the house's Length."""
    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField
    from wtforms.validators import Length as WTFormsLength

    from initiatives.core.forms import Length

    foreign = []
    for form_class in set(_form_classes(FlaskForm)):
        for name, field in vars(form_class).items():
            if not isinstance(field, UnboundField):
                continue
            validators = field.kwargs.get("validators") or (field.args[1] if len(field.args) > 1 else [])
            for validator in validators or []:
                if isinstance(validator, WTFormsLength) and not isinstance(validator, Length):
                    foreign.append(f"{form_class.__name__}.{name}")
    assert foreign == []


def test_a_text_too_long_says_how_many_tekens(signed_in, test_case):
    noord = signed_in("noord")
    case_id = test_case["initiative_id"]
    response = noord.submit(
        f"/initiatives/{case_id}/initiators", {"name": "J" * 121}, form_url=f"/initiatives/{case_id}"
    )
    assert response.status_code == 422
    assert "Gebruik hoogstens 120 tekens; u gebruikte er 121." in response.get_data(as_text=True)
