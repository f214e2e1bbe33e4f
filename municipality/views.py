"""Pages of municipal support: the action log, goals, events, the survey and the dashboard.

Views parse and shape; the services decide (their ValidationError becomes a form error, their
PermissionDenied a 403). The action list and its exports read from the same selector and
FilterSet as /api/v1/support-actions/; the dashboard from the same selector as the API.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from municipality import selectors, services
from municipality.exports import (
    ACTION_LOG_HEADER,
    action_log_rows,
    csv_response,
    xlsx_response,
)
from municipality.filters import SupportActionFilterSet
from municipality.forms import EventRegisterForm, GoalForm, SupportActionForm, SurveyForm
from municipality.ical import build_calendar
from municipality.models import SupportAction
from municipality.permissions import (
    can_act_for_municipality,
    can_change_support_action,
    is_officer,
    officer_municipality_ids,
)
from network.models import Municipality, Region

M2M_FIELDS = ("goals", "led_to_by", "partners", "actors_reached", "cooperations_reached")


def _apply_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class SupportActionListView(ListView):
    """The public record of support actions, filtered like the API; officers see their own."""

    template_name = "municipality/supportaction_list.html"
    context_object_name = "actions"
    paginate_by = 25

    def get_filterset(self):
        return SupportActionFilterSet(
            self.request.GET or None,
            queryset=selectors.support_action_list_visible_to(self.request.user),
        )

    def get_queryset(self):
        self.filterset = self.get_filterset()
        if self.filterset.is_bound and not self.filterset.is_valid():
            return SupportAction.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            query_string=query.urlencode(),
            can_log=is_officer(self.request.user),
        )
        return context


class SupportActionExportView(SupportActionListView):
    """The action log, filtered as on the page, as CSV or XLSX."""

    def get(self, request, *args, fmt="csv", **kwargs):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        rows = action_log_rows(self.get_queryset())
        stamp = timezone.localdate().isoformat()
        if fmt == "xlsx":
            return xlsx_response(
                f"support-actions-{stamp}.xlsx", "support actions", ACTION_LOG_HEADER, rows
            )
        return csv_response(f"support-actions-{stamp}.csv", ACTION_LOG_HEADER, rows)


class SupportActionDetailView(TemplateView):
    template_name = "municipality/supportaction_detail.html"

    def get_object(self):
        return get_object_or_404(
            selectors.support_action_detail_visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.get_object()
        user = self.request.user
        can_change = can_change_support_action(user, action)

        def visible(other):
            return other.is_public or can_act_for_municipality(user, other.municipality_id)

        context.update(
            action=action,
            can_change=can_change,
            led_to_by=[a for a in action.led_to_by.all() if visible(a)],
            led_to=[a for a in action.led_to.all() if visible(a)],
            partners=[a for a in action.partners.all() if a.is_public or can_change],
            outcome_records=list(action.outcome_records.all()),
        )
        if action.is_event:
            places_left = (
                None
                if action.capacity is None
                else max(0, action.capacity - action.registration_count)
            )
            context.update(
                places_left=places_left,
                register_form=EventRegisterForm(user=user),
                event_outcome=selectors.event_outcomes(action) if can_change else None,
                registrations=selectors.registrations_for_officer(action) if can_change else None,
            )
        return context


class OfficerMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_officer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SupportActionCreateView(OfficerMixin, FormView):
    template_name = "municipality/supportaction_form.html"
    form_class = SupportActionForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["instance"] = getattr(self, "object", None)
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if "led_to_by" in self.request.GET:
            initial["led_to_by"] = self.request.GET.getlist("led_to_by")
        return initial

    def save(self, data):
        return services.support_action_log(user=self.request.user, **data)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            action = self.save(data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The support action is saved."))
        return HttpResponseRedirect(action.get_absolute_url())


class SupportActionUpdateView(SupportActionCreateView):
    def dispatch(self, request, *args, **kwargs):
        # Among the actions this person may see: a private one of another municipality is
        # "not found", the same answer as a number that was never used.
        self.object = get_object_or_404(
            selectors.support_action_list_visible_to(request.user), pk=kwargs["pk"]
        )
        if request.user.is_authenticated and not can_change_support_action(
            request.user, self.object
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)

    def save(self, data):
        return services.support_action_update(user=self.request.user, action=self.object, **data)


class SupportActionDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        action = get_object_or_404(selectors.support_action_list_visible_to(request.user), pk=pk)
        services.support_action_delete(user=request.user, action=action)
        messages.success(request, _("The support action is deleted."))
        return redirect("municipality:action_list")


class EventRegisterView(LoginRequiredMixin, View):
    def post(self, request, pk):
        action = get_object_or_404(selectors.support_action_list_visible_to(request.user), pk=pk)
        form = EventRegisterForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.event_register(
                    user=request.user, action=action, actor=form.cleaned_data.get("actor")
                )
                messages.success(request, _("You are registered."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Choose whom to register."))
        return HttpResponseRedirect(action.get_absolute_url())


class AttendanceView(LoginRequiredMixin, View):
    def post(self, request, pk):
        action = get_object_or_404(selectors.support_action_list_visible_to(request.user), pk=pk)
        ids = [int(v) for v in request.POST.getlist("attended") if v.isdigit()]
        try:
            services.event_record_attendance(user=request.user, action=action, attended_ids=ids)
            messages.success(request, _("Attendance is recorded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(action.get_absolute_url())


class GoalListView(TemplateView):
    """A municipality's food strategy: its goals, targets and the actions tied to each."""

    template_name = "municipality/goal_list.html"

    def dispatch(self, request, *args, **kwargs):
        self.municipality = get_object_or_404(Municipality, nis_code=kwargs["nis"])
        self.can_change = can_act_for_municipality(request.user, self.municipality.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from django.db.models import Count, Q, Sum

        actions = selectors.dashboard_actions(self.request.user, [self.municipality.pk])
        goals = (
            selectors.food_strategy_goal_list([self.municipality.pk])
            .annotate(
                action_count=Count("actions", filter=Q(actions__in=actions.values("pk"))),
                budget=Sum("actions__budget", filter=Q(actions__in=actions.values("pk"))),
            )
            .order_by("position", "title")
        )
        # An invalid form comes back in kwargs; passing it twice was a 500 on every mistake.
        kwargs.setdefault("form", GoalForm())
        return super().get_context_data(
            municipality=self.municipality,
            goals=goals,
            can_change=self.can_change,
            **kwargs,
        )

    def post(self, request, nis):
        if not self.can_change:
            raise PermissionDenied
        if "create_strategy" in request.POST:
            services.food_strategy_create(user=request.user, municipality=self.municipality)
            messages.success(request, _("The six standard goals are added."))
            return redirect("municipality:goal_list", nis=nis)
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                services.food_strategy_goal_create(
                    user=request.user, municipality=self.municipality, **form.cleaned_data
                )
                messages.success(request, _("The goal is added."))
                return redirect("municipality:goal_list", nis=nis)
            except ValidationError as error:
                _apply_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form))


