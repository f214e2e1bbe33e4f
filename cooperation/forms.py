"""Forms of the cooperation pages. They parse; the services decide (and their messages show)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, ProductCategory
from actors.selectors import actors_managed_by
from cooperation.choices import (
    COORDINATING_ROLES,
    ChainStepKind,
    CooperationStatus,
    DecisionMaking,
    LegalForm,
    MemberRole,
    Mindset,
    PriceSetting,
)
from cooperation.models import CooperationForm
from network.models import Municipality


class ManagedActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _my_actors(field: forms.ModelChoiceField, user) -> None:
    field.queryset = actors_managed_by(user)
    if field.queryset.count() == 1:
        field.initial = field.queryset.first()


class CooperationEditForm(forms.Form):
    """What a coordinator describes of a cooperation."""

    name = forms.CharField(label=_("Name"), max_length=150)
    form = forms.ModelChoiceField(
        label=_("Form of cooperation"),
        queryset=CooperationForm.objects.order_by("position"),
        to_field_name="slug",
        help_text=_("Not sure? The guide 'Which form fits me?' helps you choose."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.order_by("name_nl"),
        required=False,
        help_text=_("Where the cooperation works. Hold Ctrl (or Cmd) to choose several."),
    )
    started_on = forms.DateField(
        label=_("Started on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    shared_assets = forms.CharField(
        label=_("Shared assets"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What the members share: a processing kitchen, a cold store, a van, a shop…"),
    )
    price_setting = forms.ChoiceField(
        label=_("Who sets the price?"), choices=PriceSetting.choices, widget=forms.RadioSelect
    )
    decision_making = forms.ChoiceField(
        label=_("How are decisions made?"), choices=DecisionMaking.choices
    )
    decision_notes = forms.CharField(
        label=_("More about decision making"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    accepts_new_members = forms.BooleanField(
        label=_("Accepts new members"), required=False, initial=True
    )
    is_public = forms.BooleanField(
        label=_("Show in the list of cooperations and on the map"), required=False, initial=True
    )


class CooperationCreateForm(CooperationEditForm):
    initiator = ManagedActorChoiceField(
        label=_("Started by"),
        queryset=Actor.objects.none(),
        help_text=_("Your business; it becomes the first member, as initiator."),
    )
    status = forms.ChoiceField(
        label=_("Where does it stand?"),
        choices=[c for c in CooperationStatus.choices if c[0] != CooperationStatus.ENDED],
        initial=CooperationStatus.IDEA,
    )

    field_order = ["initiator", "name", "form", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _my_actors(self.fields["initiator"], user)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CooperationStatus.choices)


REQUESTABLE_ROLES = [c for c in MemberRole.choices if c[0] not in COORDINATING_ROLES]


class MembershipRequestForm(forms.Form):
    actor = ManagedActorChoiceField(label=_("Join as"), queryset=Actor.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=REQUESTABLE_ROLES)
    message = forms.CharField(
        label=_("Message to the coordinators"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _my_actors(self.fields["actor"], user)


class InviteForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Actor"),
        queryset=Actor.objects.listed(),
        to_field_name="slug",
        widget=forms.TextInput,
        help_text=_("The actor's address name (slug), as in its page's address."),
        error_messages={"invalid_choice": _("No listed actor has this name.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PartnerFinderForm(forms.Form):
    actor = ManagedActorChoiceField(
        label=_("Find partners for"), queryset=Actor.objects.none(), to_field_name="slug"
    )
    form = forms.ModelChoiceField(
        label=_("Form of cooperation"),
        queryset=CooperationForm.objects.order_by("position"),
        to_field_name="slug",
        required=False,
        empty_label=_("All forms"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _my_actors(self.fields["actor"], user)


class PartnershipRequestForm(forms.Form):
    from_actor = ManagedActorChoiceField(
        label=_("From"), queryset=Actor.objects.none(), to_field_name="slug"
    )
    to_actor = forms.ModelChoiceField(
        queryset=Actor.objects.listed(), to_field_name="slug", widget=forms.HiddenInput
    )
    form = forms.ModelChoiceField(
        label=_("Form of cooperation"),
        queryset=CooperationForm.objects.order_by("position"),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _my_actors(self.fields["from_actor"], user)
        self.fields["from_actor"].widget = forms.HiddenInput()


class Wish:
    WIDEN_ASSORTMENT = "widen_assortment"
    SELL_TOGETHER = "sell_together"
    PROCESS = "process"
    SUPPLY_KITCHENS = "supply_kitchens"
    INVOLVE_CONSUMERS = "involve_consumers"
    SHARE_INVESTMENT = "share_investment"

    CHOICES = [
        (WIDEN_ASSORTMENT, _("offer more products in my farm shop")),
        (SELL_TOGETHER, _("sell or market together with other farmers")),
        (PROCESS, _("process my raw products (juice, cheese, meat, preserves…)")),
        (SUPPLY_KITCHENS, _("supply schools, care homes or shops steadily")),
        (INVOLVE_CONSUMERS, _("involve consumers who share in the risk and decisions")),
        (SHARE_INVESTMENT, _("share an investment: machines, a cold store, a shop")),
    ]


MINDSET_QUESTIONS = [
    (Mindset.MARKET_TOO_SMALL, _("My market is too small to grow alone.")),
    (Mindset.AUTONOMY, _("I am afraid of losing my independence.")),
    (Mindset.LOSS_AVERSION, _("I do not want to risk what I have built.")),
    (Mindset.INDIVIDUAL_INTEREST, _("I wonder what is in it for me.")),
]


class FormGuideForm(forms.Form):
    mindsets = forms.MultipleChoiceField(
        label=_("What holds you back?"),
        choices=MINDSET_QUESTIONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    wishes = forms.MultipleChoiceField(
        label=_("What would you like to do?"),
        choices=Wish.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    municipality = forms.ModelChoiceField(
        label=_("Your municipality"),
        queryset=Municipality.objects.order_by("name_nl"),
        required=False,
        help_text=_("To show examples of cooperations near you."),
    )


class ChainLinkForm(forms.Form):
    """One step of a field-to-fork chain; rows left without a step are ignored."""

    step_kind = forms.ChoiceField(
        label=_("Step"), choices=[("", "---------"), *ChainStepKind.choices], required=False
    )
    actor = forms.ModelChoiceField(
        label=_("Actor"),
        queryset=Actor.objects.listed(),
        to_field_name="slug",
        widget=forms.TextInput,
        required=False,
        help_text=_("The actor's address name (slug); none for the consumer."),
        error_messages={"invalid_choice": _("No listed actor has this name.")},
    )
    category = forms.ModelChoiceField(
        label=_("Product"),
        queryset=ProductCategory.objects.order_by("position", "name_nl"),
        required=False,
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


ChainFormSet = forms.formset_factory(ChainLinkForm, extra=2, max_num=12, absolute_max=12)
