"""The fixed vocabularies of municipal support: action types, statuses, funding, survey answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportActionType(models.TextChoices):
    """The seven municipal support actions (DOMAIN.md, "belangrijke rol voor de gemeente")."""

    PROMOTION = "promotion", _("promotion of the short chain")
    CONNECTION_MEETING = "connection_meeting", _("connection meeting")
    PLACE = "place", _("a place for the short chain")
    KNOWLEDGE = "knowledge", _("targeted knowledge and best practices")
    WORK_SESSION = "work_session", _("short-chain work session")
    CITY_AS_LEVER = "city_as_lever", _("the city as lever")
    MEANS = "means", _("means for cooperation and building the short chain")


# Actions that are events: a date and time, a place, a capacity and registrations.
EVENT_TYPES = (SupportActionType.CONNECTION_MEETING, SupportActionType.WORK_SESSION)

# Actions that count as ambassadorship (principle 5) for the cooperations they reached.
AMBASSADORSHIP_TYPES = (
    SupportActionType.PROMOTION,
    SupportActionType.CONNECTION_MEETING,
    SupportActionType.KNOWLEDGE,
    SupportActionType.WORK_SESSION,
)


class SupportActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class FundingSource(models.TextChoices):
    OWN_BUDGET = "own_budget", _("own municipal budget")
    PROVINCE = "province", _("province")
    FLEMISH = "flemish", _("Flemish government (VLIF)")
    EUROPEAN = "european", _("European (CAP/GLB)")
    OTHER = "other", _("other")


class OutcomeKind(models.TextChoices):
    """What a support action led to, as a linked record of the network."""

    COOPERATION = "cooperation", _("new cooperation")
    MEMBERSHIP = "membership", _("new membership")
    PARTNERSHIP = "partnership", _("accepted partnership request")
    KITCHEN_SUPPLY = "kitchen_supply", _("kitchen takes up short-chain supply")


# The record field each outcome kind links to.
OUTCOME_FIELD = {
    OutcomeKind.COOPERATION: "cooperation",
    OutcomeKind.MEMBERSHIP: "membership",
    OutcomeKind.PARTNERSHIP: "partnership_request",
    OutcomeKind.KITCHEN_SUPPLY: "kitchen",
}


class StandardGoal(models.TextChoices):
    """The six standard goals of a local food strategy (lokaal voedselbeleid)."""

    KNOW_THE_PRODUCER = "know_the_producer", _("know the producer (short chain)")
    BETTER_MARKET = "better_market", _("a better market for the farmer and local economic activity")
    SCHOOLS = "schools", _("bring schools into contact with sustainable food")
    SOCIAL_EMPLOYMENT = "social_employment", _("stimulate social employment in the food system")
    SOCIAL_COHESION = "social_cohesion", _("promote social cohesion and well-being through food")
    SUSTAINABLE_MEALS = "sustainable_meals", _("sustainable meals for everyone")


# Used when a municipality's food strategy is created: one goal per standard key, in order.
STANDARD_GOALS = tuple(StandardGoal)


class ContactChannel(models.TextChoices):
    """Survey "Boeren en Burgers": how a farmer comes into contact with citizens."""

    OWN_INITIATIVE = "own_initiative", _("on my own initiative")
    MUNICIPALITY = "municipality", _("through the municipality")
    ORGANISATION = "organisation", _("through an organisation")
    OTHER = "other", _("other")


class MunicipalRole(models.TextChoices):
    """Survey "Boeren en Burgers": what the municipality's role is important for."""

    SUPPORT = "support", _("support for agriculture")
    SOCIAL_NETWORK = "social_network", _("a larger social network")
    IMAGE = "image", _("the image of agriculture")
    COLLECTIVE_ACTION = "collective_action", _("collective action")


# ILVO, "Boeren en Burgers": share of farmers who find the municipality's role important.
ILVO_BASELINE_PERCENT = 58
