"""Demo data for the actors app: a believable short-chain region around Gent and the Meetjesland.

`seed()` is one of the per-app demo steps that `manage.py seed_demo` (network) composes. It
writes farms, processors, traders, shops, kitchens of every type, citizens' initiatives,
knowledge institutions and advisers, with their sales points and opening hours, offers, needs,
labels and owner accounts, so every page and the partner finder have something real to show.

Rules it keeps:

- **Deterministic.** Everything comes from `random.Random(2026)` (the default region) or from
  one `Random("2026:<index>")` per synthetic actor, so the same database gets the same data.
- **Idempotent.** Actors are keyed by slug and users by e-mail. An actor that already exists
  is left exactly as it is, children and all (so a demo user's edits survive), and nothing is
  created twice: a second run writes nothing.
- **Valid.** Rows are written with `bulk_create` for speed, but pass the same `full_clean()`
  rules as the services: every row of the default region is checked, and a sample of the
  synthetic rows.
- **Fictional contact details.** Business e-mail and websites use the reserved `.example`
  domain; phone numbers start their subscriber number with 0, which no Belgian number does.
  The knowledge institutions are real (ILVO, HOGENT, Ghent University, the vegetable research
  centre in Kruishoutem) but their contact details here are not.

Scale: `seed(scale=N)` writes the default region and then (N − 1) × its size in *synthetic*
actors spread over every municipality in the database, weighted by population, clustered
around the centres, in the same proportions of kinds. Synthetic actor number i has the slug
`syn-<i, six digits>-<name>` and its owner the e-mail `syn<i>@ketenwerk.demo`; a run at scale
N makes sure numbers 0 … (N − 1) × size − 1 exist, so running scale 20 after scale 2 only adds
the missing ones, and running the same scale again adds nothing.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from actors.choices import (
    ActorKind,
    Channel,
    Frequency,
    InitiativeType,
    KitchenType,
    ManagerRole,
    NeedKind,
    ServiceKind,
    Unit,
)
from actors.models import (
    Actor,
    ActorLabel,
    ActorManager,
    CitizenProfile,
    Label,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    ProductCategory,
    SalesPoint,
)
from actors.reference_data import ORGANIC_CERTIFIERS, ensure_reference_data
from network.models import Municipality

SEED = 2026
DEMO_PASSWORD = "ketenwerk-demo"  # noqa: S105 — printed by seed_demo; demo databases only
DEMO_DOMAIN = "ketenwerk.demo"
SYNTHETIC_PREFIX = "syn-"
BATCH_SIZE = 2000
# Share of synthetic rows passed through full_clean(): one in this many.
SAMPLE_EVERY = 97

# The default region: 160 actors, farmers most. --scale keeps these proportions.
DEFAULT_KIND_COUNTS = {
    ActorKind.FARMER: 72,
    ActorKind.PROCESSOR: 18,
    ActorKind.TRADER: 7,
    ActorKind.SHOP: 17,
    ActorKind.KITCHEN: 24,
    ActorKind.CITIZENS_INITIATIVE: 12,
    ActorKind.KNOWLEDGE_INSTITUTION: 4,
    ActorKind.ADVISER: 6,
}
DEFAULT_SIZE = sum(DEFAULT_KIND_COUNTS.values())

# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------

# The demo region by NIS code: the postcodes and villages (deelgemeenten) addresses use.
DEMO_PLACES = {
    "44021": [
        ("9000", "Gent"),
        ("9030", "Mariakerke"),
        ("9031", "Drongen"),
        ("9032", "Wondelgem"),
        ("9040", "Sint-Amandsberg"),
        ("9041", "Oostakker"),
        ("9050", "Gentbrugge"),
        ("9051", "Sint-Denijs-Westrem"),
        ("9052", "Zwijnaarde"),
    ],
    "44084": [("9880", "Aalter"), ("9910", "Knesselare"), ("9910", "Ursel")],
    "43002": [("9960", "Assenede"), ("9961", "Boekhoute"), ("9968", "Bassevelde")],
    "43005": [("9900", "Eeklo")],
    "44019": [("9940", "Evergem"), ("9940", "Ertvelde"), ("9940", "Sleidinge")],
    "43007": [("9970", "Kaprijke"), ("9971", "Lembeke")],
    "44085": [("9920", "Lovendegem"), ("9930", "Zomergem"), ("9950", "Waarschoot")],
    "43010": [("9990", "Maldegem"), ("9991", "Adegem"), ("9992", "Middelburg")],
    "43014": [("9980", "Sint-Laureins"), ("9988", "Watervliet")],
    "43018": [("9060", "Zelzate")],
    "44088": [("9820", "Merelbeke"), ("9090", "Melle")],
    "44013": [("9070", "Destelbergen"), ("9070", "Heusden")],
    "44087": [("9080", "Lochristi"), ("9080", "Zeveneken")],
    "44083": [("9800", "Deinze"), ("9850", "Nevele")],
    "44086": [("9810", "Nazareth"), ("9840", "De Pinte")],
    "44064": [("9830", "Sint-Martens-Latem")],
    "44052": [("9860", "Oosterzele")],
    "44020": [("9890", "Gavere")],
    "42010": [("9270", "Laarne")],
    "42025": [("9230", "Wetteren")],
    "45068": [("9770", "Kruishoutem"), ("9750", "Zingem")],
}
GENT = "44021"
MEETJESLAND = {"44084", "43002", "43005", "44019", "43007", "44085", "43010", "43014", "43018"}
# Kinds found mostly in town; the others mostly in the countryside.
URBAN_KINDS = {
    ActorKind.TRADER,
    ActorKind.SHOP,
    ActorKind.KITCHEN,
    ActorKind.CITIZENS_INITIATIVE,
    ActorKind.KNOWLEDGE_INSTITUTION,
    ActorKind.ADVISER,
}
# Telephone zone by province, for synthetic actors elsewhere in Flanders.
PHONE_ZONES = {
    "oost-vlaanderen": "9",
    "west-vlaanderen": "50",
    "antwerpen": "3",
    "limburg": "11",
    "vlaams-brabant": "16",
    "brussel": "2",
}

STREETS = (
    "Kerkstraat", "Molenstraat", "Dorpsstraat", "Stationsstraat", "Veldstraat", "Bosstraat",
    "Kapellestraat", "Meersstraat", "Hoogstraat", "Nieuwstraat", "Beekstraat", "Lindenlaan",
    "Akkerstraat", "Weidestraat", "Broekstraat", "Heirweg", "Zandstraat", "Kouterstraat",
    "Schoolstraat", "Vaartstraat", "Polderstraat", "Kasteelstraat", "Hoevestraat",
    "Eikenlaan", "Boomgaardstraat", "Meulenhoek", "Watermolenstraat", "Leiekant",
    "Krekelstraat", "Oostveldstraat", "Bellemstraat", "Brugsesteenweg", "Gentsesteenweg",
)  # fmt: skip
FARM_NAMES = (
    "De Linde", "Ter Walle", "De Meersen", "Het Molenhof", "De Kerselaar", "Ter Beke",
    "De Notelaar", "Het Leenhof", "Ten Bosse", "De Vlasbloem", "De Hooiberg", "Het Eksternest",
    "De Boterbloem", "Ter Heide", "Het Zand", "Het Kasteelhof", "De Wilgen", "De Moerbei",
    "Ter Linden", "Het Pachthof", "De Kapel", "Ten Broeke", "De Vier Winden",
    "De Mispelaar", "Het Zonnehof", "De Distel", "Ter Meulen", "De Bever", "Het Kreekhof",
    "De Poldervos", "Ter Vaart", "De Lisdodde", "Het Blauwhuis", "De Hazelaar", "Ter Elst",
    "De Veldleeuwerik", "Het Rode Hof", "De Eik", "Ter Mote", "De Kievit", "Het Hoekske",
    "De Speltakker", "Ter Kouter", "De Gouden Aar", "Het Lindenhof", "De Waterhoen",
)  # fmt: skip
FAMILIES = (
    "Van Damme", "De Smet", "Verstraete", "Claeys", "De Vos", "Van de Velde", "Martens",
    "Goethals", "De Clercq", "Vermeulen", "Van Hecke", "De Baets", "Standaert", "Bauwens",
    "Van Landschoot", "De Meyer", "Verhaeghe", "Dhondt", "Van Acker", "De Wilde", "Roels",
    "Dierickx", "Van Hoorebeke", "De Pauw", "Cornelis", "Van Overbeke", "Temmerman",
    "Van Vooren", "Van Wassenhove", "Blommaert", "De Keyser", "Moerman", "Impens", "Sierens",
    "Van Kerckhove", "De Backer", "Vervaet", "Lambrecht", "Van Hulle", "Haesaert",
)  # fmt: skip
FIRST_NAMES = (
    "Pieter", "Jan", "Lies", "An", "Els", "Koen", "Bart", "Sofie", "Tom", "Katrien", "Wouter",
    "Hanne", "Ward", "Fien", "Lotte", "Jens", "Stijn", "Griet", "Marie", "Arne", "Noor",
    "Lucas", "Emma", "Bram", "Ines", "Jef", "Mieke", "Dirk", "Veerle", "Joris",
)  # fmt: skip
WORDS = (
    "De Kring", "De Pluk", "Het Zaadje", "De Oogst", "De Tuinman", "Het Mandje", "De Schuur",
    "De Kruidenier", "Het Hofke", "De Bron", "Het Veld", "De Parel", "De Raap", "Het Klavertje",
    "De Zonnebloem", "De Appelaar", "Het Bijenhuis", "De Wortel", "De Kiem", "Het Pleintje",
)  # fmt: skip

# Dutch names of the channels, for descriptions.
CHANNEL_WORDS = {
    Channel.FARM_SHOP: "de hoevewinkel",
    Channel.VENDING_MACHINE: "de automaat",
    Channel.FARMERS_MARKET: "de boerenmarkt",
    Channel.SELF_HARVEST: "het zelfoogstveld",
    Channel.CSA_SHARE: "een oogstaandeel (CSA)",
    Channel.BOX_SCHEME: "het wekelijkse pakket",
    Channel.FOOD_TEAM_DEPOT: "voedselteams",
    Channel.PICKUP_POINT: "afhaalpunten",
    Channel.WEBSHOP: "de webshop",
    Channel.NEIGHBOURHOOD_SHOP: "de winkel",
}


def months(*numbers: int) -> int:
    """The season bitmask of Offer.season_months: bit m-1 set for each month m."""
    return sum(1 << (m - 1) for m in set(numbers))


def month_span(first: int, last: int) -> int:
    """A season from month `first` to `last`, wrapping over the new year (10, 4 = Oct–Apr)."""
    span = range(first, last + 1) if first <= last else [*range(first, 13), *range(1, last + 1)]
    return months(*span)


ALL_YEAR = month_span(1, 12)
SEASONS = {
    "bladgroenten": month_span(4, 11),
    "koolgewassen": month_span(7, 3),
    "tomaten": month_span(5, 10),
    "vruchtgroenten": month_span(6, 10),
    "peulvruchten": month_span(6, 9),
    "witloof": month_span(10, 4),
    "asperges": month_span(4, 6),
    "pompoenen": month_span(9, 12),
    "appels": month_span(8, 5),
    "peren": month_span(8, 2),
    "aardbeien": month_span(5, 7),
    "kleinfruit": month_span(6, 9),
    "steenfruit": month_span(7, 9),
    "wild": month_span(10, 1),
    "snijbloemen": month_span(5, 10),
    "planten": month_span(3, 6),
    "verse-kruiden": month_span(4, 10),
    "noten": month_span(9, 12),
}

OFFER_NOTES = {
    "aardappelen": ("Bintje, Nicola en Charlotte uit eigen bewaring", "Vastkokend en bloemig"),
    "bladgroenten": ("Sla, spinazie en veldsla", "Kropsla, eikenbladsla en rucola"),
    "wortelgroenten": ("Wortelen, knolselder en pastinaak", "Rode biet, wortelen en schorseneren"),
    "koolgewassen": ("Spruiten, savooi en rode kool", "Bloemkool, broccoli en boerenkool"),
    "ui-en-prei": ("Winterprei en gele uien", "Prei, sjalotten en rode uien"),
    "tomaten": ("Trostomaten en oude rassen", "Kerstomaten uit de serre"),
    "aardbeien": ("Vers geplukt, ook om zelf te plukken", "Elsanta en Malling Centenary"),
    "appels": ("Jonagold, Elstar en Boskoop", "Oude hoogstamrassen en Jonagold"),
    "peren": ("Conference en Doyenné", "Conference en stoofperen"),
    "melk": ("Volle rauwe melk, dagvers", "Gepasteuriseerde volle melk"),
    "kaas": ("Jonge en belegen hoevekaas", "Kaas met kruiden en abdijstijl"),
    "yoghurt": ("Volle yoghurt, ook met fruit", "Natuur en met hoevefruit"),
    "roomijs": ("Hoeve-ijs in twintig smaken", "Vanille, aardbei en speculoos"),
    "eieren": ("Eieren van scharrelkippen", "Eieren van kippen in de boomgaard"),
    "rundvlees": ("Vleespakketten van 5 of 10 kg", "Rundvlees van eigen weiderunderen"),
    "varkensvlees": ("Vleespakketten en worsten", "Varkens met uitloop"),
    "brood": ("Desembrood van lokaal graan", "Spelt-, rogge- en volkorenbrood"),
    "sappen": ("Appel- en appel-perensap", "Sap van eigen hoogstamfruit"),
    "honing": ("Lente- en zomerhoning", "Bloemenhoning uit de streek"),
}

# ---------------------------------------------------------------------------------------------
# Archetypes: what a kind of business offers, needs and how it sells
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    """An offer an archetype may publish: chance, weekly volume range, unit."""

    slug: str
    chance: float
    low: int
    high: int
    unit: str = Unit.KG
    season: int | None = None


@dataclass(frozen=True)
class Wanted:
    """A product need an archetype may publish."""

    slug: str
    chance: float
    low: int
    high: int
    unit: str = Unit.KG
    frequency: str = Frequency.WEEKLY


@dataclass(frozen=True)
class Archetype:
    """A kind of business: how it is named, what it offers and needs, how it sells.

    A name pattern may end in `|slug,slug`: products a business of that name always offers
    (an ice-cream maker makes ice cream).
    """

    key: str
    kind: str
    names: tuple[str, ...]
    about: tuple[str, ...]
    products: tuple[Product, ...] = ()
    channels: tuple[tuple[str, float], ...] = ()
    wanted: tuple[Wanted, ...] = ()
    services: tuple[str, ...] = ()
    service_chance: float = 0.0
    organic: float = 0.0
    labels: tuple[tuple[str, float], ...] = ()
    # Who the offers are for: chance of each of citizens, shops, kitchens, processors.
    audience: tuple[float, float, float, float] = (1.0, 0.4, 0.3, 0.1)
    founded: tuple[int, int] = (1950, 2022)
    weight: int = 1
    kitchen_type: str = ""
    initiative_type: str = ""
    meals: tuple[int, int] = (0, 0)
    days: int = 5
    max_distance: tuple[int, int] = (20, 50)


P, W = Product, Wanted
C = Channel
S = ServiceKind

FARMER_TYPES = (
    Archetype(
        key="vegetables",
        kind=ActorKind.FARMER,
        weight=8,
        names=("Hoeve {farm}", "Groentekwekerij {family}", "Tuinderij {farm}", "Groentehof {farm}"),
        about=(
            "Familiebedrijf met {ha} hectare vollegrondsgroenten in {place}.",
            "We telen {products} en verkopen zoveel mogelijk rechtstreeks: via {channels}.",
        ),
        products=(
            P("aardappelen", 0.9, 50, 800),
            P("bladgroenten", 0.8, 10, 120),
            P("wortelgroenten", 0.8, 20, 300),
            P("koolgewassen", 0.7, 20, 250),
            P("ui-en-prei", 0.7, 20, 250),
            P("tomaten", 0.4, 10, 150),
            P("vruchtgroenten", 0.4, 10, 120),
            P("peulvruchten", 0.3, 10, 60),
            P("pompoenen", 0.4, 20, 200),
            P("verse-kruiden", 0.2, 2, 10, Unit.BUNCH),
        ),
        channels=(
            (C.FARM_SHOP, 0.6),
            (C.FARMERS_MARKET, 0.35),
            (C.BOX_SCHEME, 0.3),
            (C.VENDING_MACHINE, 0.25),
            (C.SELF_HARVEST, 0.15),
            (C.FOOD_TEAM_DEPOT, 0.2),
            (C.PICKUP_POINT, 0.15),
            (C.WEBSHOP, 0.1),
        ),
        services=(S.COLD_STORAGE, S.TRANSPORT, S.MACHINERY, S.PROCESSING, S.SALES_PLACE),
        service_chance=0.6,
        organic=0.3,
        audience=(1.0, 0.5, 0.4, 0.15),
    ),
    Archetype(
        key="csa",
        kind=ActorKind.FARMER,
        weight=2,
        names=("Oogstboerderij {farm}", "Zelfoogstboerderij {farm}", "CSA {farm}"),
        about=(
            "Een CSA-boerderij in {place}: leden kopen bij het begin van het seizoen een "
            "oogstaandeel en oogsten zelf op het veld.",
            "Op {ha} hectare groeien {products}. Zo delen boer en burger samen de risico's "
            "en de oogst.",
        ),
        products=(
            P("bladgroenten", 1.0, 10, 60),
            P("wortelgroenten", 0.9, 10, 80),
            P("koolgewassen", 0.8, 10, 60),
            P("tomaten", 0.6, 5, 40),
            P("peulvruchten", 0.6, 5, 30),
            P("verse-kruiden", 0.7, 2, 10, Unit.BUNCH),
            P("aardbeien", 0.3, 5, 30),
            P("snijbloemen", 0.3, 5, 30, Unit.BUNCH),
        ),
        channels=((C.CSA_SHARE, 1.0), (C.SELF_HARVEST, 0.7), (C.FOOD_TEAM_DEPOT, 0.2)),
        services=(S.MACHINERY, S.COLD_STORAGE),
        service_chance=0.4,
        organic=0.8,
        audience=(1.0, 0.1, 0.1, 0.0),
        founded=(2008, 2024),
    ),
    Archetype(
        key="dairy",
        kind=ActorKind.FARMER,
        weight=5,
        names=("Zuivelhoeve {farm}", "Melkveebedrijf {family}", "Hoevezuivel {farm}"),
        about=(
            "Melkveebedrijf met {animals} koeien die van april tot november buiten grazen.",
            "Van onze eigen melk maken we {products}. Te koop via {channels}.",
        ),
        products=(
            P("melk", 1.0, 200, 3000, Unit.LITRE),
            P("yoghurt", 0.7, 20, 300, Unit.LITRE),
            P("kaas", 0.5, 10, 120),
            P("boter", 0.5, 5, 60),
            P("roomijs", 0.4, 10, 150, Unit.LITRE),
            P("room", 0.2, 5, 40, Unit.LITRE),
        ),
        channels=((C.VENDING_MACHINE, 0.8), (C.FARM_SHOP, 0.6), (C.FARMERS_MARKET, 0.2)),
        services=(S.PROCESSING, S.COLD_STORAGE, S.TRANSPORT),
        service_chance=0.5,
        organic=0.15,
        labels=(("erkend-streekproduct", 0.15),),
        audience=(1.0, 0.5, 0.4, 0.4),
    ),
    Archetype(
        key="fruit",
        kind=ActorKind.FARMER,
        weight=4,
        names=("Fruitbedrijf {farm}", "Fruithoeve {farm}", "Fruitteelt {family}"),
        about=(
            "Fruitbedrijf met {ha} hectare laag- en hoogstamboomgaard in {place}.",
            "Ons aanbod: {products}. Je vindt ons fruit via {channels}.",
        ),
        products=(
            P("appels", 0.9, 100, 2000),
            P("peren", 0.8, 100, 1500),
            P("aardbeien", 0.6, 50, 600),
            P("kleinfruit", 0.5, 10, 120),
            P("steenfruit", 0.3, 20, 200),
            P("sappen", 0.5, 50, 500, Unit.LITRE),
        ),
        channels=(
            (C.FARM_SHOP, 0.7),
            (C.VENDING_MACHINE, 0.4),
            (C.SELF_HARVEST, 0.35),
            (C.FARMERS_MARKET, 0.4),
        ),
        services=(S.COLD_STORAGE, S.PROCESSING, S.TRANSPORT),
        service_chance=0.6,
        organic=0.15,
        audience=(1.0, 0.6, 0.4, 0.5),
    ),
    Archetype(
        key="livestock",
        kind=ActorKind.FARMER,
        weight=4,
        names=("Weidehoeve {farm}", "Vleesveebedrijf {family}", "Hoeve {farm}"),
        about=(
            "Gemengd veeteeltbedrijf met {animals} runderen en varkens met uitloop in {place}.",
            "We verkopen {products}, versneden door de slager in het dorp, via {channels}.",
        ),
        products=(
            P("rundvlees", 0.9, 20, 300),
            P("varkensvlees", 0.6, 20, 250),
            P("gevogelte", 0.3, 10, 100),
            P("lamsvlees", 0.2, 5, 40),
            P("charcuterie", 0.4, 5, 60),
            P("kalfsvlees", 0.15, 5, 40),
        ),
        channels=((C.FARM_SHOP, 0.6), (C.BOX_SCHEME, 0.5), (C.WEBSHOP, 0.3)),
        services=(S.PROCESSING, S.COLD_STORAGE, S.TRANSPORT),
        service_chance=0.7,
        organic=0.1,
        audience=(1.0, 0.3, 0.4, 0.3),
    ),
    Archetype(
        key="eggs",
        kind=ActorKind.FARMER,
        weight=2,
        names=("Kippenhof {farm}", "Eierboerderij {family}", "Pluimveehoeve {farm}"),
        about=(
            "Onze {animals} kippen scharrelen in de boomgaard in {place}.",
            "Verse eieren en hoevekippen, te koop via {channels}.",
        ),
        products=(P("eieren", 1.0, 50, 800, Unit.DOZEN), P("gevogelte", 0.4, 10, 80)),
        channels=((C.VENDING_MACHINE, 0.8), (C.FARM_SHOP, 0.5), (C.PICKUP_POINT, 0.2)),
        services=(S.TRANSPORT, S.SALES_PLACE),
        service_chance=0.3,
        organic=0.2,
        audience=(1.0, 0.6, 0.5, 0.3),
    ),
    Archetype(
        key="arable",
        kind=ActorKind.FARMER,
        weight=3,
        names=("Akkerbouwbedrijf {family}", "Graanhoeve {farm}", "Landbouwbedrijf {family}"),
        about=(
            "Akkerbouwbedrijf met {ha} hectare in {place}: graan, aardappelen en rustgewassen.",
            "We zoeken bakkers, brouwers en verwerkers die lokaal graan willen gebruiken.",
        ),
        products=(
            P("granen", 1.0, 500, 8000),
            P("aardappelen", 0.6, 500, 6000),
            P("meel", 0.3, 50, 500),
            P("peulvruchten", 0.2, 50, 500),
        ),
        channels=((C.FARM_SHOP, 0.15),),
        services=(S.COLD_STORAGE, S.PROCESSING, S.MACHINERY, S.TRANSPORT),
        service_chance=0.7,
        organic=0.1,
        audience=(0.2, 0.3, 0.3, 0.9),
    ),
    Archetype(
        key="bees",
        kind=ActorKind.FARMER,
        weight=1,
        names=("Imkerij {farm}", "Bijenhof {family}"),
        about=(
            "Imkerij met {animals} bijenvolken verspreid over {place} en omgeving.",
            "Onze honing is te koop via {channels}.",
        ),
        products=(P("honing", 1.0, 5, 60), P("planten", 0.2, 10, 100, Unit.PIECE)),
        channels=((C.FARM_SHOP, 0.6), (C.FARMERS_MARKET, 0.4), (C.PICKUP_POINT, 0.3)),
        services=(S.SALES_PLACE,),
        service_chance=0.4,
        audience=(1.0, 0.6, 0.1, 0.1),
    ),
    Archetype(
        key="flowers",
        kind=ActorKind.FARMER,
        weight=2,
        names=("Kwekerij {farm}", "Bloemenkwekerij {family}", "Plukbloementuin {farm}|snijbloemen"),
        about=(
            "Sierteeltbedrijf in {place}: {products}.",
            "Te koop via {channels}, en aan bloemisten en tuincentra in de streek.",
        ),
        products=(
            P("planten", 1.0, 50, 2000, Unit.PIECE),
            P("snijbloemen", 0.6, 20, 300, Unit.BUNCH),
        ),
        channels=((C.FARM_SHOP, 0.5), (C.SELF_HARVEST, 0.3), (C.FARMERS_MARKET, 0.3)),
        services=(S.TRANSPORT, S.SALES_PLACE),
        service_chance=0.4,
        labels=(("beschermde-geografische-aanduiding", 0.25),),
        audience=(1.0, 0.7, 0.0, 0.0),
    ),
    Archetype(
        key="specialities",
        kind=ActorKind.FARMER,
        weight=2,
        names=(
            "Witloofkwekerij {family}|witloof",
            "Aspergehoeve {farm}|asperges",
            "Kruidenkwekerij {farm}|verse-kruiden",
        ),
        about=(
            "Gespecialiseerde teelt in {place}: {products}.",
            "We leveren aan winkels en restaurants en verkopen via {channels}.",
        ),
        products=(
            P("witloof", 0.6, 50, 800),
            P("asperges", 0.4, 20, 300),
            P("verse-kruiden", 0.4, 5, 50, Unit.BUNCH),
            P("paddenstoelen", 0.2, 10, 150),
        ),
        channels=((C.FARM_SHOP, 0.6), (C.VENDING_MACHINE, 0.3), (C.FARMERS_MARKET, 0.3)),
        services=(S.COLD_STORAGE, S.TRANSPORT),
        service_chance=0.5,
        organic=0.1,
        audience=(1.0, 0.6, 0.5, 0.1),
    ),
)

PROCESSOR_TYPES = (
    Archetype(
        key="bakery",
        kind=ActorKind.PROCESSOR,
        weight=4,
        names=("Bakkerij {family}", "Ambachtelijke bakkerij {family}", "Hoevebakkerij {farm}"),
        about=(
            "Ambachtelijke bakker in {place} sinds {year}.",
            "We bakken met meel van graan uit de streek en zoeken boeren die tarwe, spelt of "
            "rogge telen.",
        ),
        products=(P("brood", 1.0, 300, 3000, Unit.PIECE), P("gebak", 0.8, 50, 600, Unit.PIECE)),
        channels=((C.NEIGHBOURHOOD_SHOP, 1.0), (C.PICKUP_POINT, 0.2)),
        wanted=(W("meel", 1.0, 150, 900), W("eieren", 0.5, 10, 60, Unit.DOZEN)),
        audience=(1.0, 0.5, 0.6, 0.0),
    ),
    Archetype(
        key="butcher",
        kind=ActorKind.PROCESSOR,
        weight=3,
        names=("Slagerij {family}", "Hoeveslagerij {farm}"),
        about=(
            "Slager in {place} die dieren koopt bij boeren uit de buurt en zelf versnijdt.",
            "Ook loonversnijding voor boeren met vleespakketten.",
        ),
        products=(
            P("charcuterie", 1.0, 20, 200),
            P("rundvlees", 0.8, 50, 400),
            P("varkensvlees", 0.8, 50, 400),
        ),
        channels=((C.NEIGHBOURHOOD_SHOP, 1.0), (C.WEBSHOP, 0.2)),
        wanted=(W("rundvlees", 0.9, 100, 600), W("varkensvlees", 0.8, 100, 600)),
        audience=(1.0, 0.4, 0.6, 0.0),
    ),
    Archetype(
        key="dairy_processor",
        kind=ActorKind.PROCESSOR,
        weight=2,
        names=(
            "Kaasmakerij {farm}|kaas",
            "Hoeve-ijsmakerij {farm}|roomijs",
            "Zuivelatelier {family}",
        ),
        about=(
            "Kleinschalige zuivelverwerker in {place}: {products}.",
            "We verwerken melk van melkveebedrijven binnen 20 km.",
        ),
        products=(
            P("kaas", 0.9, 50, 500),
            P("yoghurt", 0.6, 50, 500, Unit.LITRE),
            P("roomijs", 0.5, 30, 300, Unit.LITRE),
        ),
        channels=((C.FARM_SHOP, 0.6), (C.FARMERS_MARKET, 0.3)),
        wanted=(W("melk", 1.0, 1000, 6000, Unit.LITRE),),
        labels=(("erkend-streekproduct", 0.3),),
        audience=(1.0, 0.7, 0.5, 0.0),
    ),
    Archetype(
        key="press",
        kind=ActorKind.PROCESSOR,
        weight=2,
        names=("Fruitpers {town}", "Sapperij {family}", "Ciderij {farm}|cider"),
        about=(
            "Loonpersen van fruit in {place}: breng je appels en peren, neem je sap mee.",
            "We maken ook {products} van fruit uit de streek.",
        ),
        products=(P("sappen", 1.0, 300, 4000, Unit.LITRE), P("cider", 0.4, 50, 500, Unit.LITRE)),
        channels=((C.FARM_SHOP, 0.5), (C.PICKUP_POINT, 0.3)),
        wanted=(
            W("appels", 1.0, 2000, 20000, frequency=Frequency.SEASONAL),
            W("peren", 0.6, 1000, 8000, frequency=Frequency.SEASONAL),
        ),
        audience=(1.0, 0.7, 0.4, 0.0),
    ),
    Archetype(
        key="brewery",
        kind=ActorKind.PROCESSOR,
        weight=2,
        names=("Brouwerij {farm}", "Huisbrouwerij {family}"),
        about=(
            "Kleine brouwerij in {place} die brouwt met graan en hop uit de streek.",
            "Proeflokaal open op zaterdag.",
        ),
        products=(P("bier", 1.0, 200, 3000, Unit.LITRE),),
        channels=((C.FARM_SHOP, 0.7), (C.WEBSHOP, 0.3)),
        wanted=(W("granen", 1.0, 500, 4000, frequency=Frequency.MONTHLY),),
        audience=(1.0, 0.8, 0.3, 0.0),
    ),
    Archetype(
        key="preserves",
        kind=ActorKind.PROCESSOR,
        weight=2,
        names=(
            "Confiturerie {family}|confituur",
            "Soepatelier {farm}|soep",
            "Conservenmakerij {family}|conserven",
        ),
        about=(
            "Atelier in {place} dat overschotten en tweedekeusgroenten en -fruit van boeren "
            "verwerkt tot {products}.",
        ),
        products=(
            P("confituur", 0.8, 20, 300),
            P("soep", 0.6, 50, 800, Unit.LITRE),
            P("sauzen", 0.4, 10, 200),
            P("conserven", 0.4, 20, 300),
        ),
        channels=((C.PICKUP_POINT, 0.4), (C.WEBSHOP, 0.4), (C.FARMERS_MARKET, 0.3)),
        wanted=(
            W("kleinfruit", 0.7, 50, 500, frequency=Frequency.SEASONAL),
            W("aardbeien", 0.5, 50, 400, frequency=Frequency.SEASONAL),
            W("wortelgroenten", 0.5, 50, 400),
            W("ui-en-prei", 0.4, 30, 300),
        ),
        services=(S.COLD_STORAGE, S.TRANSPORT),
        service_chance=0.3,
        audience=(1.0, 0.7, 0.6, 0.0),
    ),
    Archetype(
        key="shared_kitchen",
        kind=ActorKind.PROCESSOR,
        weight=2,
        names=("Gedeelde verwerkingskeuken {town}", "Verwerkingsatelier {farm}"),
        about=(
            "Een professionele keuken in {place} die boeren samen huren om hun producten te "
            "verwerken tot {products}.",
            "Reserveren per dagdeel; begeleiding bij etikettering en voedselveiligheid.",
        ),
        products=(
            P("soep", 0.8, 100, 1000, Unit.LITRE),
            P("bereide-maaltijden", 0.6, 100, 1500, Unit.PORTION),
            P("confituur", 0.3, 20, 200),
        ),
        channels=((C.PICKUP_POINT, 0.5),),
        wanted=(W("wortelgroenten", 0.6, 50, 500), W("koolgewassen", 0.4, 50, 400)),
        services=(S.TRANSPORT,),
        service_chance=0.3,
        audience=(0.6, 0.6, 0.9, 0.0),
        founded=(2012, 2024),
    ),
    Archetype(
        key="mill",
        kind=ActorKind.PROCESSOR,
        weight=1,
        names=("Molen {farm}", "Maalderij {family}"),
        about=(
            "Een nog draaiende molen in {place} die graan van boeren uit de streek maalt.",
            "Meel voor bakkers en voor thuis; rondleidingen op afspraak.",
        ),
        products=(P("meel", 1.0, 300, 3000), P("granen", 0.3, 100, 1000)),
        channels=((C.FARM_SHOP, 0.7),),
        wanted=(W("granen", 1.0, 1000, 8000, frequency=Frequency.MONTHLY),),
        audience=(1.0, 0.6, 0.3, 0.5),
        founded=(1850, 1990),
    ),
)

TRADER_TYPES = (
    Archetype(
        key="distributor",
        kind=ActorKind.TRADER,
        weight=3,
        names=("Korte Keten Distributie {town}", "Versnet {town}", "Lokaal Vers {town}"),
        about=(
            "Distributieplatform in {place} dat bestellingen van scholen, zorgcentra en "
            "winkels bundelt bij boeren uit {streek}.",
            "Eén keer per week ophalen op de boerderij en leveren in de stad.",
        ),
        products=(
            P("aardappelen", 0.9, 500, 4000),
            P("bladgroenten", 0.8, 100, 800),
            P("wortelgroenten", 0.8, 200, 1500),
            P("appels", 0.7, 200, 2000),
            P("melk", 0.5, 500, 3000, Unit.LITRE),
            P("eieren", 0.5, 100, 1000, Unit.DOZEN),
        ),
        channels=((C.WEBSHOP, 1.0), (C.PICKUP_POINT, 0.5)),
        wanted=(
            W("aardappelen", 0.8, 500, 3000),
            W("bladgroenten", 0.7, 100, 600),
            W("appels", 0.6, 200, 1500),
        ),
        services=(S.COLD_STORAGE,),
        service_chance=0.3,
        audience=(0.1, 1.0, 1.0, 0.2),
        founded=(2005, 2024),
        max_distance=(40, 80),
    ),
    Archetype(
        key="wholesaler",
        kind=ActorKind.TRADER,
        weight=2,
        names=("Groothandel {family}", "Groenten en Fruit {family}"),
        about=(
            "Groothandel in groenten en fruit in {place}, met een aparte lijn voor producten "
            "van boeren uit {streek}.",
        ),
        products=(
            P("aardappelen", 0.9, 1000, 8000),
            P("koolgewassen", 0.6, 300, 2000),
            P("peren", 0.5, 300, 2000),
            P("witloof", 0.4, 200, 1500),
        ),
        channels=((C.WEBSHOP, 0.4),),
        wanted=(W("aardappelen", 0.7, 1000, 5000), W("peren", 0.5, 500, 3000)),
        audience=(0.0, 1.0, 1.0, 0.3),
        max_distance=(50, 100),
    ),
    Archetype(
        key="fishmonger",
        kind=ActorKind.TRADER,
        weight=1,
        names=("Vishandel {family}",),
        about=("Vishandel in {place} met verse Noordzeevis en grijze garnalen.",),
        products=(P("vis", 1.0, 100, 800), P("garnalen-en-schaaldieren", 0.7, 20, 200)),
        channels=((C.FARMERS_MARKET, 0.8), (C.NEIGHBOURHOOD_SHOP, 0.5)),
        labels=(("msc", 0.6),),
        audience=(1.0, 0.6, 0.6, 0.0),
    ),
)

SHOP_TYPES = (
    Archetype(
        key="short_chain_shop",
        kind=ActorKind.SHOP,
        weight=4,
        names=(
            "Buurtwinkel {word}",
            "Korte-ketenwinkel {town}",
            "Dorpswinkel {place}",
            "Boerenwinkel {farm}",
        ),
        about=(
            "Buurtwinkel in {place} met producten van een twintigtal boeren uit {streek}.",
            "Groenten, zuivel, brood en vlees: we kennen elke producent persoonlijk.",
        ),
        channels=((C.NEIGHBOURHOOD_SHOP, 1.0), (C.PICKUP_POINT, 0.3), (C.WEBSHOP, 0.2)),
        wanted=(
            W("bladgroenten", 0.7, 10, 80),
            W("eieren", 0.6, 10, 80, Unit.DOZEN),
            W("yoghurt", 0.5, 10, 60, Unit.LITRE),
            W("brood", 0.4, 30, 200, Unit.PIECE),
            W("appels", 0.5, 20, 150),
        ),
        organic=0.15,
        founded=(1985, 2024),
        max_distance=(15, 40),
    ),
    Archetype(
        key="world_shop",
        kind=ActorKind.SHOP,
        weight=1,
        names=("Wereldwinkel {town}",),
        about=(
            "Wereldwinkel in {place}: eerlijke handel van ver en van dichtbij, met een hoek "
            "voor producten van boeren uit de buurt.",
        ),
        channels=((C.NEIGHBOURHOOD_SHOP, 1.0),),
        wanted=(W("honing", 0.6, 5, 40), W("sappen", 0.5, 20, 120, Unit.LITRE)),
        labels=(("fairtrade", 1.0),),
        founded=(1975, 2005),
        max_distance=(15, 40),
    ),
    Archetype(
        key="organic_shop",
        kind=ActorKind.SHOP,
        weight=1,
        names=("Biowinkel {word}", "Natuurvoedingswinkel {family}"),
        about=(
            "Biowinkel in {place}. Verse groenten komen van biologische boeren uit {streek}, "
            "rechtstreeks en zonder tussenhandel.",
        ),
        channels=((C.NEIGHBOURHOOD_SHOP, 1.0), (C.WEBSHOP, 0.3)),
        wanted=(W("bladgroenten", 0.8, 20, 100), W("wortelgroenten", 0.7, 20, 120)),
        organic=1.0,
        founded=(1990, 2024),
        max_distance=(20, 50),
    ),
)

KITCHEN_NEEDS = (
    # (category, kg or litres per meal and day, unit, chance)
    ("aardappelen", 0.12, Unit.KG, 1.0),
    ("bladgroenten", 0.03, Unit.KG, 0.8),
    ("wortelgroenten", 0.05, Unit.KG, 0.8),
    ("koolgewassen", 0.04, Unit.KG, 0.5),
    ("ui-en-prei", 0.02, Unit.KG, 0.5),
    ("appels", 0.06, Unit.KG, 0.6),
    ("melk", 0.1, Unit.LITRE, 0.5),
    ("yoghurt", 0.05, Unit.LITRE, 0.4),
    ("rundvlees", 0.03, Unit.KG, 0.3),
    ("gevogelte", 0.03, Unit.KG, 0.3),
    ("eieren", 0.02, Unit.DOZEN, 0.3),
)
KITCHEN_ABOUT = {
    KitchenType.SCHOOL: (
        "Schoolkeuken in {place} die elke schooldag {meals} warme maaltijden kookt.",
        "We willen meer seizoensgroenten van boeren uit de buurt op het bord van de "
        "leerlingen en zoeken vaste leveranciers.",
    ),
    KitchenType.CARE_HOME: (
        "Woonzorgcentrum in {place}; onze eigen keuken kookt dagelijks vers voor {meals} bewoners.",
        "We zoeken boeren die wekelijks groenten, fruit en zuivel kunnen leveren.",
    ),
    KitchenType.HOSPITAL: (
        "De centrale keuken van het ziekenhuis in {place} bereidt dagelijks {meals} maaltijden "
        "voor patiënten en personeel.",
        "Vaste volumes, vaste leverdagen: we zoeken een korte-ketenleverancier.",
    ),
    KitchenType.COMPANY: (
        "Bedrijfsrestaurant in {place} voor {meals} medewerkers per dag.",
        "Seizoensmenu's met producten uit {streek}.",
    ),
    KitchenType.CITY: (
        "Stedelijke keuken in {place} die maaltijden levert aan kinderopvang, scholen en "
        "het sociaal restaurant: {meals} per dag.",
        "De stad als hefboom: we kopen lokaal waar het kan.",
    ),
    KitchenType.RESTAURANT: (
        "Restaurant in {place} met een seizoenskaart op basis van producten uit {streek}.",
        "We koken voor zo'n {meals} gasten per dag en kennen onze boeren bij naam.",
    ),
}
KITCHEN_NAMES = {
    KitchenType.SCHOOL: (
        "Basisschool {word}",
        "Vrije Basisschool {place}",
        "Middenschool {place}",
        "Gemeentelijke Basisschool {place}",
    ),
    KitchenType.CARE_HOME: ("Woonzorgcentrum {farm}", "Woonzorgcentrum {place}"),
    KitchenType.HOSPITAL: ("Ziekenhuiskeuken campus {place}", "Revalidatiecentrum {farm}"),
    KitchenType.COMPANY: ("Bedrijfsrestaurant Bedrijvenpark {place}", "Kantine {family} & Zonen"),
    KitchenType.CITY: ("Stadskeuken {town}", "Sociaal restaurant {word}"),
    KitchenType.RESTAURANT: ("Restaurant {farm}", "Bistro {word}", "Eethuis {farm}"),
}
KITCHEN_MEALS = {
    KitchenType.SCHOOL: ((150, 900), 4),
    KitchenType.CARE_HOME: ((60, 180), 7),
    KitchenType.HOSPITAL: ((300, 1500), 7),
    KitchenType.COMPANY: ((80, 600), 5),
    KitchenType.CITY: ((200, 2000), 5),
    KitchenType.RESTAURANT: ((30, 150), 5),
}

INITIATIVE_TYPES = {
    InitiativeType.FOOD_TEAM: Archetype(
        key="food_team",
        kind=ActorKind.CITIZENS_INITIATIVE,
        initiative_type=InitiativeType.FOOD_TEAM,
        names=("Voedselteam {place}",),
        about=(
            "Een voedselteam van {members} gezinnen in {place} dat wekelijks groenten, fruit en "
            "zuivel rechtstreeks bij boeren uit de buurt bestelt.",
            "Ophalen in ons depot; nieuwe leden welkom.",
        ),
        channels=((C.FOOD_TEAM_DEPOT, 1.0),),
        wanted=(
            W("bladgroenten", 0.9, 10, 40),
            W("wortelgroenten", 0.8, 10, 50),
            W("appels", 0.6, 10, 40),
            W("melk", 0.5, 20, 80, Unit.LITRE),
            W("eieren", 0.5, 5, 20, Unit.DOZEN),
        ),
        founded=(1996, 2024),
        max_distance=(10, 25),
    ),
    InitiativeType.BUYING_GROUP: Archetype(
        key="buying_group",
        kind=ActorKind.CITIZENS_INITIATIVE,
        initiative_type=InitiativeType.BUYING_GROUP,
        names=("Aankoopgroep {place}", "Samenaankoop {word}"),
        about=(
            "Buren in {place} die samen rechtstreeks bij de boer kopen: vleespakketten, "
            "aardappelen per zak en fruit per kist.",
        ),
        channels=((C.PICKUP_POINT, 1.0),),
        wanted=(
            W("aardappelen", 0.8, 50, 300, frequency=Frequency.MONTHLY),
            W("rundvlees", 0.6, 20, 100, frequency=Frequency.MONTHLY),
            W("appels", 0.5, 20, 150, frequency=Frequency.BIWEEKLY),
        ),
        founded=(2010, 2024),
        max_distance=(10, 30),
    ),
    InitiativeType.COMMUNITY_GARDEN: Archetype(
        key="community_garden",
        kind=ActorKind.CITIZENS_INITIATIVE,
        initiative_type=InitiativeType.COMMUNITY_GARDEN,
        names=("Samentuin {word}", "Buurtmoestuin {place}"),
        about=(
            "Samentuin in {place} waar {members} buren samen groenten en kruiden kweken.",
            "Op woensdagnamiddag tuinieren we met de kinderen uit de buurt.",
        ),
        products=(
            P("verse-kruiden", 0.7, 1, 10, Unit.BUNCH),
            P("bladgroenten", 0.5, 2, 10),
        ),
        services=(S.MACHINERY,),
        service_chance=0.4,
        audience=(1.0, 0.0, 0.0, 0.0),
        founded=(2012, 2024),
        max_distance=(5, 15),
    ),
    InitiativeType.OTHER: Archetype(
        key="other_initiative",
        kind=ActorKind.CITIZENS_INITIATIVE,
        initiative_type=InitiativeType.OTHER,
        names=("Voedselbos {word}", "Zaadbibliotheek {town}", "Boerenmarktcomité {town}"),
        about=(
            "Burgerinitiatief in {place} dat boeren en buren dichter bij elkaar brengt: "
            "oogstfeesten, boerderijbezoeken en een gedeelde zaadbibliotheek.",
        ),
        services=(S.SALES_PLACE, S.MACHINERY),
        service_chance=0.4,
        founded=(2014, 2024),
        max_distance=(5, 20),
    ),
}

KNOWLEDGE_TYPE = Archetype(
    key="knowledge",
    kind=ActorKind.KNOWLEDGE_INSTITUTION,
    names=("Praktijkcentrum {farm}", "Landbouwschool {town}", "Proefbedrijf {farm}"),
    about=(
        "Praktijkgericht onderzoek en vorming voor land- en tuinbouwers in {place}.",
        "Studiedagen over korte keten, samenwerking en agro-ecologie.",
    ),
    founded=(1950, 2015),
)
ADVISER_TYPE = Archetype(
    key="adviser",
    kind=ActorKind.ADVISER,
    names=(
        "Korte Keten Advies {town}",
        "Adviesbureau {word}",
        "Bedrijfsadvies {family}",
        "Agro-advies {town}",
    ),
    about=(
        "Onafhankelijk adviseur voor boeren in {place} die rechtstreeks willen verkopen.",
        "Bedrijfsplan, prijszetting, samenwerking met andere boeren en subsidies (VLIF, GLB).",
    ),
    founded=(1995, 2024),
)

CLOSING_LINES = (
    "Bezoek welkom na afspraak.",
    "We werken graag samen met andere boeren uit de streek.",
    "Op zoek naar keukens en winkels die wekelijks willen afnemen.",
    "Kom gerust eens langs op onze opendeurdag in september.",
    "Schoolklassen zijn welkom voor een rondleiding.",
    "",
    "",
)

# ---------------------------------------------------------------------------------------------
# Opening hours
# ---------------------------------------------------------------------------------------------


def _t(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def _days(days: Iterable[int], *periods: tuple[str, str]) -> list[tuple[int, str, str]]:
    return [(day, opens, closes) for day in days for opens, closes in periods]


HOURS = {
    Channel.FARM_SHOP: (
        _days([2, 4], ("14:00", "18:00")) + _days([5], ("09:00", "12:00")),
        _days(range(1, 6), ("09:00", "12:00"), ("13:30", "18:30")),
        _days([4], ("13:00", "19:00")) + _days([5], ("09:00", "17:00")),
        _days(range(0, 6), ("08:00", "19:00")),
    ),
    Channel.VENDING_MACHINE: (_days(range(7), ("07:00", "22:00")),),
    Channel.SELF_HARVEST: (
        _days([2], ("14:00", "19:00")) + _days([5], ("10:00", "17:00")),
        _days([1, 3], ("16:00", "20:00")) + _days([6], ("10:00", "12:00")),
    ),
    Channel.CSA_SHARE: (
        _days([1, 4], ("16:00", "19:00")),
        _days([2], ("15:00", "19:00")) + _days([5], ("09:00", "12:00")),
    ),
    Channel.BOX_SCHEME: (_days([3], ("16:00", "19:00")), _days([4], ("15:00", "18:30"))),
    Channel.FOOD_TEAM_DEPOT: (_days([3], ("17:30", "19:30")), _days([4], ("18:00", "20:00"))),
    Channel.PICKUP_POINT: (
        _days([4], ("15:00", "19:00")) + _days([5], ("09:00", "13:00")),
        _days([2], ("16:00", "19:00")),
    ),
    Channel.NEIGHBOURHOOD_SHOP: (
        _days(range(1, 6), ("08:30", "12:30"), ("13:30", "18:30")),
        _days(range(0, 6), ("08:00", "18:00")) + _days([6], ("08:00", "12:00")),
        _days(range(1, 7), ("07:00", "18:30")),
    ),
    Channel.WEBSHOP: ((),),
    Channel.FARMERS_MARKET: ((),),  # a stall keeps its market's day: see MARKET_SQUARES
}
# Illustrative market days: Gent's Friday market on the Vrijdagmarkt; elsewhere the "Markt".
MARKET_SQUARES = {GENT: ("Vrijdagmarkt", 4)}
MARKET_HOURS = ("07:30", "12:30")

SALES_POINT_NAMES = {
    Channel.FARM_SHOP: ("Hoevewinkel", "Winkel op de hoeve", "Boerderijwinkel"),
    Channel.SELF_HARVEST: ("Zelfoogstveld", "Plukveld"),
    Channel.CSA_SHARE: ("Oogstaandeel", "CSA-oogstaandeel"),
    Channel.BOX_SCHEME: ("Wekelijks pakket", "Groentepakket"),
    Channel.WEBSHOP: ("Webshop",),
    Channel.NEIGHBOURHOOD_SHOP: ("Winkel",),
}
SALES_POINT_NOTES = {
    Channel.FARM_SHOP: "Verse producten van eigen hoeve en van collega-boeren.",
    Channel.VENDING_MACHINE: "Dag en nacht vers; betalen met bancontact of cash.",
    Channel.FARMERS_MARKET: "Elke week met onze kraam op de markt.",
    Channel.SELF_HARVEST: "Zelf oogsten in het seizoen; schaar en mand liggen klaar.",
    Channel.CSA_SHARE: "Oogstaandeel per seizoen; inschrijven in het voorjaar.",
    Channel.BOX_SCHEME: "Bestellen tot dinsdagavond, afhalen of laten leveren.",
    Channel.FOOD_TEAM_DEPOT: "Bestellen via het voedselteam, afhalen in het depot.",
    Channel.PICKUP_POINT: "Online bestellen en hier afhalen.",
    Channel.WEBSHOP: "Bestellen online, levering in de streek.",
    Channel.NEIGHBOURHOOD_SHOP: "Open voor iedereen.",
}
VENDING_NAMES = {
    "dairy": "Melkautomaat",
    "eggs": "Eierautomaat",
    "fruit": "Fruitautomaat",
    "vegetables": "Groenteautomaat",
}

SERVICE_NOTES = {
    ServiceKind.COLD_STORAGE: (
        "Gedeelde koelcel voor de bewaring van wortelen en knolselder in de winter",
        "Koelruimte van een tiental palletplaatsen in oogstpieken",
    ),
    ServiceKind.PROCESSING: (
        "Verwerkingsruimte om overschotten tot soep of sap te verwerken",
        "Een slager of zuivelatelier dat in loon wil verwerken",
    ),
    ServiceKind.TRANSPORT: (
        "Gedeeld transport naar winkels en keukens in Gent",
        "Gekoelde bestelwagen om wekelijks te leveren",
    ),
    ServiceKind.MACHINERY: (
        "Gedeelde plantmachine en wiedeg",
        "Loonwerk bij de oogst",
    ),
    ServiceKind.SALES_PLACE: (
        "Een standplaats op een boerenmarkt of een afhaalpunt in de stad",
        "Plaats voor een automaat in het dorpscentrum",
    ),
}
SERVICE_FREQUENCY = {
    ServiceKind.COLD_STORAGE: Frequency.SEASONAL,
    ServiceKind.PROCESSING: Frequency.MONTHLY,
    ServiceKind.TRANSPORT: Frequency.WEEKLY,
    ServiceKind.MACHINERY: Frequency.SEASONAL,
    ServiceKind.SALES_PLACE: Frequency.WEEKLY,
}

# ---------------------------------------------------------------------------------------------
# The named actors of the default region, and the demo logins
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    email: str
    first_name: str
    last_name: str
    role: str


@dataclass(frozen=True)
class Named:
    """A hand-written actor of the default region; what it leaves out is generated."""

    name: str
    kind: str
    archetype: str
    nis: str
    place: int = 0  # index into DEMO_PLACES[nis]
    description: str = ""
    street: str = ""
    point: tuple[float, float] | None = None
    products: tuple[str, ...] | None = None
    channels: tuple[tuple[str, int], ...] | None = None  # (channel, hours pattern)
    labels: tuple[tuple[str, str], ...] = ()
    services: tuple[str, ...] | None = None
    owner: Login | None = None
    domain: str = ""
    market: str = ""  # NIS code of the town whose market the actor stands on
    founded: int | None = None
    kitchen_type: str = ""
    initiative_type: str = ""


NAMED = (
    Named(
        name="Hoeve De Linde",
        kind=ActorKind.FARMER,
        archetype="vegetables",
        nis="43010",
        place=1,
        street="Lindestraat 14",
        description=(
            "Biologische groenteboerderij van de familie Claeys in Adegem. Op zes hectare "
            "telen we meer dan veertig soorten groenten en aardappelen. Je vindt ze in onze "
            "hoevewinkel, in het wekelijkse groentepakket en op het zelfoogstveld. We werken "
            "graag samen met scholen en voedselteams uit de streek."
        ),
        products=(
            "aardappelen",
            "bladgroenten",
            "wortelgroenten",
            "koolgewassen",
            "ui-en-prei",
            "pompoenen",
        ),
        channels=((C.FARM_SHOP, 0), (C.SELF_HARVEST, 0), (C.BOX_SCHEME, 0)),
        labels=(("eu-bio", "Certisys"), ("biogarantie", "Certisys")),
        services=(S.COLD_STORAGE, S.TRANSPORT),
        owner=Login("boer@ketenwerk.demo", "Pieter", "Claeys", "farmer"),
        founded=1962,
    ),
    Named(
        name="Zuivelhoeve Meetjesland",
        kind=ActorKind.FARMER,
        archetype="dairy",
        nis="43007",
        place=1,
        street="Kerkstraat 52",
        description=(
            "Melkveebedrijf met zestig koeien die van april tot november buiten grazen. Van "
            "onze eigen melk maken we yoghurt, boter, kaas en hoeve-ijs. Verse melk tap je "
            "elke dag aan de melkautomaat."
        ),
        products=("melk", "yoghurt", "kaas", "boter", "roomijs"),
        channels=((C.VENDING_MACHINE, 0), (C.FARM_SHOP, 2)),
        labels=(("erkend-streekproduct", ""),),
        founded=1978,
    ),
    Named(
        name="Fruitbedrijf Ter Walle",
        kind=ActorKind.FARMER,
        archetype="fruit",
        nis="43002",
        place=2,
        street="Polderstraat 7",
        description=(
            "Fruitbedrijf met aardbeien, appels en peren in Bassevelde. Van mei tot juli pluk je "
            "zelf aardbeien; elke vrijdag staan we met onze kraam op de Vrijdagmarkt in Gent."
        ),
        products=("aardbeien", "appels", "peren", "kleinfruit", "sappen"),
        channels=((C.FARM_SHOP, 2), (C.SELF_HARVEST, 0), (C.FARMERS_MARKET, 0)),
        market=GENT,
        founded=1985,
    ),
    Named(
        name="Oogstboerderij De Kouter",
        kind=ActorKind.FARMER,
        archetype="csa",
        nis="44085",
        place=1,
        street="Kouterstraat 3",
        description=(
            "Een CSA-boerderij in Zomergem met 180 leden. Wie een oogstaandeel neemt, oogst "
            "van april tot december zelf groenten, kruiden en bloemen op ons veld."
        ),
        channels=((C.CSA_SHARE, 0), (C.SELF_HARVEST, 1), (C.FOOD_TEAM_DEPOT, 0)),
        labels=(("eu-bio", "TÜV Nord Integra"),),
        founded=2014,
    ),
    Named(
        name="Bakkerij Van Damme",
        kind=ActorKind.PROCESSOR,
        archetype="bakery",
        nis="43005",
        street="Stationsstraat 21",
        description=(
            "Ambachtelijke bakkerij in het centrum van Eeklo, sinds 1952 in de familie. We "
            "bakken desembrood met meel van graan uit het Meetjesland en zoeken boeren die "
            "spelt of rogge willen telen."
        ),
        channels=((C.NEIGHBOURHOOD_SHOP, 2), (C.PICKUP_POINT, 0)),
        owner=Login("verwerker@ketenwerk.demo", "Katrien", "Van Damme", "processor"),
        founded=1952,
    ),
    Named(
        name="Fruitpers Meetjesland",
        kind=ActorKind.PROCESSOR,
        archetype="press",
        nis="43010",
        street="Brugsesteenweg 88",
        description=(
            "Loonpersen van appels en peren uit hoogstamboomgaarden en fruitbedrijven uit het "
            "Meetjesland. Van september tot december persen we elke werkdag; het sap wordt "
            "gepasteuriseerd en in bag-in-box verpakt."
        ),
        products=("sappen", "cider"),
        channels=((C.FARM_SHOP, 2),),
        founded=2011,
    ),
    Named(
        name="Versnet Gent",
        kind=ActorKind.TRADER,
        archetype="distributor",
        nis=GENT,
        place=6,
        street="Afrikalaan 120",
        description=(
            "Distributieplatform dat de bestellingen van Gentse scholen, zorgcentra en "
            "buurtwinkels bundelt bij boeren uit het Meetjesland. Elke dinsdag en vrijdag "
            "halen we op, dezelfde dag leveren we in de stad."
        ),
        channels=((C.WEBSHOP, 0), (C.PICKUP_POINT, 0)),
        founded=2019,
    ),
    Named(
        name="Buurtwinkel De Kring",
        kind=ActorKind.SHOP,
        archetype="short_chain_shop",
        nis=GENT,
        street="Sleepstraat 48",
        description=(
            "Buurtwinkel in het Rabot met groenten, zuivel, brood en vlees van een twintigtal "
            "boeren uit de streek. Online bestellen en afhalen kan ook."
        ),
        channels=((C.NEIGHBOURHOOD_SHOP, 0), (C.PICKUP_POINT, 0)),
        owner=Login("winkel@ketenwerk.demo", "Sofie", "De Clercq", "shop"),
        founded=2017,
    ),
    Named(
        name="Basisschool De Regenboog",
        kind=ActorKind.KITCHEN,
        archetype="kitchen",
        kitchen_type=KitchenType.SCHOOL,
        nis=GENT,
        place=4,
        street="Schoolstraat 10",
        description=(
            "Basisschool in Sint-Amandsberg met een eigen keuken die elke schooldag 320 warme "
            "maaltijden kookt. We willen meer seizoensgroenten van boeren uit de buurt op het "
            "bord en zoeken vaste leveranciers voor aardappelen en groenten."
        ),
        owner=Login("keuken@ketenwerk.demo", "Tom", "Verstraete", "kitchen"),
    ),
    Named(
        name="Woonzorgcentrum Ter Linde",
        kind=ActorKind.KITCHEN,
        archetype="kitchen",
        kitchen_type=KitchenType.CARE_HOME,
        nis="44085",
        street="Eikenlaan 2",
    ),
    Named(
        name="Voedselteam Sint-Amandsberg",
        kind=ActorKind.CITIZENS_INITIATIVE,
        archetype="food_team",
        initiative_type=InitiativeType.FOOD_TEAM,
        nis=GENT,
        place=4,
        street="Antwerpsesteenweg 305",
        description=(
            "Veertig gezinnen die elke week groenten, fruit, zuivel en brood rechtstreeks bij "
            "boeren uit de buurt bestellen. Ophalen op donderdagavond in de parochiezaal."
        ),
        channels=((C.FOOD_TEAM_DEPOT, 0),),
        owner=Login("voedselteam@ketenwerk.demo", "Lies", "Goethals", "citizens' initiative"),
        founded=2009,
    ),
    Named(
        name="ILVO – Instituut voor Landbouw-, Visserij- en Voedingsonderzoek",
        kind=ActorKind.KNOWLEDGE_INSTITUTION,
        archetype="knowledge",
        nis="44088",
        street="Burgemeester Van Gansberghelaan 92",
        point=(50.9868, 3.7797),
        domain="ilvo.example",
        description=(
            "Het Vlaamse onderzoeksinstituut voor landbouw, visserij en voeding. Onderzoek "
            "naar korte keten, samenwerking tussen boeren en agro-ecologie, en ondersteuning "
            "van lokale besturen bij hun voedselbeleid."
        ),
        founded=2006,
    ),
    Named(
        name="HOGENT – Hogeschool Gent",
        kind=ActorKind.KNOWLEDGE_INSTITUTION,
        archetype="knowledge",
        nis=GENT,
        place=7,
        street="Valentin Vaerwyckweg 1",
        point=(51.0310, 3.7020),
        domain="hogent.example",
        description=(
            "Hogeschool met opleidingen in agro- en biotechnologie en praktijkonderzoek naar "
            "korte keten, voedselverwerking en duurzame voedselsystemen."
        ),
        founded=1995,
    ),
    Named(
        name="Universiteit Gent – Faculteit Bio-ingenieurswetenschappen",
        kind=ActorKind.KNOWLEDGE_INSTITUTION,
        archetype="knowledge",
        nis=GENT,
        street="Coupure Links 653",
        point=(51.0532, 3.7087),
        domain="ugent.example",
        description=(
            "Onderzoek en onderwijs in landbouw, voeding en agro-economie, onder meer naar "
            "lokale voedselsystemen en coöperaties van boeren en consumenten."
        ),
        founded=1817,
    ),
    Named(
        name="Proefcentrum voor de Groenteteelt Oost-Vlaanderen",
        kind=ActorKind.KNOWLEDGE_INSTITUTION,
        archetype="knowledge",
        nis="45068",
        street="Karreweg 6",
        domain="proefcentrum-groenteteelt.example",
        description=(
            "Praktijkonderzoek voor groentetelers: rassenproeven, teelttechniek en "
            "demonstraties voor de vollegronds- en serreteelt."
        ),
    ),
    Named(
        name="Korte Keten Advies Meetjesland",
        kind=ActorKind.ADVISER,
        archetype="adviser",
        nis="43005",
        street="Zuidmoerstraat 136",
        description=(
            "Onafhankelijk adviseur voor boeren die rechtstreeks willen verkopen of willen "
            "samenwerken: bedrijfsplan, prijszetting, een hoevewinkel of automaat opstarten, "
            "en de weg naar VLIF- en GLB-steun."
        ),
        founded=2016,
    ),
)
CITIZEN_LOGIN = Login("burger@ketenwerk.demo", "Noor", "Van Acker", "citizen")

# ---------------------------------------------------------------------------------------------
# Planning: unsaved rows, decided by a random generator
# ---------------------------------------------------------------------------------------------


@dataclass
class SalesPointPlan:
    sales_point: SalesPoint
    hours: list[OpeningHours] = field(default_factory=list)
    exceptions: list[OpeningException] = field(default_factory=list)


@dataclass
class ActorPlan:
    actor: Actor
    owner: Login | None = None
    labels: list[tuple[str, str]] = field(default_factory=list)
    sales_points: list[SalesPointPlan] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)


@dataclass(eq=False)
class Town:
    """A municipality as the planner sees it: its centre, postcodes and neighbours."""

    municipality: Municipality
    places: list[tuple[str, str]]
    phone_zone: str = "9"
    streek: str = ""
    neighbours: list[Town] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.municipality.name_nl


@dataclass
class SeedResult:
    """What a demo step wrote: created rows per kind of row, and logins to print."""

    counts: Counter = field(default_factory=Counter)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (e-mail, who it is)
    notes: list[str] = field(default_factory=list)


class Planner:
    """Turns (random generator, archetype, town) into an ActorPlan of unsaved rows."""

    def __init__(
        self, categories: dict[str, ProductCategory], towns: list[Town], today: datetime.date
    ):
        self.categories = categories
        self.towns_by_code = {town.municipality.nis_code: town for town in towns}
        self.today = today
        year = today.year if (today.month, today.day) <= (12, 25) else today.year + 1
        self.christmas_eve = datetime.date(year, 12, 24)
        self.christmas = datetime.date(year, 12, 25)
        self.new_year = datetime.date(year + 1, 1, 1)
        self.school_year = datetime.date(today.year if today.month < 9 else today.year + 1, 9, 1)
        self.consent_at = timezone.now()

    # -- the actor ---------------------------------------------------------------------------

    def name(
        self, rng: random.Random, archetype: Archetype, town: Town, place: str
    ) -> tuple[str, tuple[str, ...]]:
        """A name from the archetype's patterns, and the products that name promises."""
        pattern, _bar, forced = rng.choice(archetype.names).partition("|")
        name = pattern.format(
            farm=rng.choice(FARM_NAMES),
            family=rng.choice(FAMILIES),
            word=rng.choice(WORDS),
            town=town.name,
            place=place,
        )
        return name, tuple(slug for slug in forced.split(",") if slug)

    def point(self, rng: random.Random, town: Town, *, gaussian: bool) -> tuple[float, float]:
        """A point near the town centre: uniform within 4 km, or gaussian (σ 1.6 km, ≤ 6 km)."""
        if gaussian:
            distance = min(abs(rng.gauss(0, 1.6)), 6.0)
        else:
            distance = 4.0 * math.sqrt(rng.random())
        angle = rng.random() * 2 * math.pi
        lat0, lon0 = town.municipality.latitude, town.municipality.longitude
        lat = lat0 + distance * math.cos(angle) / 111.32
        lon = lon0 + distance * math.sin(angle) / (111.32 * math.cos(math.radians(lat0)))
        return round(lat, 6), round(lon, 6)

    def actor(
        self,
        rng: random.Random,
        archetype: Archetype,
        town: Town,
        *,
        slug_for: Callable[[str], str],
        name_taken: Callable[[str], bool] = lambda name: False,
        named: Named | None = None,
        gaussian: bool = False,
        public_chance: float = 0.93,
    ) -> ActorPlan:
        postcode, place = rng.choice(town.places) if town.places else ("", town.name)
        if named is not None and town.places:
            postcode, place = town.places[min(named.place, len(town.places) - 1)]
        forced: tuple[str, ...] = ()
        if named:
            name = named.name
        else:
            # Another draw while the name is taken; in the end the village tells them apart.
            for _attempt in range(8):
                name, forced = self.name(rng, archetype, town, place)
                if not name_taken(name):
                    break
            else:
                name = f"{name} {place}"
        lat, lon = (
            named.point if named and named.point else self.point(rng, town, gaussian=gaussian)
        )
        street = (named.street if named else "") or (f"{rng.choice(STREETS)} {rng.randint(1, 180)}")
        domain = (named.domain if named else "") or (
            slugify(name).replace("-", "")[:40] + ".example"
        )
        low, high = archetype.founded
        founded = (
            named.founded if named else (rng.randint(low, high) if rng.random() < 0.8 else None)
        )
        is_public = bool(named) or rng.random() < public_chance
        consent = is_public and (bool(named) or rng.random() < 0.85)
        kitchen_type = (named.kitchen_type if named else "") or archetype.kitchen_type
        actor = Actor(
            kind=archetype.kind,
            kitchen_type=kitchen_type,
            initiative_type=(named.initiative_type if named else "") or archetype.initiative_type,
            name=name,
            slug=slug_for(name),
            street_address=street,
            postcode=postcode,
            municipality=town.municipality,
            latitude=lat,
            longitude=lon,
            phone=(
                f"+32 {town.phone_zone} 0{rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
            ),
            email=f"info@{domain}",
            website=f"https://{domain}" if named or rng.random() < 0.7 else "",
            founded_year=founded,
            is_public=is_public,
            open_data_consent=consent,
            open_data_consent_at=self.consent_at if consent else None,
        )
        plan = ActorPlan(actor=actor, owner=named.owner if named else None)
        meals = 0
        if archetype.kind == ActorKind.KITCHEN:
            (low_meals, high_meals), _days_a_week = KITCHEN_MEALS[kitchen_type]
            meals = rng.randint(low_meals, high_meals) // 10 * 10
        offered = self._offers(rng, archetype, plan, named, forced)
        self._sales_points(rng, archetype, plan, town, place, named)
        self._needs(rng, archetype, plan, meals, named.services if named else None)
        self._labels(rng, archetype, plan, named)
        actor.description = (named.description if named else "") or self._describe(
            rng, archetype, plan, town, place, offered, meals
        )
        return plan

    def _describe(self, rng, archetype, plan, town, place, offered, meals) -> str:
        about = (
            KITCHEN_ABOUT[plan.actor.kitchen_type]
            if plan.actor.kind == ActorKind.KITCHEN
            else archetype.about
        )
        products = [self.categories[slug].name_nl.lower() for slug in offered]
        if len(products) > 1:
            product_text = ", ".join(products[:-1]) + " en " + products[-1]
        else:
            product_text = products[0] if products else "seizoensproducten"
        channels = [CHANNEL_WORDS[sp.sales_point.channel] for sp in plan.sales_points]
        if len(channels) > 1:
            channel_text = ", ".join(channels[:-1]) + " en " + channels[-1]
        else:
            channel_text = channels[0] if channels else "rechtstreekse levering aan klanten"
        values = {
            "place": place,
            "town": town.name,
            "streek": town.streek,
            "products": product_text,
            "channels": channel_text,
            "ha": rng.randint(2, 60),
            "animals": rng.randint(3, 20) * 10,
            "members": rng.randint(2, 15) * 10,
            "meals": meals,
            "year": plan.actor.founded_year or "jaar en dag",
        }
        text = " ".join(sentence.format(**values) for sentence in about)
        closing = rng.choice(CLOSING_LINES) if archetype.kind == ActorKind.FARMER else ""
        return f"{text} {closing}".strip()

    # -- children ----------------------------------------------------------------------------

    def _offers(self, rng, archetype, plan, named, forced=()) -> list[str]:
        chosen = []
        products = {product.slug: product for product in archetype.products}
        if named and named.products is not None:
            picks = [products.get(slug) or Product(slug, 1.0, 10, 100) for slug in named.products]
        else:
            picks = [
                product
                for product in archetype.products
                if rng.random() < product.chance or product.slug in forced
            ]
            if not picks and archetype.products:
                picks = [archetype.products[0]]
        direct = bool(archetype.channels)
        citizens, shops, kitchens, processors = archetype.audience
        for product in picks:
            volume = rng.randint(product.low, product.high)
            volume = max(1, round(volume, -1) if volume > 50 else volume)
            notes = OFFER_NOTES.get(product.slug, ("",))
            plan.offers.append(
                Offer(
                    actor=plan.actor,
                    category=self.categories[product.slug],
                    description=rng.choice(notes),
                    season_months=product.season or SEASONS.get(product.slug, ALL_YEAR),
                    volume_per_week=Decimal(volume),
                    unit=product.unit,
                    for_citizens=direct and rng.random() < citizens,
                    for_shops=rng.random() < shops,
                    for_kitchens=rng.random() < kitchens,
                    for_processors=rng.random() < processors,
                )
            )
            chosen.append(product.slug)
        return chosen

    def _sales_points(self, rng, archetype, plan, town, place, named) -> None:
        if named and named.channels is not None:
            wanted = list(named.channels)
        else:
            wanted = [
                (channel, rng.randrange(len(HOURS[channel])))
                for channel, chance in archetype.channels
                if rng.random() < chance
            ]
            if not wanted and archetype.channels and archetype.kind != ActorKind.FARMER:
                channel = archetype.channels[0][0]
                wanted = [(channel, rng.randrange(len(HOURS[channel])))]
        actor = plan.actor
        for channel, pattern in wanted:
            sales_point = SalesPoint(
                actor=actor,
                channel=channel,
                name=rng.choice(SALES_POINT_NAMES.get(channel, ("",))),
                description=SALES_POINT_NOTES[channel],
                street_address=actor.street_address,
                postcode=actor.postcode,
                municipality=actor.municipality,
                latitude=actor.latitude,
                longitude=actor.longitude,
            )
            hours = HOURS[channel][pattern] if channel in HOURS else ()
            if channel == Channel.VENDING_MACHINE:
                sales_point.name = VENDING_NAMES.get(archetype.key, "Automaat")
                if rng.random() < 0.3:
                    self._move(rng, sales_point, town, town.places, radius_km=2.0)
                    sales_point.street_address = f"Dorpsplein {rng.randint(1, 30)}"
                    sales_point.description = "Automaat in het dorpscentrum, dag en nacht vers."
            elif channel == Channel.FARMERS_MARKET:
                market = self._market_town(rng, town, named)
                square, weekday = MARKET_SQUARES.get(
                    market.municipality.nis_code, ("Markt", int(market.municipality.nis_code) % 6)
                )
                sales_point.name = f"Markt {market.name} ({square})"
                sales_point.street_address = square
                sales_point.postcode = market.places[0][0] if market.places else ""
                self._move(rng, sales_point, market, [], radius_km=0.15)
                hours = _days([weekday], MARKET_HOURS)
            elif channel in (Channel.FOOD_TEAM_DEPOT, Channel.PICKUP_POINT):
                depot_town = town if rng.random() < 0.6 else self._market_town(rng, town, None)
                postcode, village = (
                    rng.choice(depot_town.places) if depot_town.places else ("", depot_town.name)
                )
                word = "Depot" if channel == Channel.FOOD_TEAM_DEPOT else "Afhaalpunt"
                sales_point.name = f"{word} {village}"
                sales_point.street_address = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
                sales_point.postcode = postcode
                self._move(rng, sales_point, depot_town, [], radius_km=1.5)
            elif channel == Channel.WEBSHOP:
                sales_point.street_address = sales_point.postcode = ""
                sales_point.latitude = sales_point.longitude = None
                sales_point.description = f"Bestellen online, levering in {town.streek}."
            plan_point = SalesPointPlan(sales_point=sales_point)
            plan_point.hours = [
                OpeningHours(
                    sales_point=sales_point, weekday=day, opens=_t(opens), closes=_t(closes)
                )
                for day, opens, closes in hours
            ]
            if channel in (Channel.FARM_SHOP, Channel.NEIGHBOURHOOD_SHOP) and rng.random() < 0.6:
                plan_point.exceptions = self._holidays(rng, sales_point)
            plan.sales_points.append(plan_point)

    def _move(self, rng, sales_point, town: Town, places, *, radius_km: float) -> None:
        distance = radius_km * math.sqrt(rng.random())
        angle = rng.random() * 2 * math.pi
        lat0, lon0 = town.municipality.latitude, town.municipality.longitude
        sales_point.latitude = round(lat0 + distance * math.cos(angle) / 111.32, 6)
        sales_point.longitude = round(
            lon0 + distance * math.sin(angle) / (111.32 * math.cos(math.radians(lat0))), 6
        )
        sales_point.municipality = town.municipality
        if places:
            sales_point.postcode = rng.choice(places)[0]

    def _market_town(self, rng, town: Town, named: Named | None) -> Town:
        """A nearby town for a market stall (the farm's own town or one of its neighbours)."""
        if named is not None and named.market in self.towns_by_code:
            return self.towns_by_code[named.market]
        candidates = [town, *town.neighbours[:3]]
        return rng.choice(candidates)

    def _holidays(self, rng, sales_point) -> list[OpeningException]:
        rows = [
            OpeningException(sales_point=sales_point, date=self.christmas, note="Kerstmis"),
            OpeningException(sales_point=sales_point, date=self.new_year, note="Nieuwjaar"),
        ]
        if rng.random() < 0.4:
            rows.append(
                OpeningException(
                    sales_point=sales_point,
                    date=self.christmas_eve,
                    is_closed=False,
                    opens=datetime.time(9, 0),
                    closes=datetime.time(15, 0),
                    note="Kerstavond: korter open",
                )
            )
        return rows

    def _needs(self, rng, archetype, plan, meals: int, services=None) -> None:
        low, high = archetype.max_distance
        actor = plan.actor
        if actor.kind == ActorKind.KITCHEN:
            _range, days = KITCHEN_MEALS[actor.kitchen_type]
            for slug, per_meal, unit, chance in KITCHEN_NEEDS:
                if slug != "aardappelen" and rng.random() >= chance:
                    continue
                volume = max(5, round(meals * days * per_meal / 5) * 5)
                plan.needs.append(
                    Need(
                        actor=actor,
                        kind=NeedKind.PRODUCT,
                        category=self.categories[slug],
                        description="Vaste wekelijkse levering",
                        volume=Decimal(volume),
                        unit=unit,
                        frequency=Frequency.WEEKLY,
                        max_distance_km=rng.randint(25, 50),
                        start_date=(
                            self.school_year if actor.kitchen_type == KitchenType.SCHOOL else None
                        ),
                    )
                )
        for wanted in archetype.wanted:
            if rng.random() >= wanted.chance:
                continue
            volume = rng.randint(wanted.low, wanted.high)
            plan.needs.append(
                Need(
                    actor=actor,
                    kind=NeedKind.PRODUCT,
                    category=self.categories[wanted.slug],
                    volume=Decimal(round(volume, -1) if volume > 50 else volume),
                    unit=wanted.unit,
                    frequency=wanted.frequency,
                    max_distance_km=rng.randint(low, high),
                )
            )
        if services is None and archetype.services and rng.random() < archetype.service_chance:
            count = 1 if rng.random() < 0.7 else 2
            services = rng.sample(archetype.services, min(count, len(archetype.services)))
        for service in services or ():
            plan.needs.append(
                Need(
                    actor=actor,
                    kind=NeedKind.SERVICE,
                    service=service,
                    description=rng.choice(SERVICE_NOTES[service]),
                    frequency=SERVICE_FREQUENCY[service],
                    max_distance_km=rng.randint(10, 40),
                )
            )

    def _labels(self, rng, archetype, plan, named) -> None:
        if named is not None:
            plan.labels = list(named.labels)
            return
        if rng.random() < archetype.organic:
            certifier = rng.choice(ORGANIC_CERTIFIERS)
            plan.labels.append(("eu-bio", certifier))
            if rng.random() < 0.3:
                plan.labels.append(("biogarantie", certifier))
            elif rng.random() < 0.05:
                plan.labels.append(("demeter", certifier))
        for slug, chance in archetype.labels:
            if rng.random() < chance:
                plan.labels.append((slug, ""))


