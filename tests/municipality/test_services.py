"""The writes of municipal support: who may write, and the rules each write keeps."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actors.choices import ActorKind, ManagerRole
from actors.models import ActorManager
from municipality import services
from municipality.choices import STANDARD_GOALS, SupportActionType
from municipality.models import EventRegistration, FoodStrategyGoal, OfficerRole, SupportAction
from tests.factories import ActorFactory, UserFactory
from tests.municipality.conftest import log_action, log_event

pytestmark = pytest.mark.django_db


# ---- officers and their municipality -----------------------------------------------------


def test_officer_logs_an_action_for_their_own_municipality(officer, gent, adviser, goals):
    action = log_action(
        officer, gent, partners=[adviser], goals=[goals["know_the_producer"]], staff_hours="12.5"
    )
    action.refresh_from_db()
    assert (action.municipality, action.created_by, str(action.staff_hours)) == (
        gent,
        officer,
        "12.5",
    )
    assert list(action.partners.all()) == [adviser]
    assert list(action.goals.values_list("standard_key", flat=True)) == ["know_the_producer"]


@pytest.mark.parametrize("who", ["gent_officer", "stranger", "anonymous"])
def test_only_the_municipalitys_officers_create_its_actions(who, officer, stranger, eeklo):
    from django.contrib.auth.models import AnonymousUser

    user = {"gent_officer": officer, "stranger": stranger, "anonymous": AnonymousUser()}[who]
    with pytest.raises(PermissionDenied):
        log_action(user, eeklo)
    assert SupportAction.objects.count() == 0


def test_officer_of_gent_cannot_change_an_action_of_another_municipality(officer, eeklo_action):
    with pytest.raises(PermissionDenied):
        services.support_action_update(user=officer, action=eeklo_action, title="Overgenomen")
    eeklo_action.refresh_from_db()
    assert eeklo_action.title == "Hoevefeest Eeklo"


def test_officer_of_gent_cannot_delete_an_action_of_another_municipality(officer, eeklo_action):
    with pytest.raises(PermissionDenied):
        services.support_action_delete(user=officer, action=eeklo_action)
    assert SupportAction.objects.filter(pk=eeklo_action.pk).exists()


def test_officer_cannot_move_an_action_to_a_municipality_they_do_not_serve(
    officer, gent_action, eeklo
):
    with pytest.raises(PermissionDenied):
        services.support_action_update(user=officer, action=gent_action, municipality=eeklo)


def test_a_region_role_covers_every_municipality_of_the_region(meetjesland, eeklo):
    user = UserFactory()
    OfficerRole.objects.create(user=user, region=meetjesland)
    action = log_action(user, eeklo)
    assert action.municipality == eeklo


def test_staff_may_write_for_any_municipality(staff, eeklo):
    assert log_action(staff, eeklo).municipality == eeklo


def test_an_officer_role_names_a_municipality_or_a_region_not_both(gent, meetjesland):
    role = OfficerRole(user=UserFactory(), municipality=gent, region=meetjesland)
    with pytest.raises(ValidationError):
        role.full_clean()


# ---- validation --------------------------------------------------------------------------


def test_a_negative_budget_is_a_field_error(officer, gent):
    with pytest.raises(ValidationError) as error:
        log_action(officer, gent, budget="-1")
    assert "budget" in error.value.message_dict


def test_partners_must_be_knowledge_institutions_or_advisers(officer, gent):
    farm = ActorFactory(name="Hoeve Het Veld", municipality=gent)
    with pytest.raises(ValidationError) as error:
        log_action(officer, gent, partners=[farm])
    assert "Hoeve Het Veld" in error.value.message_dict["partners"][0]


def test_goals_must_belong_to_the_actions_municipality(officer, gent, eeklo, staff):
    eeklo_goals = services.food_strategy_create(user=staff, municipality=eeklo)
    with pytest.raises(ValidationError) as error:
        log_action(officer, gent, goals=[eeklo_goals[0]])
    assert "goals" in error.value.message_dict


def test_an_event_needs_a_date_and_time(officer, gent):
    with pytest.raises(ValidationError) as error:
        log_action(officer, gent, action_type=SupportActionType.WORK_SESSION)
    assert "starts_at" in error.value.message_dict


def test_an_action_cannot_end_before_it_starts(officer, gent):
    with pytest.raises(ValidationError) as error:
        log_action(officer, gent, end_date=datetime.date(2026, 2, 1))
    assert "end_date" in error.value.message_dict


# ---- chain reactions ---------------------------------------------------------------------


def test_an_action_records_the_earlier_action_that_led_to_it(officer, gent):
    training = log_action(officer, gent, title="Training voedselgeletterdheid")
    project = log_action(officer, gent, title="Project boeren en scholen", led_to_by=[training])
    assert list(training.led_to.all()) == [project]


def test_a_chain_reaction_cannot_close_a_circle(officer, gent):
    first = log_action(officer, gent, title="1")
    second = log_action(officer, gent, title="2", led_to_by=[first])
    third = log_action(officer, gent, title="3", led_to_by=[second])
    with pytest.raises(ValidationError) as error:
        services.support_action_update(user=officer, action=first, led_to_by=[third])
    assert "circle" in error.value.message_dict["led_to_by"][0]
    with pytest.raises(ValidationError):
        services.support_action_update(user=officer, action=first, led_to_by=[first])
    assert first.led_to_by.count() == 0


# ---- outcomes ----------------------------------------------------------------------------


def test_an_outcome_links_a_kitchen_that_took_up_short_chain_supply(officer, gent_action, gent):
    school = ActorFactory(kind=ActorKind.KITCHEN, kitchen_type="school", municipality=gent)
    outcome = services.outcome_record(
        user=officer, action=gent_action, kind="kitchen_supply", record=school
    )
    assert outcome.record == school


def test_an_outcome_of_kind_kitchen_refuses_a_farm(officer, gent_action, gent):
    farm = ActorFactory(municipality=gent)
    with pytest.raises(ValidationError):
        services.outcome_record(
            user=officer, action=gent_action, kind="kitchen_supply", record=farm
        )


def test_only_an_accepted_partnership_counts_as_an_outcome(officer, gent_action, gent):
    from cooperation.models import PartnershipRequest

    a, b = ActorFactory(municipality=gent), ActorFactory(municipality=gent)
    request = PartnershipRequest.objects.create(from_actor=a, to_actor=b)
    with pytest.raises(ValidationError):
        services.outcome_record(
            user=officer, action=gent_action, kind="partnership", record=request
        )


# ---- food strategy -----------------------------------------------------------------------


def test_a_new_strategy_has_the_six_standard_goals_once(officer, gent):
    services.food_strategy_create(user=officer, municipality=gent)
    services.food_strategy_create(user=officer, municipality=gent)
    keys = list(
        FoodStrategyGoal.objects.filter(municipality=gent).values_list("standard_key", flat=True)
    )
    assert keys == [goal.value for goal in STANDARD_GOALS]


def test_a_municipality_adds_its_own_goal_with_a_target(officer, gent):
    goal = services.food_strategy_goal_create(
        user=officer,
        municipality=gent,
        title="Meer stadslandbouw",
        indicator="hectare stadslandbouw",
        target_value=25,
        target_unit="ha",
    )
    assert (goal.standard_key, goal.target_unit) == ("", "ha")


def test_officer_cannot_add_a_goal_to_another_municipality(officer, eeklo):
    with pytest.raises(PermissionDenied):
        services.food_strategy_goal_create(user=officer, municipality=eeklo, title="x")


# ---- events ------------------------------------------------------------------------------


def test_a_citizen_and_an_actor_register_for_an_event(officer, gent):
    event = log_event(officer, gent)
    citizen = UserFactory()
    manager = UserFactory()
    farm = ActorFactory(owner=manager, municipality=gent)
    services.event_register(user=citizen, action=event)
    services.event_register(user=manager, action=event, actor=farm)
    assert event.registrations.count() == 2


def test_registering_for_an_actor_one_does_not_manage_is_refused(officer, gent):
    event = log_event(officer, gent)
    with pytest.raises(PermissionDenied):
        services.event_register(user=UserFactory(), action=event, actor=ActorFactory())


def test_registering_twice_is_refused_and_nothing_is_duplicated(officer, gent):
    event = log_event(officer, gent)
    citizen = UserFactory()
    services.event_register(user=citizen, action=event)
    with pytest.raises(ValidationError) as error:
        services.event_register(user=citizen, action=event)
    assert error.value.code == "duplicate"
    assert event.registrations.count() == 1


def test_two_people_racing_for_the_last_place_one_wins_the_other_is_told_full(officer, gent):
    # Given an event with one place, loaded twice before anyone registered (two stale copies)
    event = log_event(officer, gent, capacity=1)
    copy_a = SupportAction.objects.get(pk=event.pk)
    copy_b = SupportAction.objects.get(pk=event.pk)
    first, second = UserFactory(), UserFactory()
    # When both register, one after the other, each from its stale copy
    services.event_register(user=first, action=copy_a)
    with pytest.raises(services.EventFull) as error:
        services.event_register(user=second, action=copy_b)
    # Then the first has the place and the second a clear "full"
    assert error.value.code == "full"
    assert list(EventRegistration.objects.values_list("user", flat=True)) == [first.pk]


def test_only_events_take_registrations(officer, gent_action):
    with pytest.raises(ValidationError):
        services.event_register(user=UserFactory(), action=gent_action)


def test_officer_records_attendance(officer, gent):
    event = log_event(officer, gent)
    came, absent = (services.event_register(user=UserFactory(), action=event) for _ in range(2))
    services.event_record_attendance(user=officer, action=event, attended_ids=[came.pk])
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attended, absent.attended) == (True, False)


def test_another_municipalitys_officer_cannot_record_attendance(eeklo_officer, officer, gent):
    event = log_event(officer, gent)
    with pytest.raises(PermissionDenied):
        services.event_record_attendance(user=eeklo_officer, action=event, attended_ids=[])


# ---- survey ------------------------------------------------------------------------------


@pytest.fixture
def farm_and_manager(gent):
    manager = UserFactory()
    return ActorFactory(owner=manager, municipality=gent), manager


def answer(user, farm, year=2026, **overrides):
    values = {
        "contact_channels": ["own_initiative"],
        "municipality_important": True,
        "municipal_roles": ["image"],
    }
    values.update(overrides)
    return services.survey_response_submit(user=user, farmer=farm, year=year, **values)


def test_a_farms_manager_answers_the_survey_once_a_year(farm_and_manager):
    farm, manager = farm_and_manager
    answer(manager, farm)
    with pytest.raises(ValidationError) as error:
        answer(manager, farm)
    assert "year" in error.value.message_dict
    assert answer(manager, farm, year=2027).year == 2027


def test_an_editor_may_answer_but_a_stranger_may_not(farm_and_manager):
    farm, _ = farm_and_manager
    editor = UserFactory()
    ActorManager.objects.create(actor=farm, user=editor, role=ManagerRole.EDITOR)
    assert answer(editor, farm).submitted_by == editor
    with pytest.raises(PermissionDenied):
        answer(UserFactory(), farm, year=2027)


def test_only_farms_answer_the_survey(gent):
    manager = UserFactory()
    shop = ActorFactory(kind=ActorKind.SHOP, owner=manager, municipality=gent)
    with pytest.raises(PermissionDenied):
        answer(manager, shop)


def test_unknown_survey_options_are_field_errors(farm_and_manager):
    farm, manager = farm_and_manager
    with pytest.raises(ValidationError) as error:
        answer(manager, farm, contact_channels=["carrier_pigeon"])
    assert "contact_channels" in error.value.message_dict
