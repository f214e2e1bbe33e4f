"""`python -m loadtest` (`make loadtest`): 60 s of locust against gunicorn on PostgreSQL.

1. A PostgreSQL database of its own (ketenwerk_loadtest on 127.0.0.1:5432, or LOADTEST_ADMIN_URL
   's server) is created fresh, migrated and given the demo data; a redis-server of its own on
   a free port is the cache and the broker, so the shared Redis is never touched.
2. Writers are prepared: users who each manage an actor, are officer of a municipality and
   hold an API token.
3. gunicorn (gunicorn.conf.py, production settings: loadtest/settings.py) serves, and locust
   runs headless, 32 users for 60 s (LOADTEST_USERS, LOADTEST_SECONDS): three in four browse
   anonymously (home, directory page and API, map GeoJSON, actor pages), one in four writes
   with a token (partnership requests, support actions) and reads its own requests.
4. Then the writes are counted in the database and compared with the writes locust saw
   succeed, and each partnership request's e-mails with the outbox rows written with it.

Exit status 0 only with zero 5xx, zero connection errors, zero failed writes and zero lost
(or phantom) writes. The API throttles are set to 1,000,000/minute through their environment
variables (KETENWERK_API_THROTTLE_ANON/USER): every simulated user comes from 127.0.0.1, and
the load test measures the platform, not the limiter. No Celery worker runs: the outbox rows
stay pending, which is what the count checks. The database is dropped at the end unless KEEP=1.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get("LOADTEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = os.environ.get("LOADTEST_DB", "ketenwerk_loadtest")
USERS = int(os.environ.get("LOADTEST_USERS", "32"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
WRITERS = USERS // 4 + 2
GENEROUS = "1000000/minute"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_server() -> str:
    path = shutil.which("redis-server")
    if path is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    return path


def _database_url() -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql)


def _wait_for(url: str, process: subprocess.Popen, what: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 — our own loopback
                return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"{what} did not start") from None
            time.sleep(0.3)


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def prepare() -> dict:
    """The writers and what they may write; the actor slugs citizens browse."""
    from django.contrib.auth import get_user_model

    from accounts.services import api_token_create
    from actors.choices import ActorKind, ManagerRole
    from actors.models import Actor, ActorManager
    from municipality.models import OfficerRole
    from network.models import Municipality

    public = list(Actor.objects.filter(is_public=True).values_list("slug", flat=True))
    municipalities = list(Municipality.objects.order_by("nis_code")[:WRITERS])
    writers = []
    for number, municipality in enumerate(municipalities):
        user = get_user_model().objects.create_user(
            email=f"loadtest{number}@example.org", password=secrets.token_urlsafe(16)
        )
        actor = Actor.objects.create(
            kind=ActorKind.FARMER,
            name=f"Loadtest Hoeve {number}",
            slug=f"loadtest-hoeve-{number}",
            municipality=municipality,
            latitude=municipality.latitude,
            longitude=municipality.longitude,
            is_public=True,
        )
        ActorManager.objects.create(actor=actor, user=user, role=ManagerRole.OWNER)
        OfficerRole.objects.create(user=user, municipality=municipality)
        _, token = api_token_create(user=user, name="loadtest")
        writers.append(
            {
                "token": token,
                "actor": actor.slug,
                "municipality": municipality.nis_code,
                "targets": public,
            }
        )
    return {"actor_slugs": public, "writers": writers}


def count_writes(status: dict) -> tuple[list[tuple[str, int, int]], list[str]]:
    """(what, locust saw succeed, rows in the database) per kind of write, and the problems."""
    from django.db.models import Count, Q

    from actors.models import Actor
    from cooperation.models import PartnershipRequest
    from municipality.models import SupportAction
    from network.models import OutboxEmail

    requests = PartnershipRequest.objects.filter(created_by__email__startswith="loadtest")
    # What the outbox must hold: one row per manager address of each request's receiver.
    per_receiver = dict(
        Actor.objects.filter(pk__in=requests.values("to_actor"))
        .annotate(n=Count("managers__user__email", filter=~Q(managers__user__email="")))
        .values_list("pk", "n")
    )
    expected_mails = sum(per_receiver[r] for r in requests.values_list("to_actor", flat=True))
    request_ids = {str(pk) for pk in requests.values_list("pk", flat=True)}
    mails = sum(
        1
        for key in OutboxEmail.objects.filter(
            dedupe_key__startswith="partnership-request:"
        ).values_list("dedupe_key", flat=True)
        if key.split(":")[1] in request_ids
    )
    rows = [
        (
            "write: partnership request",
            status.get("write: partnership request", {}).get("201", 0),
            requests.count(),
        ),
        (
            "write: support action",
            status.get("write: support action", {}).get("201", 0),
            SupportAction.objects.filter(title__startswith="Loadtest ").count(),
        ),
        ("outbox e-mails of those requests", expected_mails, mails),
    ]
    problems = [
        f"{what}: locust saw {seen} succeed, the database holds {stored}"
        for what, seen, stored in rows
        if seen != stored
    ]
    return rows, problems


def main() -> int:
    keep = os.environ.get("KEEP") == "1"
    work = Path(tempfile.mkdtemp(prefix="ketenwerk-loadtest-"))
    redis_port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loadtest.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "KETENWERK_API_THROTTLE_ANON": GENEROUS,
        "KETENWERK_API_THROTTLE_USER": GENEROUS,
    }
    os.environ.update(env)
    redis = gunicorn = None
    print(f"==> database {DATABASE}, redis-server on port {redis_port}", flush=True)
    _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{DATABASE}"')
    try:
        redis = subprocess.Popen(  # noqa: S603 — a fixed command line
            [
                _redis_server(),
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(work),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        print("==> migrate and seed the demo data", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        call_command("seed_demo", verbosity=0, force=True)  # our own throw-away database
        plan = prepare()
        connections.close_all()
        plan_file = work / "plan.json"
        plan_file.write_text(json.dumps(plan))
        print(
            f"    {len(plan['actor_slugs'])} public actors, {len(plan['writers'])} writers",
            flush=True,
        )

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        with open(work / "gunicorn.log", "wb") as log:
            gunicorn = subprocess.Popen(  # noqa: S603 — a fixed command line
                [
                    str(BIN / "gunicorn"),
                    "--config",
                    str(BASE_DIR / "gunicorn.conf.py"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    "/dev/null",
                    "--log-level",
                    "warning",
                    "network.wsgi",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_for(f"{base}/health/", gunicorn, "gunicorn")

        print(f"==> locust: {USERS} users for {SECONDS} s against {base}", flush=True)
        result_file = work / "status.json"
        subprocess.run(  # noqa: S603 — a fixed command line; locust's own verdict is ours below
            [
                str(BIN / "locust"),
                "-f",
                str(BASE_DIR / "loadtest" / "locustfile.py"),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                str(USERS),
                "--run-time",
                f"{SECONDS}s",
                "--host",
                base,
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=BASE_DIR,
            env={**env, "LOADTEST_PLAN": str(plan_file), "LOADTEST_RESULT": str(result_file)},
            check=False,
        )
        _stop(gunicorn)
        status = json.loads(result_file.read_text())
        with open(work / "locust_stats.csv") as stats:
            total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")

        rows, problems = count_writes(status)
        server_errors = sum(
            n for codes in status.values() for code, n in codes.items() if code.startswith("5")
        )
        no_answer = sum(codes.get("0", 0) for codes in status.values())
        failed_writes = sum(
            n
            for name, codes in status.items()
            if name.startswith("write:")
            for code, n in codes.items()
            if not code.startswith("2")
        )

        print("\n==> Figures")
        print(
            f"  requests      {int(total['Request Count'])} in {SECONDS} s: "
            f"{float(total['Requests/s']):.1f} req/s, p50 {total['50%']} ms, "
            f"p95 {total['95%']} ms, max {float(total['Max Response Time']):.0f} ms"
        )
        print(f"  5xx           {server_errors}")
        print(f"  no answer     {no_answer}")
        print(f"  failed writes {failed_writes}")
        for name in sorted(status):
            codes = ", ".join(f"{code}: {n}" for code, n in sorted(status[name].items()))
            print(f"    {name:<32} {codes}")
        print("  writes        locust saw succeed / rows in the database")
        for what, seen, stored in rows:
            print(f"    {what:<34} {seen:>6} / {stored}")
        if server_errors:
            problems.append(f"{server_errors} responses were 5xx")
            print((work / "gunicorn.log").read_text()[-4000:])
        if no_answer:
            problems.append(f"{no_answer} requests got no answer")
        if failed_writes:
            problems.append(f"{failed_writes} writes were refused")
        if not rows[0][1] or not rows[1][1]:
            problems.append("no write succeeded: the load test did not test writes")
        print()
        if problems:
            print("LOAD TEST FAILED:\n  " + "\n  ".join(problems))
            return 1
        print("Load test passed: zero 5xx, zero lost writes.")
        return 0
    finally:
        _stop(gunicorn)
        _stop(redis)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 — Django may not have been set up yet
            pass
        if keep:
            print(f"kept database {DATABASE}; logs in {work}")
        else:
            _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
