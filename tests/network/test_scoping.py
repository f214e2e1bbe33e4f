"""Object-level scoping: private rows never show to those not entitled to them.

A differential test: each outsider (anonymous, a citizen, an officer of another municipality)
reads every list, filter, ordering, count, map layer, export and dashboard once before and once
after private rows are added — an unlisted actor with its sales point, offer and need, a
private cooperation, pending membership and partnership requests, a non-public support action,
a survey answer, a citizen's profile and favourites. What they see must not change at all: a
private row that moved a count, a facet, a page total or a GeoJSON `numberMatched` is a leak as
much as its name on the page. Private names are also searched for directly, as a second net.
"""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from actors.models import CitizenProfile
from cooperation.choices import MembershipStatus, PartnershipStatus
from cooperation.models import Cooperation, Membership, PartnershipRequest
from municipality import services as municipality_services
from municipality.choices import SupportActionType
from municipality.models import EventRegistration, SurveyResponse
from tests.factories import ActorFactory, NeedFactory, OfferFactory, SalesPointFactory, UserFactory
from tests.network.security_world import (
    ANONYMOUS,
    CITIZEN,
    MANAGER,
    OFFICER,
    OTHER_OFFICER,
    build_world,
)

SECRET = "Zwijgzaam"  # in the name of every private row


def page(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def add_private_rows(w):
    """Rows only their own people (and staff) may see; each carries SECRET in a name."""
    hidden = ActorFactory(
        name=f"{SECRET} Hoeve",
        slug="zwijgzaam-hoeve",
        municipality=w.gent,
        is_public=False,
        open_data_consent=False,
        owner=w.user(MANAGER),
        description=f"{SECRET} aardappelen",
    )
    SalesPointFactory(actor=hidden, name=f"{SECRET} kraam")
    OfferFactory(actor=hidden, category=w.category, description=f"{SECRET} aanbod")
    NeedFactory(actor=hidden, category=w.category, description=f"{SECRET} vraag")

    private_coop = Cooperation.objects.create(
        name=f"{SECRET} Coöperatie",
        slug="zwijgzaam-cooperatie",
        form=w.coop.form,
        is_public=False,
        description=f"{SECRET} plannen",
    )
    Membership.objects.create(
        cooperation=private_coop,
        actor=w.coord_actor,
        role="initiator",
        status=MembershipStatus.ACTIVE,
    )
    private_coop.municipalities.add(w.gent)
    Membership.objects.create(
        cooperation=w.coop,
        actor=w.farm,
        role="producer",
        status=MembershipStatus.REQUESTED,
        message=f"{SECRET} verzoek",
    )
    Membership.objects.create(
        cooperation=w.coop,
        actor=hidden,
        role="producer",
        status=MembershipStatus.INVITED,
    )
    PartnershipRequest.objects.create(
        from_actor=w.farm,
        to_actor=w.other_farm,
        status=PartnershipStatus.PENDING,
        message=f"{SECRET} voorstel",
    )
    internal = municipality_services.support_action_log(
        user=w.user(OFFICER),
        municipality=w.gent,
        action_type=SupportActionType.KNOWLEDGE,
        title=f"{SECRET} overleg",
        start_date=datetime.date(2026, 4, 1),
        budget="900.00",
        is_public=False,
    )
    internal.partners.add(hidden)
    SurveyResponse.objects.create(
        farmer=w.farm,
        year=2026,
        contact_channels=["own_initiative"],
        municipality_important=True,
        submitted_by=w.user(MANAGER),
    )
    fan = UserFactory(first_name=SECRET, last_name="Burger", email="zwijgzaam@example.org")
    profile, _ = CitizenProfile.objects.get_or_create(user=fan)
    profile.home_municipality = w.gent
    profile.save()
    profile.favourites.add(w.farm)
    return hidden


def outsider_urls(w):
    nis = w.gent.nis_code
    api = [
        "/api/v1/actors/",
        "/api/v1/actors/?ordering=name",
        "/api/v1/actors/?ordering=-name",
        f"/api/v1/actors/?q={SECRET}",
        "/api/v1/actors/?q=aardappelen",
        f"/api/v1/actors/?municipality={nis}",
        "/api/v1/actors/?kind=farmer",
        "/api/v1/actors/?near=51.0543,3.7174&radius_km=20",
        "/api/v1/actors/?format=geojson",
        f"/api/v1/actors/?format=geojson&municipality={nis}",
        "/api/v1/actors/zwijgzaam-hoeve/",
        "/api/v1/sales-points/",
        "/api/v1/offers/",
        "/api/v1/needs/",
        "/api/v1/cooperations/",
        f"/api/v1/cooperations/?q={SECRET}",
        "/api/v1/cooperations/zwijgzaam-cooperatie/",
        f"/api/v1/cooperations/{w.coop.slug}/",
        "/api/v1/memberships/",
        "/api/v1/support-actions/",
        f"/api/v1/support-actions/?municipality={nis}",
        "/api/v1/events/",
        f"/api/v1/survey-responses/aggregate/?municipality={nis}",
        "/api/v1/survey-responses/aggregate/",
        f"/api/v1/municipalities/{nis}/dashboard/",
        f"/api/v1/municipalities/{nis}/",
    ]
    pages = [
        page("actors:directory"),
        page("actors:directory") + f"?q={SECRET}",
        page("actors:directory") + "?kind=farmer&sort=name",
        page("actors:directory") + f"?municipality={nis}",
        page("actors:actor_detail", slug="zwijgzaam-hoeve"),
        page("actors:actor_detail", slug=w.farm.slug),
        page("cooperation:list"),
        page("cooperation:list") + f"?q={SECRET}",
        page("cooperation:detail", slug=w.coop.slug),
        page("cooperation:detail", slug="zwijgzaam-cooperatie"),
        page("municipality:action_list"),
        page("municipality:action_list") + f"?q={SECRET}",
        page("municipality:action_detail", pk=w.action.pk),
        page("municipality:action_export", fmt="csv"),
        page("municipality:action_export", fmt="xlsx"),
        page("municipality:event_feed"),
        page("municipality:dashboard_index"),
        page("municipality:dashboard", nis=nis),
        page("municipality:goal_list", nis=nis),
        page("municipality:dashboard_csv", nis=nis, chart="tipping_point"),
    ]
    return api + pages


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
# When a file was made, not what it says: the XLSX's creation time, the calendar's DTSTAMP.
MADE_AT = re.compile(r"<dcterms:(created|modified)[^<]*</dcterms:\1>|DTSTAMP:[0-9TZ]+")


def readable(response) -> str:
    """The answer as text: XLSX cells are read out, CSRF tokens (new per request) masked."""
    body = response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            text = " ".join(
                book.read(name).decode() for name in book.namelist() if name.endswith(".xml")
            )
    else:
        text = CSRF.sub(b"csrf", body).decode("utf-8", "replace")
    return MADE_AT.sub("made-at", text)


def snapshot(w, role):
    client = Client()
    if role != ANONYMOUS:
        client.force_login(w.user(role))
    seen = {}
    for url in outsider_urls(w):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code < 500, f"{url} as {role}: {response.status_code}"
        seen[url] = (response.status_code, readable(response))
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ANONYMOUS, CITIZEN, OTHER_OFFICER])
def test_private_rows_change_nothing_an_outsider_sees(role):
    w = build_world()
    before = snapshot(w, role)

    add_private_rows(w)
    after = snapshot(w, role)

    # A search for the secret echoes it in the search box: there the differential check holds.
    leaks = [url for url in before if SECRET in after[url][1] and SECRET not in url]
    changed = [url for url in before if before[url] != after[url]]
    assert not leaks, f"private names shown to {role}: {leaks}"
    assert not changed, f"answers that changed for {role} when private rows were added: {changed}"


