"""The five-principle scorecard: every rule at its boundaries, on plain data, then loaded."""

import pytest

from actors.choices import ActorKind, Channel
from cooperation import scorecard
from cooperation.choices import ChainStepKind, MemberRole, PriceSetting
from cooperation.models import ChainLink, ConsumerMembership
from cooperation.scorecard import (
    ChainStepData,
    CooperationData,
    MemberData,
    SalesPointData,
    Status,
    compute_scorecard,
    judge_ambassadorship,
    judge_customer_contact,
    judge_limited_links,
    judge_local_character,
    judge_price_say,
    status_for,
)
from tests.cooperation.conftest import add_member
from tests.factories import (
    ActorFactory,
    MunicipalityFactory,
    SalesPointFactory,
    UserFactory,
)

GENT = (51.0543, 3.7174)


def member(
    actor_id=1,
    kind=ActorKind.FARMER,
    role=MemberRole.PRODUCER,
    lat=GENT[0],
    lon=GENT[1],
    municipality_id=1,
    channels=(),
):
    return MemberData(
        actor_id=actor_id,
        kind=kind,
        role=role,
        latitude=lat,
        longitude=lon,
        municipality_id=municipality_id,
        sales_points=tuple(SalesPointData(c, lat, lon) for c in channels),
    )


def data(**kwargs):
    kwargs.setdefault("price_setting", PriceSetting.PRODUCER_OWN)
    return CooperationData(**kwargs)


@pytest.mark.parametrize(
    ("score", "status"),
    [
        (100, Status.MET),
        (75, Status.MET),
        (74, Status.PARTLY),
        (25, Status.PARTLY),
        (24, Status.NOT_MET),
        (0, Status.NOT_MET),
    ],
)
def test_status_follows_the_score_thresholds(score, status):
    assert status_for(score) == status


# 1 contact with the customer


def test_a_consumer_member_meets_customer_contact_in_full():
    result = judge_customer_contact(data(members=(member(),), consumer_member_count=1))
    assert (result.score, result.status) == (100, Status.MET)
    assert "1 consumer member meets the producers" in result.reason


def test_an_actor_with_the_consumer_member_role_counts_as_consumer_contact():
    members = (
        member(1),
        member(2, kind=ActorKind.CITIZENS_INITIATIVE, role=MemberRole.CONSUMER_MEMBER),
    )
    assert judge_customer_contact(data(members=members)).score == 100


@pytest.mark.parametrize(
    ("direct", "total", "score", "status"),
    [
        (3, 4, 75, Status.MET),
        (1, 2, 50, Status.PARTLY),
        (1, 4, 25, Status.PARTLY),
        (1, 5, 20, Status.NOT_MET),
        (0, 3, 0, Status.NOT_MET),
    ],
)
def test_customer_contact_is_the_share_of_producers_selling_directly(direct, total, score, status):
    members = tuple(
        member(i, channels=(Channel.FARM_SHOP,) if i < direct else (Channel.NEIGHBOURHOOD_SHOP,))
        for i in range(total)
    )
    result = judge_customer_contact(data(members=members))
    assert (result.score, result.status) == (score, status)
    assert f"{direct} of {total} producers sell directly" in result.reason


def test_customer_contact_without_producers_is_not_met_and_says_so():
    result = judge_customer_contact(
        data(members=(member(kind=ActorKind.KITCHEN, role=MemberRole.BUYER),))
    )
    assert (result.score, result.status) == (0, Status.NOT_MET)
    assert result.reason == "No producers are recorded as members."


# 2 limited links


@pytest.mark.parametrize(
    ("steps", "score", "status"),
    [
        ((ChainStepKind.FARM, ChainStepKind.CONSUMER), 100, Status.MET),
        ((ChainStepKind.FARM, ChainStepKind.SHOP, ChainStepKind.CONSUMER), 100, Status.MET),
        ((ChainStepKind.FARM, ChainStepKind.PROCESSOR, ChainStepKind.KITCHEN), 50, Status.PARTLY),
        (
            (ChainStepKind.FARM, ChainStepKind.PROCESSOR, ChainStepKind.TRADER, ChainStepKind.SHOP),
            0,
            Status.NOT_MET,
        ),
    ],
)
def test_limited_links_counts_intermediaries_in_the_chain(steps, score, status):
    chain = tuple(ChainStepData(i, kind) for i, kind in enumerate(steps, start=1))
    result = judge_limited_links(data(chain=chain))
    assert (result.score, result.status) == (score, status)
    assert result.reason.startswith("The chain has ")


def test_limited_links_without_chain_counts_stages_from_member_roles():
    members = (
        member(1),
        member(2, kind=ActorKind.PROCESSOR, role=MemberRole.PROCESSOR),
        member(3, kind=ActorKind.TRADER, role=MemberRole.BUYER),
        member(4, kind=ActorKind.SHOP, role=MemberRole.BUYER),
        member(5, kind=ActorKind.KITCHEN, role=MemberRole.BUYER),  # same retail stage as the shop
    )
    result = judge_limited_links(data(members=members))
    assert (result.score, result.status) == (0, Status.NOT_MET)
    assert "Judged from the members' roles (no chain recorded): 3 intermediaries" in result.reason


def test_a_farm_processing_its_own_produce_adds_no_link():
    members = (
        member(1, role=MemberRole.PROCESSOR),
        member(2, kind=ActorKind.SHOP, role=MemberRole.BUYER),
    )
    result = judge_limited_links(data(members=members))
    assert (result.score, result.status) == (100, Status.MET)
    assert "1 intermediary" in result.reason


