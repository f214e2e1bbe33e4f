"""Reads of the cooperation app: who may see which cooperation, membership and request.

The cooperation list page and /api/v1/cooperations/ both start from
`cooperation_list_visible_to`, so visibility and prefetching cannot drift apart.
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from actors.models import Actor, SalesPoint
from cooperation.choices import MembershipStatus, PartnershipStatus
from cooperation.models import (
    ChainLink,
    ConsumerMembership,
    Cooperation,
    CooperationForm,
    Membership,
    PartnershipRequest,
)
from cooperation.permissions import managed_actor_ids


def cooperation_form_list() -> QuerySet:
    return CooperationForm.objects.order_by("position")


def cooperation_visibility_filter(queryset: QuerySet, user) -> QuerySet:
    """Public cooperations for everyone; the others for their members' managers and staff."""
    if user is not None and user.is_authenticated:
        if user.is_staff:
            return queryset
        member_of = Membership.objects.filter(
            cooperation=OuterRef("pk"), actor_id__in=managed_actor_ids(user)
        )
        return queryset.filter(Q(is_public=True) | Exists(member_of))
    return queryset.filter(is_public=True)


def _with_counts(queryset: QuerySet) -> QuerySet:
    # Subquery counts, not joins: two Count()s over joined tables would multiply each other.
    members = (
        Membership.objects.filter(cooperation=OuterRef("pk"), status=MembershipStatus.ACTIVE)
        .order_by()
        .values("cooperation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    consumers = (
        ConsumerMembership.objects.filter(cooperation=OuterRef("pk"))
        .order_by()
        .values("cooperation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
        consumer_member_count=Coalesce(Subquery(consumers, output_field=IntegerField()), 0),
    )


def cooperation_list_visible_to(user) -> QuerySet:
    """Cooperations a user may see, with their form, municipalities and member counts.

    One query for the page of cooperations (counts as subqueries) and one for municipalities.
    """
    queryset = cooperation_visibility_filter(Cooperation.objects.all(), user)
    return _with_counts(queryset.select_related("form")).prefetch_related("municipalities")


def public_member_prefetch() -> Prefetch:
    """Active members whose actor is listed: the only members shown to the public."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.active()
        .filter(actor__is_public=True)
        .select_related("actor", "actor__municipality")
        .order_by("role", "actor__name"),
        to_attr="public_members",
    )


def cooperation_detail_visible_to(user) -> QuerySet:
    """Cooperations for their own page: public members, chain and sales points prefetched."""
    queryset = cooperation_visibility_filter(Cooperation.objects.all(), user)
    return _with_counts(queryset.select_related("form")).prefetch_related(
        "municipalities",
        public_member_prefetch(),
        Prefetch(
            "chain_links",
            queryset=ChainLink.objects.select_related("actor", "category").order_by("position"),
        ),
    )


def cooperation_sales_points(cooperation: Cooperation) -> QuerySet:
    """Active sales points of the cooperation's active, listed members."""
    return (
        SalesPoint.objects.active()
        .filter(
            actor__is_public=True,
            actor__cooperation_memberships__cooperation=cooperation,
            actor__cooperation_memberships__status=MembershipStatus.ACTIVE,
        )
        .select_related("actor", "municipality")
        .distinct()
        .order_by("actor__name", "channel")
    )


def membership_list_visible_to(user) -> QuerySet:
    """Memberships a user may see.

    Everyone sees active memberships of listed actors in public cooperations; managers see
    every membership of their own actors and of the cooperations they take part in; staff all.
    """
    queryset = Membership.objects.select_related("cooperation", "cooperation__form", "actor")
    public = Q(
        status=MembershipStatus.ACTIVE,
        actor__is_public=True,
        cooperation__is_public=True,
    )
    if user is None or not user.is_authenticated:
        return queryset.filter(public)
    if user.is_staff:
        return queryset
    mine = managed_actor_ids(user)
    my_cooperations = Membership.objects.filter(
        actor_id__in=mine, status=MembershipStatus.ACTIVE
    ).values("cooperation_id")
    return queryset.filter(public | Q(actor_id__in=mine) | Q(cooperation_id__in=my_cooperations))


def open_invitations_for(user) -> QuerySet:
    """Invitations waiting for this user's decision, as manager of the invited actor."""
    return Membership.objects.filter(
        status=MembershipStatus.INVITED, actor_id__in=managed_actor_ids(user)
    ).select_related("cooperation", "actor")


def partnership_request_list_visible_to(user) -> QuerySet:
    """Requests between actors the user manages (sent or received); staff see all."""
    queryset = PartnershipRequest.objects.select_related(
        "from_actor", "to_actor", "form", "from_actor__municipality", "to_actor__municipality"
    )
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.is_staff:
        return queryset
    mine = managed_actor_ids(user)
    return queryset.filter(Q(from_actor_id__in=mine) | Q(to_actor_id__in=mine))


def partner_ids_of(actor_ids) -> set[int]:
    """Actors with an accepted partnership with any of `actor_ids`: links in the network."""
    pairs = PartnershipRequest.objects.filter(
        Q(from_actor_id__in=actor_ids) | Q(to_actor_id__in=actor_ids),
        status=PartnershipStatus.ACCEPTED,
    ).values_list("from_actor_id", "to_actor_id")
    ids = set(actor_ids)
    return {other for pair in pairs for other in pair if other not in ids}


def can_see_business_contact(user, actor: Actor) -> bool:
    """An actor's contact is shown to its managers, staff, and managers of accepted partners."""
    if not user.is_authenticated:
        return False
    mine = managed_actor_ids(user)
    if user.is_staff or actor.pk in mine:
        return True
    return actor.pk in partner_ids_of(mine) if mine else False


def co_member_ids(actor: Actor) -> set[int]:
    """Actors that are active members of a cooperation this actor is an active member of."""
    mine = Membership.objects.filter(actor=actor, status=MembershipStatus.ACTIVE).values(
        "cooperation_id"
    )
    return set(
        Membership.objects.filter(cooperation_id__in=mine, status=MembershipStatus.ACTIVE)
        .exclude(actor=actor)
        .values_list("actor_id", flat=True)
    )


def memberships_of_actor_visible_to(user, actor: Actor) -> QuerySet:
    """The cooperations an actor takes part in, as shown on its page: one query.

    Active memberships only, of cooperations the user may see.
    """
    visible = cooperation_visibility_filter(Cooperation.objects.all(), user)
    return (
        Membership.objects.active()
        .filter(actor=actor, cooperation__in=visible)
        .select_related("cooperation", "cooperation__form")
        .order_by("cooperation__name")
    )
