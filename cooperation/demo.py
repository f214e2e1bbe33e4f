"""Demo data for the cooperation app: one cooperation of each of the seven forms, and requests.

`seed()` is the cooperation step of `manage.py seed_demo` (network), run after the actors step:
it builds on the demo actors (the named ones, such as Hoeve De Linde and Versnet Gent, and the
default region's farms near them). Rules it keeps, as actors/demo.py does:

- **Idempotent.** Cooperations are keyed by slug and partnership requests by their pair of
  actors: what exists is left as it is (a demo user's edits survive), a second run writes
  nothing.
- **Deterministic.** Extra members are the listed farms nearest to a named actor, ordered by
  distance and slug, so the same database gets the same cooperations.
- **Valid and quiet.** Rows pass `full_clean()`; no e-mail leaves (rows are written directly,
  not through the services that notify), and consent is as if given: members are active.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from actors.choices import ActorKind
from actors.models import Actor, ProductCategory
from cooperation.choices import (
    ChainStepKind,
    CooperationStatus,
    DecisionMaking,
    FormSlug,
    LegalForm,
    MemberRole,
    MembershipStatus,
    PartnershipStatus,
    PriceSetting,
)
from cooperation.models import (
    ChainLink,
    ConsumerMembership,
    Cooperation,
    CooperationForm,
    Membership,
    PartnershipRequest,
)

CITIZEN_EMAIL = "burger@ketenwerk.demo"
NEARBY_KM = 30


@dataclass
class SeedResult:
    counts: Counter = field(default_factory=Counter)
    logins: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """One demo cooperation: named members (by actor name) plus nearby farms as producers."""

    name: str
    form: str
    status: str
    description: str
    members: tuple[tuple[str, str], ...]  # (actor name, role); the first is the initiator
    nearby_farms_of: str = ""  # add the farms nearest to this named actor…
    nearby_farms: int = 0  # …this many, as producers
    legal_form: str = LegalForm.INFORMAL
    price_setting: str = PriceSetting.PRODUCER_OWN
    decision_making: str = DecisionMaking.CONSENSUS
    shared_assets: str = ""
    accepts_new_members: bool = True
    years_ago: int = 2
    chain: tuple[tuple[str, str, str], ...] = ()  # (step kind, actor name or "", category slug)
    consumer_members: int = 0


PLANS = (
    Plan(
        name="Hoevewinkels Meetjesland",
        form=FormSlug.MUTUAL_PURCHASING,
        status=CooperationStatus.ACTIVE,
        description=(
            "Drie hoevewinkels kopen elkaars zuivel, fruit en groenten, zodat elke winkel een "
            "volledig assortiment heeft. Elke boer blijft baas over zijn eigen winkel en prijs."
        ),
        members=(
            ("Hoeve De Linde", MemberRole.INITIATOR),
            ("Zuivelhoeve Meetjesland", MemberRole.PRODUCER),
            ("Fruitbedrijf Ter Walle", MemberRole.PRODUCER),
        ),
        years_ago=4,
    ),
    Plan(
        name="Boerencoöperatie Leiestreek",
        form=FormSlug.FARMERS_COOPERATIVE,
        status=CooperationStatus.ACTIVE,
        description=(
            "Groentetelers uit de streek verkopen samen aan winkels en keukens en investeren "
            "samen in een koelcel en een bestelwagen."
        ),
        members=(("Oogstboerderij De Kouter", MemberRole.INITIATOR),),
        nearby_farms_of="Oogstboerderij De Kouter",
        nearby_farms=5,
        legal_form=LegalForm.COOPERATIVE,
        price_setting=PriceSetting.PRODUCERS_TOGETHER,
        decision_making=DecisionMaking.ONE_MEMBER_ONE_VOTE,
        shared_assets="Koelcel van 40 m³, een gekoelde bestelwagen.",
        years_ago=6,
    ),
    Plan(
        name="Samen Sappen Eeklo",
        form=FormSlug.JOINT_PROCESSING,
        status=CooperationStatus.STARTING,
        description=(
            "Fruittelers persen hun appelen en peren samen in de fruitpers; de gedeelde "
            "pasteurisator maakt sap dat een jaar bewaart."
        ),
        members=(
            ("Fruitpers Meetjesland", MemberRole.INITIATOR),
            ("Fruitbedrijf Ter Walle", MemberRole.PRODUCER),
            ("Korte Keten Advies Meetjesland", MemberRole.FACILITATOR),
        ),
        nearby_farms_of="Fruitpers Meetjesland",
        nearby_farms=2,
        price_setting=PriceSetting.PRODUCERS_TOGETHER,
        shared_assets="Bandpers, pasteurisator, bag-in-box vuller.",
        years_ago=0,
    ),
    Plan(
        name="Boerenmarkt De Kring",
        form=FormSlug.SUPERMARKET,
        status=CooperationStatus.ACTIVE,
        description=(
            "Een buurtwinkel met vooral producten van boeren uit de buurt; de boeren bepalen "
            "zelf hun prijs en staan om beurten mee in de winkel."
        ),
        members=(("Buurtwinkel De Kring", MemberRole.INITIATOR),),
        nearby_farms_of="Buurtwinkel De Kring",
        nearby_farms=4,
        legal_form=LegalForm.COOPERATIVE,
        years_ago=3,
    ),
    Plan(
        name="Versnet Gent",
        form=FormSlug.DISTRIBUTION_PLATFORM,
        status=CooperationStatus.ACTIVE,
        description=(
            "Eén bestelplatform en één ronde voor scholen, woonzorgcentra en winkels in Gent: "
            "de producenten leveren op één punt, Versnet rijdt uit."
        ),
        members=(
            ("Versnet Gent", MemberRole.COORDINATOR),
            ("Basisschool De Regenboog", MemberRole.BUYER),
            ("Woonzorgcentrum Ter Linde", MemberRole.BUYER),
            ("Hoeve De Linde", MemberRole.PRODUCER),
        ),
        nearby_farms_of="Versnet Gent",
        nearby_farms=3,
        legal_form=LegalForm.COMPANY,
        price_setting=PriceSetting.PRODUCERS_TOGETHER,
        decision_making=DecisionMaking.BOARD,
        years_ago=2,
    ),
    Plan(
        name="Oogstgemeenschap De Kouter",
        form=FormSlug.FARMERS_CONSUMERS,
        status=CooperationStatus.ACTIVE,
        description=(
            "Leden betalen aan het begin van het seizoen een oogstaandeel en oogsten zelf; "
            "boer en leden beslissen samen over het teeltplan."
        ),
        members=(
            ("Oogstboerderij De Kouter", MemberRole.INITIATOR),
            ("Voedselteam Sint-Amandsberg", MemberRole.CONSUMER_MEMBER),
        ),
        legal_form=LegalForm.COOPERATIVE,
        decision_making=DecisionMaking.ONE_MEMBER_ONE_VOTE,
        consumer_members=1,
        years_ago=5,
    ),
    Plan(
        name="Van veld tot bord: Regenboogsoep",
        form=FormSlug.FIELD_TO_FORK,
        status=CooperationStatus.ACTIVE,
        description=(
            "Groenten van Hoeve De Linde worden elke week soep in de keuken van basisschool "
            "De Regenboog. Vaste afspraken over volume en prijs, een vast leverdag."
        ),
        members=(
            ("Basisschool De Regenboog", MemberRole.INITIATOR),
            ("Hoeve De Linde", MemberRole.PRODUCER),
            ("Korte Keten Advies Meetjesland", MemberRole.FACILITATOR),
        ),
        accepts_new_members=False,
        chain=(
            (ChainStepKind.FARM, "Hoeve De Linde", "vegetables"),
            (ChainStepKind.KITCHEN, "Basisschool De Regenboog", "vegetables"),
            (ChainStepKind.CONSUMER, "", ""),
        ),
        years_ago=1,
    ),
)

# (from, to, status, form, message): requests between named actors, so each demo login has some.
REQUESTS = (
    (
        "Fruitpers Meetjesland",
        "Hoeve De Linde",
        PartnershipStatus.PENDING,
        FormSlug.JOINT_PROCESSING,
        "Wij persen ook groentesappen. Interesse om uw wortelen te verwerken?",
    ),
    (
        "Zuivelhoeve Meetjesland",
        "Buurtwinkel De Kring",
        PartnershipStatus.ACCEPTED,
        FormSlug.SUPERMARKET,
        "Onze kaas en yoghurt in uw winkel?",
    ),
    (
        "Hoeve De Linde",
        "Bakkerij Van Damme",
        PartnershipStatus.PENDING,
        FormSlug.FIELD_TO_FORK,
        "Spelt van onze akker voor uw brood?",
    ),
)


def _actors_by_name(names) -> dict[str, Actor]:
    rows = Actor.objects.filter(slug__in=[slugify(n) for n in names]).select_related("municipality")
    return {actor.name: actor for actor in rows}


def _nearby_farms(anchor: Actor, n: int, exclude: set[int]) -> list[Actor]:
    rows = (
        Actor.objects.listed()
        .filter(kind=ActorKind.FARMER)
        .exclude(pk__in=exclude)
        .exclude(slug__startswith="syn-")
        .near(anchor.latitude, anchor.longitude, NEARBY_KM)
        .select_related("municipality")
        .order_by("distance_km", "slug")
    )
    return list(rows[:n])


def _create(plan: Plan, form: CooperationForm, actors: dict[str, Actor], today, result) -> None:
    members = [(actors[name], role) for name, role in plan.members]
    if plan.nearby_farms:
        taken = {actor.pk for actor, _role in members}
        for farm in _nearby_farms(actors[plan.nearby_farms_of], plan.nearby_farms, taken):
            members.append((farm, MemberRole.PRODUCER))
    started = today - datetime.timedelta(days=365 * plan.years_ago)
    is_going = plan.status in (CooperationStatus.ACTIVE, CooperationStatus.PAUSED)
    municipalities = list(
        {actor.municipality_id: actor.municipality for actor, _ in members}.values()
    )
    cooperation = Cooperation(
        name=plan.name,
        slug=slugify(plan.name),
        form=form,
        description=plan.description,
        status=plan.status,
        started_on=started if is_going else None,
        legal_form=plan.legal_form,
        price_setting=plan.price_setting,
        decision_making=plan.decision_making,
        shared_assets=plan.shared_assets,
        accepts_new_members=plan.accepts_new_members,
        is_public=True,
        latitude=sum(m.latitude for m in municipalities) / len(municipalities),
        longitude=sum(m.longitude for m in municipalities) / len(municipalities),
    )
    cooperation.full_clean()
    cooperation.save()
    cooperation.municipalities.set(municipalities)
    rows = []
    for actor, role in members:
        row = Membership(
            cooperation=cooperation,
            actor=actor,
            role=role,
            status=MembershipStatus.ACTIVE,
            since=started if is_going else today,
            decided_at=timezone.now(),
        )
        row.full_clean(validate_constraints=False)
        rows.append(row)
    Membership.objects.bulk_create(rows)
    result.counts["memberships"] += len(rows)

    categories = ProductCategory.objects.in_bulk(
        [slug for _k, _a, slug in plan.chain if slug], field_name="slug"
    )
    links = [
        ChainLink(
            cooperation=cooperation,
            position=position,
            step_kind=kind,
            actor=actors.get(name) if name else None,
            category=categories.get(slug),
        )
        for position, (kind, name, slug) in enumerate(plan.chain, start=1)
    ]
    ChainLink.objects.bulk_create(links)
    result.counts["chain links"] += len(links)

    if plan.consumer_members:
        citizen = get_user_model().objects.filter(email=CITIZEN_EMAIL).first()
        if citizen is not None:
            ConsumerMembership.objects.get_or_create(user=citizen, cooperation=cooperation)
            result.counts["consumer memberships"] += 1
    result.counts["cooperations"] += 1


def seed(
    *, scale: int = 1, progress: bool = False, out: Callable[[str], None] | None = None
) -> SeedResult:
    """Write the seven demo cooperations and some partnership requests (idempotent).

    `scale` is accepted for the composed command; the cooperations stay seven whatever it is.
    """
    say = out or (lambda text: None)
    result = SeedResult()
    forms = CooperationForm.objects.in_bulk(field_name="slug")
    names = {name for plan in PLANS for name, _role in plan.members}
    names |= {plan.nearby_farms_of for plan in PLANS if plan.nearby_farms_of}
    names |= {name for plan in PLANS for _k, name, _s in plan.chain if name}
    names |= {r[0] for r in REQUESTS} | {r[1] for r in REQUESTS}
    actors = _actors_by_name(names)
    missing = sorted(names - set(actors))
    if missing or len(forms) < len(FormSlug.ALL):
        result.notes.append(
            "Cooperation demo skipped: run the actors demo step first (missing: "
            + ", ".join(missing or ["forms of cooperation"])
            + ")."
        )
        say("  " + result.notes[-1])
        return result
    today = timezone.localdate()

    with transaction.atomic():
        existing = set(
            Cooperation.objects.filter(slug__in=[slugify(p.name) for p in PLANS]).values_list(
                "slug", flat=True
            )
        )
        for plan in PLANS:
            if slugify(plan.name) not in existing:
                _create(plan, forms[plan.form], actors, today, result)

        for sender, receiver, status, form_slug, message in REQUESTS:
            from_actor, to_actor = actors[sender], actors[receiver]
            if PartnershipRequest.objects.between(from_actor, to_actor).exists():
                continue
            decided = status != PartnershipStatus.PENDING
            row = PartnershipRequest(
                from_actor=from_actor,
                to_actor=to_actor,
                form=forms[form_slug],
                message=message,
                status=status,
                decided_at=timezone.now() if decided else None,
                # Demo rows: mark as notified so no worker mails them later.
                request_notified_at=timezone.now(),
                decision_notified_at=timezone.now() if decided else None,
            )
            row.full_clean(validate_constraints=False)
            row.save()
            result.counts["partnership requests"] += 1

    say(
        "  "
        + (", ".join(f"{n} {what}" for what, n in sorted(result.counts.items())) or "nothing new")
    )
    return result
