"""Forms of the account pages. They parse input; the rules live in accounts.services."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, User


class SignUpForm(forms.Form):
    """E-mail, password twice and an optional name; user_sign_up decides what is acceptable."""

    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_confirm = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        confirm = cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", _("The two passwords do not match."))
        return cleaned


class LoginForm(AuthenticationForm):
    """Django's log-in form, asking for the e-mail address the account is keyed by."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Enter a correct e-mail address and password. The password is case-sensitive."
        ),
    }


class ProfileForm(forms.ModelForm):
    """The person's own name; like the e-mail address it is private to them and the staff."""

    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }


class ApiTokenForm(forms.Form):
    """Names the client application a new token is for."""

    name = forms.CharField(
        label=_("Client application"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("For example “farm shop till” or “weekly stock export”."),
    )


class AccountDeleteForm(forms.Form):
    """The person confirms deleting their account with their password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
