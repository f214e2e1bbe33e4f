"""The reads: tipping point, event outcomes at the 90-day boundary, survey aggregates, chains."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from cooperation.choices import FormSlug, MemberRole, MembershipStatus, PartnershipStatus
from cooperation.models import Cooperation, Membership, PartnershipRequest
from cooperation.scorecard import load_scorecard_data
from municipality import selectors, services
from municipality.choices import SupportActionType
from municipality.models import SurveyResponse
from tests.factories import ActorFactory, UserFactory
from tests.municipality.conftest import log_action, log_event

pytestmark = pytest.mark.django_db


def make_cooperation(forms, gent, name="Boerencoöperatie Leiestreek"):
    cooperation = Cooperation.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        status="active",
    )
    cooperation.municipalities.add(gent)
    return cooperation


# ---- tipping point -----------------------------------------------------------------------


def test_tipping_point_three_of_eight_farmers_cooperating_is_37_5_percent(forms, gent, eeklo):
    # Given eight listed farms in Gent, three of them active members of a cooperation
    farms = [ActorFactory(municipality=gent) for _ in range(8)]
    cooperation = make_cooperation(forms, gent)
    for farm in farms[:3]:
        Membership.objects.create(
            cooperation=cooperation,
            actor=farm,
            role=MemberRole.PRODUCER,
            status=MembershipStatus.ACTIVE,
            since=datetime.date(2024, 5, 1),
        )
    # …and noise that must not count: a fourth farm whose request is still pending, an
    # unlisted farm that cooperates, and a cooperating farm in another municipality
    Membership.objects.create(
        cooperation=cooperation, actor=farms[3], role="producer", status="requested"
    )
    hidden = ActorFactory(municipality=gent, is_public=False)
    elsewhere = ActorFactory(municipality=eeklo)
    for actor in (hidden, elsewhere):
        Membership.objects.create(
            cooperation=cooperation, actor=actor, role="producer", status="active"
        )
    # When the indicator is computed for Gent
    result = selectors.tipping_point([gent.pk])
    # Then 3 of 8 farmers cooperate
    assert (result["farmers"], result["cooperating"], result["percent"]) == (8, 3, 37.5)
    by_year = {row["year"]: row["percent"] for row in result["series"]}
    assert by_year[2023] == 0.0
    assert by_year[2024] == 37.5


def test_tipping_point_counts_each_farmer_once_from_its_first_local_start(forms, gent):
    # Given a farm with two active memberships (since 2023 and since 2025), counted once
    cooperation = make_cooperation(forms, gent)
    other = make_cooperation(forms, gent, name="Korte Keten Meetjesland")
    twice, undated, processor = (
        ActorFactory(municipality=gent),
        ActorFactory(municipality=gent),
        ActorFactory(municipality=gent, kind="processor"),
    )
    for coop, since in ((cooperation, datetime.date(2023, 3, 1)), (other, None)):
        Membership.objects.create(
            cooperation=coop, actor=twice, role="producer", status="active", since=since
        )
    Membership.objects.filter(actor=twice, since=None).update(
        created=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    )
    # …a farm whose membership has no start date, recorded at 23:30 UTC on 31 December 2023,
    # which is already 2024 in Belgium, and a processor that cooperates but is not a farmer
    undated_membership = Membership.objects.create(
        cooperation=cooperation, actor=undated, role="producer", status="active"
    )
    Membership.objects.filter(pk=undated_membership.pk).update(
        created=datetime.datetime(2023, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    Membership.objects.create(
        cooperation=cooperation, actor=processor, role="producer", status="active"
    )
    # When the indicator is computed over the years since 2022
    years = timezone.localdate().year - 2021
    result = selectors.tipping_point([gent.pk], years=years)
    # Then each farmer counts once, from its earliest start in local time
    assert (result["farmers"], result["cooperating"]) == (2, 2)
    by_year = {row["year"]: row["cooperating"] for row in result["series"]}
    assert (by_year[2022], by_year[2023], by_year[2024], by_year[2025]) == (0, 1, 2, 2)


def test_tipping_point_without_farmers_is_unknown_not_zero(gent):
    assert selectors.tipping_point([gent.pk])["percent"] is None


# ---- event outcomes at the 90-day boundary -----------------------------------------------


@pytest.fixture
def attended_event(officer, gent):
    """An event on 10 March 2026 (local time) where two farms attended and one did not."""
    event = log_event(officer, gent)
    managers = [UserFactory() for _ in range(3)]
    farms = [ActorFactory(owner=m, municipality=gent) for m in managers]
    registrations = [
        services.event_register(user=m, action=event, actor=f)
        for m, f in zip(managers, farms, strict=True)
    ]
    services.event_record_attendance(
        user=officer, action=event, attended_ids=[r.pk for r in registrations[:2]]
    )
    return event, farms


def created_on_day(instance, day: int):
    """Move a row's `created` to noon local time, `day` days after 10 March 2026."""
    moment = timezone.make_aware(datetime.datetime(2026, 3, 10, 12)) + datetime.timedelta(days=day)
    type(instance).objects.filter(pk=instance.pk).update(created=moment)


