"""Open cases that look like a new one: at intake (the phone and e-mail forms, the mailbox
import) and in the API (`GET /api/v1/initiatives/similar`).

Candidates are found cheaply, by indexes only: the full-text search (any of the new case's
significant words, best ranked first), the contact persons' e-mail and phone keys (`contact_keys`),
the open cases of the same neighbourhood and those whose location lies in a box around the new
case's point (an index on latitude and longitude), most recently active first, each bounded. Each
candidate is then scored in Python: its title and description as the reader sees them
(`personal_data.case_texts`) against the new ones with rapidfuzz, folded and without common words;
the same contact person; the same address or street; a location within 250 m; the same
neighbourhood. The score (0 to 1) adds up the evidence: text weighs most, a same street without a
similar text little, so that an unrelated idea in the same street never ranks above a true match.

Privacy (DOMAIN.md): a reader who may not see a case's contact details (`contacts_visible_to`)
must not learn who is behind it. Such a case is never found by a contact person's e-mail or
phone, nor by its address (which may be a resident's), and its texts are compared anonymised:
no "same contact" reason, which would tell that this person is behind that case. A case's
location is compared for every case the reader may read: it is the point where the idea takes
place (a square, a park, a street corner), never a resident's home address (`cases.location`), so
it tells nothing of who is behind the case, unlike the address, which may be a resident's.
"""

import math
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz
from sqlalchemy.orm import selectinload

from initiatives.cases import search
from initiatives.cases.contact_keys import email_key, phone_key
from initiatives.cases.models import Initiative, Initiator
from initiatives.cases.personal_data import case_texts
from initiatives.core.anonymise.words import fold
from initiatives.extensions import db

#: The most candidates each lookup brings (text, contact, neighbourhood): the scoring reads them all.
CANDIDATES_PER_LOOKUP = 25
#: The most suggestions shown.
MOST_SUGGESTIONS = 5
#: The least score worth showing.
LEAST_SCORE = 0.3
#: Text this alike (0 to 1) counts as "similar title or description".
SIMILAR_TEXT = 0.55
#: Text this alike, with the same contact person, makes a mailbox import certain it is the same case.
CERTAIN_TEXT = 0.8
#: Points this close (metres) are "nearby the same place".
NEARBY_METRES = 250
#: Metres per degree of latitude (and of longitude at the equator), on a sphere the Earth's size.
_METRES_PER_DEGREE = 111_195

REASON_TITLES = {
    "similar_text": _l("Similar title or description"),
    "same_contact_email": _l("Same contact person (e-mail address)"),
    "same_contact_phone": _l("Same contact person (phone number)"),
    "same_address": _l("Same address"),
    "same_street": _l("Same street"),
    "same_location": _l("Nearby the same place"),
    "same_neighbourhood": _l("Same neighbourhood"),
}
#: The reasons that are about a contact person: the same person is behind both.
CONTACT_REASONS = frozenset({"same_contact_email", "same_contact_phone"})

#: Dutch words too common to tell two ideas apart (beside the stop words, what every idea says).
_COMMON_WORD_LIST = """
    de het een en of van voor in op aan met bij uit naar over onder door tot te om als dat die dit
    deze er is zijn was wordt worden werd kan kunnen wil willen zou zouden we wij ons onze ik mijn
    je jij u uw hij zij ze hun haar men niet geen ook nog wel al meer veel heel graag zo dan maar
    want omdat hoe wat wie waar wanneer hier daar idee plan initiatief bewoners bewoner buurt wijk
    straat gemeente vraag vragen hallo beste groet groeten vriendelijke mvg
"""
_COMMON = frozenset(_COMMON_WORD_LIST.split())
_WORD = re.compile(r"\w+", re.UNICODE)
#: A street in an address: the words before the house number.
_STREET = re.compile(r"^\s*(\D+?)\s*(\d+)\s*([a-z]?)", re.IGNORECASE)


@dataclass
class NewCase:
    """What is known of the case being registered."""

    title: str = ""
    description: str = ""
    neighbourhood_id: int | None = None
    email: str = ""
    phone: str = ""
    address: str = ""
    #: Where the idea takes place (WGS84), both or neither.
    latitude: float | None = None
    longitude: float | None = None

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def words(self):
        return significant_words(f"{self.title} {self.description}")

    def is_empty(self):
        return not (
            self.words()
            or email_key(self.email)
            or phone_key(self.phone)
            or self.address.strip()
            or self.has_location
        )