ARCHETYPES_BY_KIND = {
    ActorKind.FARMER: FARMER_TYPES,
    ActorKind.PROCESSOR: PROCESSOR_TYPES,
    ActorKind.TRADER: TRADER_TYPES,
    ActorKind.SHOP: SHOP_TYPES,
    ActorKind.KNOWLEDGE_INSTITUTION: (KNOWLEDGE_TYPE,),
    ActorKind.ADVISER: (ADVISER_TYPE,),
}
ARCHETYPES = {
    archetype.key: archetype for group in ARCHETYPES_BY_KIND.values() for archetype in group
} | {archetype.key: archetype for archetype in INITIATIVE_TYPES.values()}


def kitchen_archetype(kitchen_type: str) -> Archetype:
    return Archetype(
        key="kitchen",
        kind=ActorKind.KITCHEN,
        kitchen_type=kitchen_type,
        names=KITCHEN_NAMES[kitchen_type],
        about=KITCHEN_ABOUT[kitchen_type],
        founded=(1950, 2020),
        max_distance=(25, 50),
    )


def _weighted(rng: random.Random, archetypes: Sequence[Archetype]) -> Archetype:
    return rng.choices(archetypes, weights=[a.weight for a in archetypes])[0]


def kind_sequence() -> list[tuple[str, str]]:
    """The default region's mix as (kind, kitchen or initiative type) in a fixed shuffled order.

    Kitchens cycle through every kitchen type and initiatives through every initiative type,
    so each appears; synthetic actors reuse this sequence, so they keep the same proportions.
    """
    sequence = []
    kitchen_types, initiative_types = list(KitchenType.values), list(InitiativeType.values)
    for kind, count in DEFAULT_KIND_COUNTS.items():
        for index in range(count):
            subtype = ""
            if kind == ActorKind.KITCHEN:
                subtype = kitchen_types[index % len(kitchen_types)]
            elif kind == ActorKind.CITIZENS_INITIATIVE:
                subtype = initiative_types[index % len(initiative_types)]
            sequence.append((kind, subtype))
    random.Random(SEED).shuffle(sequence)  # noqa: S311 — demo data, not security
    return sequence


