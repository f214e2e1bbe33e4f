"""Two people doing the same thing at the same moment: one wins, the other is told why, and
nothing is duplicated.

Real concurrency: two threads, each with its own PostgreSQL connection, released together by
a barrier, each posting through the API as a different user. The services lock the contended
row (select_for_update), so the second waits for the first and then sees its result.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from cooperation.choices import MemberRole, MembershipStatus
from cooperation.models import Membership
from cooperation.services import cooperation_create, membership_request
from municipality.models import EventRegistration, OfficerRole
from tests.factories import ActorFactory, MunicipalityFactory, UserFactory
from tests.municipality.conftest import log_event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*calls):
    """Run the calls at once, each in its own thread and database connection; their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # reported through the results, asserted by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _post_as(user, path, data=None):
    def call():
        client = APIClient()
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        client.force_authenticate(user)
        return client.post(path, data or {}, format="json")

    return call


@pytest.fixture
def forms():
    import importlib

    from django.apps import apps

    from cooperation.models import CooperationForm

    migration = importlib.import_module("cooperation.migrations.0002_load_cooperation_forms")
    migration.load_forms(apps, None)
    return {form.slug: form for form in CooperationForm.objects.all()}


def test_two_coordinators_accepting_the_same_request_at_once_make_one_membership(forms):
    gent = MunicipalityFactory()
    first, second, farmer = (UserFactory() for _ in range(3))
    first_farm = ActorFactory(owner=first, municipality=gent)
    second_farm = ActorFactory(owner=second, municipality=gent)
    farm = ActorFactory(owner=farmer, municipality=gent)
    cooperation = cooperation_create(
        user=first,
        initiator=first_farm,
        form=forms["farmers-cooperative"],
        name="Boerencoöperatie Leiestreek",
        municipalities=[gent],
        status="active",
    )
    Membership.objects.create(
        cooperation=cooperation,
        actor=second_farm,
        role=MemberRole.COORDINATOR,
        status=MembershipStatus.ACTIVE,
    )
    request = membership_request(
        user=farmer, cooperation=cooperation, actor=farm, role=MemberRole.PRODUCER
    )
    path = f"/api/v1/memberships/{request.pk}/accept/"

    responses = _race(_post_as(first, path), _post_as(second, path))

    assert sorted(response.status_code for response in responses) == [200, 400]
    refused = next(response for response in responses if response.status_code == 400)
    assert refused.json() == {"non_field_errors": ["This request has already been decided."]}
    memberships = Membership.objects.filter(cooperation=cooperation, actor=farm)
    assert [(m.status, m.role) for m in memberships] == [("active", "producer")]
    assert memberships.get().decided_by in (first, second)


def test_two_citizens_racing_for_the_last_place_one_gets_it_the_other_hears_it_is_full():
    gent = MunicipalityFactory()
    officer = UserFactory()
    OfficerRole.objects.create(user=officer, municipality=gent)
    event = log_event(
        officer, gent, capacity=1, starts_at=timezone.now() + datetime.timedelta(days=14)
    )
    anna, bert = UserFactory(), UserFactory()
    path = f"/api/v1/events/{event.pk}/register/"

    responses = _race(_post_as(anna, path), _post_as(bert, path))

    assert sorted(response.status_code for response in responses) == [201, 400]
    refused = next(response for response in responses if response.status_code == 400)
    assert refused.json() == {"non_field_errors": ["This event is full."]}
    assert EventRegistration.objects.filter(action=event).count() == 1


def test_the_same_citizen_registering_twice_at_once_is_registered_once():
    gent = MunicipalityFactory()
    officer = UserFactory()
    OfficerRole.objects.create(user=officer, municipality=gent)
    event = log_event(
        officer, gent, capacity=10, starts_at=timezone.now() + datetime.timedelta(days=14)
    )
    anna = UserFactory()
    path = f"/api/v1/events/{event.pk}/register/"

    responses = _race(_post_as(anna, path), _post_as(anna, path))

    assert sorted(response.status_code for response in responses) == [201, 400]
    refused = next(response for response in responses if response.status_code == 400)
    assert refused.json() == {"non_field_errors": ["Already registered for this event."]}
    assert EventRegistration.objects.filter(action=event, user=anna).count() == 1
