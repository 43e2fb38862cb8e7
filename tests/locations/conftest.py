"""The API fixtures, for the location and map tests."""

from tests.api.conftest import api_as, make_case  # noqa: F401  (fixtures for the tests here)
