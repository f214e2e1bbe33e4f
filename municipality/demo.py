"""Demo data for municipal support: an officer for Gent, its food strategy, the seed's chain
reaction, events, and survey answers.

`seed()` is the municipality step of `manage.py seed_demo` (network), run after the actors and
cooperation steps. Rules it keeps, like cooperation/demo.py:

- **Idempotent.** Actions are keyed by municipality and title, goals by municipality and
  standard key, survey answers by farm and year, the officer by e-mail: a second run writes
  nothing, and a demo user's edits survive.
- **Deterministic.** Farms for the survey are the listed farms of Gent in slug order.
- **Valid.** Rows pass `full_clean()`; no e-mail leaves.

The chain reaction is the one in the seed (ILVO presentation): training on food literacy for
schools and farmers → a project of farmers and schools → agricultural education on the farm
→ schools put short-chain products in their meals → parents help organise co-working days.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from actors.choices import ActorKind
from actors.models import Actor
from cooperation.models import Cooperation
from municipality.choices import (
    ContactChannel,
    FundingSource,
    MunicipalRole,
    OutcomeKind,
    StandardGoal,
    SupportActionStatus,
    SupportActionType,
)
from municipality.models import (
    FoodStrategyGoal,
    OfficerRole,
    Outcome,
    SupportAction,
    SurveyResponse,
)
from municipality.services import food_strategy_ensure
from network.models import Municipality

OFFICER_EMAIL = "officer@ketenwerk.demo"
GENT = "44021"
T = SupportActionType
S = SupportActionStatus


@dataclass
class SeedResult:
    counts: Counter = field(default_factory=Counter)
    logins: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    title: str
    action_type: str
    status: str
    days_from_today: int  # negative: in the past
    description: str
    goals: tuple[str, ...] = ()
    led_to_by: str = ""  # title of the earlier action
    partners: tuple[str, ...] = ()  # actor names (knowledge institutions, advisers)
    reached: tuple[str, ...] = ()  # actor names
    cooperations: tuple[str, ...] = ()  # cooperation slugs
    budget: int = 0
    hours: int = 0
    funding: str = FundingSource.OWN_BUDGET
    place: str = ""
    capacity: int | None = None
    outcome: tuple[str, str] | None = None  # (kind, actor name or cooperation slug)
    outcomes: str = ""


SCHOOL = "Basisschool De Regenboog"
FARM = "Hoeve De Linde"
CHAIN_COOP = "van-veld-tot-bord-regenboogsoep"

PLANS = (
    Plan(
        "Training voedselgeletterdheid voor scholen en boeren",
        T.KNOWLEDGE,
        S.DONE,
        -700,
        "Vier avonden over seizoenen, smaak en waar ons eten vandaan komt, voor leerkrachten, "
        "koks van schoolkeukens en boeren uit de streek.",
        goals=(StandardGoal.SCHOOLS, StandardGoal.KNOW_THE_PRODUCER),
        partners=("ILVO – Instituut voor Landbouw-, Visserij- en Voedingsonderzoek",),
        reached=(SCHOOL, FARM),
        budget=4500,
        hours=60,
        funding=FundingSource.PROVINCE,
        outcomes="32 deelnemers: 14 leerkrachten en koks, 18 boeren.",
    ),
    Plan(
        "Project boeren en scholen: samen aan tafel",
        T.MEANS,
        S.DONE,
        -520,
        "Een projectsubsidie en begeleiding voor boeren en scholen die samen een jaar lang "
        "werken rond gezonde, lokale schoolmaaltijden.",
        goals=(StandardGoal.SCHOOLS, StandardGoal.BETTER_MARKET),
        led_to_by="Training voedselgeletterdheid voor scholen en boeren",
        partners=("Korte Keten Advies Meetjesland",),
        reached=(SCHOOL, FARM),
        cooperations=(CHAIN_COOP,),
        budget=12000,
        hours=120,
        funding=FundingSource.FLEMISH,
        outcome=(OutcomeKind.COOPERATION, CHAIN_COOP),
    ),
    Plan(
        "Landbouweducatie op de boerderij voor scholen en burgers",
        T.PROMOTION,
        S.ONGOING,
        -360,
        "Boeren ontvangen klassen en buurtbewoners op het erf: zaaien, oogsten, koken.",
        goals=(StandardGoal.KNOW_THE_PRODUCER, StandardGoal.SOCIAL_COHESION),
        led_to_by="Project boeren en scholen: samen aan tafel",
        reached=(FARM,),
        cooperations=(CHAIN_COOP,),
        budget=3000,
        hours=40,
    ),
    Plan(
        "Scholen kiezen korte-ketenproducten voor hun maaltijden",
        T.CITY_AS_LEVER,
        S.DONE,
        -200,
        "De stedelijke aankoopcentrale neemt korte-ketengroenten op in het bestek voor "
        "schoolmaaltijden.",
        goals=(StandardGoal.SUSTAINABLE_MEALS, StandardGoal.BETTER_MARKET),
        led_to_by="Landbouweducatie op de boerderij voor scholen en burgers",
        reached=(SCHOOL,),
        cooperations=(CHAIN_COOP,),
        hours=80,
        outcome=(OutcomeKind.KITCHEN_SUPPLY, SCHOOL),
        outcomes="Elke week soep van Hoeve De Linde in De Regenboog.",
    ),
    Plan(
        "Ouders organiseren meewerkdagen op de boerderij",
        T.WORK_SESSION,
        S.PLANNED,
        21,
        "Werksessie met ouders, school en boer: hoe organiseren we samen meewerkdagen?",
        goals=(StandardGoal.SOCIAL_COHESION,),
        led_to_by="Scholen kiezen korte-ketenproducten voor hun maaltijden",
        reached=(SCHOOL, FARM),
        budget=500,
        hours=16,
        place="Hoeve De Linde, Lindestraat 14, Adegem",
        capacity=30,
    ),
    Plan(
        "Verbindingsavond boeren, winkels en keukens",
        T.CONNECTION_MEETING,
        S.PLANNED,
        45,
        "Speeddates tussen producenten en afnemers uit Gent en het Meetjesland.",
        goals=(StandardGoal.BETTER_MARKET,),
        partners=("Korte Keten Advies Meetjesland",),
        budget=1500,
        hours=24,
        place="Stadhuis Gent, Botermarkt 1",
        capacity=60,
    ),
    Plan(
        "Week van de korte keten",
        T.PROMOTION,
        S.DONE,
        -90,
        "Campagne in stadsmagazine, op sociale media en op de markten.",
        goals=(StandardGoal.KNOW_THE_PRODUCER,),
        budget=8000,
        hours=50,
    ),
    Plan(
        "Afhaalpunt korte keten in het buurtcentrum",
        T.PLACE,
        S.ONGOING,
        -150,
        "Een koele ruimte in het buurtcentrum waar boeren bestellingen klaarzetten.",
        goals=(StandardGoal.KNOW_THE_PRODUCER, StandardGoal.SOCIAL_EMPLOYMENT),
        budget=6000,
        hours=30,
        funding=FundingSource.EUROPEAN,
    ),
)


def _officer(result: SeedResult, password_hash: str):
    User = get_user_model()
    user = User.objects.filter(email=OFFICER_EMAIL).first()
    if user is None:
        user = User(email=OFFICER_EMAIL, first_name="Lotte", last_name="Van Acker")
        user.password = password_hash
        user.save()
        result.counts["officers"] += 1
    result.logins.append((OFFICER_EMAIL, "municipal officer of Gent"))
    return user


def _create(plan, *, gent, officer, goals, actors, coops, by_title, today, result):
    start = today + datetime.timedelta(days=plan.days_from_today)
    starts_at = None
    if plan.action_type in (T.CONNECTION_MEETING, T.WORK_SESSION):
        starts_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time(19, 30)))
    action = SupportAction(
        municipality=gent,
        action_type=plan.action_type,
        title=plan.title,
        description=plan.description,
        start_date=start,
        status=plan.status,
        budget=plan.budget,
        staff_hours=plan.hours,
        funding_source=plan.funding,
        outcomes=plan.outcomes,
        is_public=True,
        starts_at=starts_at,
        place=plan.place,
        capacity=plan.capacity,
        created_by=officer,
    )
    action.full_clean()
    action.save()
    action.goals.set([goals[key] for key in plan.goals if key in goals])
    action.partners.set([actors[n] for n in plan.partners if n in actors])
    action.actors_reached.set([actors[n] for n in plan.reached if n in actors])
    action.cooperations_reached.set([coops[s] for s in plan.cooperations if s in coops])
    if plan.led_to_by and plan.led_to_by in by_title:
        action.led_to_by.set([by_title[plan.led_to_by]])
    if plan.outcome:
        kind, ref = plan.outcome
        record = coops.get(ref) if kind == OutcomeKind.COOPERATION else actors.get(ref)
        if record is not None:
            field_name = "cooperation" if kind == OutcomeKind.COOPERATION else "kitchen"
            Outcome.objects.create(action=action, kind=kind, **{field_name: record})
            result.counts["outcomes"] += 1
    result.counts["support actions"] += 1
    return action


def _survey(gent, year, result):
    farms = list(
        Actor.objects.listed()
        .filter(kind=ActorKind.FARMER, municipality=gent)
        .exclude(slug__startswith="syn-")
        .order_by("slug")[:8]
    )
    answered = set(
        SurveyResponse.objects.filter(farmer__in=farms, year=year).values_list(
            "farmer_id", flat=True
        )
    )
    channels = list(ContactChannel)
    roles = list(MunicipalRole)
    for i, farm in enumerate(farms):
        if farm.pk in answered:
            continue
        important = i % 5 != 4  # four in five: above the ILVO 58%
        SurveyResponse.objects.create(
            farmer=farm,
            year=year,
            contact_channels=sorted({ContactChannel.OWN_INITIATIVE, channels[i % len(channels)]}),
            municipality_important=important,
            municipal_roles=sorted({roles[i % len(roles)], roles[(i + 1) % len(roles)]})
            if important
            else [],
        )
        result.counts["survey responses"] += 1


def seed(
    *, scale: int = 1, progress: bool = False, out: Callable[[str], None] | None = None
) -> SeedResult:
    """Write the officer, Gent's food strategy, the chain reaction and survey answers.

    `scale` is accepted for the composed command; the municipal demo does not grow with it.
    """
    from actors.demo import DEMO_PASSWORD

    say = out or (lambda text: None)
    result = SeedResult()
    gent = Municipality.objects.filter(nis_code=GENT).first()
    if gent is None:
        result.notes.append("Municipality demo skipped: Gent (44021) is not in the database.")
        say("  " + result.notes[-1])
        return result
    today = timezone.localdate()
    names = {n for p in PLANS for n in (*p.partners, *p.reached)}
    names |= {p.outcome[1] for p in PLANS if p.outcome and p.outcome[0] != OutcomeKind.COOPERATION}
    actors = {a.name: a for a in Actor.objects.filter(slug__in=[slugify(n) for n in names])}
    coops = Cooperation.objects.in_bulk(
        [s for p in PLANS for s in p.cooperations], field_name="slug"
    )
    missing = sorted(names - set(actors))
    if missing:
        result.notes.append(
            "Municipality demo: some actors are missing (run the actors step first): "
            + ", ".join(missing)
        )

    with transaction.atomic():
        officer = _officer(result, make_password(DEMO_PASSWORD))
        if not OfficerRole.objects.filter(user=officer, municipality=gent).exists():
            OfficerRole.objects.create(user=officer, municipality=gent)
            result.counts["officer roles"] += 1
        before = FoodStrategyGoal.objects.filter(municipality=gent).count()
        food_strategy_ensure(municipality=gent)
        if not FoodStrategyGoal.objects.filter(municipality=gent, title="Stadslandbouw").exists():
            FoodStrategyGoal.objects.create(
                municipality=gent,
                title="Stadslandbouw",
                description="Meer ruimte voor voedsel telen in en rond de stad.",
                indicator="hectare stadslandbouw",
                target_value=25,
                target_unit="ha",
            )
        result.counts["food-strategy goals"] += (
            FoodStrategyGoal.objects.filter(municipality=gent).count() - before
        )
        goals = {
            g.standard_key: g
            for g in FoodStrategyGoal.objects.filter(municipality=gent).exclude(standard_key="")
        }
        by_title = {
            a.title: a
            for a in SupportAction.objects.filter(
                municipality=gent, title__in=[p.title for p in PLANS]
            )
        }
        for plan in PLANS:  # in order: an action's predecessor is written before it
            if plan.title in by_title:
                continue
            by_title[plan.title] = _create(
                plan,
                gent=gent,
                officer=officer,
                goals=goals,
                actors=actors,
                coops=coops,
                by_title=by_title,
                today=today,
                result=result,
            )
        _survey(gent, today.year, result)

    say(
        "  "
        + (", ".join(f"{n} {what}" for what, n in sorted(result.counts.items())) or "nothing new")
    )
    return result
