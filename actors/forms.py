"""Forms of the actors pages. They parse and check input; the services in actors.services write.

Each form offers `service_kwargs()`: the keyword arguments its service takes, so a view only
calls `<thing>_save(user=..., **form.service_kwargs())` and maps a service's ValidationError
back onto the fields with `add_service_errors`.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from actors.choices import (
    MONTH_NAMES,
    ActorKind,
    Audience,
    Channel,
    LabelKind,
    NeedKind,
    Weekday,
)
from actors.models import Actor, Label, Need, Offer, ProductCategory, SalesPoint
from actors.selectors import product_category_tree
from actors.services import Period
from actors.validators import validate_today_or_later
from network.models import Municipality

AUDIENCE_FIELDS = {
    Audience.CITIZENS: "for_citizens",
    Audience.SHOPS: "for_shops",
    Audience.KITCHENS: "for_kitchens",
    Audience.PROCESSORS: "for_processors",
}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def municipality_choices_queryset():
    return Municipality.objects.order_by("name_nl")


class MunicipalityField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def grouped_category_choices(empty_label=None) -> list:
    """Product categories as <optgroup>s: each top level first (for "any vegetables"), then its
    children. Two queries, whatever the size of the taxonomy."""
    choices = [("", empty_label or "---------")]
    for parent in product_category_tree():
        group = [(parent.pk, parent.name)]
        group += [(child.pk, child.name) for child in parent.children.all()]
        choices.append((parent.name, group))
    return choices


TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def capitalised(choices) -> list:
    """Choices as labels in a list start: "Farm shop", where the running text says "farm shop"."""
    return [(value, capfirst(label)) for value, label in choices]


def round_point(form: forms.ModelForm) -> None:
    """Show a stored point to six decimals (about 10 cm), not to a float's seventeen digits."""
    for name in ("latitude", "longitude"):
        value = getattr(form.instance, name, None)
        if value is not None and not form.is_bound:
            form.initial[name] = round(value, 6)


class PointFromMunicipalityMixin:
    """Latitude and longitude are optional: empty ones take the municipality's centre."""

    def fill_point(self, cleaned):
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        municipality = cleaned.get("municipality")
        if (lat is None) != (lon is None):
            self.add_error(
                "longitude" if lon is None else "latitude",
                _("Give both latitude and longitude, or leave both empty."),
            )
        elif lat is None and municipality is not None:
            cleaned["latitude"] = municipality.latitude
            cleaned["longitude"] = municipality.longitude
        return cleaned


# --- Actor ------------------------------------------------------------------------------------