def archetype_for(rng: random.Random, kind: str, subtype: str) -> Archetype:
    if kind == ActorKind.KITCHEN:
        return kitchen_archetype(subtype)
    if kind == ActorKind.CITIZENS_INITIATIVE:
        return INITIATIVE_TYPES[subtype]
    return _weighted(rng, ARCHETYPES_BY_KIND[kind])


# ---------------------------------------------------------------------------------------------
# Towns
# ---------------------------------------------------------------------------------------------


def _towns(municipalities: Iterable[Municipality]) -> list[Town]:
    """Towns for every municipality given, with postcodes, phone zone and nearest neighbours."""
    towns = []
    for municipality in municipalities:
        places = list(DEMO_PLACES.get(municipality.nis_code, ()))
        if not places and municipality.postcodes:
            places = [(code, municipality.name_nl) for code in municipality.postcodes.split()[:3]]
        province = municipality.province.slug if municipality.province_id else ""
        if municipality.nis_code in MEETJESLAND:
            streek = "het Meetjesland"
        elif municipality.nis_code == GENT:
            streek = "Gent en omgeving"
        else:
            streek = f"de streek rond {municipality.name_nl}"
        towns.append(
            Town(
                municipality=municipality,
                places=places,
                phone_zone=PHONE_ZONES.get(province, "9"),
                streek=streek,
            )
        )
    for town in towns:
        lat, lon = town.municipality.latitude, town.municipality.longitude
        others = sorted(
            (t for t in towns if t is not town),
            key=lambda t: (
                (t.municipality.latitude - lat) ** 2
                + ((t.municipality.longitude - lon) * 0.63) ** 2
            ),
        )
        town.neighbours = others[:4]
    return towns


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _bulk(model, rows: list, *, progress: bool, desc: str) -> None:
    from tqdm import tqdm

    with tqdm(total=len(rows), desc=desc, unit="row", disable=not progress or not rows) as bar:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            bar.update(len(batch))


