"""PostgreSQL dropped the app's connection (a restart, a failover, an idle-connection reaper):
the next request reconnects by itself.

The app keeps connections across requests (CONN_MAX_AGE) and checks them before reuse
(CONN_HEALTH_CHECKS). The requests go through Django's real WSGI handler in this thread, so
the request-boundary connection handling is the one gunicorn runs (the test client skips it).
The server side is real: pg_terminate_backend() from a second connection. A full PostgreSQL
restart under gunicorn is `make faults-pg-restart` (loadtest/pg_restart.sh), run by hand
because it restarts the shared server.
"""

from io import BytesIO

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _get(path: str) -> int:
    """One request through the WSGI handler, as a server would make it; its status code."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": BytesIO(),
    }
    status = []
    response = WSGIHandler()(environ, lambda code, headers, *args: status.append(code))
    b"".join(response)
    response.close()  # fires request_finished, as a WSGI server does
    return int(status[0].split()[0])


def _terminate_app_connection() -> int:
    """Kill the app's open PostgreSQL session from outside; returns its server pid."""
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    ) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
    return pid


@pytest.mark.parametrize("path", ["/en/producers/", "/api/v1/actors/"])
def test_after_postgresql_drops_the_connection_the_next_request_reconnects(path):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert _get(path) == 200
    killed = _terminate_app_connection()

    assert _get(path) == 200

    assert connection.connection.info.backend_pid != killed


def test_without_health_checks_the_first_request_after_the_drop_would_fail():
    """The control: what CONN_HEALTH_CHECKS saves us from, so the test above can fail."""
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    connection.health_check_enabled = False
    try:
        assert _get("/api/v1/actors/") == 200
        _terminate_app_connection()
        assert _get("/api/v1/actors/") == 500
        assert _get("/api/v1/actors/") == 200  # the broken connection was closed after it
    finally:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
        connection.close()
