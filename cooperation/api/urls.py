"""The cooperation endpoints, registered on the one /api/v1/ router by network.api.urls."""

from cooperation.api.views import (
    CooperationFormViewSet,
    CooperationViewSet,
    MembershipViewSet,
    PartnerMatchViewSet,
    PartnershipRequestViewSet,
)


def register(router):
    """Add this app's viewsets to the shared router."""
    router.register("cooperation-forms", CooperationFormViewSet, basename="cooperation-form")
    router.register("cooperations", CooperationViewSet, basename="cooperation")
    router.register("memberships", MembershipViewSet, basename="membership")
    router.register("partner-matches", PartnerMatchViewSet, basename="partner-match")
    router.register(
        "partnership-requests", PartnershipRequestViewSet, basename="partnership-request"
    )
