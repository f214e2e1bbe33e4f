"""The municipality demo step: officer, strategy, the seed's chain reaction; a rerun is a no-op."""

import pytest
from django.contrib.auth import authenticate
from django.http import HttpRequest

from actors import demo as actors_demo
from cooperation import demo as cooperation_demo
from municipality import demo, selectors
from municipality.models import FoodStrategyGoal, OfficerRole, Outcome, SupportAction
from network.models import Municipality
from network.services import ensure_builtin_geography

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_network(forms):
    ensure_builtin_geography()
    actors_demo.seed()
    cooperation_demo.seed()


def test_the_demo_has_an_officer_for_gent_and_the_seeds_chain_reaction(demo_network):
    result = demo.seed()

    assert result.notes == []
    officer = authenticate(HttpRequest(), username=demo.OFFICER_EMAIL, password="ketenwerk-demo")
    gent = Municipality.objects.get(nis_code="44021")
    assert officer is not None
    assert OfficerRole.objects.filter(user=officer, municipality=gent).exists()
    assert FoodStrategyGoal.objects.filter(municipality=gent).count() == 7
    chains = selectors.chain_reactions(list(SupportAction.objects.filter(municipality=gent)))
    titles, node = [], chains[0]
    while node:
        titles.append(node.action.title)
        node = node.children[0] if node.children else None
    assert titles == [plan.title for plan in demo.PLANS[:5]]
    assert set(Outcome.objects.values_list("kind", flat=True)) == {"cooperation", "kitchen_supply"}

    counts = (SupportAction.objects.count(), Outcome.objects.count(), OfficerRole.objects.count())
    again = demo.seed()
    assert sum(again.counts.values()) == 0
    assert counts == (
        SupportAction.objects.count(),
        Outcome.objects.count(),
        OfficerRole.objects.count(),
    )


def test_the_demo_dashboard_of_gent_renders(demo_network, client):
    demo.seed()
    response = client.get("/en/dashboard/44021/")
    assert response.status_code == 200
    assert "Training voedselgeletterdheid voor scholen en boeren" in response.content.decode()
