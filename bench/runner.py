"""`python -m bench` (`make bench`): build a Flanders-size database, measure, report, drop it.

1. A dedicated PostgreSQL database, named after DATABASE_URL's with `_bench` added unless the
   name already says bench (default postgresql://postgres@127.0.0.1:5432/ketenwerk_bench), is
   created fresh, migrated and seeded (`seed_demo --flanders FRACTION`).
2. In process, through the whole Django stack (django.test.Client: middleware, view,
   serializer or template), each key page and endpoint is requested at least 200 times with
   varied parameters: p50, p95, max in ms and SQL queries per request.
3. The physical limit beside it: the directory API's and the partner finder's result computed
   by one hand-written SQL query through psycopg and json.dumps, timed in the same run.
4. Under load: gunicorn (gunicorn.conf.py, workers for this machine's cores) serves the
   directory API, the actor page and a bare `.values()` view (the ceiling) to wrk (or locust)
   with 16 clients: requests per second, p95, errors.
5. A table with the issue's targets beside the figures, and bench/results/<time>-<scale>.json.
   The database is dropped at the end unless KEEP=1 (or --keep).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/ketenwerk_bench"
SCALES = {"full": 1.0, "small": 0.05}
LOAD_SECONDS = {"full": 30, "small": 8}
LOAD_CLIENTS = 16

# The targets: p95 in ms (and the directory API within 3x its raw-SQL baseline).
TARGETS_P95_MS = {
    "directory_api": 40,
    "directory_page": 80,
    "actor_page": 50,
    "cooperation_page": 50,
    "partner_finder": 150,
    "support_actions": 60,
    "network_overview": 60,
    "dashboard": 200,
}
TARGET_RAW_RATIO = {"directory_api": 3.0}
TARGET_LOAD_RPS = {"directory_api": 300}
CHANNELS = ("farm_shop", "farmers_market", "vending_machine", "neighbourhood_shop")


# ---------------------------------------------------------------------------------------------
# The database
# ---------------------------------------------------------------------------------------------


def bench_database_url(url: str) -> tuple[str, str]:
    """The bench database's URL and name: never the database DATABASE_URL names itself, so
    dropping it at the end cannot hit real data."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("The benchmark runs on PostgreSQL: DATABASE_URL=postgresql://…")
    name = parts.path.lstrip("/") or "ketenwerk"
    if "bench" not in name:
        name = f"{name}_bench"
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _admin_connect(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def create_database(url: str, name: str) -> None:
    with _admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str, name: str) -> None:
    with _admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------------------------------------
# Measuring in process
# ---------------------------------------------------------------------------------------------


def summarise(times_ms: list[float], queries: list[int]) -> dict:
    ordered = sorted(times_ms)

    def pct(p):
        return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]

    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(pct(95), 2),
        "max_ms": round(ordered[-1], 2),
        "queries_min": min(queries) if queries else None,
        "queries_max": max(queries) if queries else None,
        "queries_median": statistics.median(queries) if queries else None,
    }


def measure_client(client, paths: list[str], *, warmup: int = 5) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path in paths[:warmup]:
        client.get(path)
    times, queries, statuses = [], [], {}
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            elapsed = (time.perf_counter() - started) * 1000
        times.append(elapsed)
        queries.append(len(captured.captured_queries))
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    result = summarise(times, queries)
    result["statuses"] = {str(code): count for code, count in sorted(statuses.items())}
    return result


def measure_callable(fn, args_list: list, *, warmup: int = 5) -> dict:
    for args in args_list[:warmup]:
        fn(*args)
    times = []
    for args in args_list:
        started = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - started) * 1000)
    result = summarise(times, [1] * len(times))
    return result


