"""Real moving parts for the fault tests: a Redis of our own that a test may stop and start,
a real Celery worker in a subprocess, and this process's cache and broker pointed at them.

The shared Redis on 6379 and the shared PostgreSQL are never stopped: each test starts its own
`redis-server` on a free port, and only kills processes it started, by their id.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.test import override_settings
from kombu import pools as kombu_pools

from network.celery import app as celery_app
from tests.factories import ActorFactory, MunicipalityFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _redis_server() -> str:
    path = shutil.which("redis-server")
    assert path, "the fault tests need redis-server (apt-get install redis-server)"
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, *, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class RedisServer:
    """A throw-away redis-server on a free port, without persistence: a restart is empty."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=2)

    def ping(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.exceptions.ConnectionError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 — a fixed command line
            [
                _redis_server(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
        wait_until(lambda: not self.ping(), timeout=5, what="redis-server to stop")

    def queue_is_idle(self) -> bool:
        """No task waiting in the default queue and none handed out unacknowledged."""
        client = self.client()
        return client.llen("celery") == 0 and client.hlen("unacked") == 0


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    if server.process:
        server.stop()


def _reset_celery_pools() -> None:
    """Forget every broker connection pool, so the next publish uses the broker now configured.

    kombu keeps pools in a process-wide registry keyed by connection; closing one without
    clearing that registry would leave a closed pool behind for the next test.
    """
    kombu_pools.reset()
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def web_side_on(redis_url: str):
    """This process's cache and Celery broker on `redis_url`, tasks sent to a real broker.

    The cache is the production fail-safe one; its short-circuit is off (0 s) so that the
    moment Redis is back, the test sees it back.
    """
    caches = {
        "default": {
            "BACKEND": "network.cache.FailSafeRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "ketenwerk",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "DOWN_RETRY_SECONDS": 0,
            },
        }
    }
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    with override_settings(REDIS_URL=redis_url, CELERY_BROKER_URL=redis_url, CACHES=caches):
        conf.update(broker_url=redis_url, task_always_eager=False, result_backend=redis_url)
        _reset_celery_pools()
        try:
            yield
        finally:
            conf.update(saved)
            _reset_celery_pools()


class MailDir:
    """The folder the gated file mail backend of a worker writes to (tests/faults/mailbackend)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def _lines(self, name: str) -> list[str]:
        path = self.folder / name
        return path.read_text().splitlines() if path.exists() else []

    def started(self) -> list[tuple[int, float]]:
        return [
            (int(pid), float(at))
            for pid, at in (line.split() for line in self._lines("started.log"))
        ]

    def sent(self) -> list[str]:
        return self._lines("sent.log")

    def hold(self) -> None:
        (self.folder / "gate").touch()

    def release(self) -> None:
        (self.folder / "release").touch()


@pytest.fixture
def mail_dir(tmp_path):
    return MailDir(tmp_path / "mail")


class Worker:
    """A real `celery worker` (prefork, one child) on our Redis and the test database."""

    def __init__(self, *, redis_url: str, mail_dir: MailDir, log: Path, visibility: int):
        self.redis_url = redis_url
        self.mail_dir = mail_dir
        self.log = log
        self.visibility = visibility
        self.process = None

    def _database_url(self) -> str:
        settings = connection.settings_dict
        auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        return f"postgresql://{auth}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": self._database_url(),
            "REDIS_URL": self.redis_url,
            "KETENWERK_CELERY_VISIBILITY_TIMEOUT": str(self.visibility),
            "KETENWERK_FAULTS_MAIL_DIR": str(self.mail_dir.folder),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        self.log_offset = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 — a fixed command line
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "network",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    f"--hostname=faults-{free_port()}@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: main and children, ours
            )
        wait_until(self._ready, timeout=60, what="the Celery worker to be ready", interval=0.2)

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"worker exited: {self.log.read_text()[-3000:]}")
        with open(self.log, "rb") as log:
            log.seek(self.log_offset)
            return b" ready." in log.read()

    def kill_all(self) -> None:
        """SIGKILL the main process and its children at once: no chance to re-queue."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def start_worker(tmp_path, mail_dir):
    workers = []

    def start(redis_url: str, *, visibility: int = 60) -> Worker:
        worker = Worker(
            redis_url=redis_url,
            mail_dir=mail_dir,
            log=tmp_path / "worker.log",
            visibility=visibility,
        )
        workers.append(worker)
        worker.start()
        return worker

    yield start
    for worker in workers:
        worker.stop()


# ---- a partnership request, the write that queues an e-mail --------------------------------


@pytest.fixture
def sender(db):
    return UserFactory(email="sender@example.org")


@pytest.fixture
def receiver(db):
    return UserFactory(email="receiver@example.org")


@pytest.fixture
def sender_farm(sender):
    return ActorFactory(name="Hoeve Het Veld", owner=sender, municipality=MunicipalityFactory())


@pytest.fixture
def receiver_farm(receiver):
    return ActorFactory(name="Hoeve De Kouter", owner=receiver, municipality=MunicipalityFactory())