def _check(rows: Sequence, every: int) -> None:
    """The field rules of full_clean() on every `every`-th row, before it is written.

    Field validators (choices, lengths, postcodes, coordinates, e-mail and URL formats) are
    the rules the database cannot enforce, so they are checked here. Foreign keys point at rows
    this seed just read or wrote, and check and unique constraints are enforced by the
    database on insert, so the per-row queries full_clean() spends on them are skipped.
    """
    for row in rows[::every]:
        exclude = [f.name for f in row._meta.concrete_fields if f.is_relation]
        row.clean_fields(exclude=exclude)
        row.clean()


def _write(
    plans: list[ActorPlan],
    *,
    result: SeedResult,
    password_hash: str,
    labels: dict[str, Label],
    check_every: int,
    progress: bool,
) -> None:
    """Insert the plans' rows, stage by stage, in batches. The plans must all be new."""
    actors = [plan.actor for plan in plans]
    _check(actors, check_every)
    _bulk(Actor, actors, progress=progress, desc="actors")
    result.counts["actors"] += len(actors)

    owners = {plan.owner.email: plan.owner for plan in plans if plan.owner}
    users = _ensure_users(owners.values(), password_hash, result, progress=progress)
    managers = [
        ActorManager(actor=plan.actor, user=users[plan.owner.email], role=ManagerRole.OWNER)
        for plan in plans
        if plan.owner
    ]
    _bulk(ActorManager, managers, progress=progress, desc="actor owners")
    result.counts["actor owners"] += len(managers)

    actor_labels = [
        ActorLabel(actor=plan.actor, label=labels[slug], certifier=certifier)
        for plan in plans
        for slug, certifier in plan.labels
    ]
    _bulk(ActorLabel, actor_labels, progress=progress, desc="labels")
    result.counts["labels"] += len(actor_labels)

    points = [point for plan in plans for point in plan.sales_points]
    sales_points = [point.sales_point for point in points]
    for sales_point in sales_points:
        sales_point.actor_id = sales_point.actor.pk
    _check(sales_points, check_every)
    _bulk(SalesPoint, sales_points, progress=progress, desc="sales points")
    result.counts["sales points"] += len(sales_points)

    for name, rows in (
        ("opening hours", [row for point in points for row in point.hours]),
        ("opening exceptions", [row for point in points for row in point.exceptions]),
    ):
        model = OpeningHours if name == "opening hours" else OpeningException
        for row in rows:
            row.sales_point_id = row.sales_point.pk
        _check(rows, check_every)
        _bulk(model, rows, progress=progress, desc=name)
        result.counts[name] += len(rows)

    for name, model, rows in (
        ("offers", Offer, [offer for plan in plans for offer in plan.offers]),
        ("needs", Need, [need for plan in plans for need in plan.needs]),
    ):
        for row in rows:
            row.actor_id = row.actor.pk
        _check(rows, check_every)
        _bulk(model, rows, progress=progress, desc=name)
        result.counts[name] += len(rows)


