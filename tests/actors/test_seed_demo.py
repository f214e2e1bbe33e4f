"""manage.py seed_demo: the demo region's actors, and --scale.

The default region is seeded once for the module, inside a transaction that is rolled back
at its end; each test runs in a savepoint within it.
"""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.http import HttpRequest

from actors.choices import (
    ActorKind,
    Channel,
    Frequency,
    InitiativeType,
    KitchenType,
    NeedKind,
    ServiceKind,
)
from actors.demo import (
    DEFAULT_KIND_COUNTS,
    DEFAULT_SIZE,
    DEMO_PASSWORD,
    SYNTHETIC_PREFIX,
    Planner,
    _default_plans,
    _synthetic_plans,
    _towns,
    month_span,
)
from actors.models import (
    Actor,
    ActorLabel,
    ActorManager,
    CitizenProfile,
    Label,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    ProductCategory,
    SalesPoint,
)
from actors.reference_data import ORGANIC_CERTIFIERS
from network.geo import haversine_km
from network.models import Municipality

MODELS = (
    Actor,
    ActorLabel,
    ActorManager,
    SalesPoint,
    OpeningHours,
    OpeningException,
    Offer,
    Need,
    CitizenProfile,
    Municipality,
    ProductCategory,
    Label,
    get_user_model(),
)


def seed(*args):
    out = StringIO()
    call_command("seed_demo", "--force", *args, stdout=out, verbosity=1)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The default demo region, seeded once and rolled back after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            output = seed()
            yield output
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(seeded, db):
    return seeded


# --- What the default region holds -----------------------------------------------------------


def test_default_region_has_at_least_150_actors(demo):
    assert Actor.objects.count() == DEFAULT_SIZE
    assert DEFAULT_SIZE >= 150


def test_every_actor_kind_is_present_with_farmers_most(demo):
    kinds = Counter(Actor.objects.values_list("kind", flat=True))

    assert set(kinds) == set(ActorKind.values)
    assert kinds.most_common(1)[0][0] == ActorKind.FARMER
    assert kinds == Counter({str(kind): count for kind, count in DEFAULT_KIND_COUNTS.items()})


def test_every_kitchen_type_and_initiative_type_is_present(demo):
    kitchen_types = set(
        Actor.objects.filter(kind=ActorKind.KITCHEN).values_list("kitchen_type", flat=True)
    )
    initiative_types = set(
        Actor.objects.filter(kind=ActorKind.CITIZENS_INITIATIVE).values_list(
            "initiative_type", flat=True
        )
    )

    assert kitchen_types == set(KitchenType.values)
    assert initiative_types == set(InitiativeType.values)


def test_every_channel_is_present_among_sales_points(demo):
    channels = set(SalesPoint.objects.values_list("channel", flat=True))

    assert channels == set(Channel.values)


def test_knowledge_institutions_include_ilvo_in_merelbeke_melle(demo):
    ilvo = Actor.objects.get(kind=ActorKind.KNOWLEDGE_INSTITUTION, name__startswith="ILVO")

    assert ilvo.municipality.nis_code == "44088"
    assert ilvo.postcode == "9820"
    assert Actor.objects.filter(name__startswith="HOGENT").exists()


def test_actors_sit_near_their_municipality_centre(demo):
    for actor in Actor.objects.select_related("municipality"):
        centre = (actor.municipality.latitude, actor.municipality.longitude)
        distance = haversine_km(actor.latitude, actor.longitude, *centre)
        assert distance <= 4.01, (actor.name, distance)


def test_contact_details_use_fictional_domains(demo):
    for email, website, phone in Actor.objects.values_list("email", "website", "phone"):
        assert email.startswith("info@") and email.endswith(".example")
        assert website == "" or (website.startswith("https://") and website.endswith(".example"))
        # Belgian subscriber numbers never start with 0: these cannot reach anyone.
        assert phone.startswith("+32 9 0")