class EventFeedView(View):
    """Upcoming public events as an iCalendar feed, to subscribe to in any calendar app."""

    def get(self, request):
        events = selectors.upcoming_public_events()
        base = request.build_absolute_uri("/").rstrip("/")
        body = build_calendar(events, base_url=base, domain=request.get_host().split(":")[0])
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="ketenwerk-events.ics"'
        return response


class SurveyView(LoginRequiredMixin, FormView):
    template_name = "municipality/survey_form.html"
    form_class = SurveyForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            year=timezone.localdate().year,
            answers=selectors.survey_responses_of(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.survey_response_submit(
                user=self.request.user, year=timezone.localdate().year, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: your answer is saved."))
        return redirect("municipality:survey")


class DashboardIndexView(TemplateView):
    """Choose a municipality or region; an officer lands on their own municipality."""

    template_name = "municipality/dashboard_index.html"

    def get(self, request, *args, **kwargs):
        nis = request.GET.get("municipality")
        if nis:
            municipality = Municipality.objects.filter(nis_code=nis).first()
            if municipality:
                return redirect("municipality:dashboard", nis=municipality.nis_code)
        own = officer_municipality_ids(request.user)
        if own and not nis and "choose" not in request.GET:
            first = Municipality.objects.filter(pk__in=own).order_by("name_nl").first()
            return redirect("municipality:dashboard", nis=first.nis_code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            municipalities=Municipality.objects.order_by("name_nl").only("nis_code", "name_nl"),
            regions=Region.objects.exclude(kind=Region.Kind.PROVINCE).order_by("name_nl"),
            **kwargs,
        )


CHART_KEYS = (
    "actors_by_kind",
    "cooperations_by_form",
    "actions_by_type",
    "actions_by_status",
    "budget_by_funding",
    "budget_by_goal",
    "outcomes_per_action",
)


class DashboardMixin:
    def get_scope(self):
        if "slug" in self.kwargs:
            return {"region": get_object_or_404(Region, slug=self.kwargs["slug"])}
        return {"municipality": get_object_or_404(Municipality, nis_code=self.kwargs["nis"])}

    def csv_url(self, chart):
        if "slug" in self.kwargs:
            return reverse(
                "municipality:region_dashboard_csv",
                kwargs={"slug": self.kwargs["slug"], "chart": chart},
            )
        return reverse(
            "municipality:dashboard_csv", kwargs={"nis": self.kwargs["nis"], "chart": chart}
        )


class DashboardView(DashboardMixin, TemplateView):
    """The municipal dashboard: network, tipping point, actions, chains, survey, map."""

    template_name = "municipality/dashboard.html"

    def get_context_data(self, **kwargs):
        scope = self.get_scope()
        data = selectors.dashboard_indicators(self.request.user, **scope)
        ids = selectors.scope_municipality_ids(**scope)
        points = selectors.dashboard_map_points(ids)
        markers = (
            [
                {"lat": a["latitude"], "lon": a["longitude"], "name": a["name"], "kind": a["kind"]}
                for a in points["actors"]
            ]
            + [
                {
                    "lat": c["latitude"],
                    "lon": c["longitude"],
                    "name": c["name"],
                    "kind": "cooperation",
                }
                for c in points["cooperations"]
            ]
            + [
                {
                    "lat": s["latitude"],
                    "lon": s["longitude"],
                    "name": s["name"] or s["channel"],
                    "kind": "sales-point",
                }
                for s in points["sales_points"]
            ]
        )
        municipality = scope.get("municipality")
        return super().get_context_data(
            data=data,
            scope=scope,
            csv_urls={key: self.csv_url(key) for key in (*CHART_KEYS, "tipping_point")},
            tipping_rows=[
                {"label": str(row["year"]), "value": row["percent"] or 0}
                for row in data["tipping_point"]["series"]
            ],
            survey_rows=[
                {
                    "label": data["scope"]["name"],
                    "value": data["survey"]["important_percent"] or 0,
                }
            ],
            map_data={"markers": markers},
            map_counts={k: len(v) for k, v in points.items()},
            can_log=municipality is not None
            and can_act_for_municipality(self.request.user, municipality.pk),
            MAP_TILES_URL=settings.MAP_TILES_URL,
            MAP_TILES_ATTRIBUTION=settings.MAP_TILES_ATTRIBUTION,
            **kwargs,
        )


class DashboardCSVView(DashboardMixin, View):
    """Every chart's numbers as CSV: the same numbers the SVG draws."""

    def get(self, request, chart, **kwargs):
        scope = self.get_scope()
        data = selectors.dashboard_indicators(request.user, **scope)
        name = (scope.get("municipality") or scope.get("region")).slug
        if chart == "tipping_point":
            rows = [
                (row["year"], row["cooperating"], data["tipping_point"]["farmers"], row["percent"])
                for row in data["tipping_point"]["series"]
            ]
            return csv_response(
                f"{name}-tipping-point.csv", ["year", "cooperating", "farmers", "percent"], rows
            )
        if chart not in CHART_KEYS:
            raise Http404
        rows = [(row["key"], row["label"], row["value"]) for row in data[chart]]
        return csv_response(f"{name}-{chart}.csv", ["key", "label", "value"], rows)
