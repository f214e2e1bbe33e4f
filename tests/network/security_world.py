"""A small network with one user per role, for the permission matrix and the scoping tests.

Roles, as the issue names them: anonymous, a citizen, another actor's manager, the actor's
manager (owner of `farm`), a cooperation coordinator (of `coop`), an officer of another
municipality (Eeklo), an officer of this one (Gent, where `farm` and the actions are) and staff.
"""

import datetime
import importlib
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from actors.choices import ActorKind
from cooperation.choices import FormSlug
from cooperation.models import CooperationForm
from cooperation.services import cooperation_create
from municipality import services as municipality_services
from municipality.choices import SupportActionType
from municipality.models import OfficerRole
from tests.factories import (
    ActorFactory,
    MunicipalityFactory,
    NeedFactory,
    OfferFactory,
    OpeningExceptionFactory,
    ProductCategoryFactory,
    SalesPointFactory,
    UserFactory,
)

PASSWORD = "pw-Ketenwerk-2026"  # tests.factories.UserFactory's

ANONYMOUS = "anonymous"
CITIZEN = "citizen"
OTHER_MANAGER = "other_manager"
MANAGER = "manager"
COORDINATOR = "coordinator"
OTHER_OFFICER = "other_officer"
OFFICER = "officer"
STAFF = "staff"
ROLES = (ANONYMOUS, CITIZEN, OTHER_MANAGER, MANAGER, COORDINATOR, OTHER_OFFICER, OFFICER, STAFF)
SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}


@dataclass
class World:
    gent: object
    eeklo: object
    users: dict
    farm: object
    other_farm: object
    coord_actor: object
    hidden_farm: object
    coop: object
    sales_point: object
    exception: object
    offer: object
    need: object
    category: object
    action: object
    event: object
    goal: object

    def user(self, role):
        return self.users.get(role)


def load_forms():
    """The seven forms (migration data; a browser test may have flushed it)."""
    migration = importlib.import_module("cooperation.migrations.0002_load_cooperation_forms")
    migration.load_forms(apps, None)


def build_world() -> World:
    load_forms()
    gent = MunicipalityFactory(nis_code="44021", slug="gent", name_nl="Gent")
    eeklo = MunicipalityFactory(
        nis_code="44019", slug="eeklo", name_nl="Eeklo", latitude=51.185, longitude=3.566
    )
    users = {
        CITIZEN: UserFactory(email="citizen@example.org"),
        OTHER_MANAGER: UserFactory(email="other-manager@example.org"),
        MANAGER: UserFactory(email="manager@example.org"),
        COORDINATOR: UserFactory(email="coordinator@example.org"),
        OTHER_OFFICER: UserFactory(email="officer@eeklo.example.org"),
        OFFICER: UserFactory(email="officer@gent.example.org"),
        STAFF: UserFactory(email="staff@example.org", is_staff=True),
    }
    OfficerRole.objects.create(user=users[OFFICER], municipality=gent)
    OfficerRole.objects.create(user=users[OTHER_OFFICER], municipality=eeklo)

    farm = ActorFactory(
        name="Hoeve De Kouter", slug="hoeve-de-kouter", municipality=gent, owner=users[MANAGER]
    )
    other_farm = ActorFactory(
        name="Hof Eeklo",
        slug="hof-eeklo",
        municipality=eeklo,
        latitude=51.185,
        longitude=3.566,
        owner=users[OTHER_MANAGER],
    )
    coord_actor = ActorFactory(
        name="Verwerkerij Gent",
        slug="verwerkerij-gent",
        kind=ActorKind.PROCESSOR,
        municipality=gent,
        owner=users[COORDINATOR],
    )
    hidden_farm = ActorFactory(
        name="Verborgen Hoeve",
        slug="verborgen-hoeve",
        municipality=gent,
        is_public=False,
        open_data_consent=False,
        owner=users[MANAGER],
    )
    coop = cooperation_create(
        user=users[COORDINATOR],
        initiator=coord_actor,
        form=CooperationForm.objects.get(slug=FormSlug.FIELD_TO_FORK),
        name="Van Veld tot Vork Gent",
        municipalities=[gent],
    )
    category = ProductCategoryFactory(slug="aardappelen")
    sales_point = SalesPointFactory(actor=farm)
    exception = OpeningExceptionFactory(sales_point=sales_point, date=datetime.date(2030, 12, 25))
    offer = OfferFactory(actor=farm, category=category)
    need = NeedFactory(actor=farm, category=category)

    action = municipality_services.support_action_log(
        user=users[OFFICER],
        municipality=gent,
        action_type=SupportActionType.PROMOTION,
        title="Korte-ketenweek",
        start_date=datetime.date(2026, 3, 1),
        budget="1500.00",
    )
    starts_at = timezone.make_aware(datetime.datetime(2030, 3, 10, 19, 30))
    event = municipality_services.support_action_log(
        user=users[OFFICER],
        municipality=gent,
        action_type=SupportActionType.CONNECTION_MEETING,
        title="Boeren ontmoeten scholen",
        start_date=starts_at.date(),
        starts_at=starts_at,
        place="Stadhuis",
        capacity=20,
    )
    goal = municipality_services.food_strategy_create(user=users[OFFICER], municipality=gent)[0]
    return World(
        gent=gent,
        eeklo=eeklo,
        users=users,
        farm=farm,
        other_farm=other_farm,
        coord_actor=coord_actor,
        hidden_farm=hidden_farm,
        coop=coop,
        sales_point=sales_point,
        exception=exception,
        offer=offer,
        need=need,
        category=category,
        action=action,
        event=event,
        goal=goal,
    )
