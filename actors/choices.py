"""The fixed vocabularies of the actors app: kinds of actors, channels, units, needs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActorKind(models.TextChoices):
    """Who an actor is in the chain of short chains (DOMAIN.md, "the actors")."""

    FARMER = "farmer", _("farmer")
    PROCESSOR = "processor", _("processor")
    TRADER = "trader", _("trader")
    SHOP = "shop", _("neighbourhood shop")
    KITCHEN = "kitchen", _("kitchen")
    CITIZENS_INITIATIVE = "citizens_initiative", _("citizens' initiative")
    KNOWLEDGE_INSTITUTION = "knowledge_institution", _("knowledge institution")
    ADVISER = "adviser", _("adviser")


# Actors that produce or sell food: the ones a citizen looks for in the directory.
PRODUCER_KINDS = (ActorKind.FARMER, ActorKind.PROCESSOR)
# Organisations that support the network rather than trade in it.
SUPPORT_KINDS = (ActorKind.KNOWLEDGE_INSTITUTION, ActorKind.ADVISER)


class KitchenType(models.TextChoices):
    SCHOOL = "school", _("school kitchen")
    CARE_HOME = "care_home", _("care home kitchen")
    HOSPITAL = "hospital", _("hospital kitchen")
    COMPANY = "company", _("company kitchen")
    CITY = "city", _("city or public kitchen")
    RESTAURANT = "restaurant", _("restaurant")


class InitiativeType(models.TextChoices):
    FOOD_TEAM = "food_team", _("food team")
    BUYING_GROUP = "buying_group", _("buying group")
    COMMUNITY_GARDEN = "community_garden", _("community garden")
    OTHER = "other", _("other initiative")


class ManagerRole(models.TextChoices):
    OWNER = "owner", _("owner")
    EDITOR = "editor", _("editor")


class LabelKind(models.TextChoices):
    ORGANIC = "organic", _("organic certification")
    OTHER = "other", _("other label")


class Channel(models.TextChoices):
    """How and where a citizen can buy: the sales channels of the short chain."""

    FARM_SHOP = "farm_shop", _("farm shop")
    VENDING_MACHINE = "vending_machine", _("vending machine")
    FARMERS_MARKET = "farmers_market", _("farmers' market")
    SELF_HARVEST = "self_harvest", _("self-harvest")
    CSA_SHARE = "csa_share", _("CSA harvest share")
    BOX_SCHEME = "box_scheme", _("box scheme")
    FOOD_TEAM_DEPOT = "food_team_depot", _("food team depot")
    PICKUP_POINT = "pickup_point", _("pick-up point")
    WEBSHOP = "webshop", _("webshop with delivery")
    NEIGHBOURHOOD_SHOP = "neighbourhood_shop", _("neighbourhood shop")


# Channels where the producer meets the customer in person: principle 1 of the short chain.
DIRECT_CHANNELS = (
    Channel.FARM_SHOP,
    Channel.FARMERS_MARKET,
    Channel.SELF_HARVEST,
    Channel.CSA_SHARE,
    Channel.VENDING_MACHINE,
    Channel.BOX_SCHEME,
)


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    LITRE = "litre", _("litre")
    PIECE = "piece", _("piece")
    DOZEN = "dozen", _("dozen")
    BUNCH = "bunch", _("bunch")
    CRATE = "crate", _("crate")
    PORTION = "portion", _("portion")


class Audience(models.TextChoices):
    """For whom an offer is meant; stored as one boolean column each on Offer."""

    CITIZENS = "citizens", _("citizens")
    SHOPS = "shops", _("shops")
    KITCHENS = "kitchens", _("kitchens")
    PROCESSORS = "processors", _("processors")


class NeedKind(models.TextChoices):
    PRODUCT = "product", _("product")
    SERVICE = "service", _("service")


class ServiceKind(models.TextChoices):
    PROCESSING = "processing", _("processing capacity")
    COLD_STORAGE = "cold_storage", _("cold storage")
    TRANSPORT = "transport", _("transport")
    MACHINERY = "machinery", _("shared machinery")
    SALES_PLACE = "sales_place", _("a place to sell")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("every week")
    BIWEEKLY = "biweekly", _("every two weeks")
    MONTHLY = "monthly", _("every month")
    SEASONAL = "seasonal", _("in season")
    ONCE = "once", _("once")


class Weekday(models.IntegerChoices):
    """ISO order, Monday first, as Belgian opening hours are written."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


MONTH_NAMES = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
ALL_MONTHS = (1 << 12) - 1
