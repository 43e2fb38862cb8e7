"""The case system on loopback (`fake_zgw`) for the ZGW export's tests, and the app set to use it."""

import pytest

from tests.test_access import actor_client  # noqa: F401 (the access test's actors, for test_pages)
from tests.zgw.fake_zgw import FakeZgw, RunningServer, settings_for

ZAAKTYPE_ID = "0b8e3c5e-6f2c-4a0e-9d59-2f1d8a8e0001"


@pytest.fixture(scope="session")
def zgw_server():
    with RunningServer(FakeZgw()) as fake:
        yield fake


@pytest.fixture
def zgw(zgw_server):
    """The case system, emptied, with a zaaktype made for Bricoleur (seven status types)."""
    fake = zgw_server
    fake.created, fake.requests, fake.violations, fake.failures = {}, [], [], {}
    fake.sent_content = []
    fake.updated = []
    fake.catalogue(zaaktype(fake))
    yield fake
    assert fake.violations == [], "requests or answers the ZGW documents refuse"


def zaaktype(fake):
    return f"{fake.base_url}/catalogi/api/v1/zaaktypen/{ZAAKTYPE_ID}"


@pytest.fixture
def app_config(zgw_server):
    return settings_for(zgw_server.base_url, zaaktype(zgw_server))
