"""The partner finder: which actors and cooperations nearby fit an actor, and why.

For an actor a user manages and a chosen form of cooperation (or all forms), the finder ranks
candidates and says in words why each fits ("offers cheese, which your farm shop lacks — 6 km").

**Candidates.** Listed actors (not advisers or knowledge institutions) within
`SEARCH_RADIUS_KM` (50 km, widened up to 100 km when one of the actor's own needs allows a
larger distance), found with a bounding box on the indexed latitude/longitude pair and the
exact haversine distance (`network.geo`), nearest `CANDIDATE_LIMIT` first. Never the actor
itself, and never an actor that is already an active member of one of its cooperations.
Cooperations are candidates when they are public, starting or active, accept new members,
lie within the same radius and the actor is not in them yet.

**Fits.** Between the actor ("me") and a candidate, each of these counts, with a value v
between 0 and 1:

- *supply* — a product need of the candidate that one of my offers answers (same category,
  or the need names the offer's parent category). Only when the distance is within **that
  need's** `max_distance_km`: a candidate beyond it never appears for that need.
  v = volume fit × season fit.
- *demand* — one of my product needs that an offer of the candidate answers, within **my**
  need's maximum distance. v = volume fit × season fit.
- *service* — a service I need that the candidate's kind provides (processing → processor,
  transport and cold storage → trader, a place to sell → shop, machinery → farmer), or the
  reverse; within the needing side's maximum distance. v = 1.
- *assortment* — when I sell to customers (a shop, or a producer with a direct sales point),
  the candidate producer's offers in categories I do not offer myself:
  v = 0.8 × min(1, new categories / 3).
- *peer* — a candidate of my own kind (farmer or processor) with offers in the same
  categories, to sell, process or invest together: v = 0.6 × min(1, shared categories / 2).

*Volume fit*: with both volumes in the same unit, the offer's volume per week divided by the
need's weekly volume (weekly 1×, every two weeks ½, monthly ¼), capped at 1, at least 0.2
(small producers can pool); unknown volumes 0.7. *Season fit*: for a need in season or once
with a start date, 1 if the offer is available in that month, else 0; otherwise the share of
the year the offer is available.

**Score.** Each fit is weighed by the chosen form (`FORM_WEIGHTS`: mutual purchasing weighs
assortment and demand, joint processing service, supply and peers, …; without a form all
count). The fits combine like independent chances, fit = 1 − Π(1 − weight × v), so several
fits rank above one, and the fit decays with distance:

    score = round(100 × fit × exp(−distance_km / 25))

(6 km keeps 79 %, 14 km 57 %, 30 km 30 %). A cooperation scores
100 × form fit × status factor × exp(−distance_km / 25), with form fit 1 for the chosen form
(0.6 without a chosen form) and status factor 1 when active, 0.8 when starting. Candidates
with score 0 are dropped; the rest are sorted by score, then distance.

`rank_actor_candidates` and `rank_cooperation_candidates` are pure functions over the plain
dataclasses; `find_partners` loads them in a constant number of queries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from actors.choices import (
    ALL_MONTHS,
    DIRECT_CHANNELS,
    SUPPORT_KINDS,
    ActorKind,
    Frequency,
    KitchenType,
    NeedKind,
    ServiceKind,
)
from cooperation.choices import (
    OPEN_MEMBERSHIP_STATUSES,
    CooperationStatus,
    FormSlug,
    MembershipStatus,
)
from network.geo import haversine_km

SEARCH_RADIUS_KM = 50.0
MAX_SEARCH_RADIUS_KM = 100.0
CANDIDATE_LIMIT = 250
# Candidates are first looked for this close (see `nearest`); farther only when too few.
NEAR_FIRST_KM = 10.0
DISTANCE_SCALE_KM = 25.0
DEFAULT_LIMIT = 20

SUPPLY, DEMAND, SERVICE, ASSORTMENT, PEER = "supply", "demand", "service", "assortment", "peer"

FORM_WEIGHTS: dict[str | None, dict[str, float]] = {
    None: {SUPPLY: 1, DEMAND: 1, SERVICE: 1, ASSORTMENT: 1, PEER: 0.5},
    FormSlug.MUTUAL_PURCHASING: {ASSORTMENT: 1, DEMAND: 1, SUPPLY: 0.6, PEER: 0.3, SERVICE: 0},
    FormSlug.FARMERS_COOPERATIVE: {
        PEER: 1,
        SERVICE: 0.5,
        ASSORTMENT: 0.5,
        SUPPLY: 0.3,
        DEMAND: 0.3,
    },
    FormSlug.JOINT_PROCESSING: {SERVICE: 1, SUPPLY: 1, PEER: 0.8, DEMAND: 0.5, ASSORTMENT: 0},
    FormSlug.SUPERMARKET: {SUPPLY: 1, ASSORTMENT: 1, DEMAND: 1, PEER: 0.3, SERVICE: 0},
    FormSlug.DISTRIBUTION_PLATFORM: {
        SUPPLY: 1,
        DEMAND: 1,
        SERVICE: 0.8,
        PEER: 0.8,
        ASSORTMENT: 0.3,
    },
    FormSlug.FARMERS_CONSUMERS: {SUPPLY: 0.8, PEER: 0.6, DEMAND: 0.5, ASSORTMENT: 0.3, SERVICE: 0},
    FormSlug.FIELD_TO_FORK: {SUPPLY: 1, DEMAND: 1, SERVICE: 1, PEER: 0.2, ASSORTMENT: 0},
}

# Which kind of actor provides which service.
SERVICE_PROVIDERS = {
    ServiceKind.PROCESSING: ActorKind.PROCESSOR,
    ServiceKind.COLD_STORAGE: ActorKind.TRADER,
    ServiceKind.TRANSPORT: ActorKind.TRADER,
    ServiceKind.SALES_PLACE: ActorKind.SHOP,
    ServiceKind.MACHINERY: ActorKind.FARMER,
}
WEEKLY_SHARE = {
    Frequency.WEEKLY: 1.0,
    Frequency.BIWEEKLY: 0.5,
    Frequency.MONTHLY: 0.25,
    Frequency.SEASONAL: 1.0,
    Frequency.ONCE: 1.0,
}


# ---- plain data --------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferData:
    category_id: int
    category_name: str
    parent_id: int | None = None
    season_months: int = ALL_MONTHS
    volume_per_week: float | None = None
    unit: str = "kg"


@dataclass(frozen=True)
class NeedData:
    kind: str
    category_id: int | None = None
    category_name: str = ""
    service: str = ""
    volume: float | None = None
    unit: str = ""
    frequency: str = Frequency.WEEKLY
    max_distance_km: float = 30
    start_month: int | None = None


@dataclass(frozen=True)
class ActorData:
    id: int
    name: str
    kind: str
    latitude: float
    longitude: float
    kitchen_type: str = ""
    slug: str = ""
    offers: tuple[OfferData, ...] = ()
    needs: tuple[NeedData, ...] = ()
    channels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CooperationCandidateData:
    id: int
    name: str
    slug: str
    form_slug: str
    form_name: str
    status: str
    status_label: str
    latitude: float
    longitude: float


@dataclass
class Match:
    kind: str  # "actor" or "cooperation"
    id: int
    name: str
    slug: str
    distance_km: float
    score: int
    reasons: list[str] = field(default_factory=list)
    actor_kind: str = ""
    obj: object = None  # the Actor or Cooperation row, set by find_partners

    @property
    def headline(self) -> str:
        return _("%(reason)s — %(km)d km") % {
            "reason": ", ".join(self.reasons[:2]),
            "km": round(self.distance_km),
        }


# ---- the pieces of the formula -----------------------------------------------------------


def distance_factor(km: float) -> float:
    return math.exp(-km / DISTANCE_SCALE_KM)


def _months(mask: int) -> int:
    return bin(mask & ALL_MONTHS).count("1")


def season_fit(offer: OfferData, need: NeedData) -> float:
    if need.frequency in (Frequency.SEASONAL, Frequency.ONCE) and need.start_month:
        return 1.0 if offer.season_months & (1 << (need.start_month - 1)) else 0.0
    return _months(offer.season_months) / 12


def volume_fit(offer: OfferData, need: NeedData) -> float:
    if not offer.volume_per_week or not need.volume or offer.unit != need.unit:
        return 0.7
    weekly_need = need.volume * WEEKLY_SHARE.get(need.frequency, 1.0)
    return max(0.2, min(1.0, offer.volume_per_week / weekly_need))


def answers(offer: OfferData, need: NeedData) -> bool:
    return need.kind == NeedKind.PRODUCT and need.category_id in (
        offer.category_id,
        offer.parent_id,
    )


def _in_sentence(name: str) -> str:
    """A category name inside a sentence: "Tomaten" reads "tomaten" after "offers"."""
    return name[:1].lower() + name[1:]


def _amount(value: float | None, unit: str) -> str:
    if not value:
        return ""
    return f"{value:g} {unit} "


def _who(actor: ActorData) -> str:
    if actor.kind == ActorKind.KITCHEN and actor.kitchen_type in KitchenType.values:
        return str(KitchenType(actor.kitchen_type).label)
    return str(ActorKind(actor.kind).label) if actor.kind in ActorKind.values else actor.kind


def _my_outlet(me: ActorData) -> str:
    if "farm_shop" in me.channels:
        return _("your farm shop")
    if me.kind == ActorKind.SHOP:
        return _("your shop")
    return _("your assortment")


def _sells_to_customers(me: ActorData) -> bool:
    return me.kind == ActorKind.SHOP or bool(me.channels & set(DIRECT_CHANNELS))


def fits_between(me: ActorData, other: ActorData, km: float) -> list[tuple[str, float, str]]:
    """Every (fit kind, value, reason) between me and a candidate at `km` kilometres."""
    fits: list[tuple[str, float, str]] = []

    # supply: their product needs my offers answer, within THEIR need's maximum distance
    for need in other.needs:
        if need.kind != NeedKind.PRODUCT or km > need.max_distance_km:
            continue
        best = max(
            (volume_fit(o, need) * season_fit(o, need) for o in me.offers if answers(o, need)),
            default=0.0,
        )
        if best > 0:
            frequency = Frequency(need.frequency).label if need.frequency else ""
            reason = _("%(who)s needs %(amount)s%(product)s %(frequency)s") % {
                "who": _who(other),
                "amount": _amount(need.volume, need.unit),
                "product": _in_sentence(need.category_name),
                "frequency": frequency,
            }
            fits.append((SUPPLY, best, reason.strip()))

    # demand: my product needs their offers answer, within MY need's maximum distance
    for need in me.needs:
        if need.kind != NeedKind.PRODUCT or km > need.max_distance_km:
            continue
        matching = [o for o in other.offers if answers(o, need)]
        best = max((volume_fit(o, need) * season_fit(o, need) for o in matching), default=0.0)
        if best > 0:
            reason = _("offers %(product)s, which you need") % {
                "product": _in_sentence(matching[0].category_name)
            }
            fits.append((DEMAND, best, reason))

    # service: a service one side needs and the other's kind provides
    for need in me.needs:
        if need.kind == NeedKind.SERVICE and km <= need.max_distance_km:
            if SERVICE_PROVIDERS.get(need.service) == other.kind:
                reason = _("%(who)s with %(service)s") % {
                    "who": _who(other),
                    "service": ServiceKind(need.service).label,
                }
                fits.append((SERVICE, 1.0, reason))
    for need in other.needs:
        if need.kind == NeedKind.SERVICE and km <= need.max_distance_km:
            if SERVICE_PROVIDERS.get(need.service) == me.kind:
                reason = _("needs %(service)s, which you can offer") % {
                    "service": ServiceKind(need.service).label
                }
                fits.append((SERVICE, 1.0, reason))

    # assortment: products I could sell that I do not produce
    if _sells_to_customers(me) and other.kind in (ActorKind.FARMER, ActorKind.PROCESSOR):
        mine = {o.category_id for o in me.offers}
        new = []
        for offer in other.offers:
            name = _in_sentence(offer.category_name)
            if offer.category_id not in mine and name not in new:
                new.append(name)
        if new:
            reason = _("offers %(products)s, which %(outlet)s lacks") % {
                "products": ", ".join(new[:2]),
                "outlet": _my_outlet(me),
            }
            fits.append((ASSORTMENT, 0.8 * min(1.0, len(new) / 3), reason))

    # peer: same kind, same products: sell, process or invest together
    if me.kind == other.kind and me.kind in (ActorKind.FARMER, ActorKind.PROCESSOR):
        mine = {o.category_id: o.category_name for o in me.offers}
        shared = sorted(
            {_in_sentence(mine[o.category_id]) for o in other.offers if o.category_id in mine}
        )
        if shared:
            reason = _("also produces %(products)s") % {"products": ", ".join(shared[:2])}
            fits.append((PEER, 0.6 * min(1.0, len(shared) / 2), reason))
    return fits


def combine(fits: list[tuple[str, float, str]], form_slug: str | None) -> float:
    weights = FORM_WEIGHTS.get(form_slug, FORM_WEIGHTS[None])
    miss = 1.0
    for kind, value, _reason in fits:
        miss *= 1.0 - min(1.0, weights.get(kind, 0) * value)
    return 1.0 - miss


def rank_actor_candidates(me: ActorData, candidates, form_slug: str | None = None) -> list[Match]:
    """Score every candidate actor; drop those that do not fit; best first."""
    weights = FORM_WEIGHTS.get(form_slug, FORM_WEIGHTS[None])
    matches = []
    for other in candidates:
        if other.id == me.id:
            continue
        km = haversine_km(me.latitude, me.longitude, other.latitude, other.longitude)
        fits = [f for f in fits_between(me, other, km) if weights.get(f[0], 0) > 0]
        score = round(100 * combine(fits, form_slug) * distance_factor(km))
        if score <= 0:
            continue
        fits.sort(key=lambda f: weights.get(f[0], 0) * f[1], reverse=True)
        matches.append(
            Match(
                kind="actor",
                id=other.id,
                name=other.name,
                slug=other.slug,
                distance_km=km,
                score=score,
                reasons=[reason for _kind, _value, reason in fits],
                actor_kind=other.kind,
            )
        )
    matches.sort(key=lambda m: (-m.score, m.distance_km))
    return matches


def rank_cooperation_candidates(
    me: ActorData, cooperations, form_slug: str | None = None
) -> list[Match]:
    matches = []
    for coop in cooperations:
        if form_slug and coop.form_slug != form_slug:
            continue
        km = haversine_km(me.latitude, me.longitude, coop.latitude, coop.longitude)
        form_fit = 1.0 if form_slug else 0.6
        status_factor = 1.0 if coop.status == "active" else 0.8
        score = round(100 * form_fit * status_factor * distance_factor(km))
        if score <= 0:
            continue
        reason = _("%(status)s %(form)s %(km)d km away takes new members") % {
            "status": coop.status_label,
            "form": coop.form_name.lower(),
            "km": round(km),
        }
        matches.append(
            Match(
                kind="cooperation",
                id=coop.id,
                name=coop.name,
                slug=coop.slug,
                distance_km=km,
                score=score,
                reasons=[reason],
            )
        )
    matches.sort(key=lambda m: (-m.score, m.distance_km))
    return matches


# ---- loading -----------------------------------------------------------------------------


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


class _CategoryNames:
    """Category names in the active language, each worked out once per request (the same
    rule as `LocalizedNameMixin.name`, from the three columns a `values_list` row carries)."""

    def __init__(self):
        self.language = (get_language() or "nl")[:2]
        self.names: dict[int, str] = {}

    def get(self, category_id, name_nl, name_fr, name_en) -> str:
        if category_id is None:
            return ""
        name = self.names.get(category_id)
        if name is None:
            by_language = {"nl": name_nl, "fr": name_fr, "en": name_en}
            name = self.names[category_id] = by_language.get(self.language, "") or name_nl
        return name


_NAME_COLUMNS = ("category__name_nl", "category__name_fr", "category__name_en")


def load_offers_and_needs(actor_ids, names: _CategoryNames | None = None):
    """The active offers and needs of the given actors as plain data, per actor id, in two
    queries of plain rows (no model instances: ~250 candidates carry thousands of offers).
    The order is that of the models' Meta.ordering, as a prefetch gives it."""
    from actors.models import Need, Offer

    names = names or _CategoryNames()
    actor_ids = list(actor_ids)
    offers: dict[int, list[OfferData]] = {}
    for row in Offer.objects.filter(is_active=True, actor_id__in=actor_ids).values_list(
        "actor_id",
        "category_id",
        "category__parent_id",
        "season_months",
        "volume_per_week",
        "unit",
        *_NAME_COLUMNS,
    ):
        actor_id, category_id, parent_id, season_months, volume, unit = row[:6]
        offers.setdefault(actor_id, []).append(
            OfferData(
                category_id=category_id,
                category_name=names.get(category_id, *row[6:]),
                parent_id=parent_id,
                season_months=season_months,
                volume_per_week=_float(volume),
                unit=unit,
            )
        )
    needs: dict[int, list[NeedData]] = {}
    for row in Need.objects.filter(is_active=True, actor_id__in=actor_ids).values_list(
        "actor_id",
        "kind",
        "category_id",
        "service",
        "volume",
        "unit",
        "frequency",
        "max_distance_km",
        "start_date",
        *_NAME_COLUMNS,
    ):
        actor_id, kind, category_id, service, volume, unit, frequency, max_km, start = row[:9]
        needs.setdefault(actor_id, []).append(
            NeedData(
                kind=kind,
                category_id=category_id,
                category_name=names.get(category_id, *row[9:]),
                service=service,
                volume=_float(volume),
                unit=unit,
                frequency=frequency,
                max_distance_km=max_km,
                start_month=start.month if start else None,
            )
        )
    return offers, needs


