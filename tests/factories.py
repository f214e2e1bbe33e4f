"""factory_boy factories for rows; multi-step setup goes through the real services."""

import datetime

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from actors.choices import ActorKind, Channel, ManagerRole, NeedKind
from actors.models import (
    Actor,
    ActorManager,
    Label,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    ProductCategory,
    SalesPoint,
)
from network.models import Municipality, Region

# Gent's centre: the demo region's heart, and a convenient origin for distances.
GENT = (51.0543, 3.7174)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    password = factory.PostGenerationMethodCall("set_password", "pw-Ketenwerk-2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"region-{n}")
    kind = Region.Kind.REGION
    name_nl = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    name_fr = factory.LazyAttribute(lambda o: o.name_nl)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("nis_code",)

    nis_code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    slug = factory.LazyAttribute(lambda o: f"gemeente-{o.nis_code}")
    name_nl = factory.LazyAttribute(lambda o: f"Gemeente {o.nis_code}")
    name_fr = factory.LazyAttribute(lambda o: f"Commune {o.nis_code}")
    latitude = GENT[0]
    longitude = GENT[1]


class ProductCategoryFactory(DjangoModelFactory):
    class Meta:
        model = ProductCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"product-{n}")
    name_nl = factory.LazyAttribute(lambda o: o.slug)
    name_fr = factory.LazyAttribute(lambda o: o.slug)
    name_en = factory.LazyAttribute(lambda o: o.slug)


class LabelFactory(DjangoModelFactory):
    class Meta:
        model = Label
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"label-{n}")
    kind = "other"
    name_nl = factory.LazyAttribute(lambda o: o.slug)
    name_fr = factory.LazyAttribute(lambda o: o.slug)
    name_en = factory.LazyAttribute(lambda o: o.slug)


class ActorFactory(DjangoModelFactory):
    """A listed farmer near Gent by default; pass `owner=user` to give it a manager."""

    class Meta:
        model = Actor
        skip_postgeneration_save = True

    kind = ActorKind.FARMER
    name = factory.Sequence(lambda n: f"Hoeve {n}")
    slug = factory.Sequence(lambda n: f"hoeve-{n}")
    description = "Groenten van het seizoen."
    municipality = factory.SubFactory(MunicipalityFactory)
    latitude = GENT[0]
    longitude = GENT[1]
    email = factory.Sequence(lambda n: f"info@hoeve{n}.be")
    is_public = True
    open_data_consent = True

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if create and extracted:
            ActorManager.objects.create(actor=obj, user=extracted, role=ManagerRole.OWNER)


class SalesPointFactory(DjangoModelFactory):
    class Meta:
        model = SalesPoint

    actor = factory.SubFactory(ActorFactory)
    channel = Channel.FARM_SHOP
    name = "Hoevewinkel"
    municipality = factory.SelfAttribute("actor.municipality")
    latitude = factory.SelfAttribute("actor.latitude")
    longitude = factory.SelfAttribute("actor.longitude")


class OpeningHoursFactory(DjangoModelFactory):
    class Meta:
        model = OpeningHours

    sales_point = factory.SubFactory(SalesPointFactory)
    weekday = 5
    opens = datetime.time(9, 0)
    closes = datetime.time(12, 0)


class OpeningExceptionFactory(DjangoModelFactory):
    class Meta:
        model = OpeningException

    sales_point = factory.SubFactory(SalesPointFactory)
    date = datetime.date(2026, 12, 25)
    is_closed = True


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer

    actor = factory.SubFactory(ActorFactory)
    category = factory.SubFactory(ProductCategoryFactory)


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = Need

    actor = factory.SubFactory(ActorFactory)
    kind = NeedKind.PRODUCT
    category = factory.SubFactory(ProductCategoryFactory)
    max_distance_km = 30