class Samples:
    """Varied, reproducible parameters drawn from what the database holds."""

    def __init__(self, n: int, seed: int = 7):
        from django.db.models import Count, Max

        from actors.models import Actor, Need, ProductCategory
        from cooperation.models import Cooperation
        from network.models import Municipality, Region

        rng = random.Random(seed)  # noqa: S311 — sampling, not security
        self.rng = rng
        self.n = n
        self.towns = list(
            Municipality.objects.exclude(province__slug="brussel").values_list(
                "nis_code", "latitude", "longitude", "population"
            )
        )
        weights = [(t[3] or 8000) for t in self.towns]
        self.points = []
        for town in rng.choices(self.towns, weights=weights, k=n):
            self.points.append(
                (round(town[1] + rng.gauss(0, 0.02), 5), round(town[2] + rng.gauss(0, 0.03), 5))
            )
        categories = ProductCategory.objects.annotate(
            n=Count("offers") + Count("children__offers")
        ).filter(n__gt=0)
        self.products = list(categories.values_list("slug", flat=True))
        self.product_ids = dict(ProductCategory.objects.values_list("slug", "id"))
        self.nis_codes = [t[0] for t in self.towns]
        self.regions = list(Region.objects.values_list("slug", flat=True))
        public = Actor.objects.listed().order_by("?")
        self.actor_slugs = list(public.values_list("slug", flat=True)[: max(n, 500)])
        self.coop_slugs = list(
            Cooperation.objects.public().order_by("?").values_list("slug", flat=True)[: max(n, 200)]
        )
        farmers = list(
            Actor.objects.listed()
            .filter(kind="farmer")
            .order_by("?")
            .values_list("id", "slug", "latitude", "longitude")[: max(n, 200)]
        )
        widest = dict(
            Need.objects.filter(actor_id__in=[f[0] for f in farmers], is_active=True)
            .values_list("actor_id")
            .annotate(widest=Max("max_distance_km"))
        )
        self.farmers = [(*f, widest.get(f[0], 0)) for f in farmers]
        self.directory_params = [
            {
                "near": f"{lat},{lon}",
                "radius_km": 15,
                "product": rng.choice(self.products),
                "channel": rng.choice(CHANNELS),
            }
            for lat, lon in self.points
        ]

    def pick(self, values):
        return [values[i % len(values)] for i in range(self.n)]


