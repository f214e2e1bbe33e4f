"""Writes of the actors app. Views, forms and serializers parse input and call these.

Each service checks the rules that span rows (an owner per actor, one unique slug, open-data
consent recorded with its moment), runs `full_clean()` so the same field messages reach the
page and the API, and is atomic.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actors.choices import ManagerRole
from actors.models import (
    Actor,
    ActorInvitation,
    ActorLabel,
    ActorManager,
    CitizenProfile,
    Label,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    SalesPoint,
)
from actors.permissions import can_change_actor, can_manage_editors
from actors.validators import normalize_kbo
from network.response_cache import DIRECTORY, bump_after_commit

ACTOR_FIELDS = {
    "kind",
    "kitchen_type",
    "initiative_type",
    "name",
    "description",
    "street_address",
    "postcode",
    "municipality",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "photo",
    "kbo_number",
    "founded_year",
    "is_public",
    "open_data_consent",
}


def reserved_slugs(*paths: str) -> frozenset[str]:
    """The last segment of each URL path msgid, in every language of the site.

    A row whose slug equals a fixed page's segment ("producers/register/" → register,
    registreren, inscription) would have its page hidden behind that fixed page.
    """
    segments = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            segments.update(translation.gettext(path).strip("/").split("/")[-1] for path in paths)
    return frozenset(segments)


# The actors' fixed pages that sit beside `producers/<slug>/` (see actors/urls.py).
ACTOR_FIXED_PAGES = ("producers/register/", "producers/mine/", "producers/my-profile/")


def unique_slug(
    model, text: str, *, exclude_pk=None, max_length: int = 160, reserved=frozenset()
) -> str:
    """A slug from `text` not yet used by another row of `model` (adds -2, -3… when needed),
    and not one of the `reserved` words of fixed pages."""
    base = slugify(text)[:max_length].strip("-") or "actor"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    ) | set(reserved)
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _apply_actor_fields(actor: Actor, fields: dict) -> None:
    unknown = set(fields) - ACTOR_FIELDS
    if unknown:
        raise TypeError(f"Unknown actor fields: {', '.join(sorted(unknown))}")
    if "kbo_number" in fields and fields["kbo_number"]:
        fields["kbo_number"] = normalize_kbo(fields["kbo_number"])
    consent_before = actor.open_data_consent
    for name, value in fields.items():
        setattr(actor, name, value)
    if actor.open_data_consent and not consent_before:
        actor.open_data_consent_at = timezone.now()
    elif not actor.open_data_consent:
        actor.open_data_consent_at = None


@transaction.atomic
def actor_create(*, user, labels: Iterable[tuple[Label, str]] = (), **fields) -> Actor:
    """Register an actor; the user who registers it becomes its owner."""
    if not user.is_authenticated:
        raise PermissionDenied
    actor = Actor()
    _apply_actor_fields(actor, fields)
    actor.slug = unique_slug(Actor, actor.name, reserved=reserved_slugs(*ACTOR_FIXED_PAGES))
    actor.full_clean()
    actor.save()
    ActorManager.objects.create(actor=actor, user=user, role=ManagerRole.OWNER)
    actor_set_labels(actor=actor, labels=labels)
    return actor


@transaction.atomic
def actor_update(*, user, actor: Actor, **fields) -> Actor:
    if not can_change_actor(user, actor):
        raise PermissionDenied
    labels = fields.pop("labels", None)
    _apply_actor_fields(actor, fields)
    actor.full_clean()
    actor.save()
    if labels is not None:
        actor_set_labels(actor=actor, labels=labels)
    return actor


@transaction.atomic
def actor_delete(*, user, actor: Actor) -> None:
    if not can_manage_editors(user, actor):
        raise PermissionDenied
    actor.delete()


def actor_set_labels(*, actor: Actor, labels: Iterable[tuple[Label, str]]) -> None:
    """Replace the actor's labels by `labels`, pairs of (label, certifier)."""
    wanted = {label.pk: (label, certifier or "") for label, certifier in labels}
    ActorLabel.objects.filter(actor=actor).exclude(label_id__in=wanted).delete()
    existing = {row.label_id: row for row in ActorLabel.objects.filter(actor=actor)}
    for label_id, (label, certifier) in wanted.items():
        row = existing.get(label_id) or ActorLabel(actor=actor, label=label)
        row.certifier = certifier
        row.full_clean(validate_unique=False)
        row.save()


