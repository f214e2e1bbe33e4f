"""Reads of municipal support: visible actions, event outcomes, survey aggregates, dashboard.

The action list page and /api/v1/support-actions/ both start from
`support_action_list_visible_to`; the dashboard page and /api/v1/municipalities/{nis}/dashboard/
both call `dashboard_indicators`. Every read here runs a constant number of queries whatever
the number of actions, actors or cooperations.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from actors.choices import ActorKind
from actors.models import Actor, SalesPoint
from cooperation.choices import OPEN_MEMBERSHIP_STATUSES, MembershipStatus, PartnershipStatus
from cooperation.models import Cooperation, CooperationForm, Membership, PartnershipRequest
from municipality.choices import (
    AMBASSADORSHIP_TYPES,
    EVENT_TYPES,
    ILVO_BASELINE_PERCENT,
    ContactChannel,
    FundingSource,
    MunicipalRole,
    SupportActionStatus,
    SupportActionType,
)
from municipality.models import (
    EventRegistration,
    FoodStrategyGoal,
    Outcome,
    SupportAction,
    SurveyResponse,
)
from municipality.permissions import officer_municipality_ids
from network.models import Municipality, Region

# Partnerships and memberships among the attendees of an event count as its outcome when
# they are created from the event's day (day 0) up to and including day 90 after it.
OUTCOME_WINDOW_DAYS = 90


def _action_ref():
    return SupportAction.objects.only("id", "title", "is_public", "municipality_id")


# ---- support actions ---------------------------------------------------------------------


def support_action_visibility_filter(queryset: QuerySet, user) -> QuerySet:
    """Public actions for everyone; the others for their municipality's officers and staff."""
    if user is not None and user.is_authenticated:
        if user.is_staff:
            return queryset
        return queryset.filter(
            Q(is_public=True) | Q(municipality_id__in=officer_municipality_ids(user))
        )
    return queryset.filter(is_public=True)


def _count(model, fk: str, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(**{fk: OuterRef("pk")}, **filters)
            .order_by()
            .values(fk)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def support_action_list_visible_to(user) -> QuerySet:
    """Actions a user may see, with municipality, goals and counts loaded for a list."""
    queryset = SupportAction.objects.select_related("municipality").prefetch_related(
        Prefetch("goals", queryset=FoodStrategyGoal.objects.order_by("position", "title")),
        Prefetch(
            "led_to_by",
            queryset=_action_ref(),
        ),
    )
    # Explicit order: a GROUP BY query does not use Meta.ordering.
    return (
        support_action_visibility_filter(queryset, user)
        .annotate(
            outcome_count=_count(Outcome, "action"),
            registration_count=_count(EventRegistration, "action"),
            reach_count=_count(SupportAction.actors_reached.through, "supportaction"),
        )
        .order_by("-start_date", "-id")
    )


def support_action_detail_visible_to(user) -> QuerySet:
    return support_action_list_visible_to(user).prefetch_related(
        "partners",
        "actors_reached",
        "cooperations_reached",
        Prefetch(
            "led_to",
            queryset=_action_ref(),
        ),
        Prefetch(
            "outcome_records",
            queryset=Outcome.objects.select_related(
                "cooperation",
                "membership__actor",
                "membership__cooperation",
                "partnership_request__from_actor",
                "partnership_request__to_actor",
                "kitchen",
            ),
        ),
    )


def upcoming_public_events(*, now: datetime.datetime | None = None) -> QuerySet:
    """Public connection meetings and work sessions that have not ended (the iCal feed)."""
    now = now or timezone.now()
    return (
        SupportAction.objects.public()
        .events()
        .exclude(status=SupportActionStatus.CANCELLED)
        .filter(starts_at__isnull=False)
        .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
        .select_related("municipality")
        .order_by("starts_at")
    )


def food_strategy_goal_list(municipality_ids=None) -> QuerySet:
    queryset = FoodStrategyGoal.objects.select_related("municipality")
    if municipality_ids is not None:
        queryset = queryset.filter(municipality_id__in=municipality_ids)
    return queryset


def registrations_for_officer(action: SupportAction) -> QuerySet:
    """Everyone registered, citizens by name: only for the municipality's officers."""
    return action.registrations.select_related("actor", "user").order_by("created", "id")


def survey_responses_of(user) -> QuerySet:
    """Only the answers of the farms a user manages: nobody reads another farm's answer."""
    if user is None or not user.is_authenticated:
        return SurveyResponse.objects.none()
    return SurveyResponse.objects.filter(farmer__managers__user=user).select_related("farmer")


def outcome_record_candidate(kind: str, pk: int):
    """The record an outcome of `kind` may link to, or None (an officer links public records
    of the network; a partnership request is checked to be accepted by the service)."""
    from municipality.choices import OutcomeKind

    model = {
        OutcomeKind.COOPERATION: Cooperation,
        OutcomeKind.MEMBERSHIP: Membership,
        OutcomeKind.PARTNERSHIP: PartnershipRequest,
        OutcomeKind.KITCHEN_SUPPLY: Actor,
    }[OutcomeKind(kind)]
    return model.objects.filter(pk=pk).first()


# ---- event outcomes ----------------------------------------------------------------------


def _window(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start of day 0, start of day 91) in local time: day 90 counts, day 91 does not."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=OUTCOME_WINDOW_DAYS + 1), datetime.time.min, tzinfo=tz
    )
    return start, end


