"""Writes of municipal support: actions, chain reactions, outcomes, goals, events, survey.

Every write checks the permission first (PermissionDenied → 403 in the API, a refusal on the
page), then validates with `full_clean()` (ValidationError → 400 with field messages).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from actors.choices import SUPPORT_KINDS, ActorKind
from municipality.choices import (
    OUTCOME_FIELD,
    STANDARD_GOALS,
    ContactChannel,
    MunicipalRole,
    OutcomeKind,
)
from municipality.models import (
    EventRegistration,
    FoodStrategyGoal,
    Outcome,
    SupportAction,
    SurveyResponse,
)
from municipality.permissions import (
    can_act_for_municipality,
    can_answer_survey,
    can_change_goal,
    can_change_support_action,
    can_record_attendance,
)

ACTION_FIELDS = (
    "action_type",
    "title",
    "description",
    "start_date",
    "end_date",
    "status",
    "budget",
    "staff_hours",
    "funding_source",
    "outcomes",
    "is_public",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
)


# ---- food strategy -----------------------------------------------------------------------


@transaction.atomic
def food_strategy_create(*, user, municipality) -> list[FoodStrategyGoal]:
    """Give a municipality its strategy: the six standard goals (idempotent)."""
    if not can_act_for_municipality(user, municipality.pk):
        raise PermissionDenied
    return food_strategy_ensure(municipality=municipality)


def food_strategy_ensure(*, municipality) -> list[FoodStrategyGoal]:
    """The six standard goals of `municipality`, created where missing (no permission check:
    for the service above, the demo and tests)."""
    existing = set(
        FoodStrategyGoal.objects.filter(municipality=municipality)
        .exclude(standard_key="")
        .values_list("standard_key", flat=True)
    )
    FoodStrategyGoal.objects.bulk_create(
        [
            FoodStrategyGoal(
                municipality=municipality,
                standard_key=goal.value,
                title=str(goal.label),
                position=position,
            )
            for position, goal in enumerate(STANDARD_GOALS, start=1)
            if goal.value not in existing
        ]
    )
    return list(FoodStrategyGoal.objects.filter(municipality=municipality))


@transaction.atomic
def food_strategy_goal_create(*, user, municipality, title: str, **fields) -> FoodStrategyGoal:
    """A municipality's own goal, beside the six standard ones."""
    if not can_act_for_municipality(user, municipality.pk):
        raise PermissionDenied
    goal = FoodStrategyGoal(municipality=municipality, title=title, **fields)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def food_strategy_goal_update(*, user, goal: FoodStrategyGoal, **fields) -> FoodStrategyGoal:
    if not can_change_goal(user, goal):
        raise PermissionDenied
    for name, value in fields.items():
        if name in ("title", "description", "indicator", "target_value", "target_unit", "position"):
            setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    return goal


# ---- support actions ---------------------------------------------------------------------


def _validate_partners(partners) -> None:
    wrong = [actor.name for actor in partners if actor.kind not in SUPPORT_KINDS]
    if wrong:
        raise ValidationError(
            {
                "partners": _(
                    "Partner organisations are knowledge institutions or advisers, not: %(names)s."
                )
                % {"names": ", ".join(wrong)}
            }
        )


def _validate_goals(goals, municipality_id: int) -> None:
    if any(goal.municipality_id != municipality_id for goal in goals):
        raise ValidationError(
            {"goals": _("Choose goals of the food strategy of this action's municipality.")}
        )


def descendant_ids(action_id: int) -> set[int]:
    """Ids of every action that `action_id` led to, directly or further down the chain."""
    through = SupportAction.led_to_by.through
    seen: set[int] = set()
    frontier = {action_id}
    while frontier:
        # One query per generation: chains are a handful of steps long.
        # from_supportaction led_to_by to_supportaction: "from" was led to by "to". So the
        # actions led to by `frontier` are the `from` side where `to` is in the frontier.
        children = set(
            through.objects.filter(to_supportaction_id__in=frontier).values_list(
                "from_supportaction_id", flat=True
            )
        )
        frontier = children - seen - {action_id}
        seen |= frontier
    return seen


