"""Gunicorn settings for production: `gunicorn --config gunicorn.conf.py network.wsgi`.

Sync workers, 2 x cores + 1 of them unless WEB_CONCURRENCY says otherwise: the default of one
worker leaves a multi-core machine idle, and the pages are short database reads that sync
workers serve well (STACK.md). Workers are recycled after a jittered number of requests so a
slow leak cannot grow without bound, and never all at once.
"""

import multiprocessing
import os


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        # Same one-line style as the Django settings: what is wrong and how to fix it.
        raise SystemExit(f"Configuration error: {name}={raw!r} is not a positive whole number.")
    return int(raw)


bind = "0.0.0.0:8000"
worker_class = "sync"
workers = _positive_int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)

# The longest request line gunicorn accepts (its maximum; the default is 4094): a directory
# search with several kinds, labels and a place fits. Longer gets 414, documented in the API.
limit_request_line = 8190

# A request that takes longer than this is stuck: the worker is killed and replaced.
timeout = _positive_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5

max_requests = 1000
max_requests_jitter = 100

# Load the app once in the master: a configuration error stops the start with its one-line
# message instead of every worker failing to boot in turn, and workers share its memory.
preload_app = True

# The heartbeat file on a tmpfs: a container's overlay filesystem can stall it for seconds.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# No control socket: nothing here uses gunicornc, and the app user's home is read-only.
control_socket_disable = True

# Access log on stdout, without the client address: visitors' IP addresses are personal data
# and the proxy in front already logs what is needed for abuse handling.
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'


def when_ready(server):
    """Tune the garbage collector for serving requests (network/gc_tuning.py) once the app is
    preloaded, before the workers are forked: they inherit it."""
    from network.gc_tuning import tune_for_requests

    tune_for_requests()