def test_most_actors_are_public_and_consent_to_open_data(demo):
    total = Actor.objects.count()
    public = Actor.objects.filter(is_public=True).count()
    consenting = Actor.objects.filter(open_data_consent=True)

    assert 0.85 * total <= public < total
    assert consenting.count() >= 0.7 * total
    assert not consenting.filter(is_public=False).exists()
    assert not consenting.filter(open_data_consent_at=None).exists()


def test_sampled_rows_pass_full_clean(demo):
    actors = list(Actor.objects.order_by("pk")[:25])
    rows = list(actors)
    for model in (SalesPoint, Offer, Need, ActorLabel):
        rows += list(model.objects.filter(actor__in=actors))
    rows += list(OpeningHours.objects.filter(sales_point__actor__in=actors))
    rows += list(OpeningException.objects.filter(sales_point__actor__in=actors))

    assert len(rows) > 100
    for row in rows:
        exclude = ["open_data_consent_at"] if isinstance(row, Actor) else None
        row.full_clean(exclude=exclude)


# --- Sales points and hours ------------------------------------------------------------------


def test_opening_hours_are_valid_and_do_not_overlap(demo):
    periods = OpeningHours.objects.order_by("sales_point", "weekday", "opens")
    previous = None
    for period in periods:
        assert 0 <= period.weekday <= 6
        assert period.closes > period.opens
        if previous and (previous.sales_point_id, previous.weekday) == (
            period.sales_point_id,
            period.weekday,
        ):
            assert period.opens >= previous.closes
        previous = period
    assert periods.count() > 300


def test_vending_machines_are_open_daily_from_7_to_22(demo):
    machines = SalesPoint.objects.filter(channel=Channel.VENDING_MACHINE)

    assert machines.exists()
    for machine in machines.prefetch_related("opening_hours"):
        hours = {(h.weekday, h.opens.hour, h.closes.hour) for h in machine.opening_hours.all()}
        assert hours == {(day, 7, 22) for day in range(7)}


def test_demo_farm_shop_opens_wednesday_friday_afternoons_and_saturday_morning(demo):
    shop = SalesPoint.objects.get(actor__slug="hoeve-de-linde", channel=Channel.FARM_SHOP)

    hours = [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in shop.opening_hours.all()]
    assert hours == [(2, "14:00", "18:00"), (4, "14:00", "18:00"), (5, "09:00", "12:00")]


def test_market_stalls_stand_on_a_market_square_on_one_day(demo):
    stalls = SalesPoint.objects.filter(channel=Channel.FARMERS_MARKET).prefetch_related(
        "opening_hours"
    )

    assert stalls.count() >= 5
    for stall in stalls:
        assert stall.street_address in ("Markt", "Vrijdagmarkt")
        assert len({h.weekday for h in stall.opening_hours.all()}) == 1
    ghent = stalls.get(actor__slug="fruitbedrijf-ter-walle")
    assert (ghent.street_address, ghent.municipality.nis_code) == ("Vrijdagmarkt", "44021")
    assert [h.weekday for h in ghent.opening_hours.all()] == [4]


def test_webshops_have_no_place(demo):
    webshops = SalesPoint.objects.filter(channel=Channel.WEBSHOP)

    assert webshops.exists()
    assert not webshops.filter(latitude__isnull=False).exists()
    assert not OpeningHours.objects.filter(sales_point__in=webshops).exists()


def test_holiday_exceptions_close_on_christmas_and_new_year(demo):
    exceptions = OpeningException.objects.all()
    notes = Counter(exceptions.values_list("note", flat=True))

    assert notes["Kerstmis"] >= 3 and notes["Nieuwjaar"] == notes["Kerstmis"]
    for exception in exceptions.filter(note="Kerstmis"):
        assert (exception.date.month, exception.date.day, exception.is_closed) == (12, 25, True)
    for exception in exceptions.filter(is_closed=False):
        assert exception.closes > exception.opens


