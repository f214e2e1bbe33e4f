"""Pages of the actors app: the public directory, an actor's page, and managing an actor.

Views parse, call and shape: reads start from the selectors, writes go through the services,
and every write checks the permission predicates first (403 otherwise). The directory answers
htmx with its results partial only, and says so with `Vary: HX-Request`.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dates import MONTHS_3
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from actors.choices import MONTH_NAMES, ActorKind, Channel, Weekday
from actors.filters import DEFAULT_RADIUS_KM, WEEKDAY_NAMES, ActorFilterSet, municipality_for_place
from actors.forms import (
    ActorForm,
    CitizenProfileForm,
    InvitationForm,
    NeedForm,
    OfferForm,
    OpeningExceptionForm,
    SalesPointForm,
    add_service_errors,
    period_formset,
)
from actors.models import (
    Actor,
    ActorInvitation,
    ActorManager,
    CitizenProfile,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    SalesPoint,
)
from actors.permissions import can_change_actor, can_delete_actor, can_manage_editors
from actors.selectors import (
    actor_detail_visible_to,
    actor_list_visible_to,
    actors_managed_by,
    facet_category_choices,
    facet_label_choices,
    facet_municipality_choices,
    facet_region_choices,
    offered_categories,
)
from actors.services import (
    actor_create,
    actor_delete,
    actor_invitation_accept,
    actor_invitation_send,
    actor_manager_remove,
    actor_update,
    citizen_profile_update,
    favourite_toggle,
    need_delete,
    need_save,
    offer_delete,
    offer_save,
    opening_exception_delete,
    opening_exception_save,
    sales_point_delete,
    sales_point_save,
)
from actors.templatetags.actor_tags import km
from network.models import Municipality
from network.pagination import WindowCountPaginator

PAGE_SIZE = 20
NEAR_HOME_RADIUS_KM = 15
RADIUS_CHOICES = (2, 5, 10, 15, 25, 50)
TOP_PRODUCTS = 4
# Every input of the directory form; each has an error slot the htmx partial keeps current.
FACETS = (
    "q",
    "place",
    "near",
    "radius_km",
    "kind",
    "product",
    "channel",
    "label",
    "open_now",
    "open_on",
    "region",
    "municipality",
    "ordering",
)
# The facets behind "More filters": a count of the ones in use is shown on its summary.
MORE_FILTERS = (
    "kind",
    "product",
    "channel",
    "label",
    "open_now",
    "open_on",
    "region",
    "municipality",
    "ordering",
)


# --- The directory ----------------------------------------------------------------------------


def directory_data(query):
    """The page's query, minus a radius without a place.

    The form's radius select always sends a value; on its own it means nothing, and the shared
    FilterSet (rightly, for the API) calls it an error. The page drops it instead.
    """
    data = query.copy()
    if not data.get("place", "").strip() and not data.get("near", "").strip():
        data.pop("radius_km", None)
    return data


def month_chips(offer: Offer) -> list[tuple[str, str, bool]]:
    """(short name, full name, in season) for the twelve months of an offer."""
    return [
        (MONTHS_3[index + 1], name, offer.in_season(index + 1))
        for index, name in enumerate(MONTH_NAMES)
    ]


# What a result row shows of an actor: its own columns and its municipality's names (one
# query for the page, with the total counted in the same pass), then its products, and its
# channels and whether one of its sales points is open now (one query each for the page).
DIRECTORY_ROW_FIELDS = (
    "id",
    "name",
    "slug",
    "kind",
    "is_public",
    "latitude",
    "longitude",
    "municipality__name_nl",
    "municipality__name_fr",
)


def directory_rows(actors: list[Actor], first_number: int, now) -> list[dict]:
    """The rows of a page of results, in two queries whatever the number of actors.

    Plain values rather than prefetched model instances (an offer and a category per product,
    a sales point and its opening hours per channel): the same rows, several times cheaper.
    Products are the distinct categories of the active offers in category order; channels
    those of the active sales points, in their order; "open now" is
    `SalesPointQuerySet.open_at`, the rule of the "Open now" filter.
    """
    ids = [actor.pk for actor in actors]
    products = offered_categories(ids)
    channels: dict[int, dict[str, str]] = {pk: {} for pk in ids}
    open_now: set[int] = set()
    if ids:
        channel_names = dict(Channel.choices)
        points = (
            SalesPoint.objects.active()
            .filter(actor_id__in=ids)
            .order_by("channel", "name")
            .annotate(is_open=Exists(SalesPoint.objects.open_at(now).filter(pk=OuterRef("pk"))))
            .values_list("actor_id", "channel", "is_open")
        )
        for actor_id, channel, is_open in points:
            if channel not in channels[actor_id]:
                channels[actor_id][channel] = capfirst(channel_names.get(channel, channel))
            if is_open:
                open_now.add(actor_id)
    rows = []
    for index, actor in enumerate(actors):
        names = [category.name for category in products[actor.pk]]
        rows.append(
            {
                "actor": actor,
                "number": first_number + index,
                "url": actor.get_absolute_url(),
                "kind_label": capfirst(actor.get_kind_display()),
                "place": actor.municipality.name,
                "products": names[:TOP_PRODUCTS],
                "more_products": max(0, len(names) - TOP_PRODUCTS),
                "channels": list(channels[actor.pk].values()),
                "open_now": actor.pk in open_now,
                "distance": getattr(actor, "distance_km", None),
            }
        )
    return rows


def _map_marker(row: dict) -> dict:
    actor = row["actor"]
    return {
        "number": row["number"],
        "name": actor.name,
        "url": row["url"],
        "lat": actor.latitude,
        "lon": actor.longitude,
        "kind": actor.kind,
        "kindLabel": str(actor.get_kind_display()),
        "place": row["place"],
        "distance": km(row["distance"]) if row["distance"] is not None else "",
        "openNow": row["open_now"],
    }


class DirectoryView(View):
    """The directory of local food: search, facets, a list with distances and a map."""

    template_name = "actors/directory.html"
    partial_template_name = "actors/includes/directory_results.html"

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        data = directory_data(request.GET)
        # `directory_rows` reads what the rows show, as plain values.
        queryset = actor_list_visible_to(request.user)
        filterset = ActorFilterSet(data, queryset=queryset, request=request)
        filterset.is_valid()  # errors are shown on the facets; the valid filters still apply
        paginator = WindowCountPaginator(filterset.qs.only(*DIRECTORY_ROW_FIELDS), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        rows = directory_rows(list(page.object_list), page.start_index(), now)
        context = {
            "filterset": filterset,
            "page_obj": page,
            "page_range": list(
                page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
            ),
            "rows": rows,
            "map_data": self.map_data(filterset, rows),
            "search": self.search_summary(filterset),
            "errors": filterset.form.errors,
            "facet_errors": [(name, filterset.form.errors.get(name, [])) for name in FACETS],
            "active_filters": sum(
                1 for name in MORE_FILTERS if any(value.strip() for value in data.getlist(name))
            ),
        }
        if request.htmx and not request.htmx.history_restore_request:
            context["oob"] = True
            response = render(request, self.partial_template_name, context)
        else:
            context.update(self.facet_context(request.GET, data))
            context["near_home"] = self.near_home(request)
            response = render(request, self.template_name, context)
        patch_vary_headers(response, ("HX-Request",))
        return response

    @staticmethod
    def near_home(request) -> dict | None:
        """A one-click "near home" search, offered on the bare directory only.

        Offered, never applied: a directory that silently filters surprises people, and a
        shared link must show the same to everyone. One query, and only for a signed-in user
        on the page without any parameter.
        """
        if request.GET or not request.user.is_authenticated:
            return None
        home = home_municipality_of(request.user)
        if home is None:
            return None
        return {"municipality": home, "radius": NEAR_HOME_RADIUS_KM, "url": near_home_url(home)}

    @staticmethod
    def search_summary(filterset) -> dict:
        """Where the search is centred, in words: "within 10 km of Gent" or "of your location"."""
        cleaned = getattr(filterset.form, "cleaned_data", {})
        point = cleaned.get("point")
        if point is None:
            return {}
        radius = cleaned.get("radius_km") or DEFAULT_RADIUS_KM
        if cleaned.get("near"):
            return {"radius": radius, "near_me": True, "point": point}
        municipality = municipality_for_place(cleaned.get("place", "").strip())
        return {
            "radius": radius,
            "place": municipality.name if municipality else "",
            "point": point,
        }

    @staticmethod
    def map_data(filterset, rows) -> dict:
        cleaned = getattr(filterset.form, "cleaned_data", {})
        point = cleaned.get("point")
        return {
            "markers": [_map_marker(row) for row in rows],
            "centre": list(point) if point else None,
            "radiusKm": float(cleaned.get("radius_km") or DEFAULT_RADIUS_KM) if point else None,
        }

    @staticmethod
    def facet_context(query, data) -> dict:
        """Choices of the facets and what is selected, for the full page only."""
        current = {name: query.get(name, "") for name in FACETS}
        radius = query.get("radius_km") or str(DEFAULT_RADIUS_KM)
        radius_choices = [str(value) for value in RADIUS_CHOICES]
        if radius not in radius_choices:
            radius_choices.append(radius)
        municipalities = facet_municipality_choices()
        return {
            "current": current,
            "current_kinds": query.getlist("kind"),
            "radius": radius,
            "radius_choices": radius_choices,
            "kinds": ActorKind.choices,
            "category_choices": facet_category_choices(),
            "channels": Channel.choices,
            "label_choices": facet_label_choices(),
            "weekdays": list(zip(WEEKDAY_NAMES, Weekday.labels, strict=True)),
            "region_choices": facet_region_choices(),
            "municipality_choices": municipalities,
            "municipality_names": [name for _nis_code, name in municipalities],
            "orderings": [
                ("", _("Nearest first")),
                ("name", _("Name (A–Z)")),
                ("-updated", _("Recently updated")),
            ],
        }


# --- An actor's public page -------------------------------------------------------------------


def week_of(sales_point: SalesPoint, today) -> list[dict]:
    """The seven days of a sales point's weekly hours, Monday first, today marked."""
    by_day: dict[int, list[OpeningHours]] = {}
    for period in sales_point.opening_hours.all():
        by_day.setdefault(period.weekday, []).append(period)
    return [
        {"name": label, "periods": by_day.get(day, []), "is_today": day == today.weekday()}
        for day, label in Weekday.choices
    ]