def _validate_led_to_by(action: SupportAction | None, predecessors) -> None:
    if action is None or action.pk is None:
        return  # a new action has no descendants, so no earlier action can close a cycle
    ids = {p.pk for p in predecessors}
    if action.pk in ids:
        raise ValidationError({"led_to_by": _("An action cannot lead to itself.")})
    if ids & descendant_ids(action.pk):
        raise ValidationError(
            {
                "led_to_by": _(
                    "This would make a circle: an action you chose already follows from this one."
                )
            }
        )


def _set_relations(action, *, partners, actors_reached, cooperations_reached, goals, led_to_by):
    if partners is not None:
        action.partners.set(partners)
    if actors_reached is not None:
        action.actors_reached.set(actors_reached)
    if cooperations_reached is not None:
        action.cooperations_reached.set(cooperations_reached)
    if goals is not None:
        action.goals.set(goals)
    if led_to_by is not None:
        action.led_to_by.set(led_to_by)


@transaction.atomic
def support_action_log(
    *,
    user,
    municipality,
    partners=(),
    actors_reached=(),
    cooperations_reached=(),
    goals=(),
    led_to_by=(),
    **fields,
) -> SupportAction:
    """An officer records a support action of their municipality."""
    if not can_act_for_municipality(user, getattr(municipality, "pk", None)):
        raise PermissionDenied
    partners, goals, led_to_by = list(partners), list(goals), list(led_to_by)
    action = SupportAction(
        municipality=municipality,
        created_by=user,
        **{k: v for k, v in fields.items() if k in ACTION_FIELDS},
    )
    action.full_clean()
    _validate_partners(partners)
    _validate_goals(goals, municipality.pk)
    action.save()
    _set_relations(
        action,
        partners=partners,
        actors_reached=actors_reached,
        cooperations_reached=cooperations_reached,
        goals=goals,
        led_to_by=led_to_by,
    )
    return action


@transaction.atomic
def support_action_update(
    *,
    user,
    action: SupportAction,
    partners=None,
    actors_reached=None,
    cooperations_reached=None,
    goals=None,
    led_to_by=None,
    **fields,
) -> SupportAction:
    """Change an action; its municipality cannot move to one the officer does not serve."""
    if not can_change_support_action(user, action):
        raise PermissionDenied
    municipality = fields.pop("municipality", None)
    if municipality is not None and municipality.pk != action.municipality_id:
        if not can_act_for_municipality(user, municipality.pk):
            raise PermissionDenied
        action.municipality = municipality
    for name, value in fields.items():
        if name in ACTION_FIELDS:
            setattr(action, name, value)
    action.full_clean()
    if partners is not None:
        partners = list(partners)
        _validate_partners(partners)
    if goals is not None:
        goals = list(goals)
        _validate_goals(goals, action.municipality_id)
    elif municipality is not None:
        action.goals.clear()
    if led_to_by is not None:
        led_to_by = list(led_to_by)
        _validate_led_to_by(action, led_to_by)
    action.save()
    _set_relations(
        action,
        partners=partners,
        actors_reached=actors_reached,
        cooperations_reached=cooperations_reached,
        goals=goals,
        led_to_by=led_to_by,
    )
    return action


@transaction.atomic
def support_action_delete(*, user, action: SupportAction) -> None:
    if not can_change_support_action(user, action):
        raise PermissionDenied
    action.delete()


@transaction.atomic
def outcome_record(*, user, action: SupportAction, kind: str, record, note: str = "") -> Outcome:
    """Link an action to what it led to: a cooperation, membership, partnership or kitchen."""
    if not can_change_support_action(user, action):
        raise PermissionDenied
    if kind not in OutcomeKind.values:
        raise ValidationError({"kind": _("Unknown kind of outcome.")})
    kind = OutcomeKind(kind)
    if kind == OutcomeKind.PARTNERSHIP and record.status != "accepted":
        raise ValidationError({"partnership_request": _("Only an accepted request counts.")})
    if kind == OutcomeKind.KITCHEN_SUPPLY and record.kind != ActorKind.KITCHEN:
        raise ValidationError({"kitchen": _("Choose a kitchen.")})
    outcome = Outcome(action=action, kind=kind, note=note, **{OUTCOME_FIELD[kind]: record})
    outcome.full_clean()
    outcome.save()
    return outcome


