"""The municipality endpoints, registered on the one /api/v1/ router by network.api.urls."""

from municipality.api.views import (
    DashboardViewSet,
    EventViewSet,
    FoodStrategyGoalViewSet,
    RegionDashboardViewSet,
    SupportActionViewSet,
    SurveyResponseViewSet,
)


def register(router):
    """Add this app's viewsets to the shared router."""
    router.register("support-actions", SupportActionViewSet, basename="support-action")
    router.register("food-strategy-goals", FoodStrategyGoalViewSet, basename="food-strategy-goal")
    router.register("events", EventViewSet, basename="event")
    router.register("survey-responses", SurveyResponseViewSet, basename="survey-response")
    # Under the geography's own paths: /municipalities/44021/dashboard/, /regions/x/dashboard/.
    router.register(
        r"municipalities/(?P<nis>[0-9]{5})/dashboard",
        DashboardViewSet,
        basename="municipality-dashboard",
    )
    router.register(
        r"regions/(?P<slug>[-a-z0-9]+)/dashboard",
        RegionDashboardViewSet,
        basename="region-dashboard",
    )
