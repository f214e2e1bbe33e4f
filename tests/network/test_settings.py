"""The settings read from the environment: a mistake stops start-up with one line that says
what to fix, and the production configuration passes Django's deployment checklist.

Each case starts `manage.py` in a fresh process, as a server or an operator would, because
settings are read once per process.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

# Variables the settings read, cleared so the machine's own environment cannot leak in.
CONTROLLED_PREFIXES = ("DJANGO_", "KETENWERK_", "POSTGRES_")
CONTROLLED_NAMES = {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "WEB_CONCURRENCY"}


def run_manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(CONTROLLED_PREFIXES) and name not in CONTROLLED_NAMES
    }
    environment["DJANGO_SETTINGS_MODULE"] = "network.settings"
    environment.update(variables)
    return subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_environment() -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "ketenwerk.example",
    }


def assert_one_line_configuration_error(result, *, naming: str) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ")
    assert naming in lines[0]
    return lines[0]


def test_production_without_a_secret_key_stops_with_one_line_saying_how_to_make_one():
    # Given production mode, when no secret key is configured
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="ketenwerk.example")

    # Then start-up stops with one line naming the variable and the command that makes one
    line = assert_one_line_configuration_error(result, naming="DJANGO_SECRET_KEY")
    assert "secrets.token_urlsafe" in line


def test_production_with_a_short_secret_key_is_refused():
    result = run_manage(
        "check",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="too-short",
        DJANGO_ALLOWED_HOSTS="ketenwerk.example",
    )

    line = assert_one_line_configuration_error(result, naming="DJANGO_SECRET_KEY")
    assert "too short" in line


@pytest.mark.parametrize(
    "database_url",
    [
        "mysql//oops",
        "mysql://user@host/db",
        "postgresql://host:notaport/db",
        "postgresql://user@host:5432",
    ],
)
def test_a_malformed_database_url_stops_with_one_line_naming_it(database_url):
    result = run_manage("check", DATABASE_URL=database_url)

    assert_one_line_configuration_error(result, naming="DATABASE_URL")


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_a_debug_flag_that_is_not_a_boolean_stops_with_one_line(value):
    result = run_manage("check", DJANGO_DEBUG=value)

    line = assert_one_line_configuration_error(result, naming="DJANGO_DEBUG")
    assert "true or false" in line


def test_the_embedded_default_starts_without_any_variable():
    result = run_manage("check")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    # Given the minimum production configuration: debug off, a generated key, a host name
    # When Django's deployment checklist runs, failing on any warning
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_environment())

    # Then it passes with nothing to report
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
