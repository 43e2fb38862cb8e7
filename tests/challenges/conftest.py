"""A right-to-challenge case of noord (received three weeks ago), the admin's tasks (one excluded
by the verordening) and the ids the tests need."""

from datetime import timedelta

import pytest

from initiatives.auth.users import find_user
from initiatives.challenges import operations
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.api.conftest import api_as  # noqa: F401  (a fixture for the tests here)
from tests.conftest import open_test_case

RECEIVED_DAYS_AGO = 21


@pytest.fixture
def challenge_case(demo_world):
    with demo_world.app_context():
        admin = find_user("beheer")
        mowing = operations.add_task(admin, name="Maaien van het groen in de wijk")
        permits = operations.add_task(
            admin,
            name="Verlenen van vergunningen",
            excluded=True,
            exclusion_reason="Publiekrechtelijke taken zijn uitgesloten (artikel 4 van de verordening).",
        )
        initiative = open_test_case(
            kind="right_to_challenge",
            title="Buurtteam wil het groen zelf onderhouden",
            received_on=local_today() - timedelta(days=RECEIVED_DAYS_AGO),
        )
        db.session.commit()
        return {
            "initiative_id": initiative.id,
            "mowing": mowing.id,
            "permits": permits.id,
            "received_on": initiative.received_on,
        }
