"""The five short-chain principles, judged from a cooperation's data.

DOMAIN.md asks that every cooperation be held against the five principles of the short chain
from what the platform knows — its members, their sales points, its chain, who sets prices —
not from a self-declared checkbox. This module is that judgement, written so a researcher can
read exactly how each principle is scored.

Each principle gives a **score from 0 to 100**, a **status** and a **reason** in words with the
numbers that led to it. The status follows from the score, the same way for every principle:

    met        score ≥ 75
    partly     25 ≤ score < 75
    not met    score < 25

Only *active* members count. A *producer* is an active member whose actor is a farmer or a
processor, or whose role is producer/supplier.

1. **Contact with the customer** (nabijheid klant, altijd contact).
   If the cooperation has at least one consumer member (a citizen, or an actor with the role
   consumer member), producers and consumers meet inside it: score 100.
   Otherwise the score is the share of producers that sell through at least one *direct*
   channel (farm shop, farmers' market, self-harvest, CSA share, vending machine, box scheme:
   `actors.choices.DIRECT_CHANNELS`), as a percentage: 3 of 4 producers → 75 (met),
   1 of 2 → 50 (partly), none → 0 (not met). Without producers: 0, "no producers recorded".

2. **A limited number of links** (beperkt aantal schakels): at most one intermediary between
   producer and consumer. With a chain (ChainLink rows), the intermediaries are the steps that
   are a processor, trader, kitchen or shop. Without a chain, they are estimated from the
   members: one for each *stage* present among the active members — processing (a member with
   the role processor that is not a farm), trade (a buyer that is a trader) and retail or
   catering (a buyer that is a shop or kitchen). A farm that processes its own produce adds no
   link. Score: 0 or 1 intermediary → 100 (met), 2 → 50 (partly), 3 or more → 0 (not met).

3. **Say over the price** (zeggenschap, autonomie prijszetting), from the cooperation's
   price setting: each producer sets its own price → 100 (met); set together by the producers
   → 80 (met: the producers keep the say, shared); set by the buyer or an intermediary → 0
   (not met).

4. **Local character** (lokaal karakter). A member is *local* when its actor lies in one of
   the cooperation's municipalities, or within 30 km (`LOCAL_RADIUS_KM`) of the cooperation's
   place (the centre of its municipalities; without one, the mean point of its members).
   Score: the share of local members as a percentage. The reason also gives the food-km: the
   mean and the largest great-circle distance between any two members, and the mean distance
   from members to the sales points of producers. Without members: 0.

5. **Ambassadorship and connection with agriculture** (ambassadeurschap). Counted from open
   farm days, education and events recorded as municipal support actions in the last twelve
   months. Until an app registers a source with `register_ambassadorship_source`, nothing is
   recorded and the principle scores 0 with the reason "not yet recorded" — stated, not
   hidden. With a source: 3 or more activities → 100 (met); 1 → 33 and 2 → 67 (partly);
   0 → 0 (not met).

Everything below `load_scorecard_data` is a pure function over the plain dataclasses, so the
rules can be tested at their boundaries without a database. `load_scorecard_data` reads one
cooperation in a constant number of queries.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.choices import DIRECT_CHANNELS, ActorKind
from cooperation.choices import INTERMEDIARY_STEPS, MemberRole, PriceSetting, PrincipleStatus
from network.geo import haversine_km

LOCAL_RADIUS_KM = 30.0
MET_FROM = 75
PARTLY_FROM = 25
AMBASSADOR_ACTIVITIES_FOR_FULL_SCORE = 3


Status = PrincipleStatus


def status_for(score: int) -> str:
    if score >= MET_FROM:
        return Status.MET
    if score >= PARTLY_FROM:
        return Status.PARTLY
    return Status.NOT_MET


# ---- plain data --------------------------------------------------------------------------


@dataclass(frozen=True)
class SalesPointData:
    channel: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class MemberData:
    actor_id: int
    kind: str
    role: str
    latitude: float
    longitude: float
    municipality_id: int
    sales_points: tuple[SalesPointData, ...] = ()


@dataclass(frozen=True)
class ChainStepData:
    position: int
    step_kind: str


@dataclass(frozen=True)
class CooperationData:
    price_setting: str
    members: tuple[MemberData, ...] = ()
    chain: tuple[ChainStepData, ...] = ()
    consumer_member_count: int = 0
    municipality_ids: frozenset[int] = frozenset()
    latitude: float | None = None
    longitude: float | None = None
    # None: no source records ambassadorship yet; a number: activities in the last 12 months.
    ambassador_activities: int | None = None


@dataclass(frozen=True)
class PrincipleResult:
    number: int
    key: str
    title: str
    score: int
    status: str
    reason: str
    recorded: bool = True

    @property
    def status_label(self) -> str:
        return str(PrincipleStatus(self.status).label)


@dataclass(frozen=True)
class Scorecard:
    principles: tuple[PrincipleResult, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        """The mean score over the five principles (an overview, not a verdict)."""
        return round(mean(p.score for p in self.principles)) if self.principles else 0


def _result(number, key, title, score, reason, recorded=True) -> PrincipleResult:
    score = max(0, min(100, round(score)))
    return PrincipleResult(number, key, title, score, status_for(score), reason, recorded)


# ---- the five rules ----------------------------------------------------------------------


def is_producer(member: MemberData) -> bool:
    return member.kind in (ActorKind.FARMER, ActorKind.PROCESSOR) or member.role == (
        MemberRole.PRODUCER
    )


def judge_customer_contact(data: CooperationData) -> PrincipleResult:
    title = _("Contact with the customer")
    consumer_actors = sum(1 for m in data.members if m.role == MemberRole.CONSUMER_MEMBER)
    consumers = data.consumer_member_count + consumer_actors
    if consumers:
        reason = ngettext(
            "%(n)d consumer member meets the producers inside the cooperation.",
            "%(n)d consumer members meet the producers inside the cooperation.",
            consumers,
        ) % {"n": consumers}
        return _result(1, "customer_contact", title, 100, reason)
    producers = [m for m in data.members if is_producer(m)]
    if not producers:
        return _result(1, "customer_contact", title, 0, _("No producers are recorded as members."))
    direct = sum(
        1 for m in producers if any(sp.channel in DIRECT_CHANNELS for sp in m.sales_points)
    )
    reason = _(
        "%(direct)d of %(total)d producers sell directly to customers "
        "(farm shop, market, self-harvest, box scheme…)."
    ) % {"direct": direct, "total": len(producers)}
    return _result(1, "customer_contact", title, 100 * direct / len(producers), reason)


def count_intermediaries(data: CooperationData) -> tuple[int, bool]:
    """(number of intermediaries, whether counted from the chain rather than estimated)."""
    if data.chain:
        return sum(1 for step in data.chain if step.step_kind in INTERMEDIARY_STEPS), True
    stages = set()
    for m in data.members:
        if m.role == MemberRole.PROCESSOR and m.kind != ActorKind.FARMER:
            stages.add("processing")
        if m.role == MemberRole.BUYER and m.kind == ActorKind.TRADER:
            stages.add("trade")
        if m.role == MemberRole.BUYER and m.kind in (ActorKind.SHOP, ActorKind.KITCHEN):
            stages.add("retail")
    return len(stages), False


def judge_limited_links(data: CooperationData) -> PrincipleResult:
    title = _("A limited number of links")
    n, from_chain = count_intermediaries(data)
    score = 100 if n <= 1 else 50 if n == 2 else 0
    if from_chain:
        reason = ngettext(
            "The chain has %(n)d intermediary between producer and consumer.",
            "The chain has %(n)d intermediaries between producer and consumer.",
            n,
        ) % {"n": n}
    else:
        reason = ngettext(
            "Judged from the members' roles (no chain recorded): %(n)d intermediary "
            "between producer and consumer.",
            "Judged from the members' roles (no chain recorded): %(n)d intermediaries "
            "between producer and consumer.",
            n,
        ) % {"n": n}
    return _result(2, "limited_links", title, score, reason)


PRICE_SCORES = {
    PriceSetting.PRODUCER_OWN: 100,
    PriceSetting.PRODUCERS_TOGETHER: 80,
    PriceSetting.BUYER: 0,
}


def judge_price_say(data: CooperationData) -> PrincipleResult:
    title = _("Say over the price")
    score = PRICE_SCORES.get(data.price_setting, 0)
    reasons = {
        PriceSetting.PRODUCER_OWN: _("Each producer sets their own price."),
        PriceSetting.PRODUCERS_TOGETHER: _("The producers set the price together."),
        PriceSetting.BUYER: _("The buyer or an intermediary sets the price."),
    }
    reason = reasons.get(data.price_setting, _("Price setting is not recorded."))
    return _result(3, "price_say", title, score, reason)


def _centre(data: CooperationData) -> tuple[float, float] | None:
    if data.latitude is not None and data.longitude is not None:
        return data.latitude, data.longitude
    if data.members:
        return mean(m.latitude for m in data.members), mean(m.longitude for m in data.members)
    return None


def food_km(data: CooperationData) -> dict:
    """Distances in km: between members (mean, max) and from producers to sales points."""
    pairs = [
        haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
        for a, b in itertools.combinations(data.members, 2)
    ]
    to_sales = [
        haversine_km(m.latitude, m.longitude, sp.latitude, sp.longitude)
        for m in data.members
        for sp in m.sales_points
        if sp.latitude is not None and sp.longitude is not None
    ]
    return {
        "mean_between_members": mean(pairs) if pairs else 0.0,
        "max_between_members": max(pairs) if pairs else 0.0,
        "mean_to_sales_points": mean(to_sales) if to_sales else None,
    }


def is_local(member: MemberData, data: CooperationData, centre) -> bool:
    if member.municipality_id in data.municipality_ids:
        return True
    if centre is None:
        return False
    return haversine_km(member.latitude, member.longitude, *centre) <= LOCAL_RADIUS_KM


def judge_local_character(data: CooperationData) -> PrincipleResult:
    title = _("Local character")
    if not data.members:
        return _result(4, "local_character", title, 0, _("No members are recorded."))
    centre = _centre(data)
    local = sum(1 for m in data.members if is_local(m, data, centre))
    distances = food_km(data)
    reason = _(
        "%(local)d of %(total)d members lie in the cooperation's municipalities or within "
        "%(radius)d km. Members are %(mean).1f km apart on average (at most %(max).1f km)."
    ) % {
        "local": local,
        "total": len(data.members),
        "radius": LOCAL_RADIUS_KM,
        "mean": distances["mean_between_members"],
        "max": distances["max_between_members"],
    }
    if distances["mean_to_sales_points"] is not None:
        reason += " " + _("Their sales points are %(km).1f km from the farm on average.") % {
            "km": distances["mean_to_sales_points"]
        }
    return _result(4, "local_character", title, 100 * local / len(data.members), reason)


def judge_ambassadorship(data: CooperationData) -> PrincipleResult:
    title = _("Ambassadorship and connection with agriculture")
    n = data.ambassador_activities
    if n is None:
        reason = _(
            "Not yet recorded: open farm days, education and events will count here once "
            "municipalities record their support actions."
        )
        return _result(5, "ambassadorship", title, 0, reason, recorded=False)
    score = (
        100 * min(n, AMBASSADOR_ACTIVITIES_FOR_FULL_SCORE) / AMBASSADOR_ACTIVITIES_FOR_FULL_SCORE
    )
    reason = ngettext(
        "%(n)d open farm day, educational activity or event in the last twelve months.",
        "%(n)d open farm days, educational activities or events in the last twelve months.",
        n,
    ) % {"n": n}
    return _result(5, "ambassadorship", title, score, reason)


RULES = (
    judge_customer_contact,
    judge_limited_links,
    judge_price_say,
    judge_local_character,
    judge_ambassadorship,
)


def compute_scorecard(data: CooperationData) -> Scorecard:
    return Scorecard(tuple(rule(data) for rule in RULES))


# ---- where ambassadorship comes from -----------------------------------------------------

# Functions (cooperation ids → {id: number of activities in the last twelve months}). The
# municipality app registers one in its AppConfig.ready(); until then nothing is recorded.
_AMBASSADORSHIP_SOURCES: list[Callable[[Iterable[int]], dict[int, int]]] = []


def register_ambassadorship_source(source: Callable[[Iterable[int]], dict[int, int]]) -> None:
    if source not in _AMBASSADORSHIP_SOURCES:
        _AMBASSADORSHIP_SOURCES.append(source)


def ambassador_activities(cooperation_ids: Iterable[int]) -> dict[int, int | None]:
    ids = list(cooperation_ids)
    if not _AMBASSADORSHIP_SOURCES:
        return dict.fromkeys(ids)
    totals = dict.fromkeys(ids, 0)
    for source in _AMBASSADORSHIP_SOURCES:
        for pk, n in source(ids).items():
            if pk in totals:
                totals[pk] += n
    return totals


# ---- loading -----------------------------------------------------------------------------


def load_scorecard_data(cooperation) -> CooperationData:
    """Read what the rules need for one cooperation in a constant number of queries:
    members with their actors and active sales points (2), chain (1), municipalities (1),
    consumer members (1), plus whatever a registered ambassadorship source uses."""
    from actors.models import SalesPoint
    from cooperation.models import ChainLink, ConsumerMembership, Membership

    memberships = (
        Membership.objects.active()
        .filter(cooperation=cooperation)
        .select_related("actor")
        .prefetch_related(
            Prefetch(
                "actor__sales_points",
                queryset=SalesPoint.objects.active().only(
                    "id", "actor_id", "channel", "latitude", "longitude"
                ),
            )
        )
    )
    members = tuple(
        MemberData(
            actor_id=m.actor_id,
            kind=m.actor.kind,
            role=m.role,
            latitude=m.actor.latitude,
            longitude=m.actor.longitude,
            municipality_id=m.actor.municipality_id,
            sales_points=tuple(
                SalesPointData(sp.channel, sp.latitude, sp.longitude)
                for sp in m.actor.sales_points.all()
            ),
        )
        for m in memberships
    )
    chain = tuple(
        ChainStepData(position, kind)
        for position, kind in ChainLink.objects.filter(cooperation=cooperation)
        .order_by("position")
        .values_list("position", "step_kind")
    )
    return CooperationData(
        price_setting=cooperation.price_setting,
        members=members,
        chain=chain,
        consumer_member_count=ConsumerMembership.objects.filter(cooperation=cooperation).count(),
        municipality_ids=frozenset(
            cooperation.municipalities.through.objects.filter(
                cooperation_id=cooperation.pk
            ).values_list("municipality_id", flat=True)
        ),
        latitude=cooperation.latitude,
        longitude=cooperation.longitude,
        ambassador_activities=ambassador_activities([cooperation.pk])[cooperation.pk],
    )


def scorecard_for(cooperation) -> Scorecard:
    return compute_scorecard(load_scorecard_data(cooperation))


__all__ = [
    "ChainStepData",
    "CooperationData",
    "MemberData",
    "PrincipleResult",
    "SalesPointData",
    "Scorecard",
    "Status",
    "compute_scorecard",
    "load_scorecard_data",
    "register_ambassadorship_source",
    "scorecard_for",
]
