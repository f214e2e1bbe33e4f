"""Forms of the municipal support pages. They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.choices import SUPPORT_KINDS
from actors.models import Actor
from cooperation.models import Cooperation
from municipality.choices import (
    ContactChannel,
    FundingSource,
    MunicipalRole,
    SupportActionStatus,
    SupportActionType,
)
from municipality.models import MAX_CAPACITY, FoodStrategyGoal, SupportAction
from municipality.permissions import officer_municipality_ids
from municipality.selectors import support_action_visibility_filter
from network.models import Municipality


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            from django.utils import timezone

            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class SupportActionForm(forms.Form):
    """An officer's support action: the fields of the service, choices scoped to the officer."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)
    action_type = forms.ChoiceField(label=_("Type"), choices=SupportActionType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    end_date = forms.DateField(label=_("End date"), widget=DateInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=SupportActionStatus.choices)
    budget = forms.DecimalField(
        label=_("Budget (euro)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    staff_hours = forms.DecimalField(
        label=_("Staff hours"), min_value=0, max_digits=8, decimal_places=1, initial=0
    )
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    goals = forms.ModelMultipleChoiceField(
        label=_("Food-strategy goals"), queryset=FoodStrategyGoal.objects.none(), required=False
    )
    led_to_by = forms.ModelMultipleChoiceField(
        label=_("Led to by"),
        queryset=SupportAction.objects.none(),
        required=False,
        help_text=_("The earlier actions that led to this one."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Actor.objects.filter(kind__in=SUPPORT_KINDS).order_by("name"),
        required=False,
        help_text=_("Knowledge institutions and advisers that take part."),
    )
    actors_reached = forms.ModelMultipleChoiceField(
        label=_("Actors reached"), queryset=Actor.objects.none(), required=False
    )
    cooperations_reached = forms.ModelMultipleChoiceField(
        label=_("Cooperations reached"), queryset=Cooperation.objects.none(), required=False
    )
    outcomes = forms.CharField(
        label=_("Outcomes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=DateTimeInput,
        required=False,
        help_text=_("Connection meetings and work sessions only."),
    )
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, max_value=MAX_CAPACITY, required=False
    )

    def __init__(self, *args, user, instance: SupportAction | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = (
            set(Municipality.objects.values_list("pk", flat=True))
            if user.is_staff
            else officer_municipality_ids(user)
        )
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=ids)
        self.fields["goals"].queryset = FoodStrategyGoal.objects.filter(
            municipality_id__in=ids
        ).select_related("municipality")
        self.fields["goals"].label_from_instance = lambda g: f"{g.municipality} · {g.title}"
        visible = support_action_visibility_filter(SupportAction.objects.all(), user)
        if instance is not None:
            visible = visible.exclude(pk=instance.pk)
        self.fields["led_to_by"].queryset = visible.select_related("municipality").order_by(
            "-start_date"
        )
        self.fields["led_to_by"].label_from_instance = lambda a: (
            f"{a.title} ({a.municipality}, {a.start_date:%Y-%m-%d})"
        )
        self.fields["actors_reached"].queryset = Actor.objects.filter(
            municipality_id__in=ids
        ).order_by("name")
        self.fields["cooperations_reached"].queryset = (
            Cooperation.objects.filter(municipalities__in=ids).distinct().order_by("name")
        )
        if len(ids) == 1:
            self.fields["municipality"].initial = next(iter(ids))
        if instance is not None:
            for name in self.fields:
                if name in ("goals", "led_to_by", "partners", "actors_reached"):
                    self.initial[name] = list(getattr(instance, name).all())
                elif name == "cooperations_reached":
                    self.initial[name] = list(instance.cooperations_reached.all())
                else:
                    self.initial[name] = getattr(instance, name)


class GoalForm(forms.ModelForm):
    class Meta:
        model = FoodStrategyGoal
        fields = ["title", "description", "indicator", "target_value", "target_unit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class EventRegisterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Register for"),
        queryset=Actor.objects.none(),
        required=False,
        empty_label=_("myself, as a citizen"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_authenticated:
            self.fields["actor"].queryset = Actor.objects.filter(managers__user=user).order_by(
                "name"
            )


class SurveyForm(forms.Form):
    """Survey "Boeren en Burgers" (farmers and citizens), once a year per farm."""

    farmer = forms.ModelChoiceField(label=_("Farm"), queryset=Actor.objects.none())
    contact_channels = forms.MultipleChoiceField(
        label=_("How do you come into contact with citizens?"),
        choices=ContactChannel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    municipality_important = forms.TypedChoiceField(
        label=_(
            "Does the municipality have an important role in bringing farmers and citizens "
            "together?"
        ),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    municipal_roles = forms.MultipleChoiceField(
        label=_("If so, for what?"),
        choices=MunicipalRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["farmer"].queryset = Actor.objects.filter(
            managers__user=user, kind="farmer"
        ).order_by("name")
