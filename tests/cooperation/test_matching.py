"""The partner finder: ranking, distance caps, exclusions and the reasons in words."""

import datetime

import pytest

from actors.choices import ActorKind, Channel, Frequency, KitchenType, NeedKind, ServiceKind
from cooperation import matching
from cooperation.choices import FormSlug, MemberRole
from cooperation.matching import ActorData, NeedData, OfferData, find_partners
from cooperation.services import cooperation_create
from tests.cooperation.conftest import add_member
from tests.factories import (
    GENT,
    ActorFactory,
    NeedFactory,
    OfferFactory,
    ProductCategoryFactory,
    SalesPointFactory,
    UserFactory,
)

KM_PER_DEGREE_LAT = 111.195


def north(km: float) -> float:
    """The latitude `km` kilometres north of Gent's centre."""
    return GENT[0] + km / KM_PER_DEGREE_LAT


@pytest.fixture
def potatoes(db):
    return ProductCategoryFactory(slug="potatoes", name_en="potatoes", name_nl="aardappelen")


@pytest.fixture
def cheese(db):
    return ProductCategoryFactory(slug="cheese", name_en="cheese", name_nl="kaas")


@pytest.fixture
def my_farm(db, potatoes):
    farm = ActorFactory(name="Mijn Hoeve", latitude=GENT[0], longitude=GENT[1])
    OfferFactory(actor=farm, category=potatoes, volume_per_week=50, unit="kg")
    return farm


def kitchen(name, km, category, volume=30, max_distance_km=30, **kwargs):
    actor = ActorFactory(
        name=name,
        kind=ActorKind.KITCHEN,
        kitchen_type=KitchenType.SCHOOL,
        latitude=north(km),
        longitude=GENT[1],
    )
    NeedFactory(
        actor=actor,
        category=category,
        volume=volume,
        unit="kg",
        frequency=Frequency.WEEKLY,
        max_distance_km=max_distance_km,
        **kwargs,
    )
    return actor


def names(matches):
    return [m.name for m in matches]


@pytest.mark.django_db
def test_a_closer_kitchen_that_needs_my_product_ranks_first(my_farm, potatoes, settings):
    settings.LANGUAGE_CODE = "en"
    far = kitchen("Far school", 20, potatoes)
    near = kitchen("Near school", 5, potatoes)

    matches = find_partners(my_farm)

    assert names(matches)[:2] == [near.name, far.name]
    assert matches[0].score > matches[1].score
    assert matches[0].obj == near


@pytest.mark.django_db
def test_a_better_fit_outranks_a_slightly_closer_weaker_fit(my_farm, potatoes):
    # 3 kg a week in season only in January vs. the full volume all year
    weak = ActorFactory(
        name="Weak",
        kind=ActorKind.KITCHEN,
        kitchen_type=KitchenType.CITY,
        latitude=north(4),
        longitude=GENT[1],
    )
    NeedFactory(actor=weak, category=potatoes, volume=300, unit="kg", max_distance_km=30)
    my_farm.offers.update(season_months=1)
    strong = kitchen("Strong", 6, potatoes, volume=10)
    matches = find_partners(my_farm)
    # both fit the offer's one month equally; volume decides: 50 of 10 kg vs 50 of 300 kg
    assert names(matches)[:2] == [strong.name, weak.name]


@pytest.mark.django_db
def test_a_candidate_beyond_its_needs_max_distance_never_appears(my_farm, potatoes):
    kitchen("Picky school", 20, potatoes, max_distance_km=10)
    kitchen("Open school", 20, potatoes, max_distance_km=25)
    assert names(find_partners(my_farm)) == ["Open school"]


@pytest.mark.django_db
def test_my_own_need_is_capped_by_its_max_distance(my_farm, cheese):
    NeedFactory(actor=my_farm, category=cheese, max_distance_km=10)
    dairy_far = ActorFactory(name="Far dairy", latitude=north(15), longitude=GENT[1])
    dairy_near = ActorFactory(name="Near dairy", latitude=north(8), longitude=GENT[1])
    OfferFactory(actor=dairy_far, category=cheese)
    OfferFactory(actor=dairy_near, category=cheese)
    matches = find_partners(my_farm)
    assert names(matches) == ["Near dairy"]
    assert matches[0].reasons == ["offers cheese, which you need"]


@pytest.mark.django_db
def test_never_itself_nor_co_members_of_its_cooperations(my_farm, potatoes, forms):
    owner = UserFactory()
    my_farm.managers.create(user=owner, role="owner")
    co_member = kitchen("Co-member school", 2, potatoes)
    outsider = kitchen("Outsider school", 3, potatoes)
    NeedFactory(actor=my_farm, category=potatoes)  # would match my own offer
    coop = cooperation_create(
        user=owner,
        initiator=my_farm,
        form=forms[FormSlug.FIELD_TO_FORK],
        name="Keten",
        status="active",
    )
    add_member(coop, co_member, MemberRole.BUYER)

    matches = find_partners(my_farm)

    assert names(matches) == [outsider.name]


@pytest.mark.django_db
def test_unlisted_actors_and_advisers_are_not_candidates(my_farm, potatoes):
    hidden = kitchen("Hidden school", 2, potatoes)
    hidden.is_public = False
    hidden.save()
    adviser = ActorFactory(kind=ActorKind.ADVISER, latitude=north(1), longitude=GENT[1])
    NeedFactory(actor=adviser, category=potatoes)
    assert find_partners(my_farm) == []


@pytest.mark.django_db
def test_reasons_name_the_kitchen_its_volume_and_distance(my_farm, potatoes):
    kitchen("School De Linde", 9, potatoes, volume=30)
    match = find_partners(my_farm)[0]
    assert match.reasons == ["school kitchen needs 30 kg potatoes every week"]
    assert match.headline == "school kitchen needs 30 kg potatoes every week — 9 km"