# 3 say over price


@pytest.mark.parametrize(
    ("setting", "score", "status"),
    [
        (PriceSetting.PRODUCER_OWN, 100, Status.MET),
        (PriceSetting.PRODUCERS_TOGETHER, 80, Status.MET),
        (PriceSetting.BUYER, 0, Status.NOT_MET),
    ],
)
def test_price_say_follows_who_sets_the_price(setting, score, status):
    result = judge_price_say(data(price_setting=setting))
    assert (result.score, result.status) == (score, status)


# 4 local character


def test_local_character_counts_members_in_municipalities_or_within_30_km():
    # Centre at Gent; one member 20 km away, one in a listed municipality far away,
    # one 40 km away outside the municipalities.
    members = (
        member(1, lat=GENT[0] + 0.18, lon=GENT[1], municipality_id=9),  # ~20 km
        member(2, lat=50.0, lon=3.7174, municipality_id=1),  # far, but in the municipalities
        member(3, lat=GENT[0] + 0.36, lon=GENT[1], municipality_id=9),  # ~40 km
    )
    result = judge_local_character(
        data(members=members, municipality_ids=frozenset({1}), latitude=GENT[0], longitude=GENT[1])
    )
    assert (result.score, result.status) == (67, Status.PARTLY)
    assert "2 of 3 members lie in the cooperation's municipalities or within 30 km" in result.reason
    assert "at most 157.3 km" in result.reason


def test_local_character_boundary_at_exactly_30_km_counts_as_local():
    one_degree_km = scorecard.haversine_km(0, 0, 1, 0)
    lat = GENT[0] + 30 / one_degree_km * 0.9999
    result = judge_local_character(
        data(members=(member(1, lat=lat, municipality_id=9),), latitude=GENT[0], longitude=GENT[1])
    )
    assert result.score == 100


def test_local_character_reports_the_food_km_to_sales_points():
    m = MemberData(
        1,
        ActorKind.FARMER,
        MemberRole.PRODUCER,
        GENT[0],
        GENT[1],
        1,
        (SalesPointData(Channel.FARMERS_MARKET, GENT[0] + 0.09, GENT[1]),),
    )
    result = judge_local_character(data(members=(m,), municipality_ids=frozenset({1})))
    assert "Their sales points are 10.0 km from the farm on average." in result.reason


def test_local_character_without_members_is_not_met():
    result = judge_local_character(data())
    assert (result.score, result.status, result.reason) == (
        0,
        Status.NOT_MET,
        "No members are recorded.",
    )


# 5 ambassadorship


def test_ambassadorship_without_a_source_is_honestly_not_yet_recorded():
    result = judge_ambassadorship(data())
    assert (result.score, result.status, result.recorded) == (0, Status.NOT_MET, False)
    assert result.reason.startswith("Not yet recorded")


@pytest.mark.parametrize(
    ("n", "score", "status"),
    [
        (0, 0, Status.NOT_MET),
        (1, 33, Status.PARTLY),
        (2, 67, Status.PARTLY),
        (3, 100, Status.MET),
        (7, 100, Status.MET),
    ],
)
def test_ambassadorship_counts_recorded_activities(n, score, status):
    result = judge_ambassadorship(data(ambassador_activities=n))
    assert (result.score, result.status, result.recorded) == (score, status, True)


def test_scorecard_has_five_principles_in_order_and_a_mean_total():
    card = compute_scorecard(
        data(members=(member(channels=(Channel.FARM_SHOP,)),), municipality_ids=frozenset({1}))
    )
    assert [p.number for p in card.principles] == [1, 2, 3, 4, 5]
    assert [p.score for p in card.principles] == [100, 100, 100, 100, 0]
    assert card.total == 80


# loading


def test_scorecard_loads_a_cooperation_in_a_constant_number_of_queries(
    cooperation, django_assert_num_queries
):
    # Given a cooperation with members, sales points, a chain and consumer members
    for i in range(3):
        actor = ActorFactory(municipality=MunicipalityFactory(latitude=51.0 + i / 100))
        SalesPointFactory(actor=actor, channel=Channel.FARM_SHOP)
        add_member(cooperation, actor)
    ChainLink.objects.create(cooperation=cooperation, position=1, step_kind=ChainStepKind.FARM)
    ChainLink.objects.create(cooperation=cooperation, position=2, step_kind=ChainStepKind.SHOP)
    ConsumerMembership.objects.create(user=UserFactory(), cooperation=cooperation)

    # When it is loaded, then five queries suffice whatever the size, plus one for the
    # ambassadorship source the municipality app registers (support actions reached)
    with django_assert_num_queries(6):
        loaded = scorecard.load_scorecard_data(cooperation)

    assert len(loaded.members) == 4
    assert loaded.consumer_member_count == 1
    assert [s.step_kind for s in loaded.chain] == ["farm", "shop"]
    card = scorecard.compute_scorecard(loaded)
    assert card.principles[0].score == 100
    assert card.principles[1].score == 100


def test_a_registered_ambassadorship_source_fills_principle_five(cooperation, monkeypatch):
    monkeypatch.setattr(scorecard, "_AMBASSADORSHIP_SOURCES", [])
    scorecard.register_ambassadorship_source(lambda ids: dict.fromkeys(ids, 2))
    card = scorecard.scorecard_for(cooperation)
    assert (card.principles[4].score, card.principles[4].recorded) == (67, True)
