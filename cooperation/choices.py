"""The fixed vocabularies of cooperation: statuses, roles, legal forms, price setting, chains."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CooperationStatus(models.TextChoices):
    """Where a cooperation is in its life; moves only along ALLOWED_TRANSITIONS."""

    IDEA = "idea", _("idea")
    STARTING = "starting", _("starting")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


# A cooperation can stop at any stage, restart after a pause, but never come back once ended.
ALLOWED_TRANSITIONS = {
    CooperationStatus.IDEA: {CooperationStatus.STARTING, CooperationStatus.ENDED},
    CooperationStatus.STARTING: {
        CooperationStatus.ACTIVE,
        CooperationStatus.IDEA,
        CooperationStatus.ENDED,
    },
    CooperationStatus.ACTIVE: {CooperationStatus.PAUSED, CooperationStatus.ENDED},
    CooperationStatus.PAUSED: {CooperationStatus.ACTIVE, CooperationStatus.ENDED},
    CooperationStatus.ENDED: set(),
}

# Cooperations that are (still or already) a going concern: candidates for new members.
OPEN_STATUSES = (CooperationStatus.STARTING, CooperationStatus.ACTIVE)


class LegalForm(models.TextChoices):
    INFORMAL = "informal", _("informal (no legal entity)")
    VZW = "vzw", _("non-profit association (vzw)")
    COOPERATIVE = "cooperative", _("co-operative company (cv)")
    COMPANY = "company", _("company")


class PriceSetting(models.TextChoices):
    """Who sets the price: principle 3 of the short chain, say over price."""

    PRODUCER_OWN = "producer_own", _("each producer sets their own price")
    PRODUCERS_TOGETHER = "producers_together", _("set together by the producers")
    BUYER = "buyer", _("set by the buyer or intermediary")


class DecisionMaking(models.TextChoices):
    ONE_MEMBER_ONE_VOTE = "one_member_one_vote", _("general assembly, one member one vote")
    BY_SHARE = "by_share", _("general assembly, votes by share")
    BOARD = "board", _("a board or steering group decides")
    CONSENSUS = "consensus", _("by consensus among all members")
    COORDINATOR = "coordinator", _("the coordinator decides")


class MemberRole(models.TextChoices):
    INITIATOR = "initiator", _("initiator")
    PRODUCER = "producer", _("producer or supplier")
    PROCESSOR = "processor", _("processor")
    BUYER = "buyer", _("buyer")
    CONSUMER_MEMBER = "consumer_member", _("consumer member")
    COORDINATOR = "coordinator", _("coordinator")
    FACILITATOR = "facilitator", _("facilitator")


# Members whose managers may accept requests and change the cooperation.
COORDINATING_ROLES = (MemberRole.INITIATOR, MemberRole.COORDINATOR)


class MembershipStatus(models.TextChoices):
    """Nobody is added without consent: a request or an invitation comes first."""

    REQUESTED = "requested", _("requested")
    INVITED = "invited", _("invited")
    ACTIVE = "active", _("active")
    DECLINED = "declined", _("declined")
    LEFT = "left", _("left")


OPEN_MEMBERSHIP_STATUSES = (
    MembershipStatus.REQUESTED,
    MembershipStatus.INVITED,
    MembershipStatus.ACTIVE,
)


class ChainStepKind(models.TextChoices):
    FARM = "farm", _("farm")
    PROCESSOR = "processor", _("processor")
    TRADER = "trader", _("trader")
    KITCHEN = "kitchen", _("kitchen")
    SHOP = "shop", _("shop")
    CONSUMER = "consumer", _("consumer")


# Steps that stand between the producer and the consumer (principle 2, limited links).
INTERMEDIARY_STEPS = (
    ChainStepKind.PROCESSOR,
    ChainStepKind.TRADER,
    ChainStepKind.KITCHEN,
    ChainStepKind.SHOP,
)


class Mindset(models.TextChoices):
    """The barriers farmers name (denkpatronen) when they think about cooperating."""

    MARKET_TOO_SMALL = "market_too_small", _("the market is too small")
    AUTONOMY = "autonomy", _("autonomy versus dependence")
    LOSS_AVERSION = "loss_aversion", _("loss aversion")
    INDIVIDUAL_INTEREST = "individual_interest", _("individual interest")


class SupportMeans(models.TextChoices):
    """What supports cooperation (middelen)."""

    CAP = "cap", _("EU Common Agricultural Policy (GLB)")
    VLIF = "vlif", _("Flemish agricultural investment fund (VLIF)")
    ADVICE = "advice", _("advice")
    RESEARCH = "research", _("research")


class PrincipleStatus(models.TextChoices):
    """How well a cooperation meets one short-chain principle (cooperation.scorecard)."""

    MET = "met", _("met")
    PARTLY = "partly", _("partly met")
    NOT_MET = "not_met", _("not met")


class PartnershipStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class FormSlug:
    """The slugs of the seven forms (rows loaded by migration 0002), for code that needs one."""

    MUTUAL_PURCHASING = "mutual-purchasing"
    FARMERS_COOPERATIVE = "farmers-cooperative"
    JOINT_PROCESSING = "joint-processing"
    SUPERMARKET = "short-chain-supermarket"
    DISTRIBUTION_PLATFORM = "distribution-platform"
    FARMERS_CONSUMERS = "farmers-consumers-cooperative"
    FIELD_TO_FORK = "field-to-fork"

    ALL = (
        MUTUAL_PURCHASING,
        FARMERS_COOPERATIVE,
        JOINT_PROCESSING,
        SUPERMARKET,
        DISTRIBUTION_PLATFORM,
        FARMERS_CONSUMERS,
        FIELD_TO_FORK,
    )
