"""Generated Dutch residents in generated texts: a reader outside the team sees none of them.

Names (with tussenvoegsels and diacritics), street addresses, postcodes, phone numbers in many
notations and e-mail addresses are placed in texts the way officials and residents write them,
and read through `case_texts`, the one screen every channel uses. The resident is a contact person
of the case; a stranger's address, postcode, phone number and e-mail address, whom the case does
not know, must go too.
"""

import re
import unicodedata
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.cases.personal_data import CaseTexts

FIRST_NAMES = [
    "Ayşe",
    "Jan",
    "Anne-Marie",
    "Fatima",
    "Mohammed",
    "Sanne",
    "Daan",
    "Eline",
    "Özlem",
    "Zoë",
    "Bram",
    "Noor",
    "Thijs",
    "Lieke",
    "Mehmet",
    "Chloé",
    "Siebe",
    "Femke",
    "Joël",
    "Renée",
    "Wouter",
    "Ilse",
    "Karim",
    "Dewi",
]
PARTICLES = ("", "van", "de", "van der", "van den", "ter", "den", "van 't")
SURNAMES = [
    "Yılmaz",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Dijkstra",
    "Öztürk",
    "Boer",
    "Dekker",
    "Brouwer",
    "Hendriks",
    "Kramer",
    "Vos",
    "Peeters",
    "Groen",
    "Koç",
    "Bos",
    "Çelik",
    "Nguyễn",
    "Kuijpers",
    "Wijnands",
    "Şahin",
]
STREETS = [
    "Vinkenstraat",
    "Kerkweg",
    "Molenlaan",
    "Dorpsstraat",
    "Lindenhof",
    "Marktplein",
    "Oudegracht",
    "Zuidsingel",
    "Bloemendaalseweg",
    "Willem",
    "Alexanderlaan",
    "Prins",
    "Hendrikkade",
    "Burgemeester",
    "Reigerstraat",
]
STREETS = [street for street in STREETS if street]
PLACES = ("Voorbeeldstad", "Utrecht", "Den Haag", "Zwolle")


@st.composite
def residents(draw):
    first = draw(st.sampled_from(FIRST_NAMES))
    particle = draw(st.sampled_from(PARTICLES))
    surname = draw(st.sampled_from(SURNAMES))
    digits = draw(st.text("0123456789", min_size=8, max_size=8))
    return SimpleNamespace(
        first=first,
        surname=surname,
        name=" ".join(part for part in (first, particle, surname) if part),
        email=f"{_ascii(first).lower()}.{_ascii(surname).lower()}@{draw(st.sampled_from(['example.nl', 'mail.com']))}",
        mobile=digits,
        phone=draw(phone_notations(digits)),
        street=draw(st.sampled_from(STREETS)),
        number=draw(st.integers(1, 400)),
        addition=draw(st.sampled_from(["", "a", "-B", " bis", "-2"])),
        postcode=f"{draw(st.integers(1000, 9999))} {draw(st.sampled_from(['AB', 'PH', 'XK', 'ZZ']))}",
        place=draw(st.sampled_from(PLACES)),
    )


def phone_notations(digits):
    """A mobile number `06` + `digits` as people write it."""
    return st.sampled_from(
        [
            f"06-{digits}",
            f"06 {digits[:4]} {digits[4:]}",
            f"06 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
            f"+31 6 {digits}",
            f"+31 (0)6 {digits[:4]} {digits[4:]}",
            f"+316{digits}",
            f"0031 6 {digits}",
            f"(06) {digits}",
            f"06{digits}",
            f"06.{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}",
        ]
    )


def _ascii(text):
    text = unicodedata.normalize("NFD", text.replace("ı", "i").replace("'", "").replace(" ", ""))
    return "".join(char for char in text if not unicodedata.combining(char))


TEMPLATES = (
    "{name} belde over de speeltuin.",
    "Mail van {first} {surname} <{email}>: kan er een bankje komen?",
    "Met vriendelijke groet,\n\n{name}\n{street} {number}{addition}\n{postcode} {place}\n{phone}\n{email}",
    "Bij {surname} thuis ({street} {number}{addition}) gesproken; bel {phone}.",
    "Afspraak met mevrouw {surname} op {street} {number}{addition}, {postcode}.",
    "{first} wil met de buren een moestuin. Terugbellen: {phone}.",
    "Volgens {first} {surname} woont de vorige trekker op {other_street} {other_number}, {other_postcode}, "
    "tel. {other_phone}, {other_email}.",
)


def _leaks(text, resident, stranger):
    plain = _ascii(text).lower()
    found = []
    for part in (resident.first, resident.surname):
        for word in re.findall(r"[^\W\d_]+", _ascii(part).lower()):
            if len(word) >= 3 and re.search(rf"(?<![^\W\d_]){word}(?![^\W\d_])", plain):
                found.append(word)
    digits = re.sub(r"\D", "", text)
    for number in (resident.mobile, stranger.mobile):
        if number in digits:
            found.append("phone")
    for email in (resident.email, stranger.email):
        if email in plain:
            found.append(email)
    for person in (resident, stranger):
        if re.search(rf"{_ascii(person.street).lower()}\W+{person.number}(?!\d)", plain):
            found.append(person.street)
        if person.postcode.lower() in plain or person.postcode.replace(" ", "").lower() in plain:
            found.append(person.postcode)
    return found


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resident=residents(), stranger=residents(), template=st.sampled_from(TEMPLATES))
def test_no_generated_resident_reaches_a_reader_outside_the_team(resident, stranger, template):
    contact = SimpleNamespace(
        name=resident.name,
        email=resident.email,
        phone=resident.phone,
        address=f"{resident.street} {resident.number}{resident.addition}, {resident.postcode} {resident.place}",
    )
    case = SimpleNamespace(id=1, initiators=[contact], address="")
    text = template.format(
        **vars(resident),
        other_street=stranger.street,
        other_number=stranger.number,
        other_postcode=stranger.postcode,
        other_phone=stranger.phone,
        other_email=stranger.email,
    )
    shown = CaseTexts(case, hidden=True)(text)
    # The stranger's name is nobody the case knows: only their contact details must go.
    stranger_names = {_ascii(stranger.first).lower(), _ascii(stranger.surname).lower()}
    leaks = [leak for leak in _leaks(shown, resident, stranger) if leak not in stranger_names]
    assert leaks == [], (text, shown)


@given(resident=residents(), template=st.sampled_from(TEMPLATES[:6]))
def test_the_team_reads_the_text_as_written(resident, template):
    case = SimpleNamespace(id=1, initiators=[], address="")
    text = template.format(**vars(resident))
    assert CaseTexts(case, hidden=False)(text) == text