# --- Offers, needs and labels ----------------------------------------------------------------


def test_offers_fit_the_actor(demo):
    dairy = set(
        Offer.objects.filter(actor__slug="zuivelhoeve-meetjesland").values_list(
            "category__slug", flat=True
        )
    )
    kinds_offering = set(Offer.objects.values_list("actor__kind", flat=True))

    assert {"melk", "kaas", "yoghurt"} <= dairy
    assert ActorKind.KITCHEN not in kinds_offering
    assert ActorKind.ADVISER not in kinds_offering


def test_strawberries_are_in_season_from_may_to_july(demo):
    strawberries = Offer.objects.filter(category__slug="aardbeien")

    assert strawberries.exists()
    assert set(strawberries.values_list("season_months", flat=True)) == {month_span(5, 7)}
    assert all(offer.in_season(6) and not offer.in_season(9) for offer in strawberries)


def test_kitchens_need_potatoes_weekly_with_a_volume(demo):
    for kitchen in Actor.objects.filter(kind=ActorKind.KITCHEN):
        potatoes = kitchen.needs.get(category__slug="aardappelen")
        assert potatoes.kind == NeedKind.PRODUCT
        assert potatoes.frequency == Frequency.WEEKLY
        assert potatoes.volume > 0 and potatoes.unit == "kg"


def test_processors_need_raw_products_and_farmers_need_services(demo):
    processor_needs = set(
        Need.objects.filter(actor__kind=ActorKind.PROCESSOR).values_list(
            "category__slug", flat=True
        )
    )
    farmer_services = set(
        Need.objects.filter(actor__kind=ActorKind.FARMER, kind=NeedKind.SERVICE).values_list(
            "service", flat=True
        )
    )

    assert {"melk", "appels", "meel"} <= processor_needs
    assert {ServiceKind.COLD_STORAGE, ServiceKind.PROCESSING, ServiceKind.TRANSPORT} <= (
        farmer_services
    )


def test_organic_labels_name_a_flemish_certifier(demo):
    organic = ActorLabel.objects.filter(label__kind="organic")

    assert organic.count() >= 5
    assert set(organic.values_list("certifier", flat=True)) <= set(ORGANIC_CERTIFIERS)
    assert ActorLabel.objects.get(actor__slug="hoeve-de-linde", label__slug="eu-bio").certifier == (
        "Certisys"
    )


# --- Users -----------------------------------------------------------------------------------


def test_demo_farmer_logs_in_and_owns_the_farm(demo, client):
    assert client.login(
        request=HttpRequest(), username="boer@ketenwerk.demo", password=DEMO_PASSWORD
    )
    owner = ActorManager.objects.get(user__email="boer@ketenwerk.demo")
    assert (owner.actor.name, owner.role) == ("Hoeve De Linde", "owner")


def test_demo_admin_is_a_staff_superuser_who_logs_in(demo, client):
    admin = get_user_model().objects.get(email="admin@ketenwerk.demo")

    assert admin.is_staff and admin.is_superuser
    assert client.login(
        request=HttpRequest(), username="admin@ketenwerk.demo", password=DEMO_PASSWORD
    )


def test_some_actors_have_an_owner_and_every_owner_is_one_user(demo):
    owned = Actor.objects.filter(managers__role="owner").distinct().count()

    assert 0.25 * DEFAULT_SIZE <= owned < DEFAULT_SIZE
    assert ActorManager.objects.count() == owned


def test_demo_citizen_has_a_private_profile_with_favourites(demo):
    profile = CitizenProfile.objects.get(user__email="burger@ketenwerk.demo")

    assert profile.home_municipality.nis_code == "44021"
    assert set(profile.favourites.values_list("slug", flat=True)) == {
        "hoeve-de-linde",
        "fruitbedrijf-ter-walle",
    }


