"""Account pages: sign up, log in and out, passwords, the account page and its API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from accounts.forms import AccountDeleteForm, ApiTokenForm, LoginForm, ProfileForm, SignUpForm
from accounts.limits import password_reset_allowed
from accounts.models import ApiToken, User
from accounts.selectors import api_token_list_visible_to, user_personal_data
from accounts.services import (
    api_token_create,
    api_token_revoke,
    api_token_revoke_all,
    user_delete,
    user_sign_up,
)
from network.client_ip import client_ip


def _safe_next(request) -> str | None:
    """The `next` page asked for, if it is on this site; never an open redirect."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


class SignUpView(FormView):
    """Anyone may create an account with an e-mail address and a password."""

    template_name = "accounts/signup.html"
    form_class = SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("accounts:account")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_safe_next(self.request), **kwargs)

    def form_valid(self, form):
        try:
            user = user_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("Welcome to Ketenwerk. Your account is ready."))
        return redirect(_safe_next(self.request) or reverse("accounts:account"))


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once an account is locked for an address: 429 and when to retry."""
    from axes.helpers import get_cool_off, get_failure_limit

    cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cool_off.total_seconds() / 60))
    context = {"minutes": minutes, "failure_limit": get_failure_limit(request, credentials)}
    return render(request, "accounts/locked_out.html", context, status=429)


class LogoutView(auth_views.LogoutView):
    """Logs out on POST only (Django refuses GET), so a link or image cannot log anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response


def _account_page(request, *, profile_form=None, token_form=None):
    """The account page, with any form that came back with errors bound in place."""
    context = {
        "profile_form": profile_form or ProfileForm(instance=request.user),
        "token_form": token_form or ApiTokenForm(),
        "tokens": api_token_list_visible_to(request.user),
        "now": timezone.now(),
        "token_ttl_days": settings.REST_KNOX["TOKEN_TTL"].days,
    }
    return render(request, "accounts/account.html", context)


class AccountView(LoginRequiredMixin, View):
    """The person's own page: name, e-mail, password and API tokens."""

    def get(self, request):
        return _account_page(request)


class PostOnlyLoginRequiredMixin(LoginRequiredMixin):
    """For form targets on the account page: after logging in, go back to that page."""

    http_method_names = ["post"]

    def handle_no_permission(self):
        return redirect_to_login(reverse("accounts:account"))


class ProfileUpdateView(PostOnlyLoginRequiredMixin, View):
    def post(self, request):
        # Bind to a fresh copy: a refused form must not change the name shown in the page.
        form = ProfileForm(request.POST, instance=User.objects.get(pk=request.user.pk))
        if not form.is_valid():
            return _account_page(request, profile_form=form)
        form.save()
        messages.success(request, _("Your name is saved."))
        return redirect("accounts:account")


@method_decorator(never_cache, name="dispatch")
class ApiTokenCreateView(PostOnlyLoginRequiredMixin, View):
    """Issues a token and shows it once, in this response only: it is never stored readable."""

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, raw = api_token_create(user=request.user, name=form.cleaned_data["name"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return render(
                    request, "accounts/token_created.html", {"token": token, "raw_token": raw}
                )
        return _account_page(request, token_form=form)


class ApiTokenRevokeView(PostOnlyLoginRequiredMixin, View):
    def post(self, request, token_key):
        token = get_object_or_404(api_token_list_visible_to(request.user), token_key=token_key)
        try:
            api_token_revoke(user=request.user, token_key=token.token_key)
        except ApiToken.DoesNotExist:
            pass  # revoked a moment ago in another tab: the outcome the person wanted
        message = _("The token “%(name)s” is revoked. It no longer works.")
        messages.success(request, message % {"name": token.name})
        return redirect("accounts:account")


class ApiTokenRevokeAllView(PostOnlyLoginRequiredMixin, View):
    def post(self, request):
        count = api_token_revoke_all(user=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d token is revoked. It no longer works.",
                "%(count)d tokens are revoked. They no longer work.",
                count,
            )
            % {"count": count},
        )
        return redirect("accounts:account")


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:account")
    success_message = gettext_lazy("Your password is changed.")


class PasswordResetView(auth_views.PasswordResetView):
    """Mails a reset link; says the same whether or not the address has an account."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        # Links point at the configured site, not at whatever Host header the request carried.
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        allowed = password_reset_allowed(
            email=form.cleaned_data["email"], ip_address=client_ip(self.request)
        )
        if not allowed:
            form.add_error(
                None,
                _(
                    "Too many password-reset requests for this address or from your network. "
                    "Please wait an hour and try again."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Privacy: the privacy page, downloading one's data, deleting one's account ---------------


class PrivacyView(TemplateView):
    """What Ketenwerk keeps about people, why, for how long, who sees it, and how to get it."""

    template_name = "accounts/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            token_ttl_days=settings.REST_KNOX["TOKEN_TTL"].days,
            login_records_days=settings.LOGIN_RECORDS_DAYS,
            survey_min_group_size=settings.SURVEY_MIN_GROUP_SIZE,
            **kwargs,
        )


def personal_data_response(user) -> JsonResponse:
    """The person's data as a JSON file to save (the page and the API answer the same)."""
    response = JsonResponse(
        user_personal_data(user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    filename = f"ketenwerk-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class PersonalDataDownloadView(LoginRequiredMixin, View):
    """Everything we keep about the signed-in person, as a JSON file."""

    def get(self, request):
        return personal_data_response(request.user)


@method_decorator(never_cache, name="dispatch")
class AccountDeleteView(LoginRequiredMixin, View):
    """Delete one's own account, confirmed with the password (rules: accounts.services)."""

    template_name = "accounts/account_delete.html"

    def get(self, request):
        return render(request, self.template_name, {"form": AccountDeleteForm()})

    def post(self, request):
        form = AccountDeleteForm(request.POST)
        if form.is_valid():
            try:
                user_delete(user=request.user, password=form.cleaned_data["password"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                messages.success(request, _("Your account is deleted. Thank you for taking part."))
                return redirect("network:home")
        return render(request, self.template_name, {"form": form})
