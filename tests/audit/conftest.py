"""The audit tests call the API too."""

from tests.api.conftest import api_as  # noqa: F401  (a fixture)
