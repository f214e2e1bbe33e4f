"""The Flanders dataset: the whole region at full size, written with PostgreSQL COPY.

`seed_demo --flanders [FRACTION]` calls `generate()`. At fraction 1 it writes what the
benchmark issue asks for: about 300 municipalities, 30,000 farmers, 3,000 processors, 2,000
traders, 5,000 shops, 8,000 kitchens, 60,000 sales points with opening hours, 200,000 offers,
50,000 needs, 5,000 cooperations with 50,000 memberships, 100,000 partnership requests, 30,000
support actions and 100,000 users. A fraction scales every count (0.05 for `make bench
SCALE=small`).

How it stays fast: rows are generated as plain tuples from one seeded `random.Random` and
streamed into each table with psycopg's `cursor.copy()`; primary keys are assigned here (from
the table's current maximum) so children can point at parents without reading them back, and
the identity sequences are moved past them at the end. Columns the generator does not set get
their model default, so a new nullable or defaulted column does not break it.

Where it is realistic: actors cluster around town centres (a Gaussian around each centre,
wider for farms than for shops), towns are drawn by population (farms by its square root, as
the countryside has more farms per inhabitant), each producer has a main product group,
cooperations and partnerships are formed between actors of the same or neighbouring towns.

**Synthetic municipalities.** The built-in geography holds 149 real municipalities; no
official list of the others is available offline. To reach ~300 towns the dataset adds
clearly marked synthetic ones (NIS codes 99001…, slugs `benchmark-gemeente-NNN`, names
"Benchmarkgemeente NNN") between real neighbours. They exist only in databases this
generator wrote; the demo and production never see them.

Idempotent: a database that already holds the Flanders actors (slugs `fl-…`) is left alone.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from network.response_cache import DIRECTORY, bump_after_commit

SEED = 2026
SLUG_PREFIX = "fl-"
TARGET_MUNICIPALITIES = 300
SYNTHETIC_NIS_PREFIX = "99"

# Full size (fraction 1), as in the benchmark issue.
SIZES = {
    "farmer": 30_000,
    "processor": 3_000,
    "trader": 2_000,
    "shop": 5_000,
    "kitchen": 8_000,
    "sales_points": 60_000,
    "offers": 200_000,
    "needs": 50_000,
    "cooperations": 5_000,
    "memberships": 50_000,
    "partnership_requests": 100_000,
    "support_actions": 30_000,
    "users": 100_000,
}
ACTOR_KINDS = ("farmer", "processor", "trader", "shop", "kitchen")
# Spread around the town centre (σ, km): farms lie out in the fields, shops in the centre.
SPREAD_KM = {"farmer": 3.5, "processor": 2.5, "trader": 2.5, "shop": 1.2, "kitchen": 1.5}
# Offers per actor kind (a share of the offers total) and needs per kind (share of the needs).
OFFER_SHARE = {"farmer": 0.75, "processor": 0.15, "trader": 0.10}
NEED_SHARE = {"kitchen": 0.48, "shop": 0.30, "processor": 0.12, "farmer": 0.10}
KITCHEN_TYPES = ("school", "care_home", "hospital", "company", "city", "restaurant")
SERVICES = ("processing", "cold_storage", "transport", "machinery", "sales_place")
FORMS_BY_WEIGHT = (
    ("mutual-purchasing", 3),
    ("farmers-cooperative", 2),
    ("joint-processing", 2),
    ("short-chain-supermarket", 1),
    ("distribution-platform", 2),
    ("farmers-consumers-cooperative", 1),
    ("field-to-fork", 2),
)
ACTION_TYPES = (
    "promotion",
    "connection_meeting",
    "place",
    "knowledge",
    "work_session",
    "city_as_lever",
    "means",
)
EVENT_TYPES = ("connection_meeting", "work_session")
FARM_WORDS = ("Hoeve", "Boerderij", "Hof", "Kwekerij", "Zuivelhoeve", "Fruitbedrijf", "Moestuin")
FAMILIES = ("Van Acker", "De Smet", "Claeys", "Peeters", "Maes", "Willems", "Goossens", "Wouters")
KIND_WORDS = {
    "processor": ("Kaasmakerij", "Bakkerij", "Brouwerij", "Slagerij", "Confiturerie"),
    "trader": ("Versdistributie", "Korteketenhandel", "Boerenkoeriers"),
    "shop": ("Buurtwinkel", "Hoevewinkel", "Versmarkt", "Kruidenier"),
    "kitchen": ("Keuken", "Grootkeuken", "Schoolkeuken", "Zorgkeuken"),
}

# Opening-hour patterns per channel: (weekdays, periods).
HOURS = {
    "farm_shop": ((1, 2, 3, 4, 5), (("09:00", "12:00"), ("14:00", "18:00"))),
    "vending_machine": ((0, 1, 2, 3, 4, 5, 6), (("07:00", "22:00"),)),
    "self_harvest": ((2, 5), (("10:00", "17:00"),)),
    "neighbourhood_shop": ((0, 1, 2, 3, 4, 5), (("08:30", "18:30"),)),
    "pickup_point": ((3, 4), (("16:00", "19:00"),)),
    "box_scheme": ((4,), (("15:00", "19:00"),)),
}


@dataclass
class Town:
    id: int
    nis_code: str
    name: str
    latitude: float
    longitude: float
    population: int
    neighbours: list[int] = field(default_factory=list)  # indexes into the town list


@dataclass
class Result:
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    skipped: bool = False


def scaled(name: str, fraction: float) -> int:
    return max(1, round(SIZES[name] * fraction))


# ---------------------------------------------------------------------------------------------
# COPY
# ---------------------------------------------------------------------------------------------


def _constant_defaults(model, given: Sequence[str], now) -> tuple[list[str], tuple]:
    """The columns the generator leaves out, with the value each gets: the model default."""
    columns, values = [], []
    for f in model._meta.concrete_fields:
        if f.attname in given or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        else:
            value = ""
        columns.append(f.column)
        values.append(f.get_db_prep_save(value, connection))
    return columns, tuple(values)


def copy_rows(model, columns: Sequence[str], rows: Iterable[tuple], now) -> int:
    """Stream `rows` (tuples in the order of `columns`, attnames) into the model's table."""
    extra_columns, extra_values = _constant_defaults(model, columns, now)
    names = [model._meta.get_field(c).column if c != "id" else "id" for c in columns]
    column_sql = ", ".join(f'"{name}"' for name in [*names, *extra_columns])
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f'COPY "{table}" ({column_sql}) FROM STDIN') as copy:  # noqa: S608
            for row in rows:
                copy.write_row(row + extra_values)
                count += 1
    return count


