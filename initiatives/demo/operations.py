"""Fill a database with a believable municipality: wijken, buurten, departments, the municipal
tasks residents may challenge, demo accounts."""

from dataclasses import dataclass

import sqlalchemy as sa

from initiatives.auth.accounts import create_user
from initiatives.auth.models import User
from initiatives.auth.users import find_user
from initiatives.challenges import operations as challenges
from initiatives.challenges.models import ChallengeTask
from initiatives.core.roles import Role
from initiatives.demo.texts import CHALLENGE_TASKS
from initiatives.extensions import db
from initiatives.organisation import operations as organisation

MUNICIPALITY_CODE = "9999"  # Voorbeeldstad: a made-up municipality, so no real wijk is implied

#: (wijk number, wijk name, [buurt names])
WIJKEN = [
    ("01", "Binnenstad", ["Centrum", "Havenkwartier", "Stationsbuurt"]),
    ("02", "Noord", ["Bloemenbuurt", "Vogelwijk", "Molenhoek"]),
    ("03", "Zuid", ["Spoorzicht", "Het Laar", "Parkwijk"]),
    ("04", "Oost", ["De Blaak", "Oude Dijk"]),
    ("05", "West", ["Reeshof-Noord", "Reeshof-Zuid", "Witbrant"]),
]

DEPARTMENTS = [
    "Openbare Ruimte",
    "Vergunningen, Toezicht en Handhaving",
    "Sociaal Domein",
    "Financiën",
    "Juridische Zaken",
    "Communicatie",
    "Wijkgericht Werken",
    "Vastgoed",
]

DEMO_PASSWORD = "bricoleur-demo-2026"  # noqa: S105 - published on purpose: demo accounts only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    full_name: str
    wijken: tuple = ()


DEMO_ACCOUNTS = [
    DemoAccount("noord", Role.NEIGHBOURHOOD_MANAGER, "Noor de Vries", ("02", "01")),
    DemoAccount("zuid", Role.NEIGHBOURHOOD_MANAGER, "Sem Jansen", ("03", "04")),
    DemoAccount("secretaris", Role.SECRETARY, "Fatima El Amrani"),
    DemoAccount("beheer", Role.ADMIN, "Bram Willems"),
]


def wijk_code(number):
    return f"WK{MUNICIPALITY_CODE}{number}"


def create_reference_data():
    """Create the demo wijken, buurten and departments that do not exist yet; return the count."""
    created = 0
    for number, name, buurten in WIJKEN:
        wijk = organisation.find_neighbourhood(wijk_code(number))
        if wijk is None:
            wijk = organisation.save_neighbourhood(
                None, code=wijk_code(number), name=name, parent=None, active=True
            )
            created += 1
        for index, buurt_name in enumerate(buurten, start=1):
            code = f"BU{MUNICIPALITY_CODE}{number}{index:02d}"
            if organisation.find_neighbourhood(code) is None:
                organisation.save_neighbourhood(None, code=code, name=buurt_name, parent=wijk, active=True)
                created += 1
    existing = {department.name for department in organisation.departments()}
    for name in DEPARTMENTS:
        if name not in existing:
            organisation.save_department(None, name=name, active=True)
            created += 1
    return created


def create_challenge_tasks():
    """Put the demo municipality's tasks residents may challenge on the admin's list (two excluded
    by the verordening, with the reason), those not on it yet; return the count. Apart from the
    wijken and departments, so that a test world made of those starts with an empty list."""
    created = 0
    tasks = {name.lower() for name in db.session.scalars(sa.select(ChallengeTask.name))}
    for name, exclusion_reason in CHALLENGE_TASKS:
        if name.lower() not in tasks:
            challenges.add_task(
                None, name=name, excluded=bool(exclusion_reason), exclusion_reason=exclusion_reason
            )
            created += 1
    return created


def create_demo_accounts():
    """Create the demo accounts that do not exist yet; return the accounts."""
    for account in DEMO_ACCOUNTS:
        if find_user(account.username) is None:
            create_user(
                account.username,
                account.role,
                DEMO_PASSWORD,
                full_name=account.full_name,
                email=f"{account.username}@voorbeeldstad.example",
                neighbourhoods=[organisation.find_neighbourhood(wijk_code(n)) for n in account.wijken],
                published_demo_password=True,
            )
    return DEMO_ACCOUNTS


def has_accounts():
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) > 0


def demo_accounts_present():
    """Return whether the demo accounts exist and are active, so their log-ins are worth printing."""
    usernames = [account.username for account in DEMO_ACCOUNTS]
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(User).where(User.username.in_(usernames), User.active)
    )
    return count == len(usernames)