def test_output_lists_the_demo_logins_and_their_password(demo):
    assert "boer@ketenwerk.demo" in demo
    assert "admin@ketenwerk.demo" in demo
    assert DEMO_PASSWORD in demo


# --- Idempotence and determinism -------------------------------------------------------------


def test_a_second_run_writes_nothing(demo):
    before = counts()
    last_change = Actor.objects.order_by("-updated").values_list("updated", flat=True).first()

    output = seed()

    assert counts() == before
    assert Actor.objects.order_by("-updated").values_list("updated", flat=True).first() == (
        last_change
    )
    assert "nothing (all there already)" in output


def test_a_demo_users_edit_survives_a_second_run(demo):
    Actor.objects.filter(slug="hoeve-de-linde").update(name="Hoeve De Linde (bewerkt)")

    seed()

    assert Actor.objects.get(slug="hoeve-de-linde").name == "Hoeve De Linde (bewerkt)"


def test_planning_is_deterministic(demo):
    categories = ProductCategory.objects.in_bulk(field_name="slug")
    towns = _towns(Municipality.objects.select_related("province").order_by("nis_code"))
    today = datetime.date(2026, 6, 1)

    def plan():
        return [
            (p.actor.slug, p.actor.latitude, p.actor.longitude, len(p.offers), len(p.needs))
            for p in _default_plans(Planner(categories, towns, today), towns)
        ]

    first = plan()
    assert first == plan()
    assert set(Actor.objects.values_list("slug", flat=True)) == {row[0] for row in first}

    def synthetic():
        planner = Planner(categories, towns, today)
        return [
            (p.actor.slug, p.actor.latitude, len(p.sales_points), len(p.offers))
            for p in _synthetic_plans(planner, towns, [7, 4242, 31000])
        ]

    assert synthetic() == synthetic()


def test_refuses_to_run_without_debug_unless_forced(db):
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", stdout=StringIO())


def test_scale_below_one_is_refused(db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--force", "--scale", "0", stdout=StringIO())


# --- --scale ---------------------------------------------------------------------------------


def test_scale_two_doubles_the_actors_over_many_municipalities(demo):
    seed("--scale", "2")

    synthetic = Actor.objects.filter(slug__startswith=SYNTHETIC_PREFIX)
    assert Actor.objects.count() == 2 * DEFAULT_SIZE
    assert synthetic.count() == DEFAULT_SIZE
    assert synthetic.values("municipality").distinct().count() >= 50
    assert Counter(synthetic.values_list("kind", flat=True)) == Counter(
        {str(kind): count for kind, count in DEFAULT_KIND_COUNTS.items()}
    )
    assert SalesPoint.objects.filter(actor__in=synthetic).count() >= DEFAULT_SIZE // 2
    assert OpeningHours.objects.filter(sales_point__actor__in=synthetic).exists()
    assert Offer.objects.filter(actor__in=synthetic).exists()
    assert Need.objects.filter(actor__in=synthetic).exists()
    assert ActorManager.objects.filter(actor__in=synthetic).exists()


def test_scale_is_idempotent_and_grows_incrementally(demo):
    seed("--scale", "2")
    after_two = counts()

    seed("--scale", "2")
    assert counts() == after_two

    seed("--scale", "3")
    assert Actor.objects.count() == 3 * DEFAULT_SIZE
    slugs = Actor.objects.filter(slug__startswith=SYNTHETIC_PREFIX).values_list("slug", flat=True)
    numbers = sorted(int(slug[4:10]) for slug in slugs)
    assert numbers == list(range(2 * DEFAULT_SIZE))


def test_synthetic_actors_cluster_around_their_centre(demo):
    seed("--scale", "2")

    for actor in Actor.objects.filter(slug__startswith=SYNTHETIC_PREFIX).select_related(
        "municipality"
    ):
        centre = (actor.municipality.latitude, actor.municipality.longitude)
        assert haversine_km(actor.latitude, actor.longitude, *centre) <= 6.01
