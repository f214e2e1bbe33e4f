"""PostgreSQL sessions of the app run without parallel query workers (network/config.py)."""

from pathlib import Path

import pytest
from django.db import connection

from network.config import PG_SESSION_OPTIONS, env_database


def test_postgres_sessions_start_without_parallel_workers(monkeypatch):
    monkeypatch.setenv("KW_TEST_DATABASE_URL", "postgresql://app@db.example.org:5432/ketenwerk")

    config = env_database("KW_TEST_DATABASE_URL", default_path=Path("unused.sqlite3"))

    assert config["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=0"
    assert config["CONN_HEALTH_CHECKS"] is True


def test_a_url_with_its_own_session_options_keeps_them(monkeypatch):
    monkeypatch.setenv(
        "KW_TEST_DATABASE_URL",
        "postgresql://app@db.example.org:5432/ketenwerk?options=-c%20work_mem%3D64MB",
    )

    config = env_database("KW_TEST_DATABASE_URL", default_path=Path("unused.sqlite3"))

    assert config["OPTIONS"]["options"] == "-c work_mem=64MB"


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_live_connection_has_parallel_workers_off():
    assert connection.settings_dict["OPTIONS"]["options"] == PG_SESSION_OPTIONS
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