def copy_m2m(model, field_name: str, pairs: Iterable[tuple[int, int]]) -> int:
    through = model._meta.get_field(field_name).remote_field.through
    source, target = (
        f.column for f in through._meta.concrete_fields if not f.primary_key
    )  # (from_id, to_id)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f'COPY "{through._meta.db_table}" ("{source}", "{target}") FROM STDIN'  # noqa: S608
        ) as copy:
            for pair in pairs:
                copy.write_row(pair)
                count += 1
    return count


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')  # noqa: S608
        return cursor.fetchone()[0]


def _reset_sequences(models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
            )


# ---------------------------------------------------------------------------------------------
# Geography
# ---------------------------------------------------------------------------------------------


def _ensure_synthetic_municipalities(rng: random.Random, result: Result) -> None:
    """Add marked synthetic municipalities between real neighbours up to ~300 in total."""
    from network.models import Municipality

    real = list(
        Municipality.objects.exclude(nis_code__startswith=SYNTHETIC_NIS_PREFIX)
        .exclude(province__slug="brussel")
        .order_by("nis_code")
    )
    have = Municipality.objects.filter(nis_code__startswith=SYNTHETIC_NIS_PREFIX).count()
    wanted = TARGET_MUNICIPALITIES - len(real) - 1  # Brussels counts as one
    new = []
    for number in range(have + 1, wanted + 1):
        a = rng.choice(real)
        others = sorted(real, key=lambda m: _km(a.latitude, a.longitude, m.latitude, m.longitude))
        b = others[rng.randint(1, 4)]
        t = rng.uniform(0.35, 0.65)
        lat = a.latitude + (b.latitude - a.latitude) * t + rng.gauss(0, 0.01)
        lon = a.longitude + (b.longitude - a.longitude) * t + rng.gauss(0, 0.015)
        new.append(
            Municipality(
                nis_code=f"{SYNTHETIC_NIS_PREFIX}{number:03d}",
                slug=f"benchmark-gemeente-{number:03d}",
                name_nl=f"Benchmarkgemeente {number:03d}",
                name_fr=f"Commune de test {number:03d}",
                province_id=a.province_id,
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                population=rng.randint(6_000, 22_000),
                postcodes="",
            )
        )
    Municipality.objects.bulk_create(new)
    result.counts["synthetic municipalities"] += len(new)


