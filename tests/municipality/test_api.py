"""/api/v1/ for municipal support: the permission matrix, filters, events, survey, dashboard."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from actors.choices import ActorKind
from municipality.models import EventRegistration, SupportAction, SurveyResponse
from tests.factories import ActorFactory, UserFactory
from tests.municipality.conftest import log_action, log_event

pytestmark = pytest.mark.django_db

ACTIONS = "/api/v1/support-actions/"


def action_payload(municipality, **overrides):
    payload = {
        "municipality": municipality.nis_code,
        "action_type": "promotion",
        "title": "Week van de korte keten",
        "start_date": "2026-05-01",
        "budget": "2500.00",
        "funding_source": "own_budget",
    }
    payload.update(overrides)
    return payload


# ---- support actions: who may write ------------------------------------------------------


def test_officer_logs_an_action_for_gent_through_the_api(api_client, officer, gent, goals):
    api_client.force_authenticate(officer)
    response = api_client.post(
        ACTIONS, action_payload(gent, goals=[goals["schools"].pk]), format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["municipality"]["nis_code"] == "44021"
    assert [g["title"] for g in response.data["goals"]] == [goals["schools"].title]


def test_officer_of_gent_cannot_create_an_action_for_another_municipality(
    api_client, officer, eeklo
):
    api_client.force_authenticate(officer)
    response = api_client.post(ACTIONS, action_payload(eeklo), format="json")
    assert response.status_code == 403
    assert SupportAction.objects.count() == 0


def test_officer_of_gent_cannot_change_an_action_of_another_municipality(
    api_client, officer, eeklo_action
):
    api_client.force_authenticate(officer)
    response = api_client.patch(
        f"{ACTIONS}{eeklo_action.pk}/", {"title": "Overgenomen"}, format="json"
    )
    assert response.status_code == 403
    eeklo_action.refresh_from_db()
    assert eeklo_action.title == "Hoevefeest Eeklo"


def test_officer_of_gent_cannot_delete_an_action_of_another_municipality(
    api_client, officer, eeklo_action
):
    api_client.force_authenticate(officer)
    response = api_client.delete(f"{ACTIONS}{eeklo_action.pk}/")
    assert response.status_code == 403
    assert SupportAction.objects.filter(pk=eeklo_action.pk).exists()


def test_anonymous_cannot_write(api_client, gent):
    assert api_client.post(ACTIONS, action_payload(gent), format="json").status_code in (401, 403)


def test_officer_changes_and_deletes_their_own_action(api_client, officer, gent_action):
    api_client.force_authenticate(officer)
    response = api_client.patch(f"{ACTIONS}{gent_action.pk}/", {"status": "done"}, format="json")
    assert (response.status_code, response.data["status"]) == (200, "done")
    assert api_client.delete(f"{ACTIONS}{gent_action.pk}/").status_code == 204
    assert not SupportAction.objects.exists()


def test_a_negative_budget_is_a_400_field_error(api_client, officer, gent):
    api_client.force_authenticate(officer)
    response = api_client.post(ACTIONS, action_payload(gent, budget="-5"), format="json")
    assert response.status_code == 400
    assert "budget" in response.data


def test_a_farm_as_partner_is_a_400_field_error(api_client, officer, gent):
    farm = ActorFactory(municipality=gent)
    api_client.force_authenticate(officer)
    response = api_client.post(ACTIONS, action_payload(gent, partners=[farm.slug]), format="json")
    assert response.status_code == 400
    assert "partners" in response.data


def test_a_cycle_in_the_chain_is_a_400_field_error(api_client, officer, gent):
    first = log_action(officer, gent, title="1")
    second = log_action(officer, gent, title="2", led_to_by=[first])
    api_client.force_authenticate(officer)
    response = api_client.patch(f"{ACTIONS}{first.pk}/", {"led_to_by": [second.pk]}, format="json")
    assert response.status_code == 400
    assert "led_to_by" in response.data


# ---- support actions: reading and filtering ----------------------------------------------


def test_the_public_reads_public_actions_only(api_client, officer, gent):
    log_action(officer, gent, title="Openbaar")
    log_action(officer, gent, title="Intern", is_public=False)
    titles = [row["title"] for row in api_client.get(ACTIONS).data["results"]]
    assert titles == ["Openbaar"]


def test_filters_by_municipality_type_status_and_dates(api_client, officer, eeklo_action, gent):
    log_action(
        officer, gent, title="Markt", action_type="place", start_date=datetime.date(2025, 6, 1)
    )
    log_action(officer, gent, title="Week")
    rows = api_client.get(ACTIONS, {"municipality": "44021", "type": "place"}).data["results"]
    assert [r["title"] for r in rows] == ["Markt"]
    rows = api_client.get(ACTIONS, {"date_from": "2026-01-01", "q": "week"}).data["results"]
    assert [r["title"] for r in rows] == ["Week"]


def test_an_unknown_nis_code_is_a_400_not_an_empty_list(api_client):
    response = api_client.get(ACTIONS, {"municipality": "99999"})
    assert response.status_code == 400
    assert "municipality" in response.data


@pytest.mark.parametrize("url", [ACTIONS, "/api/v1/municipalities/44021/dashboard/"])
def test_list_and_dashboard_take_the_same_queries_for_3_and_30_actions(
    api_client, officer, gent, goals, adviser, django_assert_max_num_queries, url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        previous = None
        for i in range(n):
            previous = log_action(
                officer,
                gent,
                title=f"Actie {i}",
                goals=[goals["schools"]],
                partners=[adviser],
                actors_reached=[adviser],
                led_to_by=[previous] if previous else [],
            )

    api_client.force_authenticate(officer)
    make(3)
    with CaptureQueriesContext(connection) as small:
        assert api_client.get(url, {"page_size": 50} if url == ACTIONS else {}).status_code == 200
    make(27)
    with CaptureQueriesContext(connection) as large:
        assert api_client.get(url, {"page_size": 50} if url == ACTIONS else {}).status_code == 200
    assert len(small) == len(large)


# ---- goals -------------------------------------------------------------------------------


def test_officer_adds_a_goal_only_to_their_own_strategy(api_client, officer, gent, eeklo):
    api_client.force_authenticate(officer)
    payload = {"title": "Stadslandbouw", "target_value": "25", "target_unit": "ha"}
    ok = api_client.post(
        "/api/v1/food-strategy-goals/", {**payload, "municipality": "44021"}, format="json"
    )
    refused = api_client.post(
        "/api/v1/food-strategy-goals/", {**payload, "municipality": "44019"}, format="json"
    )
    assert (ok.status_code, refused.status_code) == (201, 403)
    rows = api_client.get("/api/v1/food-strategy-goals/", {"municipality": "44021"}).data
    assert [r["title"] for r in rows["results"]] == ["Stadslandbouw"]


# ---- events ------------------------------------------------------------------------------


def test_registering_for_the_last_place_then_full(api_client, officer, gent):
    event = log_event(officer, gent, capacity=1)
    url = f"/api/v1/events/{event.pk}/register/"
    api_client.force_authenticate(UserFactory())
    assert api_client.post(url, {}, format="json").status_code == 201
    api_client.force_authenticate(UserFactory())
    response = api_client.post(url, {}, format="json")
    assert response.status_code == 400
    assert response.data["non_field_errors"] == ["This event is full."]
    assert EventRegistration.objects.count() == 1
    assert api_client.get(f"/api/v1/events/{event.pk}/").data["places_left"] == 0


def test_an_actor_registers_through_its_manager(api_client, officer, gent):
    event = log_event(officer, gent)
    manager = UserFactory()
    farm = ActorFactory(owner=manager, municipality=gent)
    api_client.force_authenticate(manager)
    response = api_client.post(
        f"/api/v1/events/{event.pk}/register/", {"actor": farm.slug}, format="json"
    )
    assert (response.status_code, response.data["actor"]["slug"]) == (201, farm.slug)


def test_citizens_names_are_seen_only_by_the_officer(api_client, officer, eeklo_officer, gent):
    event = log_event(officer, gent)
    citizen = UserFactory(first_name="Marie", last_name="Peeters")
    api_client.force_authenticate(citizen)
    api_client.post(f"/api/v1/events/{event.pk}/register/", {}, format="json")
    public = api_client.get(f"/api/v1/events/{event.pk}/")
    assert "Peeters" not in str(public.data)
    api_client.force_authenticate(eeklo_officer)
    assert api_client.get(f"/api/v1/events/{event.pk}/attendance/").status_code == 403
    api_client.force_authenticate(officer)
    rows = api_client.get(f"/api/v1/events/{event.pk}/attendance/").data
    assert [r["citizen_name"] for r in rows] == ["Marie Peeters"]


def test_officer_records_attendance_through_the_api(api_client, officer, gent):
    event = log_event(officer, gent)
    api_client.force_authenticate(UserFactory())
    registration_id = api_client.post(f"/api/v1/events/{event.pk}/register/", {}).data["id"]
    api_client.force_authenticate(officer)
    response = api_client.post(
        f"/api/v1/events/{event.pk}/attendance/", {"attended": [registration_id]}, format="json"
    )
    assert (response.status_code, response.data[0]["attended"]) == (200, True)


# ---- survey ------------------------------------------------------------------------------


def survey_payload(farm, **overrides):
    payload = {
        "farmer": farm.slug,
        "year": 2026,
        "contact_channels": ["own_initiative", "organisation"],
        "municipality_important": True,
        "municipal_roles": ["support"],
    }
    payload.update(overrides)
    return payload


def test_a_farmer_cannot_read_another_farmers_survey_answer(api_client, gent):
    ann, bert = UserFactory(), UserFactory()
    ann_farm = ActorFactory(owner=ann, municipality=gent)
    bert_farm = ActorFactory(owner=bert, municipality=gent)
    api_client.force_authenticate(ann)
    assert (
        api_client.post(
            "/api/v1/survey-responses/", survey_payload(ann_farm), format="json"
        ).status_code
        == 201
    )
    api_client.force_authenticate(bert)
    bert_id = api_client.post(
        "/api/v1/survey-responses/", survey_payload(bert_farm), format="json"
    ).data["id"]
    api_client.force_authenticate(ann)
    listed = api_client.get("/api/v1/survey-responses/").data["results"]
    assert [r["farmer"] for r in listed] == [ann_farm.slug]
    assert api_client.get(f"/api/v1/survey-responses/{bert_id}/").status_code == 404


def test_a_farmer_cannot_answer_for_another_farm(api_client, gent):
    other = ActorFactory(owner=UserFactory(), municipality=gent)
    api_client.force_authenticate(UserFactory())
    response = api_client.post("/api/v1/survey-responses/", survey_payload(other), format="json")
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_a_second_answer_in_a_year_is_a_400_on_year(api_client, gent):
    farmer = UserFactory()
    farm = ActorFactory(owner=farmer, municipality=gent)
    api_client.force_authenticate(farmer)
    api_client.post("/api/v1/survey-responses/", survey_payload(farm), format="json")
    response = api_client.post("/api/v1/survey-responses/", survey_payload(farm), format="json")
    assert (response.status_code, list(response.data)) == (400, ["year"])


@override_settings(SURVEY_MIN_GROUP_SIZE=5)
@pytest.mark.parametrize(("answers", "withheld"), [(4, True), (5, False)])
def test_survey_aggregate_is_withheld_below_the_minimum_group(api_client, gent, answers, withheld):
    for i in range(answers):
        SurveyResponse.objects.create(
            farmer=ActorFactory(municipality=gent),
            year=2026,
            contact_channels=["own_initiative"],
            municipality_important=i % 2 == 0,
        )
    data = api_client.get(
        "/api/v1/survey-responses/aggregate/", {"municipality": "44021", "year": 2026}
    ).data
    assert data["withheld"] is withheld
    assert data["important_percent"] == (None if withheld else 60.0)
    assert data["respondents"] == (None if withheld else 5)


def test_survey_list_needs_a_login(api_client):
    assert api_client.get("/api/v1/survey-responses/").status_code in (401, 403)


# ---- dashboard ---------------------------------------------------------------------------


def test_dashboard_json_gives_the_tipping_point_and_actions(api_client, officer, gent, forms):
    from cooperation.models import Cooperation, Membership

    farms = [ActorFactory(municipality=gent) for _ in range(8)]
    ActorFactory(kind=ActorKind.KITCHEN, kitchen_type="school", municipality=gent)
    cooperation = Cooperation.objects.create(
        name="Coöp", slug="coop", form=forms["farmers-cooperative"], status="active"
    )
    cooperation.municipalities.add(gent)
    for farm in farms[:3]:
        Membership.objects.create(
            cooperation=cooperation, actor=farm, role="producer", status="active"
        )
    log_action(officer, gent, budget="1000", funding_source="province")
    log_action(officer, gent, budget="99", is_public=False)
    data = api_client.get("/api/v1/municipalities/44021/dashboard/").data
    assert data["tipping_point"]["percent"] == 37.5
    kinds = {row["key"]: row["value"] for row in data["actors_by_kind"]}
    assert (kinds["farmer"], kinds["kitchen"]) == (8, 1)
    funding = {row["key"]: row["value"] for row in data["budget_by_funding"]}
    assert funding["province"] == 1000  # the non-public action is not in the public numbers
    assert sum(funding.values()) == 1000
    forms_count = {row["key"]: row["value"] for row in data["cooperations_by_form"]}
    assert forms_count["farmers-cooperative"] == 1


def test_dashboard_of_an_unknown_municipality_is_404(api_client):
    assert api_client.get("/api/v1/municipalities/99999/dashboard/").status_code == 404


def test_region_dashboard(api_client, meetjesland, eeklo_action):
    data = api_client.get("/api/v1/regions/meetjesland/dashboard/").data
    assert data["scope"]["region"] == "meetjesland"
    assert sum(row["value"] for row in data["actions_by_type"]) == 1


def test_upcoming_events_time_window(officer, gent):
    from municipality.selectors import upcoming_public_events

    now = timezone.now()
    soon = log_event(officer, gent, starts_at=now + datetime.timedelta(days=3), title="Soon")
    log_event(officer, gent, starts_at=now - datetime.timedelta(days=3), title="Past")
    assert list(upcoming_public_events()) == [soon]


# ---- outcomes ----------------------------------------------------------------------------


def test_officer_links_an_outcome_and_another_officer_cannot(
    api_client, officer, eeklo_officer, gent_action, gent
):
    school = ActorFactory(kind=ActorKind.KITCHEN, kitchen_type="school", municipality=gent)
    url = f"{ACTIONS}{gent_action.pk}/outcomes/"
    payload = {"kind": "kitchen_supply", "record": school.pk, "note": "Soep van de hoeve"}
    api_client.force_authenticate(eeklo_officer)
    assert api_client.post(url, payload, format="json").status_code == 403
    api_client.force_authenticate(officer)
    response = api_client.post(url, payload, format="json")
    assert (response.status_code, response.data["record"]) == (201, school.name)
    detail = api_client.get(f"{ACTIONS}{gent_action.pk}/").data
    assert detail["outcome_count"] == 1


def test_an_outcome_pointing_at_nothing_is_a_400(api_client, officer, gent_action):
    api_client.force_authenticate(officer)
    response = api_client.post(
        f"{ACTIONS}{gent_action.pk}/outcomes/", {"kind": "cooperation", "record": 999999}
    )
    assert (response.status_code, list(response.data)) == (400, ["record"])