def actor_data(actor, offers=(), needs=(), channels=()) -> ActorData:
    """Plain data from an Actor row and its active offers and needs as plain data."""
    return ActorData(
        id=actor.pk,
        name=actor.name,
        slug=actor.slug,
        kind=actor.kind,
        kitchen_type=actor.kitchen_type,
        latitude=actor.latitude,
        longitude=actor.longitude,
        offers=tuple(offers),
        needs=tuple(needs),
        channels=frozenset(channels),
    )


# What ranking and the partner-finder page read of a candidate row (name, kind, place, link).
CANDIDATE_FIELDS = ("id", "name", "slug", "kind", "kitchen_type", "latitude", "longitude")
# …and of a cooperation row with its form (not the form's long texts and JSON lists).
COOPERATION_CANDIDATE_FIELDS = (
    "id",
    "name",
    "slug",
    "status",
    "latitude",
    "longitude",
    "form",
    "form__slug",
    "form__name_nl",
    "form__name_fr",
    "form__name_en",
)


def search_radius(me: ActorData) -> float:
    widest = max((n.max_distance_km for n in me.needs), default=0)
    return min(MAX_SEARCH_RADIUS_KM, max(SEARCH_RADIUS_KM, widest))


def nearest(queryset, lat: float, lon: float, radius_km: float, limit: int):
    """The `limit` rows of a GeoQuerySet nearest to (lat, lon) within `radius_km`, nearest
    first, annotated with `distance_km`: in one query that reads only the close rows.

    At 50 km the bounding box holds a third of Flanders, and PostgreSQL rightly scans the whole
    table for it (~100 ms at 48,000 actors). So the query first looks within `NEAR_FIRST_KM`
    on the indexed pair: when that ring alone holds `limit` rows, they are the nearest ones,
    and the wider part is skipped by a one-time filter (`NOT EXISTS` the limit-th close row);
    only where the ring holds fewer (the countryside, a small network) are the rows up to
    `radius_km` added. The result is exactly that of ordering everything within the radius.
    """
    from django.db.models import Exists

    inner_radius = min(radius_km, NEAR_FIRST_KM)
    close = queryset.near(lat, lon, inner_radius)
    if inner_radius >= radius_km:
        return close.order_by("distance_km", "pk")[:limit]
    enough = queryset.near(lat, lon, inner_radius).order_by()[limit - 1 : limit]
    farther = (
        queryset.near(lat, lon, radius_km)
        .filter(distance_km__gt=inner_radius)
        .filter(~Exists(enough))
        .order_by()
    )
    # Parts of a UNION carry no ORDER BY of their own (SQLite refuses one); the whole is sorted.
    return close.order_by().union(farther, all=True).order_by("distance_km", "pk")[:limit]


