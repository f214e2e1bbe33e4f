"""The cooperation fixtures (set up through the real services), for the benchmark's checks."""

from tests.cooperation.conftest import (  # noqa: F401 — fixtures
    cooperation,
    coordinator,
    coordinator_farm,
    forms,
    municipality,
)