@pytest.mark.parametrize(("day", "counts"), [(0, True), (90, True), (91, False), (-1, False)])
def test_partnership_between_attendees_counts_from_day_0_to_day_90(attended_event, day, counts):
    event, (a, b, _) = attended_event
    request = PartnershipRequest.objects.create(
        from_actor=a, to_actor=b, status=PartnershipStatus.ACCEPTED
    )
    created_on_day(request, day)
    assert [p.pk for p in selectors.event_outcomes(event).partnerships] == (
        [request.pk] if counts else []
    )


def test_day_90_ends_at_local_midnight(attended_event):
    # The last moment of day 90 counts; the first moment of day 91 does not.
    event, (a, b, _) = attended_event
    request = PartnershipRequest.objects.create(from_actor=a, to_actor=b)
    last = timezone.make_aware(datetime.datetime(2026, 6, 8, 23, 59, 59))
    PartnershipRequest.objects.filter(pk=request.pk).update(created=last)
    assert len(selectors.event_outcomes(event).partnerships) == 1
    PartnershipRequest.objects.filter(pk=request.pk).update(
        created=last + datetime.timedelta(seconds=1)
    )
    assert selectors.event_outcomes(event).partnerships == []


def test_partnership_with_an_actor_who_did_not_attend_does_not_count(attended_event):
    event, (a, _, absent) = attended_event
    PartnershipRequest.objects.create(from_actor=a, to_actor=absent)
    assert selectors.event_outcomes(event).partnerships == []


@pytest.mark.parametrize(("day", "counts"), [(90, True), (91, False)])
def test_membership_among_attendees_counts_within_90_days(forms, gent, attended_event, day, counts):
    event, (a, b, _) = attended_event
    cooperation = make_cooperation(forms, gent)
    Membership.objects.create(cooperation=cooperation, actor=a, role="initiator", status="active")
    joined = Membership.objects.create(
        cooperation=cooperation, actor=b, role="producer", status="active"
    )
    created_on_day(joined, day)
    outcome = selectors.event_outcomes(event)
    # a's own membership (made "now", long after day 90) never counts; b's counts on day 90
    assert [m.pk for m in outcome.memberships] == ([joined.pk] if counts else [])


# ---- survey aggregates -------------------------------------------------------------------


def add_answers(municipality, n, *, important: int, year=2026):
    for i in range(n):
        SurveyResponse.objects.create(
            farmer=ActorFactory(municipality=municipality),
            year=year,
            contact_channels=["own_initiative"] if i % 2 else ["municipality", "other"],
            municipality_important=i < important,
            municipal_roles=["image"] if i < important else [],
        )


@override_settings(SURVEY_MIN_GROUP_SIZE=5)
def test_survey_aggregate_below_the_minimum_group_is_withheld_entirely(gent):
    add_answers(gent, 4, important=1)
    result = selectors.survey_aggregate([gent.pk], year=2026)
    assert result["withheld"] is True
    assert (result["respondents"], result["important_percent"], result["contact_channels"]) == (
        None,
        None,
        None,
    )


