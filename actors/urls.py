"""Pages of the actors app (under the language prefix, with translated paths).

The fixed pages (register, mine, my profile, invitations) come before `<slug>/`, so they win
over an actor whose slug happens to be the same word.
"""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from actors import views
from actors.history import ActorHistoryView

app_name = "actors"

# Converters stay outside the translated text, so a translation cannot break a route.
ACTOR = format_lazy("{}<slug:slug>/", _("producers/"))
MANAGE = format_lazy("{}{}", ACTOR, _("manage/"))
SALES_POINT = format_lazy("{}{}<int:pk>/", MANAGE, _("sales-points/"))
OFFER = format_lazy("{}{}<int:pk>/", MANAGE, _("offers/"))
NEED = format_lazy("{}{}<int:pk>/", MANAGE, _("needs/"))

urlpatterns = [
    path(_("producers/"), views.DirectoryView.as_view(), name="directory"),
    path(_("producers/register/"), views.ActorRegisterView.as_view(), name="register"),
    path(_("producers/mine/"), views.MyActorsView.as_view(), name="my_actors"),
    path(_("producers/my-profile/"), views.CitizenProfileView.as_view(), name="profile"),
    path(
        format_lazy("{}<str:token>/", _("producers/invitations/")),
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path(ACTOR, views.ActorDetailView.as_view(), name="actor_detail"),
    path(
        format_lazy("{}{}", ACTOR, _("favourite/")),
        views.FavouriteToggleView.as_view(),
        name="favourite_toggle",
    ),
    path(MANAGE, views.ActorManageView.as_view(), name="actor_manage"),
    path(format_lazy("{}{}", MANAGE, _("history/")), ActorHistoryView.as_view(), name="history"),
    path(
        format_lazy("{}{}", MANAGE, _("details/")), views.ActorEditView.as_view(), name="actor_edit"
    ),
    path(
        format_lazy("{}{}", MANAGE, _("delete/")),
        views.ActorDeleteView.as_view(),
        name="actor_delete",
    ),
    path(
        format_lazy("{}{}{}", MANAGE, _("sales-points/"), _("new/")),
        views.SalesPointCreateView.as_view(),
        name="sales_point_create",
    ),
    path(SALES_POINT, views.SalesPointEditView.as_view(), name="sales_point_edit"),
    path(
        format_lazy("{}{}", SALES_POINT, _("delete/")),
        views.SalesPointDeleteView.as_view(),
        name="sales_point_delete",
    ),
    path(
        format_lazy("{}{}", SALES_POINT, _("exceptions/")),
        views.OpeningExceptionCreateView.as_view(),
        name="opening_exception_create",
    ),
    path(
        format_lazy("{}{}<int:exception_pk>/{}", SALES_POINT, _("exceptions/"), _("delete/")),
        views.OpeningExceptionDeleteView.as_view(),
        name="opening_exception_delete",
    ),
    path(
        format_lazy("{}{}{}", MANAGE, _("offers/"), _("new/")),
        views.OfferCreateView.as_view(),
        name="offer_create",
    ),
    path(OFFER, views.OfferEditView.as_view(), name="offer_edit"),
    path(
        format_lazy("{}{}", OFFER, _("delete/")),
        views.OfferDeleteView.as_view(),
        name="offer_delete",
    ),
    path(
        format_lazy("{}{}{}", MANAGE, _("needs/"), _("new/")),
        views.NeedCreateView.as_view(),
        name="need_create",
    ),
    path(NEED, views.NeedEditView.as_view(), name="need_edit"),
    path(
        format_lazy("{}{}", NEED, _("delete/")), views.NeedDeleteView.as_view(), name="need_delete"
    ),
    path(
        format_lazy("{}{}", MANAGE, _("editors/")),
        views.EditorListView.as_view(),
        name="editors",
    ),
    path(
        format_lazy("{}{}<int:pk>/{}", MANAGE, _("editors/"), _("remove/")),
        views.EditorRemoveView.as_view(),
        name="editor_remove",
    ),
]
