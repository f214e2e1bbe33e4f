"""Pages of the municipality app (under the language prefix)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from municipality import views
from municipality.history import SupportActionHistoryView

app_name = "municipality"

urlpatterns = [
    path(_("municipal-support/"), views.SupportActionListView.as_view(), name="action_list"),
    path(
        _("municipal-support/actions.<str:fmt>"),
        views.SupportActionExportView.as_view(),
        name="action_export",
    ),
    path(
        _("municipal-support/new/"), views.SupportActionCreateView.as_view(), name="action_create"
    ),
    path(
        _("municipal-support/<int:pk>/"),
        views.SupportActionDetailView.as_view(),
        name="action_detail",
    ),
    path(
        _("municipal-support/<int:pk>/edit/"),
        views.SupportActionUpdateView.as_view(),
        name="action_update",
    ),
    path(
        _("municipal-support/<int:pk>/history/"),
        SupportActionHistoryView.as_view(),
        name="action_history",
    ),
    path(
        _("municipal-support/<int:pk>/delete/"),
        views.SupportActionDeleteView.as_view(),
        name="action_delete",
    ),
    path(
        _("municipal-support/<int:pk>/register/"),
        views.EventRegisterView.as_view(),
        name="event_register",
    ),
    path(
        _("municipal-support/<int:pk>/attendance/"),
        views.AttendanceView.as_view(),
        name="event_attendance",
    ),
    path(_("municipal-support/events.ics"), views.EventFeedView.as_view(), name="event_feed"),
    path(_("municipal-support/survey/"), views.SurveyView.as_view(), name="survey"),
    path(_("municipal-support/goals/<str:nis>/"), views.GoalListView.as_view(), name="goal_list"),
    path(_("dashboard/"), views.DashboardIndexView.as_view(), name="dashboard_index"),
    path(_("dashboard/<str:nis>/"), views.DashboardView.as_view(), name="dashboard"),
    path(
        _("dashboard/<str:nis>/<str:chart>.csv"),
        views.DashboardCSVView.as_view(),
        name="dashboard_csv",
    ),
    path(
        _("dashboard/region/<slug:slug>/"),
        views.DashboardView.as_view(),
        name="region_dashboard",
    ),
    path(
        _("dashboard/region/<slug:slug>/<str:chart>.csv"),
        views.DashboardCSVView.as_view(),
        name="region_dashboard_csv",
    ),
]