@dataclass
class Match:
    """An open case that looks like the new one, with why (`reasons`: codes of REASON_TITLES)."""

    initiative: Initiative
    score: float
    reasons: list = field(default_factory=list)
    #: How alike the texts are, 0 to 1.
    text_similarity: float = 0.0

    @property
    def reason_titles(self):
        return [REASON_TITLES[code] for code in self.reasons]

    @property
    def same_contact(self):
        return bool(CONTACT_REASONS & set(self.reasons))

    @property
    def is_certain(self):
        """The same contact person and a very similar text: the same case, for certain."""
        return self.same_contact and self.text_similarity >= CERTAIN_TEXT


def significant_words(text):
    """The words of `text` that tell an idea apart: folded, without common words, one each, in order."""
    seen = []
    for word in _WORD.findall(fold(text or "")):
        if len(word) > 2 and word not in _COMMON and not word.isdigit() and word not in seen:
            seen.append(word)
    return seen


def text_similarity(words, other_text):
    """How alike (0 to 1) the significant `words` of a new case are to `other_text`."""
    other = significant_words(other_text)
    if not words or not other:
        return 0.0
    left, right = " ".join(words), " ".join(other)
    # token_set_ratio: one text saying more than the other still matches; token_sort_ratio keeps a
    # single shared word (a street's name) from counting as a match by itself.
    return (fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 200


def street_and_number(address):
    """(street, house number) of an address, folded; (folded address, "") without a number."""
    folded = fold(address or "").strip()
    found = _STREET.match(folded)
    if found is None:
        return folded, ""
    return " ".join(found.group(1).replace(",", " ").split()), found.group(2) + found.group(3)


def distance_metres(latitude, longitude, other_latitude, other_longitude):
    """The distance between two WGS84 points in metres (haversine on a sphere; within a few metres
    over the distances that matter here)."""
    phi, other_phi = math.radians(latitude), math.radians(other_latitude)
    half_chord = (
        math.sin((other_phi - phi) / 2) ** 2
        + math.cos(phi) * math.cos(other_phi) * math.sin(math.radians(other_longitude - longitude) / 2) ** 2
    )
    return 2 * math.degrees(math.asin(min(1.0, math.sqrt(half_chord)))) * _METRES_PER_DEGREE


def nearby_box(latitude, longitude, metres=NEARBY_METRES):
    """(south, north, west, east): a box in degrees holding every point within `metres`."""
    lat_span = metres / _METRES_PER_DEGREE
    lon_span = metres / (_METRES_PER_DEGREE * math.cos(math.radians(min(abs(latitude) + lat_span, 89.0))))
    return latitude - lat_span, latitude + lat_span, longitude - lon_span, longitude + lon_span


def similar_cases(new_case, reader, *, exclude=(), limit=MOST_SUGGESTIONS):
    """The open cases `reader` may read that look like `new_case`, best first: a list of Match."""
    if not reader.is_authenticated or new_case.is_empty():
        return []
    contacts_visible = Initiative.contacts_visible_to(reader)
    ids = _candidates(new_case, reader, contacts_visible) - set(exclude)
    if not ids:
        return []
    cases = db.session.scalars(
        sa.select(Initiative)
        .where(Initiative.id.in_(ids))
        .options(selectinload(Initiative.initiators), selectinload(Initiative.neighbourhood))
        .order_by(Initiative.id)
    ).all()
    words = new_case.words()
    matches = [_score(new_case, words, case, reader) for case in cases if case.can_view(reader)]
    matches = [match for match in matches if match.score >= LEAST_SCORE and _telling(match.reasons)]
    matches.sort(key=lambda match: (-match.score, -match.initiative.id))
    return matches[:limit]


def _telling(reasons):
    """A neighbourhood alone tells nothing: many ideas come from one."""
    return any(code != "same_neighbourhood" for code in reasons)


def _open_cases():
    return sa.select(Initiative.id).where(Initiative.awaits_work)


def _candidates(new_case, reader, contacts_visible):
    ids = set()
    # The open cases among the matches, narrowed inside the search (each match with its case).
    matches = search.any_word_matches(new_case.words(), reader, Initiative.awaits_work)
    if matches is not None:
        ids.update(
            db.session.scalars(
                sa.select(matches.c.initiative_id)
                .order_by(matches.c.rank.desc(), matches.c.initiative_id.desc())
                .limit(CANDIDATES_PER_LOOKUP)
            )
        )
    keys = []
    if email := email_key(new_case.email):
        keys.append(Initiator.email_key == email)
    if phone := phone_key(new_case.phone):
        keys.append(Initiator.phone_key == phone)
    if keys and contacts_visible is not None:
        ids.update(
            db.session.scalars(
                sa.select(Initiator.initiative_id)
                .join(Initiative, Initiative.id == Initiator.initiative_id)
                .where(sa.or_(*keys), Initiative.awaits_work, contacts_visible)
                .order_by(Initiator.initiative_id.desc())
                .limit(CANDIDATES_PER_LOOKUP)
            )
        )
    if new_case.neighbourhood_id is not None:
        ids.update(
            db.session.scalars(
                _open_cases()
                .where(Initiative.neighbourhood_id == new_case.neighbourhood_id)
                .order_by(Initiative.last_activity_at.desc(), Initiative.id.desc())
                .limit(CANDIDATES_PER_LOOKUP)
            )
        )
    if new_case.has_location:
        # Not personal data (the place of the idea, never a home): every case's point counts.
        south, north, west, east = nearby_box(new_case.latitude, new_case.longitude)
        ids.update(
            db.session.scalars(
                _open_cases()
                .where(Initiative.latitude.between(south, north), Initiative.longitude.between(west, east))
                .order_by(Initiative.last_activity_at.desc(), Initiative.id.desc())
                .limit(CANDIDATES_PER_LOOKUP)
            )
        )
    return ids


def _score(new_case, words, initiative, reader):
    """Score `initiative` against `new_case` with what `reader` may know of it."""
    shown = case_texts(initiative, reader)
    reasons = []
    similarity = text_similarity(words, f"{shown(initiative.title)} {shown(initiative.description)}")
    evidence = 0.0
    if similarity >= SIMILAR_TEXT:
        reasons.append("similar_text")
        evidence += 0.25 + 0.75 * (similarity - SIMILAR_TEXT) / (1 - SIMILAR_TEXT)
    else:
        evidence += 0.1 * similarity / SIMILAR_TEXT  # a little alike still orders the others
    if not shown.hidden:
        email, phone = email_key(new_case.email), phone_key(new_case.phone)
        if email and any(person.email_key == email for person in initiative.initiators):
            reasons.append("same_contact_email")
        if phone and any(person.phone_key == phone for person in initiative.initiators):
            reasons.append("same_contact_phone")
        if CONTACT_REASONS & set(reasons):
            evidence += 0.45
        place = _same_place(new_case.address, initiative.address)
        if place:
            reasons.append(place)
            evidence += 0.2 if place == "same_address" else 0.1
    if _nearby(new_case, initiative):
        reasons.append("same_location")
        evidence += 0.15
    if new_case.neighbourhood_id is not None and new_case.neighbourhood_id in {
        initiative.neighbourhood_id,
        initiative.neighbourhood.parent_id,
    }:
        reasons.append("same_neighbourhood")
        evidence += 0.05
    return Match(
        initiative=initiative, score=round(min(evidence, 1.0), 3), reasons=reasons, text_similarity=similarity
    )


def _same_place(address, other):
    """ "same_address", "same_street" or None."""
    if not (address or "").strip() or not (other or "").strip():
        return None
    street, number = street_and_number(address)
    other_street, other_number = street_and_number(other)
    if not street or street != other_street:
        return None
    return "same_address" if number and number == other_number else "same_street"


def _nearby(new_case, initiative):
    """Whether `initiative`'s point lies within NEARBY_METRES of the new case's."""
    if not new_case.has_location or initiative.latitude is None or initiative.longitude is None:
        return False
    distance = distance_metres(
        new_case.latitude, new_case.longitude, initiative.latitude, initiative.longitude
    )
    return distance <= NEARBY_METRES