def week_summary(week: list[dict]) -> list[str]:
    """["Mo 09:00–12:00", "Sa 09:00–12:00, 14:00–18:00"]: the open days of a week, short."""
    return [
        "{} {}".format(
            str(day["name"])[:2].capitalize(),
            ", ".join(f"{p.opens:%H:%M}–{p.closes:%H:%M}" for p in day["periods"]),
        )
        for day in week
        if day["periods"]
    ]


class ActorDetailView(DetailView):
    """An actor's page: what it offers, where and when to buy, labels, contact and needs."""

    template_name = "actors/actor_detail.html"
    context_object_name = "actor"

    def get_queryset(self):
        return actor_detail_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.object
        now = timezone.now()
        today = timezone.localdate(now)
        sales_points = []
        for point in actor.sales_points.all():
            sales_points.append(
                {
                    "point": point,
                    "open_now": point.is_open_at(now),
                    "has_hours": bool(point.opening_hours.all()),
                    "week": week_of(point, today),
                    "exceptions": [
                        exception
                        for exception in point.opening_exceptions.all()
                        if exception.date >= today
                    ][:6],
                }
            )
        offers = [{"offer": offer, "months": month_chips(offer)} for offer in actor.offers.all()]
        markers = [
            {
                "number": index + 1,
                "name": str(entry["point"]),
                "lat": entry["point"].latitude,
                "lon": entry["point"].longitude,
                "kind": actor.kind,
                "kindLabel": str(entry["point"].get_channel_display()),
                "place": entry["point"].municipality.name if entry["point"].municipality else "",
                "openNow": entry["open_now"],
            }
            for index, entry in enumerate(sales_points)
            if entry["point"].latitude is not None
        ]
        if not markers:
            markers = [
                {
                    "number": 1,
                    "name": actor.name,
                    "lat": actor.latitude,
                    "lon": actor.longitude,
                    "kind": actor.kind,
                    "kindLabel": str(actor.get_kind_display()),
                    "place": actor.municipality.name,
                    "openNow": False,
                }
            ]
        context.update(
            {
                "sales_points": sales_points,
                "offers": offers,
                "labels": list(actor.actor_labels.all()),
                "needs": list(actor.needs.all()),
                "map_data": {"markers": markers, "centre": None, "radiusKm": None},
                "open_now": any(entry["open_now"] for entry in sales_points),
                "can_change": can_change_actor(self.request.user, actor),
                "current_month": today.month,
                "is_favourite": self.is_favourite(actor),
            }
        )
        return context

    def is_favourite(self, actor: Actor) -> bool:
        """Whether this user keeps the actor as a favourite: one query, signed-in users only.

        Only the visitor's own answer: who else favourited the actor, or how many did, is
        never read here.
        """
        user = self.request.user
        if not user.is_authenticated or not actor.is_public:
            return False
        return CitizenProfile.favourites.through.objects.filter(
            citizenprofile__user=user, actor=actor
        ).exists()