def _km(lat1, lon1, lat2, lon2) -> float:
    return math.hypot((lat2 - lat1) * 111.32, (lon2 - lon1) * 111.32 * 0.63)


def _towns() -> list[Town]:
    from network.models import Municipality

    towns = [
        Town(m.id, m.nis_code, m.name_nl, m.latitude, m.longitude, m.population or 8000)
        for m in Municipality.objects.order_by("nis_code")
    ]
    for index, town in enumerate(towns):
        order = sorted(
            (i for i in range(len(towns)) if i != index),
            key=lambda i: _km(town.latitude, town.longitude, towns[i].latitude, towns[i].longitude),
        )
        town.neighbours = order[:5]
    return towns


def _point(rng: random.Random, town: Town, sigma_km: float) -> tuple[float, float]:
    distance = min(abs(rng.gauss(0, sigma_km)), 3 * sigma_km)
    angle = rng.random() * 2 * math.pi
    lat = town.latitude + distance * math.cos(angle) / 111.32
    lon = town.longitude + distance * math.sin(angle) / (
        111.32 * math.cos(math.radians(town.latitude))
    )
    return round(lat, 6), round(lon, 6)


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


def already_generated() -> bool:
    from actors.models import Actor

    return Actor.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def generate(*, fraction: float = 1.0, out: Callable[[str], None] | None = None) -> Result:
    """Write the Flanders dataset at `fraction` of its full size (PostgreSQL only)."""
    say = out or (lambda text: None)
    result = Result()
    if connection.vendor != "postgresql":
        raise RuntimeError("The Flanders dataset is written with COPY: it needs PostgreSQL.")
    if already_generated():
        result.skipped = True
        say("  Flanders dataset already there: nothing written.")
        return result
    started = time.monotonic()
    rng = random.Random(SEED)  # noqa: S311 — benchmark data, not security
    with transaction.atomic():
        _ensure_synthetic_municipalities(rng, result)
        _Generator(rng, fraction, result, say).run()
        # Written with COPY and bulk_create, no signals: drop the cached directory answers.
        bump_after_commit(DIRECTORY)
    if not connection.in_atomic_block:
        # What autovacuum does soon after a bulk load in production: the visibility map lets
        # the planner answer from index-only scans. It cannot run inside a transaction (a test).
        vacuum_started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        say(f"  vacuum analyze ({time.monotonic() - vacuum_started:.1f} s)")
    result.seconds = time.monotonic() - started
    return result


