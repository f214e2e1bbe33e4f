"""The directory list counts its rows in the page's own query (`WindowCountPaginator`).

The answers stay those of a COUNT query: the total, the links, a 404 past the last page,
an empty first page; only the separate COUNT query is gone.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from network.pagination import WindowCountPaginator
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def count_queries(context) -> int:
    return sum(1 for q in context.captured_queries if q["sql"].lstrip().startswith("SELECT COUNT"))


def test_pages_carry_the_total_without_a_count_query(api_client):
    ActorFactory.create_batch(25)
    api_client.get("/api/v1/actors/?page_size=10")  # warm up per-process caches

    with CaptureQueriesContext(connection) as context:
        first = api_client.get("/api/v1/actors/?page_size=10").json()
    last = api_client.get("/api/v1/actors/?page_size=10&page=3").json()

    assert count_queries(context) == 0
    assert (first["count"], len(first["results"]), first["previous"]) == (25, 10, None)
    assert "page=2" in first["next"]
    assert (last["count"], len(last["results"]), last["next"]) == (25, 5, None)
    assert (
        api_client.get("/api/v1/actors/?page_size=10&page=last").json()["results"]
        == (last["results"])
    )
    assert api_client.get("/api/v1/actors/?page_size=10&page=4").status_code == 404


def test_an_empty_list_is_an_empty_first_page_and_a_404_after(api_client):
    ActorFactory(is_public=False)

    response = api_client.get("/api/v1/actors/")

    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert api_client.get("/api/v1/actors/?page=2").status_code == 404


def test_a_union_queryset_is_counted_by_a_count_query():
    farm = ActorFactory(name="Hoeve Aa")
    ActorFactory(name="Hoeve Bb")
    # A UNION takes no window annotation: the paginator falls back to COUNT over it.
    queryset = (
        Actor.objects.filter(name__startswith="Hoeve")
        .order_by()
        .union(Actor.objects.filter(pk=farm.pk).order_by(), all=True)
        .order_by("name")
    )
    paginator = WindowCountPaginator(queryset, 1)

    page = paginator.page(1)

    assert paginator.count == 3
    assert [actor.name for actor in page] == ["Hoeve Aa"]