@override_settings(SURVEY_MIN_GROUP_SIZE=5)
def test_survey_aggregate_at_the_minimum_group_gives_shares_and_the_ilvo_baseline(gent):
    add_answers(gent, 5, important=3)
    result = selectors.survey_aggregate([gent.pk], year=2026)
    channels = {row["key"]: row["percent"] for row in result["contact_channels"]}
    assert (result["withheld"], result["respondents"], result["important_percent"]) == (
        False,
        5,
        60.0,
    )
    assert (result["baseline_percent"], channels["own_initiative"], channels["municipality"]) == (
        58,
        40.0,
        60.0,
    )


def test_survey_responses_of_shows_only_ones_own_farms(gent):
    manager = UserFactory()
    own = ActorFactory(owner=manager, municipality=gent)
    add_answers(gent, 2, important=1)
    SurveyResponse.objects.create(
        farmer=own, year=2026, contact_channels=["other"], municipality_important=False
    )
    assert [r.farmer for r in selectors.survey_responses_of(manager)] == [own]


# ---- chains and ambassadorship -----------------------------------------------------------


def test_chain_reactions_follow_led_to_by_from_the_root(officer, gent):
    training = log_action(officer, gent, title="Training", start_date=datetime.date(2025, 1, 1))
    project = log_action(
        officer, gent, title="Project", start_date=datetime.date(2025, 3, 1), led_to_by=[training]
    )
    log_action(
        officer, gent, title="Meals", start_date=datetime.date(2025, 9, 1), led_to_by=[project]
    )
    log_action(officer, gent, title="Alone")
    actions = list(selectors.support_action_list_visible_to(None))
    chains = [selectors.chain_as_dict(node) for node in selectors.chain_reactions(actions)]
    assert chains == [
        {
            "id": training.pk,
            "title": "Training",
            "action_type": "promotion",
            "start_date": "2025-01-01",
            "led_to": [
                {
                    "id": project.pk,
                    "title": "Project",
                    "action_type": "promotion",
                    "start_date": "2025-03-01",
                    "led_to": [
                        {
                            "id": project.pk + 1,
                            "title": "Meals",
                            "action_type": "promotion",
                            "start_date": "2025-09-01",
                            "led_to": [],
                        }
                    ],
                }
            ],
        }
    ]


def test_actions_that_reached_a_cooperation_feed_its_ambassadorship(forms, officer, gent):
    cooperation = make_cooperation(forms, gent)
    today = timezone.localdate()
    for days_ago, action_type, status in [
        (10, SupportActionType.KNOWLEDGE, "done"),
        (100, SupportActionType.PROMOTION, "done"),
        (20, SupportActionType.PROMOTION, "cancelled"),  # cancelled: no
        (400, SupportActionType.PROMOTION, "done"),  # older than a year: no
        (30, SupportActionType.PLACE, "done"),  # not ambassadorship: no
    ]:
        log_action(
            officer,
            gent,
            action_type=action_type,
            status=status,
            start_date=today - datetime.timedelta(days=days_ago),
            cooperations_reached=[cooperation],
        )
    assert load_scorecard_data(cooperation).ambassador_activities == 2


def test_the_public_does_not_see_an_action_that_is_not_public(officer, gent, eeklo_officer):
    hidden = log_action(officer, gent, is_public=False)
    shown = log_action(officer, gent)
    assert set(selectors.support_action_list_visible_to(None)) == {shown}
    assert set(selectors.support_action_list_visible_to(eeklo_officer)) == {shown}
    assert set(selectors.support_action_list_visible_to(officer)) == {shown, hidden}


def test_dashboard_compares_a_municipality_with_its_province_its_streek_and_flanders(
    eeklo, meetjesland
):
    from network.models import Region

    province = Region.objects.create(
        slug="oost-vlaanderen", kind=Region.Kind.PROVINCE, name_nl="Oost-Vlaanderen"
    )
    eeklo.province = province
    eeklo.save(update_fields=["province"])
    ActorFactory(kind="farmer", municipality=eeklo)

    data = selectors.dashboard_indicators(None, municipality=eeklo)

    labels = [row["label"] for row in data["comparison"]]
    assert labels == ["Eeklo", "Oost-Vlaanderen", "Meetjesland", "all of Flanders"]
