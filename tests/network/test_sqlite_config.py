"""SQLite, the embedded default, serves concurrent writers without "database is locked".

Schemathesis found it: two requests that each read and then write in one transaction (two
membership changes at once) made the second fail at once with OperationalError, a 500,
because a deferred SQLite transaction cannot upgrade its read lock while another writes. Every
transaction now starts as a writer (BEGIN IMMEDIATE) and waits up to 20 s for the lock.
"""

import sqlite3
import threading
from pathlib import Path

import pytest
from django.db import connections
from django.db.transaction import atomic

from network.config import env_database


@pytest.mark.parametrize("url", ["", "sqlite:////tmp/ketenwerk-example.sqlite3"])
def test_sqlite_transactions_start_as_writers_and_wait_for_the_lock(monkeypatch, url):
    monkeypatch.setenv("KW_TEST_DATABASE_URL", url)

    config = env_database("KW_TEST_DATABASE_URL", default_path=Path("default.sqlite3"))

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] == 20


def test_two_read_then_write_transactions_at_once_both_succeed(
    tmp_path, monkeypatch, django_db_blocker
):
    path = tmp_path / "race.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
        setup.execute("INSERT INTO counter VALUES (1, 0)")
    monkeypatch.setenv("KW_TEST_DATABASE_URL", f"sqlite:///{path}")
    settings = env_database("KW_TEST_DATABASE_URL", default_path=path)
    settings.update(
        {
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
        }
    )
    for name in ("w0", "w1"):  # two aliases of the file, each thread opens its own connection
        monkeypatch.setitem(connections.settings, name, dict(settings))
    both_read = threading.Barrier(2, timeout=5)
    errors = []

    def read_then_write(name):
        connection = connections[name]
        try:
            with atomic(using=name):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                    value = cursor.fetchone()[0]
                    try:
                        # The second writer waits here for the first to commit.
                        both_read.wait(timeout=0.5)
                    except threading.BrokenBarrierError:
                        pass
                    cursor.execute("UPDATE counter SET value = ? WHERE id = 1", [value + 1])
        except Exception as error:  # noqa: BLE001 — the test reports what went wrong
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=read_then_write, args=(f"w{i}",)) for i in range(2)]
    with django_db_blocker.unblock():  # our own file, not the test database
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    with sqlite3.connect(path) as check:
        # Serialised by BEGIN IMMEDIATE: the second read the first's committed value.
        assert check.execute("SELECT value FROM counter").fetchone()[0] == 2