def _ensure_users(logins: Iterable[Login], password_hash: str, result, *, progress: bool):
    """Users by e-mail: the existing ones as they are, the missing ones created."""
    user_model = get_user_model()
    logins = list(logins)
    emails = [login.email for login in logins]
    users = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        users.update({user.email: user for user in user_model.objects.filter(email__in=chunk)})
    new = [
        user_model(
            email=login.email,
            username=login.email,
            first_name=login.first_name,
            last_name=login.last_name,
            password=password_hash,
        )
        for login in logins
        if login.email not in users
    ]
    _bulk(user_model, new, progress=progress, desc="users")
    result.counts["users"] += len(new)
    users.update({user.email: user for user in new})
    return users


# ---------------------------------------------------------------------------------------------
# The default region and the synthetic scale
# ---------------------------------------------------------------------------------------------


def _default_plans(planner: Planner, towns: list[Town]) -> list[ActorPlan]:
    rng = random.Random(SEED)  # noqa: S311 — demo data, not security
    by_code = {town.municipality.nis_code: town for town in towns}
    region = [by_code[code] for code in DEMO_PLACES if code in by_code]
    used: set[str] = set()
    names: set[str] = set()

    def name_taken(name: str) -> bool:
        return name in names

    def slug_for(name: str) -> str:
        names.add(name)
        base = slugify(name)[:150]
        slug, counter = base, 2
        while slug in used:
            slug, counter = f"{base}-{counter}", counter + 1
        used.add(slug)
        return slug

    plans = []
    remaining = Counter(DEFAULT_KIND_COUNTS)
    subtypes_done: Counter = Counter()
    for named in NAMED:
        town = by_code.get(named.nis)
        if town is None:
            continue
        archetype = (
            kitchen_archetype(named.kitchen_type)
            if named.kind == ActorKind.KITCHEN
            else ARCHETYPES[named.archetype]
        )
        plans.append(planner.actor(rng, archetype, town, slug_for=slug_for, named=named))
        remaining[named.kind] -= 1
        subtypes_done[named.kitchen_type or named.initiative_type] += 1

    owners = 0
    for kind, subtype in kind_sequence():
        if remaining[kind] <= 0:
            continue
        if subtype and subtypes_done[subtype] > 0:
            # A named actor already stands for this kitchen or initiative type.
            subtypes_done[subtype] -= 1
            continue
        remaining[kind] -= 1
        weights = [_town_weight(kind, town) for town in region]
        town = rng.choices(region, weights=weights)[0]
        archetype = archetype_for(rng, kind, subtype)
        plan = planner.actor(rng, archetype, town, slug_for=slug_for, name_taken=name_taken)
        if kind not in (ActorKind.KNOWLEDGE_INSTITUTION,) and rng.random() < 0.4:
            owners += 1
            plan.owner = Login(
                f"eigenaar{owners}@{DEMO_DOMAIN}",
                rng.choice(FIRST_NAMES),
                rng.choice(FAMILIES),
                "owner",
            )
        plans.append(plan)
    return plans


