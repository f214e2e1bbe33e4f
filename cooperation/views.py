"""Pages of the cooperation app: thin views that parse, call a selector or a service, render.

Writes answer a POST with a redirect and a message; a service's ValidationError becomes a form
error on the page, its PermissionDenied a 403. Every list reads from the same selector and
FilterSet as the API.
"""

import math

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cooperation import services
from cooperation.choices import (
    COORDINATING_ROLES,
    OPEN_MEMBERSHIP_STATUSES,
    OPEN_STATUSES,
    CooperationStatus,
    MembershipStatus,
    PartnershipStatus,
)
from cooperation.filters import CooperationFilterSet
from cooperation.forms import (
    ChainFormSet,
    CooperationCreateForm,
    CooperationEditForm,
    FormGuideForm,
    InviteForm,
    MembershipRequestForm,
    PartnerFinderForm,
    PartnershipRequestForm,
    StatusForm,
)
from cooperation.guide import rank_forms
from cooperation.matching import find_partners
from cooperation.models import ConsumerMembership, Cooperation, Membership
from cooperation.permissions import (
    can_change_cooperation,
    managed_actor_ids,
)
from cooperation.scorecard import scorecard_for
from cooperation.selectors import (
    cooperation_detail_visible_to,
    cooperation_form_list,
    cooperation_list_visible_to,
    cooperation_sales_points,
    membership_list_visible_to,
    partnership_request_list_visible_to,
)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _form_errors(form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _message_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# ---- list and detail ------------------------------------------------------------------


class CooperationListView(ListView):
    """Cooperations in the region, filtered like /api/v1/cooperations/, with a map."""

    template_name = "cooperation/cooperation_list.html"
    paginate_by = 20
    context_object_name = "cooperations"

    def get_queryset(self):
        self.filterset = CooperationFilterSet(
            self.request.GET or None,
            queryset=cooperation_list_visible_to(self.request.user),
            request=self.request,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return Cooperation.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["forms"] = cooperation_form_list()
        # The contract of static/js/map.js: {"markers": [{lat, lon, name, url, kind, number}]}.
        context["map_data"] = {
            "markers": [
                {
                    "lat": coop.latitude,
                    "lon": coop.longitude,
                    "name": coop.name,
                    "url": coop.get_absolute_url(),
                    "kind": coop.form.slug,
                    "number": number,
                }
                for number, coop in enumerate(
                    context["cooperations"],
                    start=context["page_obj"].start_index() if context.get("page_obj") else 1,
                )
                if coop.latitude is not None
            ]
        }
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def _coordinate(value: float) -> str:
    # A string, so the template never localises it: "120,5" is not a number in SVG.
    return f"{value:.1f}"


def radar(principles, size: int = 240, padding: int = 44):
    """Points of a five-axis radar (pentagon) for the scorecard, drawn as SVG in the template.

    Every coordinate is a ready string with a decimal point, whatever the page's language.
    """
    centre = size / 2
    radius = centre - padding
    count = len(principles) or 5
    angles = [-math.pi / 2 + i * 2 * math.pi / count for i in range(count)]

    def point(angle: float, distance: float, dy: float = 0.0) -> tuple[str, str]:
        return (
            _coordinate(centre + distance * math.cos(angle)),
            _coordinate(centre + distance * math.sin(angle) + dy),
        )

    axes = []
    for angle, principle in zip(angles, principles, strict=False):
        x, y = point(angle, radius)
        px, py = point(angle, radius * principle.score / 100)
        lx, ly = point(angle, radius + 20, dy=4)
        axes.append(
            {"principle": principle, "x": x, "y": y, "px": px, "py": py, "lx": lx, "ly": ly}
        )
    rings = [
        " ".join(",".join(point(angle, radius * level)) for angle in angles)
        for level in (0.25, 0.5, 0.75, 1.0)
    ]
    return {
        "size": size,
        "centre": _coordinate(centre),
        "axes": axes,
        "rings": rings,
        "polygon": " ".join(f"{a['px']},{a['py']}" for a in axes),
    }


class CooperationDetailView(TemplateView):
    """One cooperation: its listed members, its chain, the scorecard and the sales points."""

    template_name = "cooperation/cooperation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cooperation = get_object_or_404(
            cooperation_detail_visible_to(user), slug=self.kwargs["slug"]
        )
        card = scorecard_for(cooperation)
        mine = managed_actor_ids(user)
        member_actor_ids = (
            set(
                Membership.objects.filter(
                    cooperation=cooperation, status__in=OPEN_MEMBERSHIP_STATUSES
                ).values_list("actor_id", flat=True)
            )
            if mine
            else set()
        )
        sales_points = list(cooperation_sales_points(cooperation))
        context.update(
            cooperation=cooperation,
            scorecard=card,
            radar=radar(card.principles),
            sales_points=sales_points,
            map_data={
                "markers": [
                    {
                        "lat": sp.latitude,
                        "lon": sp.longitude,
                        "name": f"{sp.actor.name} · {sp}",
                        "url": sp.actor.get_absolute_url(),
                        "kind": sp.actor.kind,
                    }
                    for sp in sales_points
                    if sp.latitude is not None
                ]
            },
            can_change=can_change_cooperation(user, cooperation),
            can_join=(
                user.is_authenticated
                and cooperation.accepts_new_members
                and cooperation.status != CooperationStatus.ENDED
                and bool(mine - member_actor_ids)
            ),
            join_form=MembershipRequestForm(user=user) if user.is_authenticated else None,
            is_consumer_member=(
                user.is_authenticated
                and ConsumerMembership.objects.filter(user=user, cooperation=cooperation).exists()
            ),
        )
        return context


# ---- coordinators ---------------------------------------------------------------------


def _edit_values(cleaned: dict) -> dict:
    return {k: v for k, v in cleaned.items() if k not in ("initiator", "status", "municipalities")}


class CooperationCreateView(LoginRequiredMixin, FormView):
    template_name = "cooperation/cooperation_form.html"
    form_class = CooperationCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {
            "form": self.request.GET.get("form"),
            "accepts_new_members": True,
            "is_public": True,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            cooperation = services.cooperation_create(
                user=self.request.user,
                initiator=data["initiator"],
                status=data["status"],
                municipalities=data["municipalities"],
                **_edit_values(data),
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The cooperation is on the platform."))
        return redirect(cooperation.get_absolute_url())


class CoordinatorMixin(LoginRequiredMixin):
    """Loads the cooperation from the URL; only coordinators and staff get further."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cooperation = get_object_or_404(
            cooperation_detail_visible_to(request.user), slug=kwargs["slug"]
        )
        if not can_change_cooperation(request.user, self.cooperation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CooperationUpdateView(CoordinatorMixin, FormView):
    template_name = "cooperation/cooperation_form.html"
    form_class = CooperationEditForm

    def get_initial(self):
        c = self.cooperation
        return {
            "name": c.name,
            "form": c.form,
            "description": c.description,
            "municipalities": list(c.municipalities.all()),
            "started_on": c.started_on,
            "legal_form": c.legal_form,
            "website": c.website,
            "shared_assets": c.shared_assets,
            "price_setting": c.price_setting,
            "decision_making": c.decision_making,
            "decision_notes": c.decision_notes,
            "accepts_new_members": c.accepts_new_members,
            "is_public": c.is_public,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(cooperation=self.cooperation, **kwargs)

    def form_valid(self, form):
        try:
            services.cooperation_update(
                user=self.request.user,
                cooperation=self.cooperation,
                municipalities=form.cleaned_data["municipalities"],
                **_edit_values(form.cleaned_data),
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.cooperation.get_absolute_url())


class CooperationMembersView(CoordinatorMixin, TemplateView):
    """Coordinators decide requests, invite actors and move the cooperation's status."""

    template_name = "cooperation/cooperation_members.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = (
            Membership.objects.filter(cooperation=self.cooperation)
            .select_related("actor")
            .order_by("status", "role", "actor__name")
        )
        context.update(
            cooperation=self.cooperation,
            requests=[m for m in memberships if m.status == MembershipStatus.REQUESTED],
            invitations=[m for m in memberships if m.status == MembershipStatus.INVITED],
            members=[m for m in memberships if m.status == MembershipStatus.ACTIVE],
            invite_form=kwargs.get("invite_form") or InviteForm(),
            status_form=kwargs.get("status_form")
            or StatusForm(initial={"status": self.cooperation.status}),
        )
        return context

    def post(self, request, *args, **kwargs):
        if "invite" in request.POST:
            form = InviteForm(request.POST)
            if form.is_valid():
                try:
                    services.membership_invite(
                        user=request.user, cooperation=self.cooperation, **form.cleaned_data
                    )
                except ValidationError as error:
                    _form_errors(form, error)
                else:
                    messages.success(request, _("The invitation is sent."))
                    return redirect("cooperation:members", slug=self.cooperation.slug)
            return self.render_to_response(self.get_context_data(invite_form=form))
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                services.cooperation_set_status(
                    user=request.user,
                    cooperation=self.cooperation,
                    status=form.cleaned_data["status"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The status is changed."))
                return redirect("cooperation:members", slug=self.cooperation.slug)
        return self.render_to_response(self.get_context_data(status_form=form))


class CooperationChainView(CoordinatorMixin, TemplateView):
    """Coordinators write the chain from field to fork, step by step, in order."""

    template_name = "cooperation/cooperation_chain.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = self.cooperation.chain_links.all()
        formset = kwargs.get("formset") or ChainFormSet(
            initial=[
                {
                    "step_kind": link.step_kind,
                    "actor": link.actor.slug if link.actor and link.actor.is_public else None,
                    "category": link.category_id,
                    "description": link.description,
                }
                for link in links
            ]
        )
        context.update(cooperation=self.cooperation, formset=formset)
        return context

    def post(self, request, *args, **kwargs):
        formset = ChainFormSet(request.POST)
        if formset.is_valid():
            links = [row for row in formset.cleaned_data if row and row.get("step_kind")]
            try:
                services.chain_links_set(
                    user=request.user, cooperation=self.cooperation, links=links
                )
            except ValidationError as error:
                # Formsets have no add_error() for errors that span the rows (Django 5.2).
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("The chain is saved."))
                return redirect(self.cooperation.get_absolute_url())
        return self.render_to_response(self.get_context_data(formset=formset))


# ---- joining --------------------------------------------------------------------------


class MembershipRequestView(LoginRequiredMixin, View):
    """POST: ask to join for an actor the user manages."""

    def post(self, request, slug):
        cooperation = get_object_or_404(cooperation_detail_visible_to(request.user), slug=slug)
        form = MembershipRequestForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.membership_request(
                    user=request.user, cooperation=cooperation, **form.cleaned_data
                )
            except ValidationError as error:
                _message_errors(request, error)
            else:
                messages.success(
                    request, _("Your request is sent; the coordinators will answer it.")
                )
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(cooperation.get_absolute_url())


class ConsumerMembershipView(LoginRequiredMixin, View):
    """POST: a citizen joins (or leaves) as consumer member; counted, never listed."""

    def post(self, request, slug):
        cooperation = get_object_or_404(cooperation_detail_visible_to(request.user), slug=slug)
        if request.POST.get("leave"):
            services.consumer_membership_leave(user=request.user, cooperation=cooperation)
            messages.success(request, _("You are no longer a consumer member."))
        else:
            try:
                services.consumer_membership_join(user=request.user, cooperation=cooperation)
            except ValidationError as error:
                _message_errors(request, error)
            else:
                messages.success(
                    request,
                    _("You are a consumer member. Your name is never shown to others."),
                )
        return redirect(cooperation.get_absolute_url())


MEMBERSHIP_DECISIONS = {
    "accept": (services.membership_accept, _("Accepted: welcome to the cooperation.")),
    "decline": (services.membership_decline, _("Declined.")),
    "leave": (services.membership_leave, _("The membership has ended.")),
}


class MembershipDecisionView(LoginRequiredMixin, View):
    """POST: accept or decline a request or invitation, or leave."""

    def post(self, request, pk, decision):
        if decision not in MEMBERSHIP_DECISIONS:
            raise Http404
        membership = get_object_or_404(membership_list_visible_to(request.user), pk=pk)
        service, success = MEMBERSHIP_DECISIONS[decision]
        try:
            service(user=request.user, membership=membership)
        except ValidationError as error:
            _message_errors(request, error)
        else:
            messages.success(request, str(success))
        return HttpResponseRedirect(_safe_next(request, reverse("cooperation:my_cooperations")))


class MyCooperationsView(LoginRequiredMixin, TemplateView):
    """The cooperations of the user's actors, invitations to answer and requests to decide."""

    template_name = "cooperation/my_cooperations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = managed_actor_ids(self.request.user)
        memberships = list(
            Membership.objects.filter(actor_id__in=mine)
            .exclude(status=MembershipStatus.DECLINED)
            .select_related("cooperation", "cooperation__form", "actor")
            .order_by("cooperation__name")
        )
        coordinated = [
            m.cooperation_id
            for m in memberships
            if m.status == MembershipStatus.ACTIVE and m.role in COORDINATING_ROLES
        ]
        context.update(
            memberships=[m for m in memberships if m.status != MembershipStatus.INVITED],
            invitations=[m for m in memberships if m.status == MembershipStatus.INVITED],
            requests_to_decide=Membership.objects.filter(
                cooperation_id__in=coordinated, status=MembershipStatus.REQUESTED
            )
            .select_related("cooperation", "actor")
            .order_by("created"),
            consumer_memberships=ConsumerMembership.objects.filter(
                user=self.request.user
            ).select_related("cooperation"),
            has_actors=bool(mine),
        )
        return context


# ---- partners -------------------------------------------------------------------------


class PartnerFinderView(LoginRequiredMixin, TemplateView):
    """Ranked partners for one of the user's actors, each with a request button."""

    template_name = "cooperation/partner_finder.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        data = self.request.GET.copy() if self.request.GET else None
        form = PartnerFinderForm(data, user=user)
        initial = form.fields["actor"].initial
        if data is not None and not data.get("actor") and initial is not None:
            data["actor"] = initial.slug  # e.g. ?form=… from the guide, with one business
        matches = None
        if form.is_bound and form.is_valid():
            actor, chosen = form.cleaned_data["actor"], form.cleaned_data["form"]
        elif not form.is_bound and form.fields["actor"].initial is not None:
            actor, chosen = form.fields["actor"].initial, None
        else:
            actor = chosen = None
        pending_to = set()
        if actor is not None:
            matches = find_partners(actor, form=chosen)
            pending_to = set(
                partnership_request_list_visible_to(user)
                .filter(from_actor=actor, status=PartnershipStatus.PENDING)
                .values_list("to_actor_id", flat=True)
            )
        context.update(
            form=form,
            actor=actor,
            chosen_form=chosen,
            matches=matches,
            pending_to=pending_to,
            has_actors=bool(managed_actor_ids(user)),
        )
        return context


class PartnershipRequestCreateView(LoginRequiredMixin, View):
    """POST from the partner finder: send a partnership request."""

    def post(self, request):
        form = PartnershipRequestForm(request.POST, user=request.user)
        default = reverse("cooperation:partner_finder")
        if form.is_valid():
            try:
                services.partnership_request_send(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _message_errors(request, error)
            else:
                messages.success(
                    request,
                    _("Your request to %(actor)s is sent.")
                    % {"actor": form.cleaned_data["to_actor"].name},
                )
        else:
            messages.error(request, _("The request could not be sent: choose an actor you manage."))
        return HttpResponseRedirect(_safe_next(request, default))


class PartnershipRequestListView(LoginRequiredMixin, TemplateView):
    """Requests received and sent by the user's actors; accepted ones show the contact."""

    template_name = "cooperation/partnership_requests.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = managed_actor_ids(self.request.user)
        # Staff see every request in the API; this page is about the user's own actors.
        rows = list(
            partnership_request_list_visible_to(self.request.user).filter(
                Q(from_actor_id__in=mine) | Q(to_actor_id__in=mine)
            )
        )
        received, sent = [], []
        for row in rows:
            row.other = row.from_actor if row.to_actor_id in mine else row.to_actor
            row.show_contact = row.status == PartnershipStatus.ACCEPTED
            if row.to_actor_id in mine:
                received.append(row)
            if row.from_actor_id in mine:
                sent.append(row)
        context.update(received=received, sent=sent)
        return context


PARTNERSHIP_DECISIONS = {
    "accept": (
        services.partnership_request_accept,
        _("Accepted: you can now see each other's contact details."),
    ),
    "decline": (services.partnership_request_decline, _("Declined.")),
    "withdraw": (services.partnership_request_withdraw, _("Withdrawn.")),
}


class PartnershipRequestDecisionView(LoginRequiredMixin, View):
    def post(self, request, pk, decision):
        if decision not in PARTNERSHIP_DECISIONS:
            raise Http404
        row = get_object_or_404(partnership_request_list_visible_to(request.user), pk=pk)
        service, success = PARTNERSHIP_DECISIONS[decision]
        try:
            service(user=request.user, request=row)
        except ValidationError as error:
            _message_errors(request, error)
        else:
            messages.success(request, str(success))
        return redirect("cooperation:partnership_requests")


# ---- which form fits me? --------------------------------------------------------------

EXAMPLES_PER_FORM = 3
EXAMPLE_RADIUS_KM = 30


class FormGuideView(TemplateView):
    """Answers about the four mindsets and wishes → forms that fit, with nearby examples."""

    template_name = "cooperation/form_guide.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = FormGuideForm(self.request.GET or None)
        forms_ = list(cooperation_form_list())
        mindsets, wishes, municipality = [], [], None
        if form.is_bound and form.is_valid():
            mindsets = form.cleaned_data["mindsets"]
            wishes = form.cleaned_data["wishes"]
            municipality = form.cleaned_data["municipality"]
        fits = rank_forms(forms_, mindsets, wishes)
        # Examples: public, going cooperations; the nearest when a municipality is given.
        examples = cooperation_list_visible_to(self.request.user).filter(
            status__in=OPEN_STATUSES, is_public=True
        )
        if municipality is not None:
            examples = examples.near(
                municipality.latitude, municipality.longitude, EXAMPLE_RADIUS_KM
            ).order_by("distance_km")
        else:
            examples = examples.order_by("-created")
        by_form = {}
        for coop in examples.prefetch_related(Prefetch("municipalities"))[:100]:
            by_form.setdefault(coop.form_id, [])
            if len(by_form[coop.form_id]) < EXAMPLES_PER_FORM:
                by_form[coop.form_id].append(coop)
        wish_labels = dict(form.fields["wishes"].choices)
        mindset_labels = dict(form.fields["mindsets"].choices)
        for fit in fits:
            fit.examples = by_form.get(fit.form.pk, [])
            fit.wish_labels = [wish_labels[w] for w in fit.wishes]
            fit.mindset_labels = [mindset_labels[m] for m in fit.mindsets]
        context.update(
            form=form,
            fits=fits,
            answered=bool(mindsets or wishes),
            municipality=municipality,
        )
        return context
