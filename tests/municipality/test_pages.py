"""The pages of municipal support: officers' writes, exports, the iCal feed, the dashboard."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from municipality.ical import build_calendar, escape_text, fold
from municipality.models import EventRegistration, FoodStrategyGoal, SupportAction, SurveyResponse
from tests.factories import ActorFactory, UserFactory
from tests.municipality.conftest import log_action, log_event

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"municipality:{name}", kwargs=kwargs)


def form_data(municipality, **overrides):
    data = {
        "municipality": municipality.pk,
        "action_type": "promotion",
        "title": "Korte-ketenweek",
        "start_date": "2026-05-01",
        "status": "planned",
        "budget": "1200",
        "staff_hours": "10",
        "funding_source": "own_budget",
        "is_public": "on",
    }
    data.update(overrides)
    return data


# ---- officers' writes --------------------------------------------------------------------


def test_officer_logs_an_action_on_the_page(client, officer, gent, goals):
    client.force_login(officer)
    response = client.post(url("action_create"), form_data(gent, goals=[goals["schools"].pk]))
    action = SupportAction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == action.get_absolute_url()
    assert list(action.goals.all()) == [goals["schools"]]


def test_officer_of_gent_cannot_create_an_action_for_another_municipality_on_the_page(
    client, officer, eeklo
):
    client.force_login(officer)
    response = client.post(url("action_create"), form_data(eeklo))
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not SupportAction.objects.exists()


def test_officer_of_gent_cannot_open_or_change_an_action_of_another_municipality(
    client, officer, eeklo_action, eeklo
):
    client.force_login(officer)
    assert client.get(url("action_update", pk=eeklo_action.pk)).status_code == 403
    response = client.post(
        url("action_update", pk=eeklo_action.pk), form_data(eeklo, title="Overgenomen")
    )
    assert response.status_code == 403
    eeklo_action.refresh_from_db()
    assert eeklo_action.title == "Hoevefeest Eeklo"


def test_officer_of_gent_cannot_delete_an_action_of_another_municipality_on_the_page(
    client, officer, eeklo_action
):
    client.force_login(officer)
    assert client.post(url("action_delete", pk=eeklo_action.pk)).status_code == 403
    assert SupportAction.objects.filter(pk=eeklo_action.pk).exists()


def test_officer_edits_and_deletes_their_own_action(client, officer, gent_action, gent):
    client.force_login(officer)
    response = client.post(
        url("action_update", pk=gent_action.pk), form_data(gent, title="Nieuwe titel")
    )
    assert response.status_code == 302
    gent_action.refresh_from_db()
    assert gent_action.title == "Nieuwe titel"
    assert client.post(url("action_delete", pk=gent_action.pk)).status_code == 302
    assert not SupportAction.objects.exists()


def test_a_user_who_is_no_officer_cannot_open_the_form(client, stranger):
    client.force_login(stranger)
    assert client.get(url("action_create")).status_code == 403


def test_anonymous_is_sent_to_log_in(client, gent):
    response = client.get(url("action_create"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_negative_budget_shows_a_field_error(client, officer, gent):
    client.force_login(officer)
    response = client.post(url("action_create"), form_data(gent, budget="-3"))
    assert "budget" in response.context["form"].errors


def test_an_event_without_a_time_shows_the_services_field_error(client, officer, gent):
    client.force_login(officer)
    response = client.post(url("action_create"), form_data(gent, action_type="work_session"))
    assert response.context["form"].errors["starts_at"] == ["An event needs a date and time."]


# ---- list and exports --------------------------------------------------------------------


def test_the_public_list_hides_actions_that_are_not_public(client, officer, gent):
    log_action(officer, gent, title="Openbaar")
    log_action(officer, gent, title="Intern", is_public=False)
    response = client.get(url("action_list"))
    titles = [a.title for a in response.context["actions"]]
    assert titles == ["Openbaar"]


@pytest.mark.parametrize("name", ["action_list", "dashboard"])
def test_list_and_dashboard_pages_take_the_same_queries_for_3_and_30_actions(
    client, officer, gent, goals, adviser, name
):
    def make(n):
        previous = None
        for i in range(n):
            previous = log_action(
                officer,
                gent,
                title=f"Actie {i}",
                goals=[goals["schools"]],
                actors_reached=[adviser],
                led_to_by=[previous] if previous else [],
            )

    page = url(name, nis="44021") if name == "dashboard" else url(name)
    client.force_login(officer)
    make(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    make(27)
    with CaptureQueriesContext(connection) as large:
        assert client.get(page).status_code == 200
    assert len(small) == len(large)


def test_csv_export_lists_the_filtered_actions_with_formulas_escaped(client, officer, gent, goals):
    log_action(
        officer,
        gent,
        title='=HYPERLINK("http://evil")',
        goals=[goals["schools"]],
        budget="1500.50",
    )
    log_action(officer, gent, title="Markt", action_type="place")
    response = client.get(url("action_export", fmt="csv"), {"type": "promotion"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["id", "municipality", "nis_code", "type", "title"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert (row["budget_eur"], row["nis_code"], row["goals"]) == (
        "1500.5",
        "44021",
        goals["schools"].title,
    )


def test_xlsx_export_holds_the_same_rows(client, officer, gent):
    from openpyxl import load_workbook

    log_action(officer, gent, title="+31 boeren", budget="200")
    response = client.get(url("action_export", fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert (row["title"], row["budget_eur"], row["municipality"]) == ("'+31 boeren", 200, "Gent")
    assert len(rows) == 2


# ---- iCal --------------------------------------------------------------------------------


def test_ical_text_is_escaped_per_rfc_5545():
    assert escape_text('Boeren; burgers, en\\ "scholen"\nsamen') == (
        'Boeren\\; burgers\\, en\\\\ "scholen"\\nsamen'
    )


def test_ical_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_ical_feed_lists_upcoming_public_events_with_crlf(client, officer, gent):
    soon = timezone.now() + datetime.timedelta(days=7)
    log_event(officer, gent, starts_at=soon, title="Boeren, burgers; samen")
    log_event(officer, gent, starts_at=soon, title="Intern", is_public=False)
    log_event(officer, gent, starts_at=timezone.now() - datetime.timedelta(days=7), title="Voorbij")
    response = client.get(url("event_feed"))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert body.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Boeren\\, burgers\\; samen\r\n" in body
    assert "DTSTART:" + soon.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ") in body


def test_build_calendar_without_events_is_a_valid_empty_calendar():
    body = build_calendar([], base_url="https://x", domain="x")
    assert body.split("\r\n")[-2] == "END:VCALENDAR"


# ---- events on the page ------------------------------------------------------------------


def test_registering_on_the_page_and_being_told_when_full(client, officer, gent):
    event = log_event(officer, gent, capacity=1)
    client.force_login(UserFactory())
    client.post(url("event_register", pk=event.pk), {"actor": ""})
    client.force_login(UserFactory())
    response = client.post(url("event_register", pk=event.pk), {"actor": ""}, follow=True)
    assert "This event is full." in response.content.decode()
    assert EventRegistration.objects.count() == 1


def test_citizen_names_show_only_to_the_officer(client, officer, gent):
    event = log_event(officer, gent)
    citizen = UserFactory(first_name="Marie", last_name="Peeters")
    client.force_login(citizen)
    client.post(url("event_register", pk=event.pk), {"actor": ""})
    assert "Peeters" not in client.get(url("action_detail", pk=event.pk)).content.decode()
    client.force_login(officer)
    assert "Marie Peeters" in client.get(url("action_detail", pk=event.pk)).content.decode()


def test_officer_records_attendance_on_the_page(client, officer, gent):
    event = log_event(officer, gent)
    client.force_login(UserFactory())
    client.post(url("event_register", pk=event.pk), {"actor": ""})
    registration = EventRegistration.objects.get()
    client.force_login(officer)
    client.post(url("event_attendance", pk=event.pk), {"attended": [registration.pk]})
    registration.refresh_from_db()
    assert registration.attended is True


# ---- goals, survey, dashboard ------------------------------------------------------------


def test_officer_sets_out_the_strategy_and_adds_a_goal(client, officer, gent):
    client.force_login(officer)
    client.post(url("goal_list", nis="44021"), {"create_strategy": "1"})
    client.post(
        url("goal_list", nis="44021"),
        {
            "title": "Stadslandbouw",
            "indicator": "hectare",
            "target_value": "25",
            "target_unit": "ha",
        },
    )
    assert FoodStrategyGoal.objects.filter(municipality=gent).count() == 7


def test_another_officer_cannot_add_goals(client, eeklo_officer, gent):
    client.force_login(eeklo_officer)
    assert client.post(url("goal_list", nis="44021"), {"create_strategy": "1"}).status_code == 403


def test_a_farmer_answers_the_survey_on_the_page(client, gent):
    farmer = UserFactory()
    farm = ActorFactory(owner=farmer, municipality=gent)
    client.force_login(farmer)
    response = client.post(
        url("survey"),
        {
            "farmer": farm.pk,
            "contact_channels": ["own_initiative"],
            "municipality_important": "yes",
            "municipal_roles": ["image"],
        },
    )
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert (answer.farmer, answer.municipality_important, answer.municipal_roles) == (
        farm,
        True,
        ["image"],
    )


def test_dashboard_draws_the_chain_and_svg_charts(client, officer, gent):
    training = log_action(officer, gent, title="Training voedselgeletterdheid")
    log_action(officer, gent, title="Project boeren en scholen", led_to_by=[training])
    body = client.get(url("dashboard", nis="44021")).content.decode()
    assert "<svg" in body
    chain = body[body.index("Chain reactions") :]
    assert chain.index("Training voedselgeletterdheid") < chain.index("Project boeren en scholen")


def test_dashboard_chart_numbers_download_as_csv(client, officer, gent):
    log_action(officer, gent, budget="700", funding_source="province")
    response = client.get(url("dashboard_csv", nis="44021", chart="budget_by_funding"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["key", "label", "value"]
    values = {row[0]: float(row[2]) for row in rows[1:]}
    assert (values["province"], values["own_budget"]) == (700.0, 0.0)
    assert client.get(url("dashboard_csv", nis="44021", chart="nope")).status_code == 404


def test_region_dashboard_page(client, meetjesland, eeklo_action):
    response = client.get(url("region_dashboard", slug="meetjesland"))
    assert response.status_code == 200
    assert "Meetjesland" in response.content.decode()


def test_officer_lands_on_their_own_dashboard(client, officer):
    client.force_login(officer)
    response = client.get(url("dashboard_index"))
    assert response["Location"] == url("dashboard", nis="44021")


@pytest.mark.parametrize(("answers", "shown"), [(4, False), (5, True)])
def test_dashboard_shows_survey_results_only_for_a_large_enough_group(
    client, gent, answers, shown, settings
):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    for _ in range(answers):
        SurveyResponse.objects.create(
            farmer=ActorFactory(municipality=gent),
            year=2026,
            contact_channels=["own_initiative"],
            municipality_important=True,
        )
    body = client.get(url("dashboard", nis="44021")).content.decode()
    assert ("against 58% in the ILVO survey" in body) is shown
    assert ('class="chart-baseline"' in body) is shown
    assert ("Results are shown once at least 5 farms have answered" in body) is not shown
