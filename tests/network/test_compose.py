"""The production deployment files: docker-compose.yml, the Dockerfile, gunicorn.conf.py and
.env.example. There is no Docker engine in CI, so the compose file is checked by reading it.
"""

import gc
import multiprocessing
import re
import runpy
from pathlib import Path

import pytest
import yaml

from network.gc_tuning import REQUEST_THRESHOLDS

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")

# A variable read from the environment: env("X"…), env.int("X"…), env_bool("X"…),
# os.environ.get("X"…), _positive_int("X"…), possibly with the name on the next line.
ENV_READ = re.compile(
    r"\b(?:env(?:_[a-z]+|\.[a-z]+)?|os\.environ\.get|os\.getenv|_positive_int)"
    r"\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']"
)
FILES_READING_THE_ENVIRONMENT = ("network/settings.py", "network/config.py", "gunicorn.conf.py")


def variables_read_by_the_code() -> set[str]:
    names = set()
    for relative in FILES_READING_THE_ENVIRONMENT:
        names |= set(ENV_READ.findall((REPO_ROOT / relative).read_text()))
    return names


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_the_variable_scan_finds_the_variables_we_know_are_read():
    # Guards the regex below the other tests: it must see single- and multi-line reads.
    names = variables_read_by_the_code()

    assert {
        "DJANGO_DEBUG",
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "KETENWERK_MAP_TILES_URL",
        "WEB_CONCURRENCY",
    } <= names


def test_compose_runs_web_worker_beat_on_postgres_and_redis(services):
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"].split(":")[0] == "redis"
    assert services["redis"]["image"].split(":")[1].startswith("7")


@pytest.mark.parametrize("name", ["web", "postgres", "redis"])
def test_web_and_the_services_it_stands_on_have_a_healthcheck(services, name):
    test = services[name]["healthcheck"]["test"]

    assert test[0] in {"CMD", "CMD-SHELL"}
    assert len(test) > 1


def test_the_web_healthcheck_asks_the_health_endpoint(services):
    assert "/health/" in " ".join(services["web"]["healthcheck"]["test"])


def test_service_healthchecks_probe_the_right_thing(services):
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_postgres_keeps_its_data_in_a_named_volume(compose, services):
    mounts = [volume.split(":") for volume in services["postgres"]["volumes"]]

    assert ["postgres-data", "/var/lib/postgresql/data"] in mounts
    assert "postgres-data" in compose["volumes"]


def test_redis_never_evicts_queued_tasks(services):
    command = command_text(services["redis"])

    assert "--maxmemory-policy noeviction" in command


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_wait_for_healthy_postgres_and_redis_and_the_migrations(services, name):
    depends_on = services[name]["depends_on"]

    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_migrations_run_once_before_the_app_starts(services):
    migrate = services["migrate"]

    assert command_text(migrate) == "python manage.py migrate --no-input"
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_web_serves_with_gunicorn_and_its_config(services):
    assert command_text(services["web"]) == "gunicorn --config gunicorn.conf.py network.wsgi"


def test_worker_and_exactly_one_beat_run_celery(services):
    worker, beat = command_text(services["worker"]), command_text(services["beat"])

    assert worker.startswith("celery -A network worker")
    assert beat.startswith("celery -A network beat")
    assert services["beat"]["deploy"]["replicas"] == 1


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_take_their_configuration_from_the_env_file(services, name):
    assert services[name]["env_file"] == ".env"
    assert "environment" not in services[name]


def test_the_compose_file_holds_no_secret(services):
    # Values of secret-looking variables may only refer to .env (${NAME…}), never be literal.
    for name, service in services.items():
        environment = service.get("environment", {})
        for variable, value in environment.items():
            if re.search(r"PASSWORD|SECRET|KEY|TOKEN", variable):
                assert re.fullmatch(r"\$\{[A-Z_]+[^}]*\}", str(value)), (name, variable)


def test_dockerfile_builds_a_slim_non_root_gunicorn_image():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    instructions = [
        line.strip() for line in dockerfile.splitlines() if line.strip() and line[0] != "#"
    ]

    assert "ARG PYTHON_IMAGE=python:3.11-slim" in instructions
    assert "collectstatic --no-input" in dockerfile
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    assert instructions[-1] == 'CMD ["gunicorn", "--config", "gunicorn.conf.py", "network.wsgi"]'


def test_dockerignore_keeps_local_secrets_and_databases_out_of_the_image():
    ignored = set((REPO_ROOT / ".dockerignore").read_text().split())

    assert {".env", ".venv", ".git", "db.sqlite3", "media"} <= ignored


def test_env_example_lists_every_variable_the_code_reads():
    example = (REPO_ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))

    assert variables_read_by_the_code() - listed == set()


def test_env_example_provides_what_the_compose_file_interpolates(compose):
    example = (REPO_ROOT / ".env.example").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", yaml.safe_dump(compose)))

    for name in interpolated:
        assert re.search(rf"^{name}=", example, flags=re.MULTILINE), name


def test_readme_documents_every_variable_the_code_reads():
    readme = (REPO_ROOT / "README.md").read_text()

    assert {name for name in variables_read_by_the_code() if f"`{name}`" not in readme} == set()


# --- gunicorn.conf.py ------------------------------------------------------------------------


def load_gunicorn_config(monkeypatch, **variables) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))


def test_gunicorn_runs_two_sync_workers_per_core_plus_one_by_default(monkeypatch):
    config = load_gunicorn_config(monkeypatch)

    assert config["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert config["worker_class"] == "sync"
    assert config["bind"] == "0.0.0.0:8000"
    assert config["accesslog"] == "-"
    assert config["max_requests"] > 0
    assert 0 < config["max_requests_jitter"] < config["max_requests"]
    # gunicorn's maximum: longer addresses get its 414, which the API schema documents.
    assert config["limit_request_line"] == 8190


def test_gunicorn_takes_workers_and_timeout_from_the_environment(monkeypatch):
    config = load_gunicorn_config(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="45")

    assert config["workers"] == 3
    assert config["timeout"] == 45


@pytest.mark.parametrize("value", ["zero", "0", "-2", "2.5"])
def test_gunicorn_refuses_a_worker_count_that_is_not_a_positive_number(monkeypatch, value):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY"):
        load_gunicorn_config(monkeypatch, WEB_CONCURRENCY=value)


def test_gunicorn_access_log_leaves_out_the_client_address(monkeypatch):
    config = load_gunicorn_config(monkeypatch)

    assert "%(h)s" not in config["access_log_format"]


def test_gunicorn_tunes_the_garbage_collector_before_forking_workers(monkeypatch):
    config = load_gunicorn_config(monkeypatch)
    assert config["preload_app"] is True  # else the master would hold nothing worth freezing
    thresholds = gc.get_threshold()
    gc.unfreeze()
    try:
        config["when_ready"](server=None)
        assert gc.get_freeze_count() > 10_000  # the Django app, its URLconf and settings
        assert gc.get_threshold() == REQUEST_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