@pytest.mark.django_db
def test_mutual_purchasing_proposes_what_my_farm_shop_lacks(my_farm, cheese, forms):
    SalesPointFactory(actor=my_farm, channel=Channel.FARM_SHOP)
    dairy = ActorFactory(name="Kaasmakerij", latitude=north(6), longitude=GENT[1])
    OfferFactory(actor=dairy, category=cheese)
    match = find_partners(my_farm, form=forms[FormSlug.MUTUAL_PURCHASING])[0]
    assert match.headline == "offers cheese, which your farm shop lacks — 6 km"


@pytest.mark.django_db
def test_joint_processing_finds_a_processor_that_needs_my_produce(my_farm, forms):
    apples = ProductCategoryFactory(slug="apples", name_en="apples")
    OfferFactory(actor=my_farm, category=apples)
    NeedFactory(
        actor=my_farm,
        kind=NeedKind.SERVICE,
        category=None,
        service=ServiceKind.PROCESSING,
        max_distance_km=30,
    )
    press = ActorFactory(
        name="Sapperij", kind=ActorKind.PROCESSOR, latitude=north(14), longitude=GENT[1]
    )
    NeedFactory(
        actor=press,
        category=apples,
        volume=None,
        unit="",
        frequency=Frequency.SEASONAL,
        start_date=datetime.date(2026, 9, 1),
    )
    match = find_partners(my_farm, form=forms[FormSlug.JOINT_PROCESSING])[0]
    assert (
        match.headline
        == "processor with processing capacity, processor needs apples in season — 14 km"
    )


@pytest.mark.django_db
def test_an_open_cooperation_of_the_chosen_form_nearby_is_proposed(my_farm, forms, municipality):
    municipality.latitude = north(11)
    municipality.save()
    other_farm = ActorFactory(municipality=municipality, latitude=north(11), longitude=GENT[1])
    owner = UserFactory()
    other_farm.managers.create(user=owner, role="owner")
    coop = cooperation_create(
        user=owner,
        initiator=other_farm,
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        name="Boeren van de Leie",
        municipalities=[municipality],
        status="active",
    )
    closed = cooperation_create(
        user=owner,
        initiator=other_farm,
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        name="Gesloten coöperatie",
        municipalities=[municipality],
        status="active",
        accepts_new_members=False,
    )

    matches = find_partners(my_farm, form=forms[FormSlug.FARMERS_COOPERATIVE])

    coops = [m for m in matches if m.kind == "cooperation"]
    assert [m.obj for m in coops] == [coop]
    assert closed.name not in names(matches)
    assert coops[0].reasons == ["active farmers' co-operative 11 km away takes new members"]


@pytest.mark.django_db
def test_finding_partners_takes_the_same_queries_for_3_and_30_candidates(
    my_farm, potatoes, django_assert_num_queries
):
    for i in range(3):
        kitchen(f"School {i}", 1 + i, potatoes)
    with django_assert_num_queries(7):
        assert len(find_partners(my_farm)) == 3
    for i in range(27):
        kitchen(f"More school {i}", 1 + i / 2, potatoes)
    with django_assert_num_queries(7):
        assert len(find_partners(my_farm, limit=50)) == 30


# the pure pieces


def test_volume_fit_is_capped_and_floored():
    offer = OfferData(1, "potatoes", volume_per_week=10, unit="kg")
    assert matching.volume_fit(offer, NeedData(NeedKind.PRODUCT, 1, volume=5, unit="kg")) == 1.0
    assert matching.volume_fit(offer, NeedData(NeedKind.PRODUCT, 1, volume=20, unit="kg")) == 0.5
    assert matching.volume_fit(offer, NeedData(NeedKind.PRODUCT, 1, volume=1000, unit="kg")) == 0.2
    assert matching.volume_fit(offer, NeedData(NeedKind.PRODUCT, 1, volume=20, unit="piece")) == 0.7


def test_season_fit_for_a_seasonal_need_checks_its_start_month():
    summer = OfferData(1, "strawberries", season_months=0b000001110000)  # May–July
    in_june = NeedData(NeedKind.PRODUCT, 1, frequency=Frequency.SEASONAL, start_month=6)
    in_march = NeedData(NeedKind.PRODUCT, 1, frequency=Frequency.SEASONAL, start_month=3)
    weekly = NeedData(NeedKind.PRODUCT, 1)
    assert matching.season_fit(summer, in_june) == 1.0
    assert matching.season_fit(summer, in_march) == 0.0
    assert matching.season_fit(summer, weekly) == 0.25


def test_a_need_for_the_parent_category_is_answered_by_a_child_offer():
    offer = OfferData(category_id=5, category_name="potatoes", parent_id=1)
    assert matching.answers(offer, NeedData(NeedKind.PRODUCT, category_id=1))
    assert not matching.answers(offer, NeedData(NeedKind.PRODUCT, category_id=2))


def test_rank_skips_me_and_orders_by_score_then_distance():
    me = ActorData(1, "me", ActorKind.FARMER, GENT[0], GENT[1], offers=(OfferData(7, "potatoes"),))
    need = (NeedData(NeedKind.PRODUCT, 7, "potatoes", max_distance_km=50),)
    a = ActorData(2, "a", ActorKind.SHOP, north(10), GENT[1], needs=need)
    b = ActorData(3, "b", ActorKind.SHOP, north(5), GENT[1], needs=need)
    ranked = matching.rank_actor_candidates(me, [a, me, b])
    assert [m.id for m in ranked] == [3, 2]