# --- The citizen's private profile -----------------------------------------------------------


def home_municipality_of(user):
    """The user's home municipality, or None (no profile yet, or none chosen)."""
    profile = CitizenProfile.objects.filter(user=user).select_related("home_municipality").first()
    return profile.home_municipality if profile else None


def near_home_url(home: Municipality) -> str:
    """The directory searching within the "near home" radius of a municipality's centre."""
    query = urlencode({"place": home.nis_code, "radius_km": NEAR_HOME_RADIUS_KM})
    return f"{reverse('actors:directory')}?{query}"


def safe_next(request, default: str) -> str:
    """Where to go back to after a form: `next` when it stays on this site, else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class CitizenProfileView(LoginRequiredMixin, TemplateView):
    """ "My food profile": the home municipality for "near home", and favourite producers.

    Private: it only ever reads the signed-in user's own profile, which has no page, no API
    and no count anywhere else.
    """

    template_name = "actors/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = (
            CitizenProfile.objects.filter(user=self.request.user)
            .select_related("home_municipality")
            .first()
        )
        home = profile.home_municipality if profile else None
        if "form" not in context:
            context["form"] = CitizenProfileForm(initial={"home_municipality": home})
        context["home_municipality"] = home
        # Listed ones only: an actor that left the directory no longer has a page to link to.
        context["favourites"] = (
            profile.favourites.listed().select_related("municipality").order_by("name", "pk")
            if profile
            else Actor.objects.none()
        )
        if home is not None:
            context["near_home_url"] = near_home_url(home)
            context["near_home_radius"] = NEAR_HOME_RADIUS_KM
        return context

    def post(self, request, *args, **kwargs):
        form = CitizenProfileForm(request.POST)
        if form.is_valid():
            try:
                citizen_profile_update(user=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your home municipality is saved."))
                return redirect("actors:profile")
        return self.render_to_response(self.get_context_data(form=form))


class FavouriteToggleView(LoginRequiredMixin, View):
    """POST only: keep an actor as a favourite (`favourite=1`) or take it off (`favourite=0`).

    The wanted state travels with the form, so sending it twice changes nothing more. An
    unlisted actor is not found, unless it is already a favourite and is being taken off.
    """

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            # Back to the actor's page after logging in: the toggle itself answers POST only.
            return redirect_to_login(reverse("actors:actor_detail", kwargs=kwargs))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        actor = get_object_or_404(Actor.objects.only("id", "slug", "name", "is_public"), **kwargs)
        raw = request.POST.get("favourite", "")
        if raw not in ("", "0", "1"):
            return HttpResponseBadRequest(_("favourite must be 1 (keep) or 0 (remove)."))
        wanted = {"1": True, "0": False}.get(raw)
        if not actor.is_public:
            is_favourite = CitizenProfile.favourites.through.objects.filter(
                citizenprofile__user=request.user, actor=actor
            ).exists()
            if wanted is not False or not is_favourite:
                raise Http404
        try:
            now_favourite = favourite_toggle(user=request.user, actor=actor, favourite=wanted)
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages))
        if now_favourite:
            messages.success(
                request, _("%(name)s is saved in your favourites.") % {"name": actor.name}
            )
        else:
            messages.success(
                request, _("%(name)s is removed from your favourites.") % {"name": actor.name}
            )
        return redirect(safe_next(request, actor.get_absolute_url()))


# --- Register and manage ----------------------------------------------------------------------


def municipality_points() -> list[dict]:
    """Centres and postcodes of the municipalities, for the location picker's JavaScript."""
    return [
        {
            "id": row["pk"],
            "lat": row["latitude"],
            "lon": row["longitude"],
            "postcodes": row["postcodes"],
        }
        for row in Municipality.objects.values("pk", "latitude", "longitude", "postcodes")
    ]