@dataclass
class EventOutcome:
    attendee_ids: frozenset[int]
    partnerships: list = field(default_factory=list)
    memberships: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.partnerships) + len(self.memberships)


def event_outcomes(action: SupportAction) -> EventOutcome:
    """What an event led to among the actors who attended it.

    Counted: partnership requests between two attendee actors (not declined or withdrawn),
    and memberships of an attendee in a cooperation where another attendee is also a member,
    created from the event's day (day 0, local time) to day 90 inclusive.
    """
    attendees = frozenset(
        action.registrations.filter(attended=True, actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    result = EventOutcome(attendee_ids=attendees)
    if len(attendees) < 2 or action.starts_at is None:
        return result
    start, end = _window(timezone.localdate(action.starts_at))
    result.partnerships = list(
        PartnershipRequest.objects.filter(
            from_actor_id__in=attendees,
            to_actor_id__in=attendees,
            created__gte=start,
            created__lt=end,
            status__in=(PartnershipStatus.PENDING, PartnershipStatus.ACCEPTED),
        ).select_related("from_actor", "to_actor")
    )
    fellow = Membership.objects.filter(
        cooperation=OuterRef("cooperation"),
        actor_id__in=attendees,
        status__in=OPEN_MEMBERSHIP_STATUSES,
    ).exclude(actor=OuterRef("actor"))
    result.memberships = list(
        Membership.objects.filter(
            actor_id__in=attendees,
            created__gte=start,
            created__lt=end,
            status__in=OPEN_MEMBERSHIP_STATUSES,
        )
        .filter(Exists(fellow))
        .select_related("actor", "cooperation")
    )
    return result


# ---- ambassadorship (principle 5 of the scorecard) ---------------------------------------


def ambassadorship_activities(cooperation_ids) -> dict[int, int]:
    """Per cooperation: promotion, education and events that reached it in the last 12
    months and were not cancelled (registered with cooperation.scorecard)."""
    today = timezone.localdate()
    rows = (
        SupportAction.cooperations_reached.through.objects.filter(
            cooperation_id__in=list(cooperation_ids),
            supportaction__action_type__in=AMBASSADORSHIP_TYPES,
            supportaction__start_date__gt=today - datetime.timedelta(days=365),
            supportaction__start_date__lte=today,
        )
        .exclude(supportaction__status=SupportActionStatus.CANCELLED)
        .order_by()
        .values("cooperation_id")
        .annotate(n=Count("supportaction_id"))
    )
    return {row["cooperation_id"]: row["n"] for row in rows}


# ---- survey aggregates -------------------------------------------------------------------


def survey_min_group_size() -> int:
    return max(1, int(getattr(settings, "SURVEY_MIN_GROUP_SIZE", 5)))


def survey_aggregate(municipality_ids=None, *, year: int | None = None) -> dict:
    """Shares of answers over a group of farms, withheld below the minimum group size.

    Below the minimum neither the number of answers nor any share is given, so no single
    farm's answer can be read off. `municipality_ids=None` is all of Flanders.
    """
    queryset = SurveyResponse.objects.all()
    if municipality_ids is not None:
        queryset = queryset.filter(farmer__municipality_id__in=list(municipality_ids))
    if year is not None:
        queryset = queryset.filter(year=year)
    rows = list(
        queryset.values_list("contact_channels", "municipality_important", "municipal_roles")
    )
    minimum = survey_min_group_size()
    result = {
        "year": year,
        "minimum_group_size": minimum,
        "baseline_percent": ILVO_BASELINE_PERCENT,
        "withheld": len(rows) < minimum,
        "respondents": None,
        "important_percent": None,
        "contact_channels": None,
        "municipal_roles": None,
    }
    if result["withheld"]:
        return result
    n = len(rows)
    channels = Counter(c for row in rows for c in row[0])
    roles = Counter(r for row in rows for r in row[2])
    result.update(
        respondents=n,
        important_percent=round(100 * sum(1 for row in rows if row[1]) / n, 1),
        contact_channels=[
            {
                "key": c.value,
                "label": str(c.label),
                "percent": round(100 * channels[c] / n, 1),
                "value": round(100 * channels[c] / n, 1),
            }
            for c in ContactChannel
        ],
        municipal_roles=[
            {
                "key": r.value,
                "label": str(r.label),
                "percent": round(100 * roles[r] / n, 1),
                "value": round(100 * roles[r] / n, 1),
            }
            for r in MunicipalRole
        ],
    )
    return result


# ---- tipping point -----------------------------------------------------------------------


def tipping_point(municipality_ids=None, *, years: int = 5) -> dict:
    """Share of listed farmers taking part in at least one active cooperation membership.

    Over time: for each year, the farmers (listed today) with an active membership that
    started (its `since`, else the local day it was recorded) on or before the 31st of
    December. `municipality_ids=None` is all of Flanders. One query, counted in the database:
    a farmer cooperates by a year when one such membership started by then.
    """
    farmers = Actor.objects.listed().filter(kind=ActorKind.FARMER)
    if municipality_ids is not None:
        farmers = farmers.filter(municipality_id__in=list(municipality_ids))
    this_year = timezone.localdate().year
    year_range = range(this_year - years + 1, this_year + 1)
    # One pass over the farmers joined to their memberships (COUNT DISTINCT, as a farmer may
    # hold several): cheaper than an EXISTS per farmer and per year at Flanders scale.
    active = Q(cooperation_memberships__status=MembershipStatus.ACTIVE)

    def started_by(day: datetime.date) -> Q:
        return active & (
            Q(cooperation_memberships__since__lte=day)
            | Q(
                cooperation_memberships__since__isnull=True,
                cooperation_memberships__created__date__lte=day,
            )
        )

    member = "cooperation_memberships__actor_id"
    counts = farmers.order_by().aggregate(
        farmers=Count("pk", distinct=True),
        cooperating=Count(member, filter=active, distinct=True),
        **{
            f"by_{year}": Count(
                member, filter=started_by(datetime.date(year, 12, 31)), distinct=True
            )
            for year in year_range
        },
    )
    total, cooperating = counts["farmers"], counts["cooperating"]
    series = [
        {
            "year": year,
            "cooperating": counts[f"by_{year}"],
            "percent": _percent(counts[f"by_{year}"], total),
        }
        for year in year_range
    ]
    return {
        "farmers": total,
        "cooperating": cooperating,
        "percent": _percent(cooperating, total),
        "series": series,
    }


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# ---- chain reactions ---------------------------------------------------------------------


@dataclass
class ChainNode:
    action: SupportAction
    children: list[ChainNode] = field(default_factory=list)


def chain_reactions(actions: list[SupportAction], *, within=None) -> list[ChainNode]:
    """The actions drawn as chains: roots (no visible predecessor) with what each led to.

    Only edges between the given (visible) actions are drawn. An action led to by two others
    appears under each; `led_to_by` has no cycles (the services refuse them). One query.
    `within`, a query of the same actions' ids, keeps hundreds of ids out of the SQL text.
    """
    by_id = {a.pk: a for a in actions}
    through = SupportAction.led_to_by.through
    children: dict[int, list[int]] = defaultdict(list)
    has_parent: set[int] = set()
    scope = by_id if within is None else within
    for later, earlier in through.objects.filter(
        from_supportaction_id__in=scope, to_supportaction_id__in=scope
    ).values_list("from_supportaction_id", "to_supportaction_id"):
        if later not in by_id or earlier not in by_id:
            continue
        children[earlier].append(later)
        has_parent.add(later)

    def build(pk: int, path: frozenset) -> ChainNode:
        kids = sorted(
            (c for c in children.get(pk, ()) if c not in path),
            key=lambda c: (by_id[c].start_date, c),
        )
        return ChainNode(by_id[pk], [build(c, path | {c}) for c in kids])

    roots = [pk for pk in by_id if pk in children and pk not in has_parent]
    roots.sort(key=lambda pk: (by_id[pk].start_date, pk))
    return [build(pk, frozenset({pk})) for pk in roots]


def chain_as_dict(node: ChainNode) -> dict:
    return {
        "id": node.action.pk,
        "title": node.action.title,
        "action_type": node.action.action_type,
        "start_date": node.action.start_date.isoformat(),
        "led_to": [chain_as_dict(child) for child in node.children],
    }


# ---- dashboard ---------------------------------------------------------------------------


def scope_municipality_ids(
    *, municipality: Municipality | None = None, region: Region | None = None
):
    if municipality is not None:
        return [municipality.pk]
    if region is not None:
        if region.kind == Region.Kind.PROVINCE:
            return list(Municipality.objects.filter(province=region).values_list("pk", flat=True))
        return list(region.municipalities.values_list("pk", flat=True))
    return None


def dashboard_actions(user, municipality_ids) -> QuerySet:
    return support_action_visibility_filter(
        SupportAction.objects.filter(municipality_id__in=municipality_ids), user
    )


def _labelled(choices, counts: dict) -> list[dict]:
    return [
        {"key": c.value, "label": str(c.label), "value": counts.get(c.value, 0)} for c in choices
    ]


def dashboard_indicators(
    user, *, municipality: Municipality | None = None, region: Region | None = None
) -> dict:
    """Everything the municipal dashboard shows, for one municipality or one region.

    The public sees public numbers only (listed actors, public cooperations and actions);
    the municipality's officers also count their non-public actions.
    """
    ids = scope_municipality_ids(municipality=municipality, region=region)
    actions = dashboard_actions(user, ids)

    actors_by_kind = dict(
        Actor.objects.listed()
        .filter(municipality_id__in=ids)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    cooperations = Cooperation.objects.public().filter(municipalities__in=ids)
    by_form = dict(
        cooperations.order_by().values_list("form_id").annotate(n=Count("pk", distinct=True))
    )
    forms = list(CooperationForm.objects.order_by("position"))

    by_type_status = defaultdict(Counter)
    for action_type, status, n in (
        actions.order_by().values_list("action_type", "status").annotate(n=Count("pk"))
    ):
        by_type_status[action_type][status] += n
    by_year = defaultdict(Counter)
    for year, action_type, n in (
        actions.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values_list("year", "action_type")
        .annotate(n=Count("pk"))
    ):
        by_year[year][action_type] += n
    budget_by_funding = dict(
        actions.order_by().values_list("funding_source").annotate(total=Sum("budget"))
    )
    # An action tied to two goals counts in full under each: the goals overlap by design.
    budget_by_goal = [
        {"key": str(pk), "label": title, "value": total or Decimal(0)}
        for pk, title, total in FoodStrategyGoal.objects.filter(municipality_id__in=ids)
        .annotate(total=Sum("actions__budget", filter=Q(actions__in=actions.values("pk"))))
        .order_by("municipality__name_nl", "position", "title")
        .values_list("pk", "title", "total")
    ]
    totals = actions.aggregate(
        budget=Coalesce(Sum("budget"), Decimal(0)),
        hours=Coalesce(Sum("staff_hours"), Decimal(0)),
        count=Count("pk"),
    )
    # Counted on the link tables: no DISTINCT over whole actor or cooperation rows.
    reach = {
        "actors": SupportAction.actors_reached.through.objects.filter(
            supportaction__in=actions.values("pk")
        ).aggregate(n=Count("actor_id", distinct=True))["n"],
        "cooperations": SupportAction.cooperations_reached.through.objects.filter(
            supportaction__in=actions.values("pk")
        ).aggregate(n=Count("cooperation_id", distinct=True))["n"],
    }
    action_rows = list(
        actions.annotate(outcome_count=_count(Outcome, "action"))
        .only("id", "title", "action_type", "status", "start_date", "budget", "is_public")
        .order_by("start_date", "id")
    )
    chains = chain_reactions(action_rows, within=actions.values("pk"))

    # The scope's own row: farmers and cooperating do not depend on the years of the series.
    own_tipping_point = tipping_point(ids)
    comparison = [
        {"label": str(municipality or region), **_compare(own_tipping_point)},
    ]
    if municipality is not None:
        # Its province first, then the streken it belongs to.
        provinces = [municipality.province] if municipality.province_id else []
        for other in provinces + list(municipality.regions.all()):
            comparison.append(
                {
                    "label": str(other),
                    **_compare(tipping_point(scope_municipality_ids(region=other), years=1)),
                }
            )
    comparison.append(
        {"label": gettext("all of Flanders"), **_compare(tipping_point(None, years=1))}
    )

    # The latest year with enough answers to show: a year with fewer would tell that some farm
    # here answered that year, which is the farm's own business (survey_aggregate).
    latest_year = (
        SurveyResponse.objects.filter(farmer__municipality_id__in=ids)
        .values("year")
        .annotate(answers=Count("id"))
        .filter(answers__gte=survey_min_group_size())
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return {
        "scope": {
            "municipality": municipality.nis_code if municipality else None,
            "region": region.slug if region else None,
            "name": str(municipality or region),
        },
        "actors_by_kind": _labelled(ActorKind, actors_by_kind),
        "cooperations_by_form": [
            {"key": f.slug, "label": f.name, "value": by_form.get(f.pk, 0)} for f in forms
        ],
        "tipping_point": own_tipping_point,
        "actions_by_type": [
            {
                "key": t.value,
                "label": str(t.label),
                "value": sum(by_type_status[t.value].values()),
                "by_status": {
                    s.value: by_type_status[t.value][s.value] for s in SupportActionStatus
                },
            }
            for t in SupportActionType
        ],
        "actions_by_status": _labelled(
            SupportActionStatus,
            {
                s.value: sum(c[s.value] for c in by_type_status.values())
                for s in SupportActionStatus
            },
        ),
        "actions_by_year": [
            {"year": year, "value": sum(by_year[year].values()), "by_type": dict(by_year[year])}
            for year in sorted(by_year)
        ],
        "budget_by_funding": _labelled(
            FundingSource, {k: v or Decimal(0) for k, v in budget_by_funding.items()}
        ),
        "budget_by_goal": budget_by_goal,
        "totals": totals,
        "reach": reach,
        "outcomes_per_action": [
            {"key": str(a.pk), "label": a.title, "value": a.outcome_count}
            for a in action_rows
            if a.outcome_count
        ],
        "chains": chains,
        "survey": survey_aggregate(ids, year=latest_year),
        "comparison": comparison,
        "event_types": [t.value for t in EVENT_TYPES],
    }


def _compare(tp: dict) -> dict:
    return {"farmers": tp["farmers"], "cooperating": tp["cooperating"], "percent": tp["percent"]}


def dashboard_map_points(municipality_ids) -> dict:
    """Markers for the dashboard map: listed actors, public cooperations, active sales points.

    Plain `.values()`: a map layer can hold thousands of points (STACK.md).
    """
    return {
        "actors": list(
            Actor.objects.listed()
            .filter(municipality_id__in=municipality_ids)
            .values("name", "kind", "latitude", "longitude", "slug")
        ),
        "cooperations": list(
            Cooperation.objects.public()
            .filter(municipalities__in=municipality_ids, latitude__isnull=False)
            .distinct()
            .values("name", "latitude", "longitude", "slug")
        ),
        "sales_points": list(
            SalesPoint.objects.active()
            .filter(
                actor__is_public=True,
                municipality_id__in=municipality_ids,
                latitude__isnull=False,
            )
            .values("name", "channel", "latitude", "longitude")
        ),
    }