class ActorForm(PointFromMunicipalityMixin, forms.ModelForm):
    """Register or edit an actor: who, where, what, contact and publication, one page."""

    municipality = MunicipalityField(
        queryset=municipality_choices_queryset(),
        label=_("Municipality"),
        required=False,
        help_text=_("Leave empty to find it from the postcode."),
    )
    website = forms.URLField(
        label=_("website"),
        max_length=255,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    labels = forms.ModelMultipleChoiceField(
        queryset=Label.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Labels and certifications"),
    )

    class Meta:
        model = Actor
        fields = [
            "kind",
            "kitchen_type",
            "initiative_type",
            "name",
            "founded_year",
            "kbo_number",
            "street_address",
            "postcode",
            "municipality",
            "latitude",
            "longitude",
            "description",
            "photo",
            "phone",
            "email",
            "website",
            "is_public",
            "open_data_consent",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 4}
            ),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "name": _("The name people know your business by."),
            "kitchen_type": _("Only for kitchens."),
            "initiative_type": _("Only for citizens' initiatives."),
            "latitude": _("Filled in from the municipality when empty; drag the map marker."),
            "description": _(
                "What you grow or make, how you work, what makes it yours. Up to 5000 characters."
            ),
            "phone": _("A business number, shown on your public page."),
            "email": _("A business address, shown on your public page (not your login)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["latitude"].required = False
        self.fields["longitude"].required = False
        self.fields["kind"].choices = capitalised(ActorKind.choices)
        round_point(self)
        self.fields["kind"].label = _("What kind of business or organisation are you?")
        self.label_list = list(self.fields["labels"].queryset)
        existing = {}
        if self.instance.pk:
            existing = {row.label_id: row.certifier for row in self.instance.actor_labels.all()}
            self.initial.setdefault("labels", list(existing))
        for label in self.label_list:
            self.fields[f"certifier_{label.pk}"] = forms.CharField(
                label=_("Certified by"),
                max_length=100,
                required=False,
                initial=existing.get(label.pk, ""),
            )

    def label_rows(self):
        """(label, its checkbox, its certifier field, when to show that field), for the table."""
        checkboxes = {str(box.data["value"]): box for box in self["labels"]}
        return [
            (
                label,
                checkboxes.get(str(label.pk)),
                self[f"certifier_{label.pk}"],
                f"labels={label.pk}",
            )
            for label in self.label_list
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind != ActorKind.KITCHEN:
            cleaned["kitchen_type"] = ""
        if kind != ActorKind.CITIZENS_INITIATIVE:
            cleaned["initiative_type"] = ""
        if cleaned.get("municipality") is None and "municipality" not in self.errors:
            postcode = cleaned.get("postcode")
            municipality = (
                Municipality.objects.filter(postcodes__contains=postcode).first()
                if postcode
                else None
            )
            if municipality is None:
                self.add_error(
                    "municipality",
                    _("Choose your municipality: we could not find it from the postcode.")
                    if postcode
                    else _("Choose your municipality."),
                )
            else:
                cleaned["municipality"] = municipality
        for label in cleaned.get("labels") or []:
            if label.kind == LabelKind.ORGANIC and not cleaned.get(f"certifier_{label.pk}"):
                self.add_error(
                    f"certifier_{label.pk}",
                    _("Name the body that certifies you as organic, e.g. Certisys."),
                )
        return self.fill_point(cleaned)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name in data}
        if fields.get("photo") is False:  # "clear" ticked on the file input
            fields["photo"] = ""
        elif fields.get("photo") is None:
            fields.pop("photo", None)
        fields["labels"] = [
            (label, data.get(f"certifier_{label.pk}", "")) for label in data.get("labels") or []
        ]
        return fields


# --- Sales points and opening hours -----------------------------------------------------------


class SalesPointForm(PointFromMunicipalityMixin, forms.ModelForm):
    municipality = MunicipalityField(
        queryset=municipality_choices_queryset(), label=_("Municipality"), required=False
    )

    class Meta:
        model = SalesPoint
        fields = [
            "channel",
            "name",
            "description",
            "street_address",
            "postcode",
            "municipality",
            "latitude",
            "longitude",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        }
        help_texts = {
            "name": _("E.g. “Farm shop” or “Saturday market Gent”."),
            "description": _(
                "How it works: ordering, paying, pick-up; for a webshop, where it delivers."
            ),
            "latitude": _("Filled in from the municipality when empty; drag the map marker."),
            "is_active": _("Untick to hide it for a while without losing its hours."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["latitude"].required = False
        self.fields["longitude"].required = False
        self.fields["channel"].choices = capitalised(self.fields["channel"].choices)
        round_point(self)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("channel")
            and cleaned["channel"] != Channel.WEBSHOP
            and cleaned.get("municipality") is None
            and "municipality" not in self.errors
        ):
            self.add_error("municipality", _("Where can people find it? Choose the municipality."))
        return self.fill_point(cleaned)

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PeriodForm(forms.Form):
    """One row of the opening hours: a weekday and a period; an empty row is skipped."""

    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=capitalised(Weekday.choices), coerce=int, initial=Weekday.MONDAY
    )
    opens = forms.TimeField(label=_("Opens"), required=False, widget=TIME_INPUT)
    closes = forms.TimeField(label=_("Closes"), required=False, widget=TIME_INPUT)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if "opens" in self.errors or "closes" in self.errors:
            return cleaned
        if opens is None and closes is None:
            return cleaned
        if opens is None:
            self.add_error("opens", _("Give the opening time too."))
        elif closes is None:
            self.add_error("closes", _("Give the closing time too."))
        elif closes <= opens:
            self.add_error("closes", _("Closing time must be after opening time."))
        return cleaned

    def period(self) -> Period | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("DELETE") or not data.get("opens") or not data.get("closes"):
            return None
        return Period(weekday=data["weekday"], opens=data["opens"], closes=data["closes"])


class BasePeriodFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        by_day: dict[int, list[tuple[datetime.time, datetime.time, PeriodForm]]] = {}
        for form in self.forms:
            period = form.period()
            if period:
                by_day.setdefault(period.weekday, []).append((period.opens, period.closes, form))
        for periods in by_day.values():
            periods.sort(key=lambda item: item[0])
            for (_opens, previous_closes, _form), (opens, _closes, form) in zip(
                periods, periods[1:], strict=False
            ):
                if opens < previous_closes:
                    form.add_error("opens", _("This period overlaps another one on the same day."))

    def periods(self) -> list[Period]:
        return [period for form in self.forms if (period := form.period())]


PeriodFormSet = formset_factory(PeriodForm, formset=BasePeriodFormSet, extra=3, can_delete=True)


def period_formset(*, data=None, sales_point: SalesPoint | None = None) -> BasePeriodFormSet:
    initial = []
    if sales_point is not None and sales_point.pk:
        initial = [
            {"weekday": row.weekday, "opens": row.opens, "closes": row.closes}
            for row in sales_point.opening_hours.all()
        ]
    return PeriodFormSet(data=data, initial=initial, prefix="hours")


class OpeningExceptionForm(forms.Form):
    """A day that differs from the weekly hours: closed, or open at other times."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_closed = forms.BooleanField(label=_("Closed all day"), required=False, initial=True)
    opens = forms.TimeField(label=_("Opens"), required=False, widget=TIME_INPUT)
    closes = forms.TimeField(label=_("Closes"), required=False, widget=TIME_INPUT)
    note = forms.CharField(
        label=_("Note"),
        max_length=150,
        required=False,
        help_text=_("Shown to visitors, e.g. “Christmas” or “Open for the farm day”."),
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        validate_today_or_later(date)
        return date

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_closed"):
            cleaned["opens"] = cleaned["closes"] = None
            return cleaned
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens is None and "opens" not in self.errors:
            self.add_error("opens", _("Give the opening time, or tick “closed all day”."))
        if closes is None and "closes" not in self.errors:
            self.add_error("closes", _("Give the closing time, or tick “closed all day”."))
        if opens and closes and closes <= opens:
            self.add_error("closes", _("Closing time must be after opening time."))
        return cleaned


# --- Offers and needs -------------------------------------------------------------------------


class CategoryField(forms.ModelChoiceField):
    """A product category, offered as <optgroup>s per top-level category."""

    def __init__(self, **kwargs):
        super().__init__(queryset=ProductCategory.objects.all(), **kwargs)

    def refresh_choices(self):
        self.choices = grouped_category_choices()


class OfferForm(forms.ModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("In season"),
        choices=[(index + 1, name) for index, name in enumerate(MONTH_NAMES)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the months you usually have it."),
        error_messages={"required": _("Choose at least one month.")},
    )
    audiences = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    category = CategoryField(label=_("Product"))

    class Meta:
        model = Offer
        fields = ["category", "description", "volume_per_week", "unit", "is_active"]
        help_texts = {
            "description": _("Varieties, how it is grown or packed, e.g. “Nicola, unwashed”."),
            "volume_per_week": _("Roughly, so shops and kitchens know what to expect."),
            "is_active": _("Untick to hide the offer without deleting it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].refresh_choices()
        offer = self.instance
        self.initial.setdefault(
            "months", [month for month in range(1, 13) if offer.in_season(month)]
        )
        if offer.pk:
            audiences = [key for key, name in AUDIENCE_FIELDS.items() if getattr(offer, name)]
        else:
            audiences = [Audience.CITIZENS]
        self.initial.setdefault("audiences", audiences)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields["season_months"] = sum(1 << (month - 1) for month in set(data["months"]))
        chosen = set(data.get("audiences") or [])
        for key, name in AUDIENCE_FIELDS.items():
            fields[name] = key in chosen
        return fields


class NeedForm(forms.ModelForm):
    category = CategoryField(label=_("Product"), required=False)

    class Meta:
        model = Need
        fields = [
            "kind",
            "category",
            "service",
            "description",
            "volume",
            "unit",
            "frequency",
            "max_distance_km",
            "start_date",
            "is_active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "start_date": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"kind": _("What do you need?")}
        help_texts = {
            "category": _("For a product."),
            "service": _("For a service."),
            "max_distance_km": _("How far away a partner may be."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].refresh_choices()
        self.fields["kind"].choices = capitalised(NeedKind.choices)
        self.fields["service"].choices = capitalised(self.fields["service"].choices)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == NeedKind.PRODUCT:
            cleaned["service"] = ""
            if cleaned.get("category") is None and "category" not in self.errors:
                self.add_error("category", _("Choose the product you need."))
        elif kind == NeedKind.SERVICE:
            cleaned["category"] = None
            if not cleaned.get("service") and "service" not in self.errors:
                self.add_error("service", _("Choose the service you need."))
        return cleaned

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# --- Editors ----------------------------------------------------------------------------------


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person to invite"),
        help_text=_(
            "They receive a link, valid for 14 days, and become an editor once they accept it "
            "while logged in with this address."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


# --- The citizen's private profile ------------------------------------------------------------


class CitizenProfileForm(forms.Form):
    """ "My food profile": the home municipality that "near home" searches start from."""

    home_municipality = MunicipalityField(
        queryset=municipality_choices_queryset(),
        label=_("Home municipality"),
        required=False,
        empty_label=_("Not set"),
        help_text=_(
            "Only you see this. It lets the directory offer a search near your home in one click."
        ),
    )

    def service_kwargs(self) -> dict:
        return {"home_municipality": self.cleaned_data["home_municipality"]}
