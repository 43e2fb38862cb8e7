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