# ---- events ------------------------------------------------------------------------------


class EventFull(ValidationError):
    """The last place was taken: a clear answer, not a duplicate or an overbooking."""


def _registration_error(action: SupportAction) -> ValidationError | None:
    if not action.is_event:
        return ValidationError(_("Only connection meetings and work sessions take registrations."))
    if not action.is_public:
        return ValidationError(_("This event is not open for registration."))
    if action.status in ("done", "cancelled"):
        return ValidationError(_("This event is closed for registration."))
    return None


@transaction.atomic
def event_register(*, user, action: SupportAction, actor=None) -> EventRegistration:
    """Take a place at an event, for an actor the user manages or for the user as a citizen.

    The action row is locked (select_for_update) while places are counted, so two people
    racing for the last place are served one after the other: one wins, the other is told the
    event is full. The unique constraints refuse a second registration of the same person.
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    if actor is not None and not actor.managers.filter(user=user).exists():
        raise PermissionDenied
    locked = SupportAction.objects.select_for_update().get(pk=action.pk)
    error = _registration_error(locked)
    if error:
        raise error
    who = {"actor": actor} if actor is not None else {"user": user}
    if EventRegistration.objects.filter(action=locked, **who).exists():
        raise ValidationError(_("Already registered for this event."), code="duplicate")
    if locked.capacity is not None:
        taken = EventRegistration.objects.filter(action=locked).count()
        if taken >= locked.capacity:
            raise EventFull(_("This event is full."), code="full")
    try:
        with transaction.atomic():
            return EventRegistration.objects.create(action=locked, registered_by=user, **who)
    except IntegrityError as exc:
        raise ValidationError(_("Already registered for this event."), code="duplicate") from exc


@transaction.atomic
def event_record_attendance(*, user, action: SupportAction, attended_ids) -> int:
    """After the event: who came (registration ids); everyone else registered did not."""
    if not can_record_attendance(user, action):
        raise PermissionDenied
    if not action.is_event:
        raise ValidationError(_("Only events have attendance."))
    ids = set(attended_ids)
    known = set(action.registrations.values_list("pk", flat=True))
    if ids - known:
        raise ValidationError({"attended": _("Unknown registration for this event.")})
    action.registrations.filter(pk__in=ids).update(attended=True)
    action.registrations.exclude(pk__in=ids).update(attended=False)
    return len(ids)


# ---- survey ------------------------------------------------------------------------------


@transaction.atomic
def survey_response_submit(
    *,
    user,
    farmer,
    year: int,
    contact_channels,
    municipality_important: bool,
    municipal_roles=(),
) -> SurveyResponse:
    """A farm's manager answers "Boeren en Burgers" for the farm, once per year."""
    if not can_answer_survey(user, farmer):
        raise PermissionDenied
    contact_channels, municipal_roles = list(contact_channels), list(municipal_roles)
    errors = {}
    if not contact_channels or set(contact_channels) - set(ContactChannel.values):
        errors["contact_channels"] = _("Choose at least one of the listed ways.")
    if set(municipal_roles) - set(MunicipalRole.values):
        errors["municipal_roles"] = _("Choose from the listed roles.")
    if not municipality_important and municipal_roles:
        errors["municipal_roles"] = _("Only when the municipality has an important role.")
    if errors:
        raise ValidationError(errors)
    if SurveyResponse.objects.filter(farmer=farmer, year=year).exists():
        raise ValidationError(
            {"year": _("This farm has already answered for %(year)s.") % {"year": year}}
        )
    response = SurveyResponse(
        farmer=farmer,
        year=year,
        contact_channels=sorted(set(contact_channels)),
        municipality_important=municipality_important,
        municipal_roles=sorted(set(municipal_roles)),
        submitted_by=user,
    )
    response.full_clean()
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"year": _("This farm has already answered for %(year)s.") % {"year": year}}
        ) from exc
    return response