class ActorPermissionMixin(LoginRequiredMixin):
    """Loads the actor named in the URL; answers 403 to a user who may not do this to it.

    An unlisted actor stays hidden (404) from users who do not manage it at all.
    """

    permission = staticmethod(can_change_actor)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.actor = get_object_or_404(
            Actor.objects.select_related("municipality"), slug=kwargs["slug"]
        )
        if not self.permission(request.user, self.actor):
            if not self.actor.is_public and not can_change_actor(request.user, self.actor):
                raise Http404
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actor"] = self.actor
        context["can_manage_editors"] = can_manage_editors(self.request.user, self.actor)
        return context

    def manage_url(self, anchor: str = "") -> str:
        url = reverse("actors:actor_manage", kwargs={"slug": self.actor.slug})
        return f"{url}#{anchor}" if anchor else url


class ActorRegisterView(LoginRequiredMixin, TemplateView):
    """ "Register your business": one page, five short steps; the user becomes its owner."""

    template_name = "actors/actor_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ActorForm())
        context["registering"] = True
        context["municipality_points"] = municipality_points()
        return context

    def post(self, request, *args, **kwargs):
        form = ActorForm(request.POST, request.FILES)
        if form.is_valid():
            kwargs_ = form.service_kwargs()
            labels = kwargs_.pop("labels")
            try:
                actor = actor_create(user=request.user, labels=labels, **kwargs_)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s is registered. Now add where and when people can buy, "
                        "and what you offer."
                    )
                    % {"name": actor.name},
                )
                return redirect("actors:actor_manage", slug=actor.slug)
        return self.render_to_response(self.get_context_data(form=form), status=200)