def _town_weight(kind: str, town: Town) -> float:
    code = town.municipality.nis_code
    if kind in URBAN_KINDS:
        return 12.0 if code == GENT else 3.0 if code == "43005" else 1.0
    return 1.0 if code == GENT else 3.0 if code in MEETJESLAND else 1.5


def _synthetic_plans(
    planner: Planner, towns: list[Town], indexes: Iterable[int]
) -> list[ActorPlan]:
    """Synthetic actors number `indexes`, each from its own generator, so each is the same
    whichever scale or run creates it.

    Towns are drawn by population: in proportion to it for the kinds found in town (shops,
    kitchens, initiatives…), and to its square root for farms and processors, which a city
    has fewer of per inhabitant than the countryside. Unknown populations count as 5,000.
    """
    sequence = kind_sequence()
    urban, rural = [], []
    urban_total = rural_total = 0.0
    for town in towns:
        population = town.municipality.population or 5000
        urban_total += population
        rural_total += math.sqrt(population)
        urban.append(urban_total)
        rural.append(rural_total)
    plans = []
    for index in indexes:
        rng = random.Random(f"{SEED}:{index}")  # noqa: S311 — demo data, not security
        kind, subtype = sequence[index % len(sequence)]
        weights = urban if kind in URBAN_KINDS else rural
        town = rng.choices(towns, cum_weights=weights)[0]
        archetype = archetype_for(rng, kind, subtype)
        prefix = f"{SYNTHETIC_PREFIX}{index:06d}-"
        plan = planner.actor(
            rng,
            archetype,
            town,
            slug_for=lambda name, prefix=prefix: (prefix + slugify(name))[:170].rstrip("-"),
            gaussian=True,
        )
        if kind != ActorKind.KNOWLEDGE_INSTITUTION and rng.random() < 0.4:
            plan.owner = Login(
                f"syn{index}@{DEMO_DOMAIN}", rng.choice(FIRST_NAMES), rng.choice(FAMILIES), "owner"
            )
        plans.append(plan)
    return plans


