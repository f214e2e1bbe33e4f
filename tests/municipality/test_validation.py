"""Bad input on support actions, events, goals and the survey: a field message, never a 500.

The API answers 400 with `{field: [messages]}` and writes nothing; the officer's pages show
the message on the field. Budgets and hours are non-negative and fit their decimal columns,
dates are ones a person could mean and in order, enums are exact, texts have a maximum.
"""

import pytest
from django.urls import reverse

from municipality.models import FoodStrategyGoal, SupportAction, SurveyResponse
from tests.factories import ActorFactory, UserFactory
from tests.municipality.conftest import log_event

pytestmark = pytest.mark.django_db

ACTIONS = "/api/v1/support-actions/"


def assert_field_error(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    assert body[field], body


def action(where, **change):
    return {
        "municipality": where.nis_code,
        "action_type": "promotion",
        "title": "Week van de korte keten",
        "start_date": "2026-05-01",
        "budget": "2500.00",
        "funding_source": "own_budget",
        **change,
    }


def event(where, **change):
    defaults = {
        "action_type": "connection_meeting",
        "starts_at": "2026-05-01T19:30:00+02:00",
        "capacity": 20,
    }
    return action(where, **{**defaults, **change})


# --- Support actions through the API ------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"budget": "-1"}, "budget"),
        ({"budget": "12345678901.00"}, "budget"),  # 13 digits; the column holds 12
        ({"budget": "100.001"}, "budget"),  # euro cents, no more
        ({"budget": "1e20"}, "budget"),
        ({"budget": "NaN"}, "budget"),
        ({"budget": "Infinity"}, "budget"),
        ({"budget": "duizend"}, "budget"),
        ({"staff_hours": "-0.5"}, "staff_hours"),
        ({"staff_hours": "123456789"}, "staff_hours"),  # 9 digits + 1 decimal; 8 fit
        ({"staff_hours": "1.25"}, "staff_hours"),
        ({"start_date": "1850-01-01"}, "start_date"),
        ({"start_date": "2400-01-01"}, "start_date"),
        ({"start_date": "2026-02-29"}, "start_date"),  # not a leap year
        ({"start_date": None}, "start_date"),
        ({"end_date": "2026-04-30"}, "end_date"),  # before the start
        ({"end_date": "9999-12-31"}, "end_date"),
        ({"action_type": "party"}, "action_type"),
        ({"status": "someday"}, "status"),
        ({"funding_source": "lottery"}, "funding_source"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 5001}, "description"),
        ({"outcomes": "x" * 5001}, "outcomes"),
        ({"place": "x" * 201}, "place"),
        ({"capacity": 10}, "capacity"),  # a promotion takes no registrations
        ({"goals": [987654]}, "goals"),
        ({"goals": ["schools"]}, "goals"),
        ({"partners": ["no-such-actor"]}, "partners"),
        ({"led_to_by": [987654]}, "led_to_by"),
        ({"municipality": "4402"}, "municipality"),
    ],
)
def test_an_invalid_support_action_is_a_400_and_writes_nothing(
    api_client, officer, gent, change, field
):
    api_client.force_authenticate(officer)

    response = api_client.post(ACTIONS, action(gent, **change), format="json")

    assert_field_error(response, field)
    assert not SupportAction.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": None}, "starts_at"),  # an event needs its moment
        ({"starts_at": "2300-05-01T19:30:00+02:00"}, "starts_at"),
        ({"starts_at": "morgen om acht"}, "starts_at"),
        ({"ends_at": "2026-05-01T18:00:00+02:00"}, "ends_at"),  # before it starts
        ({"capacity": 0}, "capacity"),
        ({"capacity": -10}, "capacity"),
        ({"capacity": 2**40}, "capacity"),
    ],
)
def test_an_invalid_event_is_a_400_and_writes_nothing(api_client, officer, gent, change, field):
    api_client.force_authenticate(officer)

    response = api_client.post(ACTIONS, event(gent, **change), format="json")

    assert_field_error(response, field)
    assert not SupportAction.objects.exists()


def test_the_end_before_the_start_message_names_both(api_client, officer, gent):
    api_client.force_authenticate(officer)

    response = api_client.post(ACTIONS, action(gent, end_date="2026-04-30"), format="json")

    assert response.json()["end_date"] == ["The end date cannot be before the start date."]


def test_a_change_to_an_absurd_budget_leaves_the_action_as_it_was(api_client, officer, gent_action):
    api_client.force_authenticate(officer)

    response = api_client.patch(f"{ACTIONS}{gent_action.pk}/", {"budget": "-250"}, format="json")

    assert_field_error(response, "budget")
    gent_action.refresh_from_db()
    assert str(gent_action.budget) == "1500.00"


def test_the_largest_budget_that_fits_is_accepted(api_client, officer, gent):
    api_client.force_authenticate(officer)

    response = api_client.post(ACTIONS, action(gent, budget="9999999999.99"), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["budget"] == "9999999999.99"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_from=yesterday", "date_from"),
        ("date_to=2026-13-01", "date_to"),
        ("status=someday", "status"),
        ("funding=lottery", "funding"),
        ("goal=abc", "goal"),
        ("municipality=99999", "municipality"),
    ],
)
def test_support_action_filters_with_bad_values_are_a_400(api_client, gent_action, query, field):
    response = api_client.get(f"{ACTIONS}?{query}")

    assert_field_error(response, field)