def in_process(samples: Samples, n: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    with translation.override("nl"):
        directory = reverse("actors:directory")
        overview = reverse("network:home")
        actions = reverse("municipality:action_list")
        actor_pages = [
            reverse("actors:actor_detail", kwargs={"slug": s})
            for s in samples.pick(samples.actor_slugs)
        ]
        coop_pages = [
            reverse("cooperation:detail", kwargs={"slug": s})
            for s in samples.pick(samples.coop_slugs)
        ]
        dashboards = [
            reverse("municipality:dashboard", kwargs={"nis": nis})
            for nis in samples.pick(samples.nis_codes)
        ]
    api = "/api/v1/actors/"
    anonymous = Client()
    staff = Client()
    staff.force_login(get_user_model().objects.filter(is_staff=True).order_by("pk").first())
    plans = {
        "directory_api": (anonymous, [f"{api}?{urlencode(p)}" for p in samples.directory_params]),
        "directory_page": (
            anonymous,
            [f"{directory}?{urlencode(p)}" for p in samples.directory_params],
        ),
        "geojson_region": (
            anonymous,
            [
                f"{api}?{urlencode({'format': 'geojson', 'region': r})}"
                for r in samples.pick(samples.regions)
            ],
        ),
        "actor_page": (anonymous, actor_pages),
        "cooperation_page": (anonymous, coop_pages),
        "partner_finder": (
            staff,
            [
                f"/api/v1/partner-matches/?{urlencode({'actor': f[1]})}"
                for f in samples.pick(samples.farmers)
            ],
        ),
        "support_actions": (
            anonymous,
            [
                f"{actions}?{urlencode({'municipality': nis})}"
                for nis in samples.pick(samples.nis_codes)
            ],
        ),
        "dashboard": (anonymous, dashboards),
        "network_overview": (anonymous, [overview] * n),
    }
    # The garbage collector tuned as gunicorn.conf.py tunes it in production.
    from network.gc_tuning import tune_for_requests

    tune_for_requests()
    results = {}
    for name, (client, paths) in plans.items():
        started = time.monotonic()
        results[name] = measure_client(client, paths)
        results[name]["example"] = paths[0]
        print(
            f"  {name:<18} p50 {results[name]['p50_ms']:>8.1f} ms  p95 "
            f"{results[name]['p95_ms']:>8.1f} ms  queries {results[name]['queries_median']:>4}"
            f"  {results[name]['statuses']}  ({time.monotonic() - started:.0f} s)",
            flush=True,
        )
    return results


# ---------------------------------------------------------------------------------------------
# The raw-SQL baseline
# ---------------------------------------------------------------------------------------------


def _haversine_sql(alias: str) -> str:
    return (
        f"2 * 6371.0088 * asin(least(sqrt(power(sin((radians({alias}.latitude) - %(latr)s) / 2), 2)"
        f" + %(coslat)s * cos(radians({alias}.latitude))"
        f" * power(sin((radians({alias}.longitude) - %(lonr)s) / 2), 2)), 1))"
    )


DIRECTORY_SQL = """
WITH hits AS (
    SELECT a.id, a.slug, a.name, a.kind, a.kitchen_type, a.initiative_type, a.description,
           a.postcode, a.street_address, a.latitude, a.longitude, a.phone, a.email, a.website,
           a.photo, a.kbo_number, a.founded_year, a.is_public, a.open_data_consent, a.updated,
           a.municipality_id, {distance} AS distance_km
    FROM actors_actor a
    WHERE a.is_public
      AND a.latitude BETWEEN %(min_lat)s AND %(max_lat)s
      AND a.longitude BETWEEN %(min_lon)s AND %(max_lon)s
      AND EXISTS (SELECT 1 FROM actors_offer o JOIN actors_productcategory c ON c.id = o.category_id
                  WHERE o.actor_id = a.id AND o.is_active
                    AND (c.id = %(category)s OR c.parent_id = %(category)s))
      AND EXISTS (SELECT 1 FROM actors_salespoint s
                  WHERE s.actor_id = a.id AND s.is_active AND s.channel = %(channel)s)
), inside AS (SELECT * FROM hits WHERE distance_km <= %(radius)s)
SELECT i.*, count(*) OVER () AS total,
  (SELECT json_build_object('nis_code', m.nis_code, 'name', m.name_nl)
     FROM network_municipality m WHERE m.id = i.municipality_id) AS municipality,
  (SELECT coalesce(json_agg(json_build_object('slug', l.slug, 'name', l.name_nl,
                                              'certifier', al.certifier)), '[]')
     FROM actors_actorlabel al JOIN actors_label l ON l.id = al.label_id
    WHERE al.actor_id = i.id) AS labels,
  (SELECT coalesce(json_agg(json_build_object('slug', p.slug, 'name', p.name_nl)), '[]')
     FROM (SELECT DISTINCT c.slug, c.name_nl FROM actors_offer o
             JOIN actors_productcategory c ON c.id = o.category_id
            WHERE o.actor_id = i.id AND o.is_active) p) AS products,
  (SELECT coalesce(json_agg(DISTINCT s.channel), '[]') FROM actors_salespoint s
    WHERE s.actor_id = i.id AND s.is_active) AS channels
FROM inside i
ORDER BY i.distance_km, i.name, i.id
LIMIT 20
""".format(distance=_haversine_sql("a"))  # noqa: S608 — a constant expression

PARTNER_SQL = """
WITH mine AS (SELECT DISTINCT category_id FROM actors_offer WHERE actor_id = %(id)s AND is_active),
my_needs AS (SELECT DISTINCT category_id FROM actors_need
              WHERE actor_id = %(id)s AND is_active AND kind = 'product'),
co_members AS (
    SELECT m2.actor_id FROM cooperation_membership m1
      JOIN cooperation_membership m2 ON m2.cooperation_id = m1.cooperation_id
     WHERE m1.actor_id = %(id)s AND m1.status = 'active' AND m2.status = 'active'),
candidates AS (
    SELECT a.id, a.slug, a.name, a.kind, {distance} AS distance_km
      FROM actors_actor a
     WHERE a.is_public AND a.id <> %(id)s
       AND a.kind NOT IN ('knowledge_institution', 'adviser')
       AND a.latitude BETWEEN %(min_lat)s AND %(max_lat)s
       AND a.longitude BETWEEN %(min_lon)s AND %(max_lon)s
       AND a.id NOT IN (SELECT actor_id FROM co_members)
),
nearest AS (
    SELECT * FROM candidates WHERE distance_km <= %(radius)s
     ORDER BY distance_km, id LIMIT 250
),
fits AS (
    SELECT n.*,
      (SELECT count(*) FROM actors_need x WHERE x.actor_id = n.id AND x.is_active
          AND x.category_id IN (SELECT category_id FROM mine)) AS supply,
      (SELECT count(*) FROM actors_offer o WHERE o.actor_id = n.id AND o.is_active
          AND o.category_id IN (SELECT category_id FROM my_needs)) AS demand,
      (SELECT count(DISTINCT o.category_id) FROM actors_offer o WHERE o.actor_id = n.id
          AND o.is_active AND o.category_id IN (SELECT category_id FROM mine)) AS shared,
      (SELECT count(DISTINCT o.category_id) FROM actors_offer o WHERE o.actor_id = n.id
          AND o.is_active AND o.category_id NOT IN (SELECT category_id FROM mine)) AS fresh
    FROM nearest n
)
SELECT id, slug, name, kind, distance_km,
  round(100 * (1 - (1 - least(supply, 1)) * (1 - least(demand, 1))
                   * (1 - 0.8 * least(fresh / 3.0, 1))
                   * (1 - 0.5 * CASE WHEN kind = %(kind)s THEN 0.6 * least(shared / 2.0, 1)
                                     ELSE 0 END))
        * exp(-distance_km / 25)) AS score
FROM fits
ORDER BY score DESC, distance_km
LIMIT 20
""".format(distance=_haversine_sql("a"))  # noqa: S608 — a constant expression


def _geo_params(lat: float, lon: float, radius: float) -> dict:
    from network.geo import bounding_box

    box = bounding_box(lat, lon, radius)
    return {
        "latr": math.radians(lat),
        "lonr": math.radians(lon),
        "coslat": math.cos(math.radians(lat)),
        "min_lat": box.min_lat,
        "max_lat": box.max_lat,
        "min_lon": box.min_lon,
        "max_lon": box.max_lon,
        "radius": radius,
    }


def raw_baselines(url: str, samples: Samples) -> dict:
    import psycopg
    from psycopg.rows import dict_row

    from actors.choices import ActorKind

    kinds = dict(ActorKind.choices)
    results = {}
    from network.config import PG_SESSION_OPTIONS

    # The app's session settings (no parallel query workers), so both sides run alike.
    with psycopg.connect(url, row_factory=dict_row, options=PG_SESSION_OPTIONS) as conn:

        def directory(params: dict) -> str:
            lat, lon = (float(x) for x in params["near"].split(","))
            query = {
                **_geo_params(lat, lon, 15.0),
                "category": samples.product_ids[params["product"]],
                "channel": params["channel"],
            }
            rows = conn.execute(DIRECTORY_SQL, query).fetchall()
            total = rows[0]["total"] if rows else 0
            results_ = []
            for row in rows:
                row.pop("total")
                row.pop("municipality_id")
                row["kind_display"] = str(kinds.get(row["kind"], row["kind"]))
                row["url"] = f"/nl/producenten/{row['slug']}/"
                row["distance_km"] = round(row["distance_km"], 1)
                row["photo"] = row["photo"] or None
                results_.append(row)
            return json.dumps(
                {"count": total, "next": None, "previous": None, "results": results_}, default=str
            )

        def partners(farmer: tuple) -> str:
            actor_id, _slug, lat, lon, widest = farmer
            radius = min(100.0, max(50.0, float(widest or 0)))
            query = {**_geo_params(lat, lon, radius), "id": actor_id, "kind": "farmer"}
            rows = conn.execute(PARTNER_SQL, query).fetchall()
            return json.dumps(rows, default=str)

        results["directory_api"] = measure_callable(
            directory, [(p,) for p in samples.directory_params]
        )
        results["partner_finder"] = measure_callable(
            partners, [(f,) for f in samples.pick(samples.farmers)]
        )
    return results


# ---------------------------------------------------------------------------------------------
# Under load
# ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
init = function(args)
  hits = 0
  misses = 0
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
%(response)s
done = function(summary, latency, requests)
  local e = summary.errors
  local hit, miss = 0, 0
  for _, thread in ipairs(threads) do
    hit = hit + (thread:get("hits") or 0)
    miss = miss + (thread:get("misses") or 0)
  end
  io.write(string.format("BENCHRESULT %%d %%d %%d %%d %%d %%d %%d %%.3f %%.3f %%.3f %%d %%d\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.max / 1000, hit, miss))
end
"""
# Counting X-Cache (network.response_cache) makes wrk parse every answer's headers: only for
# the runs whose hit ratio is reported.
WRK_COUNT_CACHE = """
response = function(status, headers, body)
  local cache = headers["X-Cache"]
  if cache == "hit" then hits = hits + 1 elseif cache == "miss" then misses = misses + 1 end
end
"""

LOCUSTFILE = """
import os, random
from locust import task, constant
from locust.contrib.fasthttp import FastHttpUser

PATHS = open(os.environ["BENCH_PATHS"]).read().split()

class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def get(self):
        self.client.get(random.choice(PATHS), name="bench")
"""


def run_load(
    base: str, paths: list[str], seconds: int, workdir: Path, *, count_cache: bool = False
) -> dict:
    wrk = shutil.which("wrk")
    if wrk:
        script = workdir / "bench.lua"
        script.write_text(
            WRK_SCRIPT
            % {
                "paths": ", ".join(json.dumps(p) for p in paths),
                "response": WRK_COUNT_CACHE if count_cache else "",
            }
        )
        completed = subprocess.run(  # noqa: S603
            [
                wrk,
                "-t2",
                f"-c{LOAD_CLIENTS}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        line = next((x for x in completed.stdout.splitlines() if x.startswith("BENCHRESULT")), None)
        if line is None:
            return {"tool": "wrk", "error": completed.stdout + completed.stderr}
        parts = line.split()[1:]
        requests, duration_us = int(parts[0]), int(parts[1])
        errors = sum(int(x) for x in parts[2:7])
        result = {
            "tool": "wrk",
            "clients": LOAD_CLIENTS,
            "seconds": seconds,
            "requests": requests,
            "rps": round(requests / (duration_us / 1e6), 1),
            "errors": errors,
            "p50_ms": float(parts[7]),
            "p95_ms": float(parts[8]),
            "max_ms": float(parts[9]),
        }
        if count_cache:
            hits, misses = int(parts[10]), int(parts[11])
            result["cache_hits"], result["cache_misses"] = hits, misses
            # No X-Cache header at all: the cache was off (None, not "0 % hits").
            result["hit_ratio"] = round(hits / requests, 3) if requests and hits + misses else None
        return result
    locust = Path(sys.executable).with_name("locust")
    if not locust.exists():
        return {
            "error": "neither wrk nor locust found: apt-get install wrk, or pip install -e .[load]"
        }
    (workdir / "paths.txt").write_text("\n".join(paths))
    (workdir / "locustfile.py").write_text(LOCUSTFILE)
    prefix = workdir / "locust"
    subprocess.run(  # noqa: S603
        [
            str(locust),
            "-f",
            str(workdir / "locustfile.py"),
            "--headless",
            "-u",
            str(LOAD_CLIENTS),
            "-r",
            str(LOAD_CLIENTS),
            "-t",
            f"{seconds}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, "BENCH_PATHS": str(workdir / "paths.txt")},
        capture_output=True,
        check=False,
    )
    import csv

    with open(f"{prefix}_stats.csv") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    return {
        "tool": "locust",
        "clients": LOAD_CLIENTS,
        "seconds": seconds,
        "requests": int(row["Request Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "errors": int(row["Failure Count"]),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "max_ms": float(row["Max Response Time"]),
    }


# The bench gunicorn's shared cache when the runner's environment names no Redis: this db
# number only, flushed at the start so every run starts cold.
BENCH_REDIS_URL = "redis://127.0.0.1:6379/14"


def _bench_redis_url() -> tuple[str, bool]:
    """The Redis the bench gunicorn caches in, and whether it is the bench's own (flushable)."""
    given = os.environ.get("REDIS_URL", "").strip()
    return (given, False) if given else (BENCH_REDIS_URL, True)


def _flush_redis_db(url: str) -> str | None:
    """FLUSHDB on `url`'s db number only; an error message when Redis is not there."""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except Exception as error:  # noqa: BLE001 — reported, the run goes on without Redis
        return f"{error.__class__.__name__}: {error}"
    return None


class _Gunicorn:
    """gunicorn (gunicorn.conf.py) on a free port with `env`, until the context ends."""

    def __init__(self, env: dict):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = env

    def __enter__(self) -> str:
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            str(BASE_DIR / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
            "network.wsgi",
        ]
        self.server = subprocess.Popen(  # noqa: S603
            command, cwd=BASE_DIR, env=self.env, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/health/", timeout=2):  # noqa: S310
                    return self.base
            except OSError:
                if time.monotonic() > deadline or self.server.poll() is not None:
                    self.__exit__()
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.5)

    def __exit__(self, *exc_info):
        os.killpg(self.server.pid, signal.SIGTERM)
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)


def _print_load(name: str, r: dict) -> None:
    ratio = f"  hits {r['hit_ratio']:.0%}" if r.get("hit_ratio") is not None else ""
    print(
        f"  {name:<24} {r.get('rps', 0):>7.1f} req/s  p95 {r.get('p95_ms', 0):>7.1f} ms"
        f"  errors {r.get('errors')}{ratio}  ({r.get('tool')})",
        flush=True,
    )


def under_load(bench_url: str, samples: Samples, seconds: int) -> dict:
    """The load runs, as deployed: a shared Redis cache, so the directory API answers repeated
    anonymous searches from network.response_cache. Then the directory API once more from a
    gunicorn with that cache off (KETENWERK_API_CACHE_SECONDS=0): `directory_api_uncached`."""
    from django.urls import reverse
    from django.utils import translation

    redis_url, own_redis = _bench_redis_url()
    results: dict = {"cache": {"redis": redis_url}}
    if own_redis:
        problem = _flush_redis_db(redis_url)
        if problem:
            results["cache"]["error"] = problem
            print(f"  cache: {redis_url} not usable ({problem}); caching off", flush=True)
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "REDIS_URL": redis_url,
    }
    env.pop("KETENWERK_API_CACHE_SECONDS", None)  # as deployed: the default TTL
    with translation.override("nl"):
        actor_paths = [
            reverse("actors:actor_detail", kwargs={"slug": s}) for s in samples.actor_slugs
        ]
    query = [urlencode(p) for p in samples.directory_params]
    directory = [f"/api/v1/actors/?{q}" for q in query]
    plans = {
        "directory_api": directory,
        "actor_page": actor_paths,
        "ceiling_values_view": [f"/bench/ceiling/?{q}" for q in query],
    }
    with tempfile.TemporaryDirectory() as workdir:
        with _Gunicorn(env) as base:
            for name, paths in plans.items():
                results[name] = run_load(
                    base, paths, seconds, Path(workdir), count_cache=name == "directory_api"
                )
                _print_load(name, results[name])
        with _Gunicorn({**env, "KETENWERK_API_CACHE_SECONDS": "0"}) as base:
            name = "directory_api_uncached"
            results[name] = run_load(base, directory, seconds, Path(workdir), count_cache=True)
            _print_load(name, results[name])
    results["workers"] = _gunicorn_workers()
    return results


def _gunicorn_workers() -> int:
    import multiprocessing

    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    return int(raw) if raw.isdigit() else 2 * multiprocessing.cpu_count() + 1


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def verdicts(report: dict) -> dict:
    out = {}
    for name, target in TARGETS_P95_MS.items():
        measured = report["in_process"].get(name)
        if measured:
            out[f"{name} p95 ≤ {target} ms"] = measured["p95_ms"] <= target
    for name, ratio in TARGET_RAW_RATIO.items():
        raw = report["raw_sql"].get(name)
        measured = report["in_process"].get(name)
        # Only at full size: at 5 % the raw query takes ~1 ms and the ratio measures Django's
        # fixed cost per request, not how the code scales with the data.
        if raw and measured and report["scale"] == "full":
            out[f"{name} p95 ≤ {ratio:g}× raw SQL"] = measured["p95_ms"] <= ratio * raw["p95_ms"]
    for name, rps in TARGET_LOAD_RPS.items():
        load = report.get("load", {}).get(name)
        if load and "rps" in load:
            out[f"under load {name} ≥ {rps} req/s, 0 errors"] = (
                load["rps"] >= rps and load["errors"] == 0
            )
    return out


def _previous(scale: str) -> dict | None:
    files = sorted(RESULTS_DIR.glob(f"*-{scale}.json"))
    if not files:
        return None
    return json.loads(files[-1].read_text())


def print_table(report: dict) -> None:
    other = _previous("small" if report["scale"] == "full" else "full")
    raw = report["raw_sql"]
    print()
    print(
        f"Ketenwerk benchmark — scale {report['scale']} ({report['dataset']['actors']} actors), "
        f"{report['machine']['cores']} cores, PostgreSQL {report['machine']['postgresql']}"
    )
    print(
        f"Dataset generated in {report['dataset']['generate_seconds']:.1f} s "
        f"(migrate {report['dataset']['migrate_seconds']:.1f} s)"
    )
    print()
    header = (
        f"{'what':<18} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8} "
        f"{'q@other':>8} {'raw p50':>8} {'raw p95':>8} {'×raw95':>7} {'target p95':>11} {'':>5}"
    )
    print(header)
    print("-" * len(header))
    for name, r in report["in_process"].items():
        base = raw.get(name)
        q_other = ""
        if other and name in other.get("in_process", {}):
            q_other = str(other["in_process"][name]["queries_median"])
        target = TARGETS_P95_MS.get(name)
        verdict = "" if target is None else ("pass" if r["p95_ms"] <= target else "MISS")
        ratio = f"{r['p95_ms'] / base['p95_ms']:.1f}" if base else ""
        raw50 = f"{base['p50_ms']:.1f}" if base else ""
        raw95 = f"{base['p95_ms']:.1f}" if base else ""
        shown_target = f"≤ {target}" if target else "—"
        print(
            f"{name:<18} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['max_ms']:>8.1f} "
            f"{r['queries_median']:>8} {q_other:>8} {raw50:>8} {raw95:>8} "
            f"{ratio:>7} {shown_target:>11} {verdict:>5}"
        )
    load = report.get("load") or {}
    if load:
        print()
        cache = load.get("cache") or {}
        print(
            f"Under load: gunicorn, {load.get('workers')} sync workers, {LOAD_CLIENTS} clients; "
            f"directory API cache in {cache.get('redis', '?')}"
            + (f" (not usable: {cache['error']})" if cache.get("error") else "")
        )
        print(
            f"{'what':<24} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'hits':>6} "
            f"{'target':>14}"
        )
        for name in (
            "directory_api",
            "directory_api_uncached",
            "actor_page",
            "ceiling_values_view",
        ):
            r = load.get(name)
            if not r or "rps" not in r:
                print(f"{name:<24} {r.get('error', 'not run') if r else 'not run'}")
                continue
            target = TARGET_LOAD_RPS.get(name)
            verdict = ""
            if target:
                verdict = "pass" if r["rps"] >= target and r["errors"] == 0 else "MISS"
            hits = f"{r['hit_ratio']:.0%}" if r.get("hit_ratio") is not None else ""
            print(
                f"{name:<24} {r['rps']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                f"{r['errors']:>7} {hits:>6} {(f'≥ {target} ' + verdict) if target else '—':>14}"
            )
        print(
            "  directory_api: as deployed (anonymous answers cached in Redis, invalidated on "
            "change); directory_api_uncached: the same URLs with the cache off."
        )
    print()
    misses = [name for name, ok in report["verdicts"].items() if not ok]
    print(
        f"Targets: {sum(report['verdicts'].values())}/{len(report['verdicts'])} met"
        + (f"; missed: {', '.join(misses)}" if misses else "")
    )
    if report["scale"] != "full":
        print("(The issue's targets are for the full Flanders dataset; here they are indicative.)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale", choices=sorted(SCALES), default=os.environ.get("SCALE") or "full"
    )
    parser.add_argument("--requests", type=int, default=200, help="Requests per measurement.")
    parser.add_argument("--keep", action="store_true", default=os.environ.get("KEEP") == "1")
    parser.add_argument("--no-load", action="store_true", help="Skip the gunicorn load test.")
    parser.add_argument("--load-seconds", type=int, default=None)
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be positive")

    source_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    bench_url, name = bench_database_url(source_url)
    fraction = SCALES[args.scale]
    started = time.monotonic()
    print(f"Benchmark at scale {args.scale} (fraction {fraction:g}) in database {name}", flush=True)
    create_database(bench_url, name)
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    # In process everything is measured uncached (the samples hardly repeat anyway); the load
    # test runs the directory API both as deployed (cached) and uncached.
    os.environ["KETENWERK_API_CACHE_SECONDS"] = "0"
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    report: dict = {"scale": args.scale, "fraction": fraction}
    try:
        t0 = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        migrate_seconds = time.monotonic() - t0
        t0 = time.monotonic()
        from io import StringIO

        log = StringIO()
        call_command("seed_demo", flanders=fraction, force=True, verbosity=1, stdout=log)
        seed_seconds = time.monotonic() - t0
        generated = next(
            (
                float(line.split(" in ")[-1].rstrip(" s"))
                for line in log.getvalue().splitlines()
                if "Flanders dataset generated in" in line
            ),
            seed_seconds,
        )
        print(
            f"Migrated in {migrate_seconds:.1f} s; seeded in {seed_seconds:.1f} s "
            f"(Flanders dataset {generated:.1f} s)",
            flush=True,
        )
        report["dataset"] = _dataset_counts()
        report["dataset"].update(
            migrate_seconds=round(migrate_seconds, 1),
            seed_seconds=round(seed_seconds, 1),
            generate_seconds=round(generated, 1),
        )
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0]
        report["machine"] = {
            "cores": os.cpu_count(),
            "cpu": _cpu_name(),
            "python": platform.python_version(),
            "postgresql": pg_version,
            "host": platform.node(),
        }
        samples = Samples(args.requests)
        print("In process (django.test.Client, full stack):", flush=True)
        report["in_process"] = in_process(samples, args.requests)
        print("Raw SQL baseline (psycopg + json.dumps):", flush=True)
        report["raw_sql"] = raw_baselines(bench_url, samples)
        for key, r in report["raw_sql"].items():
            print(f"  {key:<18} p50 {r['p50_ms']:>8.1f} ms  p95 {r['p95_ms']:>8.1f} ms", flush=True)
        if not args.no_load:
            seconds = args.load_seconds or LOAD_SECONDS[args.scale]
            print(f"Under load ({LOAD_CLIENTS} clients, {seconds} s each):", flush=True)
            connections.close_all()
            report["load"] = under_load(bench_url, samples, seconds)
        report["verdicts"] = verdicts(report)
        report["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        report["total_seconds"] = round(time.monotonic() - started, 1)
        print_table(report)
        RESULTS_DIR.mkdir(exist_ok=True)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = RESULTS_DIR / f"{stamp}-{args.scale}.json"
        path.write_text(json.dumps(report, indent=2, default=str))
        print(f"\nResults: {path.relative_to(BASE_DIR)} (total {report['total_seconds']:.0f} s)")
    finally:
        connections.close_all()
        if args.keep:
            print(f"Kept database {name} (KEEP=1): {bench_url}")
        else:
            drop_database(bench_url, name)
            print(f"Dropped database {name}.")
    return 0


def _dataset_counts() -> dict:
    from django.db.models import Count

    from accounts.models import User
    from actors.models import Actor, Need, Offer, OpeningHours, SalesPoint
    from cooperation.models import Cooperation, Membership, PartnershipRequest
    from municipality.models import SupportAction
    from network.models import Municipality

    counts = {
        "municipalities": Municipality.objects.count(),
        "actors": Actor.objects.count(),
        "sales_points": SalesPoint.objects.count(),
        "opening_hours": OpeningHours.objects.count(),
        "offers": Offer.objects.count(),
        "needs": Need.objects.count(),
        "cooperations": Cooperation.objects.count(),
        "memberships": Membership.objects.count(),
        "partnership_requests": PartnershipRequest.objects.count(),
        "support_actions": SupportAction.objects.count(),
        "users": User.objects.count(),
    }
    for kind, total in Actor.objects.order_by().values_list("kind").annotate(n=Count("pk")):
        counts[f"actors_{kind}"] = total
    return counts


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()