def synthetic_count(scale: int) -> int:
    """How many synthetic actors a scale asks for: (scale − 1) × the default region's size."""
    return max(0, scale - 1) * DEFAULT_SIZE


def _existing_synthetic_indexes() -> set[int]:
    indexes = set()
    for slug in Actor.objects.filter(slug__startswith=SYNTHETIC_PREFIX).values_list(
        "slug", flat=True
    ):
        number = slug[len(SYNTHETIC_PREFIX) : len(SYNTHETIC_PREFIX) + 6]
        if number.isdigit():
            indexes.add(int(number))
    return indexes


def seed(
    *, scale: int = 1, progress: bool = False, out: Callable[[str], None] | None = None
) -> SeedResult:
    """Write the demo actors: the default region, plus synthetic ones when scale > 1.

    Idempotent and all-or-nothing (one transaction). Returns what it created and the logins
    to print.
    """
    say = out or (lambda text: None)
    result = SeedResult()
    ensure_reference_data()
    categories = ProductCategory.objects.in_bulk(field_name="slug")
    labels = Label.objects.in_bulk(field_name="slug")
    municipalities = list(Municipality.objects.select_related("province").order_by("nis_code"))
    if not municipalities:
        result.notes.append("No municipalities in the database: no actors written.")
        return result
    towns = _towns(municipalities)
    planner = Planner(categories, towns, timezone.localdate())
    password_hash = make_password(DEMO_PASSWORD)

    with transaction.atomic():
        started = time.monotonic()
        plans = _default_plans(planner, towns)
        existing = set(
            Actor.objects.filter(slug__in=[plan.actor.slug for plan in plans]).values_list(
                "slug", flat=True
            )
        )
        new = [plan for plan in plans if plan.actor.slug not in existing]
        _write(
            new,
            result=result,
            password_hash=password_hash,
            labels=labels,
            check_every=1,
            progress=False,
        )
        _ensure_users([CITIZEN_LOGIN], password_hash, result, progress=False)
        _citizen_profile(plans)
        say(
            f"  default region: {len(plans)} actors planned, {len(new)} new "
            f"({time.monotonic() - started:.1f} s)"
        )

        wanted = synthetic_count(scale)
        if wanted:
            started = time.monotonic()
            have = _existing_synthetic_indexes()
            missing = [index for index in range(wanted) if index not in have]
            say(
                f"  synthetic (scale {scale}): {wanted} actors over {len(towns)} "
                f"municipalities, {wanted - len(missing)} already there, planning {len(missing)}"
            )
            synthetic = _synthetic_plans(planner, towns, missing)
            say(f"  planned in {time.monotonic() - started:.1f} s; writing")
            _write(
                synthetic,
                result=result,
                password_hash=password_hash,
                labels=labels,
                check_every=SAMPLE_EVERY,
                progress=progress,
            )
            say(f"  synthetic written in {time.monotonic() - started:.1f} s")

    result.logins = [
        (named.owner.email, f"owner of {named.name} ({ActorKind(named.kind).label})")
        for named in NAMED
        if named.owner
    ]
    result.logins.append((CITIZEN_LOGIN.email, "citizen with a home municipality and favourites"))
    other_owners = sum(1 for plan in plans if plan.owner and plan.owner.email.startswith("eige"))
    if other_owners:
        result.logins.append(
            (f"eigenaar1 … eigenaar{other_owners}@{DEMO_DOMAIN}", "owners of other demo actors")
        )
    return result


def _citizen_profile(plans: list[ActorPlan]) -> None:
    """The demo citizen lives in Gent and follows two producers (only if it has no profile)."""
    user = get_user_model().objects.get(email=CITIZEN_LOGIN.email)
    if CitizenProfile.objects.filter(user=user).exists():
        return
    gent = Municipality.objects.filter(nis_code=GENT).first()
    profile = CitizenProfile.objects.create(user=user, home_municipality=gent)
    favourites = Actor.objects.filter(
        slug__in=[slugify("Hoeve De Linde"), slugify("Fruitbedrijf Ter Walle")]
    )
    profile.favourites.set(favourites)