class _Generator:
    def __init__(self, rng, fraction, result, say):
        from actors.models import ProductCategory
        from cooperation.models import CooperationForm

        self.rng = rng
        self.fraction = fraction
        self.result = result
        self.say = say
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.towns = _towns()
        categories = list(ProductCategory.objects.values("id", "parent_id", "slug"))
        roots = [c for c in categories if c["parent_id"] is None]
        self.leaves_by_root = {
            root["id"]: [c["id"] for c in categories if c["parent_id"] == root["id"]]
            for root in roots
        }
        self.leaves_by_root = {k: v for k, v in self.leaves_by_root.items() if v}
        self.all_leaves = [c for leaves in self.leaves_by_root.values() for c in leaves]
        self.forms = CooperationForm.objects.in_bulk(field_name="slug")
        population = [t.population for t in self.towns]
        self.urban_weights = _cumulative(population)
        self.rural_weights = _cumulative(math.sqrt(p) for p in population)
        # Filled as the stages run.
        self.actors: list[tuple[int, str, int, float, float]] = []  # id, kind, town, lat, lon
        self.actors_by_town: dict[int, list[int]] = {}
        self.owner_of: dict[int, int] = {}  # actor id -> user id

    def _stage(self, name: str, count: int, started: float) -> None:
        self.result.counts[name] += count
        self.say(f"  {name}: {count} ({time.monotonic() - started:.1f} s)")

    def run(self) -> None:
        from accounts.models import User
        from actors.models import Actor, SalesPoint
        from cooperation.models import Cooperation
        from municipality.models import SupportAction

        self.users()
        self.actors_and_owners()
        self.sales_points()
        self.offers_and_needs()
        self.cooperations()
        self.partnership_requests()
        self.support_actions()
        _reset_sequences([User, Actor, SalesPoint, Cooperation, SupportAction])
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self._stage("analyze", 0, started)

    # -- users and actors ----------------------------------------------------------------

    def users(self) -> None:
        started = time.monotonic()
        total = scaled("users", self.fraction)
        self.first_user = _next_id(get_user_model())
        password = make_password("ketenwerk-demo")
        rng = self.rng

        def rows():
            for n in range(total):
                email = f"fl{n}@benchmark.ketenwerk.demo"
                yield (
                    self.first_user + n,
                    email,
                    email,
                    password,
                    rng.choice(("An", "Jan", "Els", "Tom", "Lies", "Pieter", "Sara")),
                    rng.choice(FAMILIES),
                    True,
                    self.now,
                )

        count = copy_rows(
            get_user_model(),
            ["id", "email", "username", "password", "first_name", "last_name", "is_active"]
            + ["date_joined"],
            rows(),
            self.now,
        )
        self.user_count = count
        self._stage("users", count, started)

    def actors_and_owners(self) -> None:
        from actors.models import Actor, ActorManager

        started = time.monotonic()
        rng = self.rng
        next_id = _next_id(Actor)
        plan = [kind for kind in ACTOR_KINDS for _ in range(scaled(kind, self.fraction))]
        rng.shuffle(plan)

        def rows():
            for n, kind in enumerate(plan):
                actor_id = next_id + n
                urban = kind in ("shop", "kitchen")
                town_index = rng.choices(
                    range(len(self.towns)),
                    cum_weights=self.urban_weights if urban else self.rural_weights,
                )[0]
                town = self.towns[town_index]
                lat, lon = _point(rng, town, SPREAD_KM[kind])
                if kind == "farmer":
                    name = f"{rng.choice(FARM_WORDS)} {rng.choice(FAMILIES)}"
                else:
                    name = f"{rng.choice(KIND_WORDS[kind])} {rng.choice(FAMILIES)}"
                name = f"{name} {town.name}"
                public = rng.random() < 0.93
                consent = public and rng.random() < 0.8
                self.actors.append((actor_id, kind, town_index, lat, lon))
                self.actors_by_town.setdefault(town_index, []).append(actor_id)
                yield (
                    actor_id,
                    kind,
                    rng.choice(KITCHEN_TYPES) if kind == "kitchen" else "",
                    name,
                    f"{SLUG_PREFIX}{n:06d}",
                    f"Een {kind} in {town.name}, deel van de korte keten.",
                    f"Dorpsstraat {rng.randint(1, 200)}",
                    town.id,
                    lat,
                    lon,
                    public,
                    consent,
                    self.now if consent else None,
                )

        count = copy_rows(
            Actor,
            ["id", "kind", "kitchen_type", "name", "slug", "description", "street_address"]
            + ["municipality_id", "latitude", "longitude", "is_public", "open_data_consent"]
            + ["open_data_consent_at"],
            rows(),
            self.now,
        )
        self._stage("actors", count, started)

        started = time.monotonic()
        owners = min(len(self.actors), self.user_count)
        for index in range(owners):
            self.owner_of[self.actors[index][0]] = self.first_user + index
        count = copy_rows(
            ActorManager,
            ["actor_id", "user_id", "role"],
            ((actor_id, user_id, "owner") for actor_id, user_id in self.owner_of.items()),
            self.now,
        )
        self._stage("actor owners", count, started)

    # -- sales points and opening hours ---------------------------------------------------

    def sales_points(self) -> None:
        from actors.models import OpeningHours, SalesPoint

        started = time.monotonic()
        rng = self.rng
        total = scaled("sales_points", self.fraction)
        by_kind: dict[str, list] = {}
        for actor in self.actors:
            by_kind.setdefault(actor[1], []).append(actor)
        # One each for shops and traders, one and a half for processors, the rest to farmers.
        owners = list(by_kind.get("shop", [])) + list(by_kind.get("trader", []))
        processors = by_kind.get("processor", [])
        owners += processors + processors[: len(processors) // 2]
        farmers = by_kind.get("farmer", [])
        remaining = max(0, total - len(owners))
        owners += farmers[:remaining]
        extra = remaining - len(farmers)
        while extra > 0 and farmers:
            owners += farmers[: min(extra, len(farmers))]
            extra -= len(farmers)
        owners = owners[:total]
        next_id = _next_id(SalesPoint)
        hours: list[tuple[int, int, datetime.time, datetime.time]] = []
        seen: set[int] = set()

        def channel_for(kind: str, first: bool) -> str:
            if kind == "shop":
                return "neighbourhood_shop"
            if kind == "trader":
                return rng.choice(("box_scheme", "pickup_point", "webshop"))
            if kind == "processor":
                return rng.choice(("farm_shop", "farmers_market", "webshop"))
            if first:
                return rng.choices(
                    ("farm_shop", "vending_machine", "self_harvest", "webshop"), (6, 2, 1, 1)
                )[0]
            return rng.choices(("farmers_market", "vending_machine", "csa_share"), (5, 2, 1))[0]

        def rows():
            for n, (actor_id, kind, town_index, lat, lon) in enumerate(owners):
                first = actor_id not in seen
                seen.add(actor_id)
                channel = channel_for(kind, first)
                town = self.towns[town_index]
                point_lat, point_lon, municipality = lat, lon, town.id
                if channel == "farmers_market":
                    market = self.towns[rng.choice([town_index, *town.neighbours[:2]])]
                    point_lat, point_lon = _point(rng, market, 0.3)
                    municipality = market.id
                    weekday = rng.randint(0, 5)
                    hours.append((next_id + n, weekday, _t("07:30"), _t("12:30")))
                elif channel == "webshop":
                    point_lat = point_lon = municipality = None
                else:
                    pattern = HOURS.get(channel, HOURS["farm_shop"])
                    days, periods = pattern
                    for weekday in days:
                        for opens, closes in periods:
                            hours.append((next_id + n, weekday, _t(opens), _t(closes)))
                yield (
                    next_id + n,
                    actor_id,
                    channel,
                    "",
                    municipality,
                    point_lat,
                    point_lon,
                    rng.random() < 0.97,
                )

        count = copy_rows(
            SalesPoint,
            ["id", "actor_id", "channel", "name", "municipality_id", "latitude", "longitude"]
            + ["is_active"],
            rows(),
            self.now,
        )
        self._stage("sales points", count, started)
        started = time.monotonic()
        count = copy_rows(
            OpeningHours, ["sales_point_id", "weekday", "opens", "closes"], hours, self.now
        )
        self._stage("opening hours", count, started)

    # -- offers and needs -----------------------------------------------------------------

    def offers_and_needs(self) -> None:
        from actors.models import Need, Offer

        started = time.monotonic()
        rng = self.rng
        total = scaled("offers", self.fraction)
        roots = list(self.leaves_by_root)

        def offer_rows():
            for kind, share in OFFER_SHARE.items():
                actors = [a for a in self.actors if a[1] == kind]
                if not actors:
                    continue
                wanted = round(total * share)
                per_actor, rest = divmod(wanted, len(actors))
                for position, actor in enumerate(actors):
                    count = per_actor + (1 if position < rest else 0)
                    main = self.leaves_by_root[roots[actor[0] % len(roots)]]
                    chosen: set[int] = set()
                    for _ in range(count):
                        pool = main if rng.random() < 0.7 else self.all_leaves
                        category = rng.choice(pool)
                        if category in chosen:
                            category = rng.choice(self.all_leaves)
                        chosen.add(category)
                        first = rng.randint(1, 12)
                        length = rng.choice((3, 4, 6, 12))
                        season = sum(1 << ((first - 1 + i) % 12) for i in range(length))
                        yield (
                            actor[0],
                            category,
                            season,
                            Decimal(rng.randint(5, 400)),
                            "kg",
                            rng.random() < 0.8,
                            rng.random() < 0.4,
                            rng.random() < 0.3,
                            rng.random() < 0.2,
                            rng.random() < 0.96,
                        )

        count = copy_rows(
            Offer,
            ["actor_id", "category_id", "season_months", "volume_per_week", "unit"]
            + ["for_citizens", "for_shops", "for_kitchens", "for_processors", "is_active"],
            offer_rows(),
            self.now,
        )
        self._stage("offers", count, started)

        started = time.monotonic()
        needs_total = scaled("needs", self.fraction)

        def need_rows():
            for kind, share in NEED_SHARE.items():
                actors = [a for a in self.actors if a[1] == kind]
                if not actors:
                    continue
                wanted = round(needs_total * share)
                for n in range(wanted):
                    actor = actors[n % len(actors)]
                    if kind == "farmer":
                        yield (actor[0], "service", None, rng.choice(SERVICES), None, "")
                        continue
                    yield (
                        actor[0],
                        "product",
                        rng.choice(self.all_leaves),
                        "",
                        Decimal(rng.randint(10, 500)),
                        "kg",
                    )

        def with_common(rows):
            for row in rows:
                yield (
                    *row,
                    rng.choice(("weekly", "weekly", "biweekly", "monthly")),
                    rng.choice((10, 20, 30, 30, 40, 60)),
                    rng.random() < 0.95,
                )

        count = copy_rows(
            Need,
            ["actor_id", "kind", "category_id", "service", "volume", "unit", "frequency"]
            + ["max_distance_km", "is_active"],
            with_common(need_rows()),
            self.now,
        )
        self._stage("needs", count, started)

    # -- cooperations ---------------------------------------------------------------------

    def _nearby_actors(self, town_index: int) -> list[int]:
        town = self.towns[town_index]
        pool = list(self.actors_by_town.get(town_index, []))
        for neighbour in town.neighbours[:3]:
            pool += self.actors_by_town.get(neighbour, [])
        return pool

    def cooperations(self) -> None:
        from cooperation.models import Cooperation, Membership

        started = time.monotonic()
        rng = self.rng
        total = scaled("cooperations", self.fraction)
        memberships_total = scaled("memberships", self.fraction)
        per_coop = max(2, memberships_total // total)
        next_id = _next_id(Cooperation)
        form_slugs = [slug for slug, _weight in FORMS_BY_WEIGHT if slug in self.forms]
        form_weights = [weight for slug, weight in FORMS_BY_WEIGHT if slug in self.forms]
        kinds = {a[0]: a[1] for a in self.actors}
        members: list[tuple] = []
        places: list[tuple[int, int]] = []
        role_for_kind = {
            "farmer": "producer",
            "processor": "processor",
            "trader": "producer",
            "shop": "buyer",
            "kitchen": "buyer",
        }

        def rows():
            for n in range(total):
                coop_id = next_id + n
                town_index = rng.choices(range(len(self.towns)), cum_weights=self.rural_weights)[0]
                town = self.towns[town_index]
                form = self.forms[rng.choices(form_slugs, form_weights)[0]]
                status = rng.choices(
                    ("active", "starting", "idea", "paused", "ended"), (60, 20, 10, 5, 5)
                )[0]
                places.append((coop_id, town.id))
                for neighbour in town.neighbours[: rng.randint(0, 2)]:
                    places.append((coop_id, self.towns[neighbour].id))
                pool = self._nearby_actors(town_index)
                chosen = rng.sample(pool, min(per_coop, len(pool)))
                for position, actor_id in enumerate(chosen):
                    member_status = (
                        "active"
                        if position == 0
                        else rng.choices(("active", "requested", "invited", "left"), (85, 8, 4, 3))[
                            0
                        ]
                    )
                    role = "coordinator" if position == 0 else role_for_kind[kinds[actor_id]]
                    since = self.today - datetime.timedelta(days=rng.randint(30, 2000))
                    members.append(
                        (
                            coop_id,
                            actor_id,
                            role,
                            member_status,
                            since if member_status in ("active", "left") else None,
                            self.today if member_status == "left" else None,
                            self.owner_of.get(actor_id),
                        )
                    )
                started_on = self.today - datetime.timedelta(days=rng.randint(60, 3000))
                yield (
                    coop_id,
                    f"{form.name_nl} {town.name} {n + 1}",
                    f"{SLUG_PREFIX}coop-{n:05d}",
                    form.id,
                    f"Samenwerking in {town.name} ({form.name_nl.lower()}).",
                    status,
                    started_on if status != "idea" else None,
                    self.today if status == "ended" else None,
                    round(town.latitude, 6),
                    round(town.longitude, 6),
                    rng.random() < 0.7,
                    rng.random() < 0.95,
                )

        count = copy_rows(
            Cooperation,
            ["id", "name", "slug", "form_id", "description", "status", "started_on", "ended_on"]
            + ["latitude", "longitude", "accepts_new_members", "is_public"],
            rows(),
            self.now,
        )
        self._stage("cooperations", count, started)
        started = time.monotonic()
        copy_m2m(Cooperation, "municipalities", places)
        count = copy_rows(
            Membership,
            ["cooperation_id", "actor_id", "role", "status", "since", "until", "created_by_id"],
            members,
            self.now,
        )
        self._stage("memberships", count, started)

    def partnership_requests(self) -> None:
        from cooperation.models import PartnershipRequest

        started = time.monotonic()
        rng = self.rng
        total = scaled("partnership_requests", self.fraction)
        form_ids = [form.id for form in self.forms.values()]
        pending: set[tuple[int, int]] = set()

        def rows():
            made = 0
            while made < total:
                from_actor = rng.choice(self.actors)
                pool = self._nearby_actors(from_actor[2])
                to_actor = rng.choice(pool)
                if to_actor == from_actor[0]:
                    continue
                status = rng.choices(("pending", "accepted", "declined"), (50, 35, 15))[0]
                if status == "pending":
                    if (from_actor[0], to_actor) in pending:
                        continue
                    pending.add((from_actor[0], to_actor))
                made += 1
                yield (
                    from_actor[0],
                    to_actor,
                    rng.choice(form_ids) if rng.random() < 0.6 else None,
                    "Zullen we samenwerken?",
                    status,
                    self.owner_of.get(from_actor[0]),
                    None if status == "pending" else self.now,
                )

        count = copy_rows(
            PartnershipRequest,
            ["from_actor_id", "to_actor_id", "form_id", "message", "status", "created_by_id"]
            + ["decided_at"],
            rows(),
            self.now,
        )
        self._stage("partnership requests", count, started)

    # -- municipal support ----------------------------------------------------------------

    def support_actions(self) -> None:
        from municipality.models import SupportAction

        started = time.monotonic()
        rng = self.rng
        total = scaled("support_actions", self.fraction)
        next_id = _next_id(SupportAction)
        reached: list[tuple[int, int]] = []
        led_to: list[tuple[int, int]] = []
        last_by_town: dict[int, int] = {}

        def rows():
            for n in range(total):
                action_id = next_id + n
                town_index = rng.choices(range(len(self.towns)), cum_weights=self.urban_weights)[0]
                town = self.towns[town_index]
                action_type = rng.choice(ACTION_TYPES)
                start = self.today - datetime.timedelta(days=rng.randint(-90, 6 * 365))
                status = (
                    "planned"
                    if start > self.today
                    else rng.choices(("done", "ongoing", "cancelled"), (70, 25, 5))[0]
                )
                event = action_type in EVENT_TYPES
                starts_at = (
                    timezone.make_aware(datetime.datetime.combine(start, _t("19:00")))
                    if event
                    else None
                )
                pool = self.actors_by_town.get(town_index, [])
                for actor_id in rng.sample(pool, min(len(pool), rng.randint(0, 4))):
                    reached.append((action_id, actor_id))
                if town_index in last_by_town and rng.random() < 0.2:
                    led_to.append((action_id, last_by_town[town_index]))
                last_by_town[town_index] = action_id
                yield (
                    action_id,
                    town.id,
                    action_type,
                    f"{action_type.replace('_', ' ').capitalize()} in {town.name} #{n + 1}",
                    start,
                    start + datetime.timedelta(days=rng.randint(0, 120)) if not event else start,
                    status,
                    Decimal(rng.randint(0, 25_000)),
                    Decimal(rng.randint(0, 400)),
                    rng.choice(("own_budget", "province", "flemish", "european", "other")),
                    rng.random() < 0.95,
                    starts_at,
                    starts_at + datetime.timedelta(hours=2) if starts_at else None,
                    town.name if event else "",
                    rng.randint(20, 120) if event else None,
                )

        count = copy_rows(
            SupportAction,
            ["id", "municipality_id", "action_type", "title", "start_date", "end_date"]
            + ["status", "budget", "staff_hours", "funding_source", "is_public", "starts_at"]
            + ["ends_at", "place", "capacity"],
            rows(),
            self.now,
        )
        self._stage("support actions", count, started)
        started = time.monotonic()
        count = copy_m2m(SupportAction, "actors_reached", reached)
        copy_m2m(SupportAction, "led_to_by", led_to)
        self._stage("actors reached by support actions", count, started)


def _cumulative(values: Iterable[float]) -> list[float]:
    total, out = 0.0, []
    for value in values:
        total += value
        out.append(total)
    return out


def _t(text: str) -> datetime.time:
    hour, minute = text.split(":")
    return datetime.time(int(hour), int(minute))
