"""Reads of the accounts app."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from simple_history.models import registered_models

from accounts.models import ApiToken


def api_token_list_visible_to(user) -> QuerySet[ApiToken]:
    """A person sees their own API tokens and nobody else's, newest first."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created")


def _ref(obj, *fields) -> dict | None:
    """A row another model points at, named by id and its public name only."""
    if obj is None:
        return None
    return {"id": obj.pk, **{name: getattr(obj, name) for name in fields}}


def user_personal_data(user) -> dict:
    """Everything Ketenwerk keeps about a person, for them to download (GDPR art. 15 and 20).

    Their own rows, and their part in shared ones (the actors they manage, requests they sent
    or decided, answers they gave, changes they made). Other people appear by the name of their
    organisation only: never another person's name, e-mail or private rows. API tokens are
    described, never given (the token itself is not stored; its key and hash are left out).
    """
    # The other apps build on accounts, so their models are imported where they are used.
    # A message is given back to the person who wrote it only.
    from actors.models import ActorInvitation, ActorManager, CitizenProfile
    from cooperation.models import ConsumerMembership, Membership, PartnershipRequest
    from municipality.models import EventRegistration, OfficerRole, SupportAction, SurveyResponse

    profile = (
        CitizenProfile.objects.filter(user=user)
        .select_related("home_municipality")
        .prefetch_related("favourites")
        .first()
    )
    roles = ActorManager.objects.filter(user=user).select_related("actor", "actor__municipality")
    mine = Q(created_by=user) | Q(decided_by=user)
    memberships = Membership.objects.filter(mine).select_related("cooperation", "actor")
    partnerships = PartnershipRequest.objects.filter(mine).select_related(
        "from_actor", "to_actor", "form"
    )
    registrations = EventRegistration.objects.filter(
        Q(user=user) | Q(registered_by=user)
    ).select_related("action", "actor")
    surveys = SurveyResponse.objects.filter(submitted_by=user).select_related("farmer")
    officer_roles = OfficerRole.objects.filter(user=user).select_related("municipality", "region")
    history = []
    for model in registered_models.values():
        for record in model.history.filter(history_user=user).order_by("history_date"):
            history.append(
                {
                    "model": model._meta.label_lower,
                    "object_id": record.id,
                    "object": getattr(record, "name", "") or getattr(record, "title", ""),
                    "change": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                    "at": record.history_date,
                }
            )

    return {
        "format": "ketenwerk-personal-data/1",
        "generated_at": timezone.now(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_staff": user.is_staff,
        },
        "citizen_profile": profile
        and {
            "home_municipality": _ref(profile.home_municipality, "nis_code", "name"),
            "favourites": [_ref(actor, "name", "slug") for actor in profile.favourites.all()],
        },
        "actors": [
            {
                "role": role.role,
                "since": role.created,
                "actor": {
                    "id": role.actor.pk,
                    "name": role.actor.name,
                    "slug": role.actor.slug,
                    "kind": role.actor.kind,
                    "municipality": role.actor.municipality.name,
                    "street_address": role.actor.street_address,
                    "postcode": role.actor.postcode,
                    "phone": role.actor.phone,
                    "email": role.actor.email,
                    "website": role.actor.website,
                    "is_public": role.actor.is_public,
                    "open_data_consent": role.actor.open_data_consent,
                },
            }
            for role in roles
        ],
        "actor_invitations_sent": [
            {"actor": _ref(invitation.actor, "name"), "sent": invitation.created}
            for invitation in ActorInvitation.objects.filter(invited_by=user).select_related(
                "actor"
            )
        ],
        "memberships": [
            {
                "id": m.pk,
                "cooperation": _ref(m.cooperation, "name", "slug"),
                "actor": _ref(m.actor, "name"),
                "role": m.role,
                "status": m.status,
                "message": m.message if m.created_by_id == user.pk else "",
                "you": [
                    part
                    for part, yes in (
                        ("sent", m.created_by_id == user.pk),
                        ("decided", m.decided_by_id == user.pk),
                    )
                    if yes
                ],
                "created": m.created,
                "decided_at": m.decided_at,
            }
            for m in memberships
        ],
        "consumer_memberships": [
            {"cooperation": _ref(c.cooperation, "name", "slug"), "since": c.created}
            for c in ConsumerMembership.objects.filter(user=user).select_related("cooperation")
        ],
        "partnership_requests": [
            {
                "id": p.pk,
                "from_actor": _ref(p.from_actor, "name"),
                "to_actor": _ref(p.to_actor, "name"),
                "form": p.form.slug if p.form else None,
                "status": p.status,
                "message": p.message if p.created_by_id == user.pk else "",
                "you": [
                    part
                    for part, yes in (
                        ("sent", p.created_by_id == user.pk),
                        ("decided", p.decided_by_id == user.pk),
                    )
                    if yes
                ],
                "created": p.created,
                "decided_at": p.decided_at,
            }
            for p in partnerships
        ],
        "event_registrations": [
            {
                "id": r.pk,
                "event": _ref(r.action, "title", "starts_at"),
                "for_actor": _ref(r.actor, "name"),
                "attended": r.attended,
                "registered": r.created,
            }
            for r in registrations
        ],
        "survey_answers": [
            {
                "farm": _ref(s.farmer, "name"),
                "year": s.year,
                "contact_channels": s.contact_channels,
                "municipality_important": s.municipality_important,
                "municipal_roles": s.municipal_roles,
                "submitted": s.created,
            }
            for s in surveys
        ],
        "officer_roles": [
            {
                "municipality": _ref(role.municipality, "nis_code", "name"),
                "region": _ref(role.region, "slug", "name"),
                "since": role.created,
            }
            for role in officer_roles
        ],
        "support_actions_logged": [
            _ref(action, "title", "start_date")
            for action in SupportAction.objects.filter(created_by=user).order_by("start_date")
        ],
        "api_tokens": [
            {
                "name": token.name,
                "created": token.created,
                "expiry": token.expiry,
                "last_used": token.last_used,
            }
            for token in ApiToken.objects.filter(user=user).order_by("created")
        ],
        "history": history,
    }
