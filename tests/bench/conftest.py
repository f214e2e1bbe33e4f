"""The cooperation fixtures (set up through the real services), for the benchmark's checks."""

from tests.cooperation.conftest import (  # noqa: F401 — fixtures
    cooperation,
    coordinator,
    coordinator_farm,
    forms,
    municipality,
)


def restore_migration_data() -> None:
    """The geography, product taxonomy and cooperation forms the generator builds on, loaded
    again (idempotent upserts): a transactional test that ran earlier in the same process, such
    as a browser journey, flushes the tables, migration data included."""
    import importlib

    from django.apps import apps

    from actors.reference_data import ensure_reference_data
    from network.services import ensure_builtin_geography

    ensure_builtin_geography()
    ensure_reference_data()
    importlib.import_module("cooperation.migrations.0002_load_cooperation_forms").load_forms(
        apps, None
    )