def find_partners(actor, form=None, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """Ranked candidate actors and cooperations for `actor`, in seven queries at any size:
    my offers and needs (2), my sales channels, the candidates with their offers and needs (3),
    and the open cooperations nearby."""
    from actors.models import Actor, SalesPoint
    from cooperation.models import Cooperation, Membership

    names = _CategoryNames()
    my_offers, my_needs = load_offers_and_needs([actor.pk], names)
    channels = SalesPoint.objects.active().filter(actor=actor).values_list("channel", flat=True)
    me = actor_data(
        actor,
        my_offers.get(actor.pk, ()),
        my_needs.get(actor.pk, ()),
        channels=set(channels),
    )
    radius = search_radius(me)
    form_slug = form.slug if form is not None else None

    my_cooperations = Membership.objects.filter(actor=actor, status=MembershipStatus.ACTIVE).values(
        "cooperation_id"
    )
    co_members = Membership.objects.filter(
        cooperation_id__in=my_cooperations, status=MembershipStatus.ACTIVE
    ).values("actor_id")
    candidates = (
        Actor.objects.listed()
        .exclude(pk=actor.pk)
        .exclude(pk__in=co_members)
        .exclude(kind__in=SUPPORT_KINDS)
        .only(*CANDIDATE_FIELDS)
    )
    rows = list(nearest(candidates, me.latitude, me.longitude, radius, CANDIDATE_LIMIT))
    by_id = {row.pk: row for row in rows}
    offers, needs = load_offers_and_needs(by_id, names)
    matches = rank_actor_candidates(
        me,
        [actor_data(row, offers.get(row.pk, ()), needs.get(row.pk, ())) for row in rows],
        form_slug,
    )
    for match in matches:
        match.obj = by_id[match.id]

    joined = Membership.objects.filter(actor=actor, status__in=OPEN_MEMBERSHIP_STATUSES).values(
        "cooperation_id"
    )
    cooperations = Cooperation.objects.open_to_members().exclude(pk__in=joined)
    if form is not None:
        cooperations = cooperations.filter(form=form)
    # A few thousand cooperations at most: the plain radius query reads them faster than the
    # two-ring `nearest` (built for ~50,000 actors), and Django compiles it in a third of the
    # time. Same rows, same order.
    coop_rows = list(
        cooperations.filter(latitude__isnull=False)
        .select_related("form")
        .only(*COOPERATION_CANDIDATE_FIELDS)
        .near(me.latitude, me.longitude, radius)
        .order_by("distance_km", "pk")[:CANDIDATE_LIMIT]
    )
    status_labels = {value: str(label) for value, label in CooperationStatus.choices}
    coop_by_id = {row.pk: row for row in coop_rows}
    coop_matches = rank_cooperation_candidates(
        me,
        [
            CooperationCandidateData(
                id=row.pk,
                name=row.name,
                slug=row.slug,
                form_slug=row.form.slug,
                form_name=row.form.name,
                status=row.status,
                status_label=status_labels.get(row.status, row.status),
                latitude=row.latitude,
                longitude=row.longitude,
            )
            for row in coop_rows
        ],
        form_slug,
    )
    for match in coop_matches:
        match.obj = coop_by_id[match.id]

    combined = sorted(matches + coop_matches, key=lambda m: (-m.score, m.distance_km))
    return combined[:limit]