@pytest.mark.django_db
def test_the_entitled_do_see_their_private_rows():
    """The differential test is not blind: the same URLs show the rows to their own people."""
    w = build_world()
    add_private_rows(w)
    manager, officer = Client(), Client()
    manager.force_login(w.user(MANAGER))
    officer.force_login(w.user(OFFICER))

    mine = manager.get("/api/v1/actors/zwijgzaam-hoeve/")
    requests = manager.get("/api/v1/partnership-requests/").json()
    answers = manager.get("/api/v1/survey-responses/").json()
    actions = officer.get("/api/v1/support-actions/").json()
    export = officer.get(page("municipality:action_export", fmt="csv"))

    assert mine.status_code == 200
    assert [r["message"] for r in requests["results"]] == [f"{SECRET} voorstel"]
    assert answers["count"] == 1
    assert f"{SECRET} overleg" in [row["title"] for row in actions["results"]]
    cells = [cell for row in csv.reader(io.StringIO(export.content.decode())) for cell in row]
    assert f"{SECRET} overleg" in cells


@pytest.mark.django_db
def test_an_unlisted_actor_is_404_for_others_with_the_same_answer_as_a_missing_one():
    w = build_world()
    add_private_rows(w)
    client = Client()
    client.force_login(w.user(CITIZEN))

    hidden = client.get("/api/v1/actors/zwijgzaam-hoeve/", HTTP_ACCEPT_LANGUAGE="en")
    missing = client.get("/api/v1/actors/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="en")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.django_db
def test_writing_to_an_unlisted_actor_does_not_reveal_it_in_the_error():
    """An error message about a row one may not see reads as for a row that does not exist."""
    w = build_world()
    add_private_rows(w)
    client = Client()
    client.force_login(w.user(CITIZEN))

    unseen = client.post(
        "/api/v1/offers/",
        {"actor": "zwijgzaam-hoeve", "category": w.category.slug},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    missing = client.post(
        "/api/v1/offers/",
        {"actor": "bestaat-niet", "category": w.category.slug},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert unseen.status_code == missing.status_code
    assert unseen.json() == {
        key: [message.replace("bestaat-niet", "zwijgzaam-hoeve") for message in messages]
        for key, messages in missing.json().items()
    }
    assert SECRET not in unseen.content.decode()


@pytest.mark.django_db
def test_registrations_and_survey_answers_stay_with_their_people():
    w = build_world()
    add_private_rows(w)
    citizen = w.user(CITIZEN)
    EventRegistration.objects.create(action=w.event, user=UserFactory(first_name=SECRET))
    outsider = Client()
    outsider.force_login(citizen)

    attendance = outsider.get(f"/api/v1/events/{w.event.pk}/attendance/")
    event_page = outsider.get(page("municipality:action_detail", pk=w.event.pk))
    answers = outsider.get("/api/v1/survey-responses/").json()
    one_answer = outsider.get("/api/v1/survey-responses/aggregate/?municipality=44021").json()

    assert attendance.status_code == 403
    assert SECRET not in event_page.content.decode()
    assert answers["count"] == 0
    assert SECRET not in str(one_answer)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["action_update", "action_delete", "event_attendance"])
def test_a_private_action_of_another_municipality_is_not_found_like_a_missing_one(name):
    w = build_world()
    add_private_rows(w)
    private = w.action.__class__.objects.get(title=f"{SECRET} overleg")
    client = Client()
    client.force_login(w.user(OTHER_OFFICER))

    hidden = client.post(page(f"municipality:{name}", pk=private.pk))
    missing = client.post(page(f"municipality:{name}", pk=999_999))

    assert hidden.status_code == missing.status_code == 404
    private.refresh_from_db()
    assert private.title == f"{SECRET} overleg"