# --- Managers and invitations ----------------------------------------------------------------


@transaction.atomic
def actor_invitation_send(*, user, actor: Actor, email: str) -> ActorInvitation:
    """An owner invites a person, by e-mail, to become an editor of the actor."""
    if not can_manage_editors(user, actor):
        raise PermissionDenied
    email = email.strip().lower()
    if ActorManager.objects.filter(actor=actor, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person already manages this actor.")})
    invitation = ActorInvitation(actor=actor, email=email, invited_by=user)
    invitation.full_clean()
    invitation.save()
    from actors.notifications import actor_invitation_notify

    actor_invitation_notify(invitation)
    return invitation


@transaction.atomic
def actor_invitation_accept(*, user, token: str) -> ActorManager:
    """The invited person accepts; they must be signed in with the invited e-mail address."""
    invitation = (
        ActorInvitation.objects.select_for_update().select_related("actor").filter(token=token)
    ).first()
    if invitation is None or invitation.accepted_at or invitation.is_expired:
        raise ValidationError(_("This invitation is no longer valid."))
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(_("This invitation was sent to another e-mail address."))
    manager, _created = ActorManager.objects.get_or_create(
        actor=invitation.actor, user=user, defaults={"role": ManagerRole.EDITOR}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return manager


@transaction.atomic
def actor_manager_remove(*, user, actor: Actor, manager: ActorManager) -> None:
    """An owner removes an editor (or a co-owner); the last owner cannot be removed."""
    if not can_manage_editors(user, actor) or manager.actor_id != actor.pk:
        raise PermissionDenied
    if manager.role == ManagerRole.OWNER:
        owners = ActorManager.objects.select_for_update().filter(
            actor=actor, role=ManagerRole.OWNER
        )
        if owners.count() <= 1:
            raise ValidationError(_("An actor keeps at least one owner."))
    manager.delete()


# --- Sales points and opening hours ----------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One opening period as entered: weekday 0 (Monday) to 6, opens and closes times."""

    weekday: int
    opens: object
    closes: object


def _check_actor(user, actor: Actor) -> None:
    if not can_change_actor(user, actor):
        raise PermissionDenied


@transaction.atomic
def sales_point_save(
    *,
    user,
    actor: Actor,
    sales_point: SalesPoint | None = None,
    hours: Iterable[Period] | None = None,
    **fields,
) -> SalesPoint:
    """Create or change a sales point; `hours`, when given, replaces its weekly hours."""
    _check_actor(user, actor)
    if sales_point is not None and sales_point.actor_id != actor.pk:
        raise PermissionDenied
    sales_point = sales_point or SalesPoint(actor=actor)
    for name, value in fields.items():
        setattr(sales_point, name, value)
    sales_point.full_clean()
    sales_point.save()
    if hours is not None:
        opening_hours_replace(sales_point=sales_point, hours=hours)
    return sales_point


@transaction.atomic
def sales_point_delete(*, user, sales_point: SalesPoint) -> None:
    """Remove a sales point with its hours (to pause one, set it inactive instead)."""
    _check_actor(user, sales_point.actor)
    sales_point.delete()


def opening_hours_replace(*, sales_point: SalesPoint, hours: Iterable[Period]) -> None:
    """Validate every period (closes after opens, no overlap on a day), then replace them."""
    periods = sorted(hours, key=lambda p: (p.weekday, p.opens))
    errors = []
    for index, period in enumerate(periods):
        row = OpeningHours(
            sales_point=sales_point,
            weekday=period.weekday,
            opens=period.opens,
            closes=period.closes,
        )
        try:
            row.full_clean(exclude=["sales_point"])
            if period.closes <= period.opens:
                raise ValidationError({"closes": _("Closing time must be after opening time.")})
        except ValidationError as error:
            errors.append(error)
            continue
        previous = periods[index - 1] if index else None
        if previous and previous.weekday == period.weekday and period.opens < previous.closes:
            errors.append(ValidationError(_("Opening periods on the same day overlap.")))
    if errors:
        raise ValidationError(errors)
    OpeningHours.objects.filter(sales_point=sales_point).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(sales_point=sales_point, weekday=p.weekday, opens=p.opens, closes=p.closes)
        for p in periods
    )
    # bulk_create sends no signals: drop the cached directory answers (`open_on` reads these).
    bump_after_commit(DIRECTORY)


@transaction.atomic
def opening_exception_save(*, user, sales_point: SalesPoint, **fields) -> OpeningException:
    """Record a closed day or other hours for one date (one exception per date)."""
    _check_actor(user, sales_point.actor)
    exception = OpeningException.objects.filter(
        sales_point=sales_point, date=fields.get("date")
    ).first() or OpeningException(sales_point=sales_point)
    for name, value in fields.items():
        setattr(exception, name, value)
    if exception.is_closed:
        exception.opens = exception.closes = None
    elif exception.opens and exception.closes and exception.closes <= exception.opens:
        raise ValidationError({"closes": _("Closing time must be after opening time.")})
    exception.full_clean()
    exception.save()
    return exception


@transaction.atomic
def opening_exception_delete(*, user, sales_point: SalesPoint, date) -> bool:
    """Drop the exception recorded for `date`: the weekly hours apply again. False if none."""
    _check_actor(user, sales_point.actor)
    deleted, _rows = OpeningException.objects.filter(sales_point=sales_point, date=date).delete()
    return bool(deleted)


# --- Offers and needs ------------------------------------------------------------------------


@transaction.atomic
def offer_save(*, user, actor: Actor, offer: Offer | None = None, **fields) -> Offer:
    _check_actor(user, actor)
    if offer is not None and offer.actor_id != actor.pk:
        raise PermissionDenied
    offer = offer or Offer(actor=actor)
    for name, value in fields.items():
        setattr(offer, name, value)
    if offer.season_months == 0:
        raise ValidationError({"season_months": _("Choose at least one month.")})
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def need_save(*, user, actor: Actor, need: Need | None = None, **fields) -> Need:
    _check_actor(user, actor)
    if need is not None and need.actor_id != actor.pk:
        raise PermissionDenied
    need = need or Need(actor=actor)
    for name, value in fields.items():
        setattr(need, name, value)
    if need.kind == "product" and need.category_id is None:
        raise ValidationError({"category": _("Choose the product you need.")})
    if need.kind == "service" and not need.service:
        raise ValidationError({"service": _("Choose the service you need.")})
    if need.kind == "product":
        need.service = ""
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def offer_delete(*, user, offer: Offer) -> None:
    _check_actor(user, offer.actor)
    offer.delete()


@transaction.atomic
def need_delete(*, user, need: Need) -> None:
    _check_actor(user, need.actor)
    need.delete()


# --- The citizen's private profile ------------------------------------------------------------


def _profile_for(user) -> CitizenProfile:
    """The user's profile, created on first use: citizens never fill in a sign-up form for it."""
    if not user.is_authenticated:
        raise PermissionDenied
    profile, _created = CitizenProfile.objects.select_for_update().get_or_create(user=user)
    return profile


@transaction.atomic
def citizen_profile_update(*, user, home_municipality) -> CitizenProfile:
    """Set (or clear, with None) the municipality the user's "near home" searches start from."""
    profile = _profile_for(user)
    profile.home_municipality = home_municipality
    profile.full_clean()
    profile.save(update_fields=["home_municipality"])
    return profile


@transaction.atomic
def favourite_toggle(*, user, actor: Actor, favourite: bool | None = None) -> bool:
    """Add the actor to the user's favourites or take it off; returns whether it is one now.

    `favourite` says which state is wanted, so a form sent twice (a double click, a reload)
    lands in the same state instead of flipping back; None flips the current state. Only
    listed actors can be added: an unlisted one is not public, so not someone's favourite.
    Taking one off always works, also after the actor left the directory.
    """
    profile = _profile_for(user)
    is_favourite = profile.favourites.filter(pk=actor.pk).exists()
    wanted = (not is_favourite) if favourite is None else favourite
    if wanted and not is_favourite:
        if not actor.is_public:
            raise ValidationError(_("Only actors listed in the directory can be favourites."))
        profile.favourites.add(actor)
    elif not wanted and is_favourite:
        profile.favourites.remove(actor)
    return wanted