# --- Goals, outcomes, events, the survey ------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_value": "-5"}, "target_value"),
        ({"target_value": "1234567890123"}, "target_value"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 3001}, "description"),
        ({"target_unit": "x" * 41}, "target_unit"),
        ({"position": -1}, "position"),
        ({"municipality": "99999"}, "municipality"),
    ],
)
def test_an_invalid_goal_is_a_400(api_client, officer, gent, change, field):
    api_client.force_authenticate(officer)
    body = {"municipality": gent.nis_code, "title": "Meer lokale groenten in de scholen", **change}

    response = api_client.post("/api/v1/food-strategy-goals/", body, format="json")

    assert_field_error(response, field)
    assert not FoodStrategyGoal.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "miracle", "record": 1}, "kind"),
        ({"kind": "cooperation", "record": "abc"}, "record"),
        ({"kind": "cooperation", "record": 1, "note": "x" * 301}, "note"),
    ],
)
def test_an_invalid_outcome_is_a_400(api_client, officer, gent_action, body, field):
    api_client.force_authenticate(officer)

    response = api_client.post(f"{ACTIONS}{gent_action.pk}/outcomes/", body, format="json")

    assert_field_error(response, field)
    assert not gent_action.outcome_records.exists()


def test_registering_twice_for_an_event_is_a_400_not_a_second_place(api_client, officer, gent):
    meeting = log_event(officer, gent, capacity=5)
    citizen = UserFactory()
    api_client.force_authenticate(citizen)

    first = api_client.post(f"/api/v1/events/{meeting.pk}/register/", {}, format="json")
    second = api_client.post(f"/api/v1/events/{meeting.pk}/register/", {}, format="json")

    assert first.status_code == 201, first.content
    assert second.status_code == 400, second.content
    assert meeting.registrations.count() == 1


@pytest.mark.parametrize(
    "attended", [["abc"], "everyone", [987654], None], ids=["text", "string", "unknown", "null"]
)
def test_invalid_attendance_is_a_400(api_client, officer, gent, attended):
    meeting = log_event(officer, gent)
    api_client.force_authenticate(officer)

    response = api_client.post(
        f"/api/v1/events/{meeting.pk}/attendance/", {"attended": attended}, format="json"
    )

    assert_field_error(response, "attended")


def survey(farm, **change):
    return {
        "farmer": farm.slug,
        "year": 2026,
        "contact_channels": ["own_initiative"],
        "municipality_important": True,
        "municipal_roles": ["support"],
        **change,
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"year": 2019}, "year"),
        ({"year": 2101}, "year"),
        ({"year": "this year"}, "year"),
        ({"contact_channels": []}, "contact_channels"),
        ({"contact_channels": ["pigeon"]}, "contact_channels"),
        ({"contact_channels": "own_initiative"}, "contact_channels"),
        ({"municipal_roles": ["king"]}, "municipal_roles"),
        ({"municipality_important": "rather"}, "municipality_important"),
    ],
)
def test_an_invalid_survey_answer_is_a_400(api_client, gent, change, field):
    farmer = UserFactory()
    farm = ActorFactory(owner=farmer, municipality=gent)
    api_client.force_authenticate(farmer)

    response = api_client.post("/api/v1/survey-responses/", survey(farm, **change), format="json")

    assert_field_error(response, field)
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [("year=1999", "year"), ("year=soon", "year"), ("municipality=99999", "municipality")],
)
def test_survey_aggregates_with_bad_parameters_are_a_400(api_client, gent, query, field):
    response = api_client.get(f"/api/v1/survey-responses/aggregate/?{query}")

    assert_field_error(response, field)


# --- The officer's pages ------------------------------------------------------------------------


def form(municipality, **change):
    return {
        "municipality": municipality.pk,
        "action_type": "promotion",
        "title": "Korte-ketenweek",
        "start_date": "2026-05-01",
        "status": "planned",
        "budget": "1200",
        "staff_hours": "10",
        "funding_source": "own_budget",
        "is_public": "on",
        **change,
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"budget": "10000000000"}, "budget", "no more than 10 digits before the decimal"),
        ({"budget": "12,50"}, "budget", "Enter a number."),
        ({"staff_hours": "-1"}, "staff_hours", "greater than or equal to 0"),
        ({"start_date": "1850-01-01"}, "start_date", "between 1900 and 2100"),
        ({"end_date": "2026-04-01"}, "end_date", "cannot be before the start date"),
        ({"description": "x" * 5001}, "description", "at most 5000 characters"),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"action_type": "party"}, "action_type", "Select a valid choice"),
    ],
)
def test_the_action_page_shows_the_error_on_the_field(
    client, officer, gent, change, field, message
):
    client.force_login(officer)

    response = client.post(reverse("municipality:action_create"), form(gent, **change))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not SupportAction.objects.exists()


def test_html_in_an_action_is_escaped_on_its_page(client, officer, gent):
    client.force_login(officer)
    script = "<script>document.location='https://evil.example'</script>"

    client.post(
        reverse("municipality:action_create"),
        form(gent, title="Week <em>kort</em>", description=script),
    )

    action_row = SupportAction.objects.get()
    assert action_row.description == script
    html = client.get(action_row.get_absolute_url()).content.decode()
    assert "&lt;script&gt;document.location=&#x27;https://evil.example&#x27;&lt;/script&gt;" in html
    assert "Week &lt;em&gt;kort&lt;/em&gt;" in html
    assert "<script>document.location" not in html


def test_the_goal_page_refuses_a_negative_target(client, officer, gent):
    client.force_login(officer)

    response = client.post(
        reverse("municipality:goal_list", kwargs={"nis": gent.nis_code}),
        {"title": "Meer lokale groenten", "target_value": "-10"},
    )

    assert response.status_code == 200
    assert "target_value" in response.context["form"].errors
    assert not FoodStrategyGoal.objects.filter(title="Meer lokale groenten").exists()