class MyActorsView(LoginRequiredMixin, TemplateView):
    """ "My businesses": the actors the user manages, with their role."""

    template_name = "actors/my_actors.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        role = ActorManager.objects.filter(actor=OuterRef("pk"), user=self.request.user)
        context["actors"] = actors_managed_by(self.request.user).annotate(
            my_role=Subquery(role.values("role")[:1])
        )
        return context


class ActorManageView(ActorPermissionMixin, TemplateView):
    """The manager's overview of an actor: details, sales points, offers, needs, editors."""

    template_name = "actors/actor_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        actor = self.actor
        context["sales_points"] = [
            {"point": point, "summary": week_summary(week_of(point, today))}
            for point in actor.sales_points.select_related("municipality").prefetch_related(
                Prefetch(
                    "opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")
                )
            )
        ]
        context["offers"] = [
            {"offer": offer, "months": month_chips(offer)}
            for offer in actor.offers.select_related("category")
        ]
        context["needs"] = actor.needs.select_related("category")
        context["labels"] = actor.actor_labels.select_related("label")
        context["managers"] = actor.managers.select_related("user").order_by("role", "created")
        return context


class ActorEditView(ActorPermissionMixin, TemplateView):
    template_name = "actors/actor_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            context["form"] = ActorForm(instance=self._instance())
        context["municipality_points"] = municipality_points()
        return context

    def _instance(self):
        # A copy for the form, so a rejected edit never shows on the page's own heading.
        return Actor.objects.prefetch_related("actor_labels").get(pk=self.actor.pk)

    def post(self, request, *args, **kwargs):
        form = ActorForm(request.POST, request.FILES, instance=self._instance())
        if form.is_valid():
            try:
                actor_update(user=request.user, actor=form.instance, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The details are saved."))
                return redirect(self.manage_url())
        return self.render_to_response(self.get_context_data(form=form))


class ConfirmDeleteMixin:
    """GET asks "are you sure?"; POST does it through a service and goes back."""

    template_name = "actors/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.describe())
        context["cancel_url"] = self.cancel_url()
        return context

    def cancel_url(self):
        return self.manage_url()


class ActorDeleteView(ConfirmDeleteMixin, ActorPermissionMixin, TemplateView):
    permission = staticmethod(can_delete_actor)

    def describe(self):
        return {
            "title": _("Delete %(name)s") % {"name": self.actor.name},
            "warning": _(
                "Its page, sales points, opening hours, offers and needs are deleted for good, "
                "and its editors lose access. This cannot be undone."
            ),
            "button": _("Delete for good"),
        }

    def post(self, request, *args, **kwargs):
        name = self.actor.name
        actor_delete(user=request.user, actor=self.actor)
        messages.success(request, _("%(name)s is deleted.") % {"name": name})
        return redirect("actors:my_actors")


# --- Sales points and opening hours -----------------------------------------------------------


class SalesPointFormView(ActorPermissionMixin, TemplateView):
    template_name = "actors/sales_point_form.html"

    def get_sales_point(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        point = self.sales_point
        if "form" not in context:
            context["form"] = SalesPointForm(instance=point or SalesPoint(actor=self.actor))
            context["formset"] = period_formset(sales_point=point)
        context["sales_point"] = point
        context["sales_point_title"] = capfirst(str(point)) if point else ""
        context["municipality_points"] = municipality_points()
        if point is not None:
            context["exceptions"] = point.opening_exceptions.filter(date__gte=timezone.localdate())
            context["exception_form"] = OpeningExceptionForm()
        return context

    def dispatch(self, request, *args, **kwargs):
        self.sales_point = None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.sales_point = self.get_sales_point()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.sales_point = point = self.get_sales_point()
        form = SalesPointForm(request.POST, instance=point or SalesPoint(actor=self.actor))
        formset = period_formset(data=request.POST, sales_point=point)
        hours_errors = []
        if form.is_valid() and formset.is_valid():
            try:
                sales_point_save(
                    user=request.user,
                    actor=self.actor,
                    sales_point=point,
                    hours=formset.periods(),
                    **form.service_kwargs(),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    add_service_errors(form, error)
                else:
                    hours_errors = error.messages
            else:
                messages.success(request, _("The sales point and its opening hours are saved."))
                return redirect(self.manage_url("sales-points"))
        context = self.get_context_data(form=form, formset=formset, hours_errors=hours_errors)
        return self.render_to_response(context)


class SalesPointCreateView(SalesPointFormView):
    pass


class SalesPointMixin:
    """The sales point named in the URL, only among this actor's own."""

    def get_sales_point(self):
        return get_object_or_404(
            SalesPoint.objects.prefetch_related(
                Prefetch(
                    "opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")
                )
            ),
            pk=self.kwargs["pk"],
            actor=self.actor,
        )


class SalesPointEditView(SalesPointMixin, SalesPointFormView):
    pass


class SalesPointDeleteView(SalesPointMixin, ConfirmDeleteMixin, ActorPermissionMixin, TemplateView):
    def describe(self):
        point = self.get_sales_point()
        return {
            "title": _("Delete the sales point %(name)s") % {"name": point},
            "warning": _(
                "Its opening hours go with it. To close it for a while, untick “active” instead."
            ),
            "button": _("Delete sales point"),
        }

    def post(self, request, *args, **kwargs):
        sales_point_delete(user=request.user, sales_point=self.get_sales_point())
        messages.success(request, _("The sales point is deleted."))
        return redirect(self.manage_url("sales-points"))


class OpeningExceptionCreateView(SalesPointMixin, ActorPermissionMixin, TemplateView):
    """A closed day or other hours for one date (a holiday, a farm day)."""

    template_name = "actors/opening_exception_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", OpeningExceptionForm())
        context["sales_point"] = self.get_sales_point()
        return context

    def post(self, request, *args, **kwargs):
        point = self.get_sales_point()
        form = OpeningExceptionForm(request.POST)
        if form.is_valid():
            try:
                opening_exception_save(user=request.user, sales_point=point, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The exception is saved."))
                return redirect("actors:sales_point_edit", slug=self.actor.slug, pk=point.pk)
        return self.render_to_response(self.get_context_data(form=form))


class OpeningExceptionDeleteView(SalesPointMixin, ActorPermissionMixin, View):
    def post(self, request, *args, **kwargs):
        point = self.get_sales_point()
        exception = get_object_or_404(
            OpeningException, pk=self.kwargs["exception_pk"], sales_point=point
        )
        opening_exception_delete(user=request.user, sales_point=point, date=exception.date)
        messages.success(request, _("The exception is removed: the weekly hours apply again."))
        return redirect("actors:sales_point_edit", slug=self.actor.slug, pk=point.pk)


# --- Offers and needs -------------------------------------------------------------------------


class ActorRowFormView(ActorPermissionMixin, TemplateView):
    """Create or edit one offer or need of the actor through its service."""

    model = None
    form_class = None
    anchor = ""
    saved_message = ""

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.model, pk=self.kwargs["pk"], actor=self.actor)
        return self._object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            context["form"] = self.form_class(
                instance=self.get_object() or self.model(actor=self.actor)
            )
        context["object"] = self.get_object()
        return context

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.form_class(request.POST, instance=obj or self.model(actor=self.actor))
        if form.is_valid():
            try:
                self.save(obj, form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.saved_message)
                return redirect(self.manage_url(self.anchor))
        return self.render_to_response(self.get_context_data(form=form))


class OfferCreateView(ActorRowFormView):
    model, form_class, anchor = Offer, OfferForm, "offers"
    template_name = "actors/offer_form.html"

    @property
    def saved_message(self):
        return _("The offer is saved.")

    def save(self, offer, fields):
        offer_save(user=self.request.user, actor=self.actor, offer=offer, **fields)


class OfferEditView(OfferCreateView):
    pass


class NeedCreateView(ActorRowFormView):
    model, form_class, anchor = Need, NeedForm, "needs"
    template_name = "actors/need_form.html"

    @property
    def saved_message(self):
        return _("The need is saved.")

    def save(self, need, fields):
        need_save(user=self.request.user, actor=self.actor, need=need, **fields)


class NeedEditView(NeedCreateView):
    pass


class OfferDeleteView(ConfirmDeleteMixin, ActorPermissionMixin, TemplateView):
    def get_offer(self):
        return get_object_or_404(
            Offer.objects.select_related("category"), pk=self.kwargs["pk"], actor=self.actor
        )

    def describe(self):
        return {
            "title": _("Delete the offer %(name)s") % {"name": self.get_offer().category.name},
            "warning": _("To hide it for a while, untick “active” instead."),
            "button": _("Delete offer"),
        }

    def post(self, request, *args, **kwargs):
        offer_delete(user=request.user, offer=self.get_offer())
        messages.success(request, _("The offer is deleted."))
        return redirect(self.manage_url("offers"))


class NeedDeleteView(ConfirmDeleteMixin, ActorPermissionMixin, TemplateView):
    def get_need(self):
        return get_object_or_404(
            Need.objects.select_related("category"), pk=self.kwargs["pk"], actor=self.actor
        )

    def describe(self):
        need = self.get_need()
        what = need.category.name if need.category_id else need.get_service_display()
        return {
            "title": _("Delete the need for %(what)s") % {"what": what},
            "warning": _("To hide it for a while, untick “active” instead."),
            "button": _("Delete need"),
        }

    def post(self, request, *args, **kwargs):
        need_delete(user=request.user, need=self.get_need())
        messages.success(request, _("The need is deleted."))
        return redirect(self.manage_url("needs"))


# --- Editors and invitations ------------------------------------------------------------------


class EditorListView(ActorPermissionMixin, TemplateView):
    """The owner's page for the people who manage the actor: invite by e-mail, remove."""

    template_name = "actors/editors.html"
    permission = staticmethod(can_manage_editors)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", InvitationForm())
        context["managers"] = self.actor.managers.select_related("user").order_by("role", "created")
        context["invitations"] = [
            invitation
            for invitation in self.actor.invitations.filter(accepted_at__isnull=True).order_by(
                "-created"
            )
            if not invitation.is_expired
        ]
        return context

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation = actor_invitation_send(
                    user=request.user, actor=self.actor, email=form.cleaned_data["email"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
                )
                return redirect("actors:editors", slug=self.actor.slug)
        return self.render_to_response(self.get_context_data(form=form))


class EditorRemoveView(ActorPermissionMixin, View):
    permission = staticmethod(can_manage_editors)

    def post(self, request, *args, **kwargs):
        manager = get_object_or_404(ActorManager, pk=self.kwargs["pk"], actor=self.actor)
        try:
            actor_manager_remove(user=request.user, actor=self.actor, manager=manager)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("They no longer manage %(name)s.") % {"name": self.actor.name}
            )
            if manager.user_id == request.user.pk:
                return redirect("actors:my_actors")
        return redirect("actors:editors", slug=self.actor.slug)


class InvitationAcceptView(LoginRequiredMixin, TemplateView):
    """The link in an invitation e-mail: shows the actor and asks to accept."""

    template_name = "actors/invitation_accept.html"

    def get_invitation(self):
        return get_object_or_404(
            ActorInvitation.objects.select_related("actor", "actor__municipality"),
            token=self.kwargs["token"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = self.get_invitation()
        context["invitation"] = invitation
        context["actor"] = invitation.actor
        if "problem" not in context:
            if invitation.accepted_at or invitation.is_expired:
                context["problem"] = _(
                    "This invitation is no longer valid. Ask the owner for a new one."
                )
            elif invitation.email.lower() != self.request.user.email.lower():
                context["problem"] = _(
                    "This invitation was sent to another e-mail address. Log in with the "
                    "address it was sent to, or ask the owner to invite this one."
                )
        return context

    def post(self, request, *args, **kwargs):
        try:
            manager = actor_invitation_accept(user=request.user, token=self.kwargs["token"])
        except PermissionDenied:
            context = self.get_context_data(
                problem=_(
                    "This invitation was sent to another e-mail address. Log in with the "
                    "address it was sent to, or ask the owner to invite this one."
                )
            )
            return self.render_to_response(context, status=403)
        except ValidationError:
            context = self.get_context_data(
                problem=_("This invitation is no longer valid. Ask the owner for a new one.")
            )
            return self.render_to_response(context, status=400)
        messages.success(
            request, _("Welcome: you now help manage %(name)s.") % {"name": manager.actor.name}
        )
        return redirect("actors:actor_manage", slug=manager.actor.slug)
