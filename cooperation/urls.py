"""Pages of the cooperation app (under the language prefix)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cooperation import views
from cooperation.history import CooperationHistoryView

app_name = "cooperation"

urlpatterns = [
    path(_("cooperations/"), views.CooperationListView.as_view(), name="list"),
    path(_("cooperations/which-form/"), views.FormGuideView.as_view(), name="form_guide"),
    path(_("cooperations/new/"), views.CooperationCreateView.as_view(), name="create"),
    path(_("cooperations/mine/"), views.MyCooperationsView.as_view(), name="my_cooperations"),
    path(_("cooperations/<slug:slug>/"), views.CooperationDetailView.as_view(), name="detail"),
    path(
        _("cooperations/<slug:slug>/edit/"),
        views.CooperationUpdateView.as_view(),
        name="update",
    ),
    path(
        _("cooperations/<slug:slug>/history/"),
        CooperationHistoryView.as_view(),
        name="history",
    ),
    path(
        _("cooperations/<slug:slug>/members/"),
        views.CooperationMembersView.as_view(),
        name="members",
    ),
    path(
        _("cooperations/<slug:slug>/chain/"),
        views.CooperationChainView.as_view(),
        name="chain",
    ),
    path(_("cooperations/<slug:slug>/join/"), views.MembershipRequestView.as_view(), name="join"),
    path(
        _("cooperations/<slug:slug>/consumer-member/"),
        views.ConsumerMembershipView.as_view(),
        name="consumer_membership",
    ),
    path(
        _("memberships/<int:pk>/<str:decision>/"),
        views.MembershipDecisionView.as_view(),
        name="membership_decide",
    ),
    path(_("partners/"), views.PartnerFinderView.as_view(), name="partner_finder"),
    path(
        _("partners/requests/"),
        views.PartnershipRequestListView.as_view(),
        name="partnership_requests",
    ),
    path(
        _("partners/requests/new/"),
        views.PartnershipRequestCreateView.as_view(),
        name="partnership_request_create",
    ),
    path(
        _("partners/requests/<int:pk>/<str:decision>/"),
        views.PartnershipRequestDecisionView.as_view(),
        name="partnership_request_decide",
    ),
]
