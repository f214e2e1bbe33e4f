"""Who may do what: every write endpoint of the API and every write page, with every role.

The endpoints are *found*, not listed by hand: the API's from the OpenAPI schema generator
(every path and POST/PUT/PATCH/DELETE), the pages' from the URL resolver (every view that
accepts POST). Each must have a row in MATRIX naming the roles allowed; a new endpoint without
a row fails `test_every_write_endpoint_has_a_row` with its name.

For each row and role the test sends a valid request and checks both the answer and the
effect: an allowed role gets a success (2xx, or a redirect that is not to the log-in page) and
the change is made; any other role gets 401/403/404 (or the log-in page) and nothing changes.
Never a 500.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create
from actors.choices import ActorKind, ManagerRole
from actors.models import (
    Actor,
    ActorInvitation,
    ActorManager,
    CitizenProfile,
    Need,
    Offer,
    OpeningException,
    SalesPoint,
)
from cooperation.choices import FormSlug, MembershipStatus, PartnershipStatus
from cooperation.models import (
    ConsumerMembership,
    Cooperation,
    CooperationForm,
    Membership,
    PartnershipRequest,
)
from municipality.models import (
    EventRegistration,
    FoodStrategyGoal,
    Outcome,
    SupportAction,
    SurveyResponse,
)
from network.imports import import_job_start
from network.models import ImportJob
from tests.factories import ActorFactory, UserFactory
from tests.network.security_world import (
    ANONYMOUS,
    CITIZEN,
    COORDINATOR,
    MANAGER,
    OFFICER,
    OTHER_MANAGER,
    PASSWORD,
    ROLES,
    SIGNED_IN,
    STAFF,
    build_world,
)

WRITE_METHODS = ("post", "put", "patch", "delete")
NEW_PASSWORD = "Nieuw-Wachtwoord-2027!"


@dataclass
class Row:
    """One write endpoint: who may, how to call it, and how to see that it happened."""

    allowed: frozenset
    call: Callable  # (world, user, client) -> (method, url, data)
    done: Callable  # (world, user) -> bool: the change is there
    # Answers that also mean "refused" here, besides 401/403/404 and the log-in page: a
    # signed-in person sent to their account from the sign-up or log-in page.
    refused_also: frozenset = field(default_factory=frozenset)


# A page whose form offers only the person's own actors (or municipalities) refuses any other
# choice as a form error: the form comes back (200) or the page redirects with the message
# (302). The effect check proves nothing was done.
BY_FORM_200 = frozenset({200})
BY_FORM_302 = frozenset({302})


def roles(*names):
    return frozenset(names)


EDITORS = roles(MANAGER, STAFF)  # the actor's managers and staff
COORDINATION = roles(COORDINATOR, STAFF)
MUNICIPAL = roles(OFFICER, STAFF)


def _exists(model, **lookup):
    return lambda w, u: model.objects.filter(**lookup).exists()


def _gone(model, attr):
    return lambda w, u: not model.objects.filter(pk=getattr(w, attr).pk).exists()


def _changed(attr, field_name, value):
    def check(w, u):
        obj = getattr(w, attr)
        obj.refresh_from_db()
        return getattr(obj, field_name) == value

    return check


def _requested_membership(w):
    return Membership.objects.create(
        cooperation=w.coop, actor=w.farm, role="producer", status=MembershipStatus.REQUESTED
    )


def _active_membership(w):
    return Membership.objects.create(
        cooperation=w.coop, actor=w.farm, role="producer", status=MembershipStatus.ACTIVE
    )


def _membership_status(w):
    row = Membership.objects.filter(cooperation=w.coop, actor=w.farm).first()
    return row.status if row else None


def _incoming_partnership(w):
    return PartnershipRequest.objects.create(
        from_actor=w.other_farm, to_actor=w.farm, status=PartnershipStatus.PENDING
    )


def _outgoing_partnership(w):
    return PartnershipRequest.objects.create(
        from_actor=w.farm, to_actor=w.other_farm, status=PartnershipStatus.PENDING
    )


def _partnership_status(w):
    row = PartnershipRequest.objects.filter(
        from_actor__in=[w.farm, w.other_farm], to_actor__in=[w.farm, w.other_farm]
    ).first()
    return row.status if row else None


def _registration(w):
    visitor = UserFactory(email="visitor@example.org")
    return EventRegistration.objects.create(action=w.event, user=visitor)


def _consumer_coop(w):
    """Citizens join only the forms that take consumer members."""
    Cooperation.objects.filter(pk=w.coop.pk).update(
        form=CooperationForm.objects.get(slug=FormSlug.FARMERS_CONSUMERS)
    )
    return w.coop.slug


def _csv_upload():
    return SimpleUploadedFile(
        "actoren.csv", b"name;kind;municipality\nHoeve Import;farmer;44021\n", "text/csv"
    )


def _checked_job(w):
    job = import_job_start(
        user=w.user(OFFICER),
        kind=ImportJob.Kind.ACTORS,
        file_name="actoren.csv",
        data=b"name;kind;municipality\nHoeve Import;farmer;44021\n",
        municipality=w.gent,
        language="en",
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED, job.report
    return job


def _revoke_all(w, user, url):
    """The user has a token, and so has the manager: revoking all takes only one's own."""
    if user is not None:
        api_token_create(user=user, name="Eigen script")
    if user != w.user(MANAGER):
        api_token_create(user=w.user(MANAGER), name="Boekhouding")
    return ("post", url, {})


def _only_own_tokens_revoked(w, user):
    if user is None:
        return False
    own_gone = not ApiToken.objects.filter(user=user).exists()
    others_kept = user == w.user(MANAGER) or ApiToken.objects.filter(user=w.user(MANAGER)).exists()
    return own_gone and others_kept


def _manager_token(w):
    token, _raw = api_token_create(user=w.user(MANAGER), name="Boekhouding")
    return token


def _kitchen(w):
    return ActorFactory(
        kind=ActorKind.KITCHEN, kitchen_type="school", municipality=w.gent, slug="schoolkeuken"
    )


def _page(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


API = "/api/v1"

# --- The API ----------------------------------------------------------------------------------

NEW_ACTOR = {
    "kind": "farmer",
    "name": "Nieuwe Hoeve",
    "municipality": "44021",
    "latitude": 51.05,
    "longitude": 3.72,
}


def _sales_point_payload(w):
    return {
        "actor": w.farm.slug,
        "channel": "farm_shop",
        "name": "Nieuwe hoevewinkel",
        "municipality": "44021",
        "latitude": 51.05,
        "longitude": 3.72,
    }


def _survey_payload(w):
    return {
        "farmer": w.farm.slug,
        "year": 2026,
        "contact_channels": ["own_initiative"],
        "municipality_important": True,
    }


API_MATRIX = {
    "POST /api/v1/actors/": Row(
        SIGNED_IN,
        lambda w, u, c: ("post", f"{API}/actors/", NEW_ACTOR),
        _exists(Actor, name="Nieuwe Hoeve"),
    ),
    "PUT /api/v1/actors/{slug}/": Row(
        EDITORS,
        lambda w, u, c: ("put", f"{API}/actors/{w.farm.slug}/", {**NEW_ACTOR, "name": "Hoeve X"}),
        _changed("farm", "name", "Hoeve X"),
    ),
    "PATCH /api/v1/actors/{slug}/": Row(
        EDITORS,
        lambda w, u, c: ("patch", f"{API}/actors/{w.farm.slug}/", {"description": "Nieuw."}),
        _changed("farm", "description", "Nieuw."),
    ),
    "DELETE /api/v1/actors/{slug}/": Row(
        EDITORS,
        lambda w, u, c: ("delete", f"{API}/actors/{w.farm.slug}/", None),
        _gone(Actor, "farm"),
    ),
    "POST /api/v1/cooperations/": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            f"{API}/cooperations/",
            {"initiator": w.farm.slug, "name": "Samen Boeren", "form": "mutual-purchasing"},
        ),
        _exists(Cooperation, name="Samen Boeren"),
    ),
    "PATCH /api/v1/cooperations/{slug}/": Row(
        COORDINATION,
        lambda w, u, c: ("patch", f"{API}/cooperations/{w.coop.slug}/", {"description": "Nu."}),
        _changed("coop", "description", "Nu."),
    ),
    "POST /api/v1/cooperations/{slug}/chain/": Row(
        COORDINATION,
        lambda w, u, c: (
            "post",
            f"{API}/cooperations/{w.coop.slug}/chain/",
            {"links": [{"step_kind": "farm", "actor": w.farm.slug}, {"step_kind": "consumer"}]},
        ),
        lambda w, u: w.coop.chain_links.count() == 2,
    ),
    "POST /api/v1/cooperations/{slug}/status/": Row(
        COORDINATION,
        lambda w, u, c: (
            "post",
            f"{API}/cooperations/{w.coop.slug}/status/",
            {"status": "starting"},
        ),
        _changed("coop", "status", "starting"),
    ),
    "POST /api/v1/events/{id}/attendance/": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "post",
            f"{API}/events/{w.event.pk}/attendance/",
            {"attended": [_registration(w).pk]},
        ),
        _exists(EventRegistration, user__email="visitor@example.org", attended=True),
    ),
    "POST /api/v1/events/{id}/register/": Row(
        SIGNED_IN,
        lambda w, u, c: ("post", f"{API}/events/{w.event.pk}/register/", {}),
        lambda w, u: u is not None and EventRegistration.objects.filter(user=u).exists(),
    ),
    "POST /api/v1/food-strategy-goals/": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "post",
            f"{API}/food-strategy-goals/",
            {"municipality": "44021", "title": "Meer lokaal in de scholen"},
        ),
        _exists(FoodStrategyGoal, title="Meer lokaal in de scholen"),
    ),
    "PATCH /api/v1/food-strategy-goals/{id}/": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "patch",
            f"{API}/food-strategy-goals/{w.goal.pk}/",
            {"title": "Nieuw doel"},
        ),
        _changed("goal", "title", "Nieuw doel"),
    ),
    "POST /api/v1/memberships/": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            f"{API}/memberships/",
            {
                "kind": "request",
                "cooperation": w.coop.slug,
                "actor": w.farm.slug,
                "role": "producer",
            },
        ),
        lambda w, u: _membership_status(w) == MembershipStatus.REQUESTED,
    ),
    "POST /api/v1/memberships/{id}/accept/": Row(
        COORDINATION,
        lambda w, u, c: ("post", f"{API}/memberships/{_requested_membership(w).pk}/accept/", {}),
        lambda w, u: _membership_status(w) == MembershipStatus.ACTIVE,
    ),
    "POST /api/v1/memberships/{id}/decline/": Row(
        COORDINATION,
        lambda w, u, c: ("post", f"{API}/memberships/{_requested_membership(w).pk}/decline/", {}),
        lambda w, u: _membership_status(w) == MembershipStatus.DECLINED,
    ),
    "POST /api/v1/memberships/{id}/leave/": Row(
        roles(MANAGER, COORDINATOR, STAFF),
        lambda w, u, c: ("post", f"{API}/memberships/{_active_membership(w).pk}/leave/", {}),
        lambda w, u: _membership_status(w) == MembershipStatus.LEFT,
    ),
    "POST /api/v1/needs/": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            f"{API}/needs/",
            {"actor": w.farm.slug, "kind": "service", "service": "cold_storage"},
        ),
        lambda w, u: w.farm.needs.count() == 2,
    ),
    "PUT /api/v1/needs/{id}/": Row(
        EDITORS,
        lambda w, u, c: (
            "put",
            f"{API}/needs/{w.need.pk}/",
            {
                "actor": w.farm.slug,
                "kind": "product",
                "category": w.category.slug,
                "description": "Vroege",
            },
        ),
        _changed("need", "description", "Vroege"),
    ),
    "PATCH /api/v1/needs/{id}/": Row(
        EDITORS,
        lambda w, u, c: ("patch", f"{API}/needs/{w.need.pk}/", {"description": "Late"}),
        _changed("need", "description", "Late"),
    ),
    "DELETE /api/v1/needs/{id}/": Row(
        EDITORS,
        lambda w, u, c: ("delete", f"{API}/needs/{w.need.pk}/", None),
        _gone(Need, "need"),
    ),
    "POST /api/v1/offers/": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            f"{API}/offers/",
            {"actor": w.farm.slug, "category": w.category.slug, "description": "Bintjes"},
        ),
        _exists(Offer, description="Bintjes"),
    ),
    "PUT /api/v1/offers/{id}/": Row(
        EDITORS,
        lambda w, u, c: (
            "put",
            f"{API}/offers/{w.offer.pk}/",
            {"actor": w.farm.slug, "category": w.category.slug, "description": "Nicola"},
        ),
        _changed("offer", "description", "Nicola"),
    ),
    "PATCH /api/v1/offers/{id}/": Row(
        EDITORS,
        lambda w, u, c: ("patch", f"{API}/offers/{w.offer.pk}/", {"description": "Agria"}),
        _changed("offer", "description", "Agria"),
    ),
    "DELETE /api/v1/offers/{id}/": Row(
        EDITORS,
        lambda w, u, c: ("delete", f"{API}/offers/{w.offer.pk}/", None),
        _gone(Offer, "offer"),
    ),
    "POST /api/v1/partnership-requests/": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            f"{API}/partnership-requests/",
            {"from_actor": w.farm.slug, "to_actor": w.other_farm.slug},
        ),
        lambda w, u: _partnership_status(w) == PartnershipStatus.PENDING,
    ),
    # Only the receiving actor's managers decide; staff neither decides nor withdraws for them.
    "POST /api/v1/partnership-requests/{id}/accept/": Row(
        roles(MANAGER),
        lambda w, u, c: (
            "post",
            f"{API}/partnership-requests/{_incoming_partnership(w).pk}/accept/",
            {},
        ),
        lambda w, u: _partnership_status(w) == PartnershipStatus.ACCEPTED,
    ),
    "POST /api/v1/partnership-requests/{id}/decline/": Row(
        roles(MANAGER),
        lambda w, u, c: (
            "post",
            f"{API}/partnership-requests/{_incoming_partnership(w).pk}/decline/",
            {},
        ),
        lambda w, u: _partnership_status(w) == PartnershipStatus.DECLINED,
    ),
    "POST /api/v1/partnership-requests/{id}/withdraw/": Row(
        roles(MANAGER),
        lambda w, u, c: (
            "post",
            f"{API}/partnership-requests/{_outgoing_partnership(w).pk}/withdraw/",
            {},
        ),
        lambda w, u: _partnership_status(w) == PartnershipStatus.WITHDRAWN,
    ),
    "POST /api/v1/sales-points/": Row(
        EDITORS,
        lambda w, u, c: ("post", f"{API}/sales-points/", _sales_point_payload(w)),
        _exists(SalesPoint, name="Nieuwe hoevewinkel"),
    ),
    "PUT /api/v1/sales-points/{id}/": Row(
        EDITORS,
        lambda w, u, c: ("put", f"{API}/sales-points/{w.sales_point.pk}/", _sales_point_payload(w)),
        _changed("sales_point", "name", "Nieuwe hoevewinkel"),
    ),
    "PATCH /api/v1/sales-points/{id}/": Row(
        EDITORS,
        lambda w, u, c: ("patch", f"{API}/sales-points/{w.sales_point.pk}/", {"name": "Kraam"}),
        _changed("sales_point", "name", "Kraam"),
    ),
    "DELETE /api/v1/sales-points/{id}/": Row(
        EDITORS,
        lambda w, u, c: ("delete", f"{API}/sales-points/{w.sales_point.pk}/", None),
        _gone(SalesPoint, "sales_point"),
    ),
    "POST /api/v1/sales-points/{id}/opening-exceptions/": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            f"{API}/sales-points/{w.sales_point.pk}/opening-exceptions/",
            {"date": "2030-01-01", "is_closed": True},
        ),
        _exists(OpeningException, date=datetime.date(2030, 1, 1)),
    ),
    "DELETE /api/v1/sales-points/{id}/opening-exceptions/{date}/": Row(
        EDITORS,
        lambda w, u, c: (
            "delete",
            f"{API}/sales-points/{w.sales_point.pk}/opening-exceptions/2030-12-25/",
            None,
        ),
        _gone(OpeningException, "exception"),
    ),
    "POST /api/v1/support-actions/": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "post",
            f"{API}/support-actions/",
            {
                "municipality": "44021",
                "action_type": "promotion",
                "title": "Hoevemarkt",
                "start_date": "2026-05-01",
            },
        ),
        _exists(SupportAction, title="Hoevemarkt"),
    ),
    "PATCH /api/v1/support-actions/{id}/": Row(
        MUNICIPAL,
        lambda w, u, c: ("patch", f"{API}/support-actions/{w.action.pk}/", {"title": "Anders"}),
        _changed("action", "title", "Anders"),
    ),
    "DELETE /api/v1/support-actions/{id}/": Row(
        MUNICIPAL,
        lambda w, u, c: ("delete", f"{API}/support-actions/{w.action.pk}/", None),
        _gone(SupportAction, "action"),
    ),
    "POST /api/v1/support-actions/{id}/outcomes/": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "post",
            f"{API}/support-actions/{w.action.pk}/outcomes/",
            {"kind": "kitchen_supply", "record": _kitchen(w).pk},
        ),
        lambda w, u: Outcome.objects.filter(action=w.action).exists(),
    ),
    # A farm's answer is its own: its managers give it, not staff.
    "POST /api/v1/survey-responses/": Row(
        roles(MANAGER),
        lambda w, u, c: ("post", f"{API}/survey-responses/", _survey_payload(w)),
        _exists(SurveyResponse),
    ),
    # One's own account, confirmed with its password.
    "DELETE /api/v1/me/": Row(
        SIGNED_IN,
        lambda w, u, c: ("delete", f"{API}/me/", {"password": PASSWORD}),
        lambda w, u: u is not None and not type(u).objects.filter(pk=u.pk).exists(),
    ),
    "POST /api/v1/tokens/": Row(
        SIGNED_IN,
        lambda w, u, c: ("post", f"{API}/tokens/", {"name": "Mijn script"}),
        lambda w, u: u is not None and ApiToken.objects.filter(user=u).exists(),
    ),
    "POST /api/v1/tokens/revoke-all/": Row(
        SIGNED_IN,
        lambda w, u, c: _revoke_all(w, u, f"{API}/tokens/revoke-all/"),
        _only_own_tokens_revoked,
    ),
    "DELETE /api/v1/tokens/{token_key}/": Row(
        roles(MANAGER),
        lambda w, u, c: ("delete", f"{API}/tokens/{_manager_token(w).token_key}/", None),
        lambda w, u: not ApiToken.objects.filter(user=w.user(MANAGER)).exists(),
    ),
}


# --- The pages --------------------------------------------------------------------------------

MANAGEMENT = {
    "TOTAL_FORMS": "0",
    "INITIAL_FORMS": "0",
    "MIN_NUM_FORMS": "0",
    "MAX_NUM_FORMS": "1000",
}


def management(prefix):
    return {f"{prefix}-{key}": value for key, value in MANAGEMENT.items()}


def _actor_form(w, name):
    return {
        "kind": "farmer",
        "name": name,
        "municipality": w.gent.pk,
        "latitude": "51.05",
        "longitude": "3.72",
        "description": "Groenten.",
    }


def _sales_point_form(w):
    return {
        "channel": "farm_shop",
        "name": "Pagina-winkel",
        "municipality": w.gent.pk,
        "latitude": "51.05",
        "longitude": "3.72",
        "is_active": "on",
        **management("hours"),
    }


def _password_reset_confirm(w, user, client):
    target = w.user(CITIZEN)
    uid = urlsafe_base64_encode(force_bytes(target.pk))
    token = default_token_generator.make_token(target)
    # Django first moves the token from the link into the session, then shows the form.
    first = client.get(_page("accounts:password_reset_confirm", uidb64=uid, token=token))
    assert first.status_code == 302, first.status_code
    return (
        "post",
        first["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def _login(w, user, client):
    UserFactory(email="login@example.org")
    return (
        "post",
        _page("accounts:login"),
        {"username": "login@example.org", "password": PASSWORD},
    )


def _invitation(w):
    return ActorInvitation.objects.create(
        actor=w.farm, email=w.user(CITIZEN).email, invited_by=w.user(MANAGER)
    )


def _editor(w):
    editor = UserFactory(email="editor@example.org")
    return ActorManager.objects.create(actor=w.farm, user=editor, role=ManagerRole.EDITOR)


PAGE_MATRIX = {
    "POST set_language": Row(
        frozenset(ROLES),
        lambda w, u, c: ("post", "/i18n/setlang/", {"language": "fr", "next": "/fr/"}),
        lambda w, u: True,
    ),
    "POST accounts:signup": Row(
        roles(ANONYMOUS),
        lambda w, u, c: (
            "post",
            _page("accounts:signup"),
            {
                "email": "nieuw@example.org",
                "password": NEW_PASSWORD,
                "password_confirm": NEW_PASSWORD,
            },
        ),
        lambda w, u: get_user_model().objects.filter(email="nieuw@example.org").exists(),
        refused_also=frozenset({302}),
    ),
    "POST accounts:login": Row(
        roles(ANONYMOUS),
        _login,
        lambda w, u: True,
        refused_also=frozenset({302}),
    ),
    "POST accounts:logout": Row(
        frozenset(ROLES),
        lambda w, u, c: ("post", _page("accounts:logout"), {}),
        lambda w, u: True,
    ),
    "POST accounts:profile_update": Row(
        SIGNED_IN,
        lambda w, u, c: (
            "post",
            _page("accounts:profile_update"),
            {"first_name": "Nieuwe", "last_name": "Naam"},
        ),
        lambda w, u: u is not None and type(u).objects.get(pk=u.pk).first_name == "Nieuwe",
    ),
    "POST accounts:password_change": Row(
        SIGNED_IN,
        lambda w, u, c: (
            "post",
            _page("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        ),
        lambda w, u: u is not None and type(u).objects.get(pk=u.pk).check_password(NEW_PASSWORD),
    ),
    # Anyone may ask for a reset link; it only ever goes to the account's own mailbox.
    "POST accounts:password_reset": Row(
        frozenset(ROLES),
        lambda w, u, c: (
            "post",
            _page("accounts:password_reset"),
            {"email": "citizen@example.org"},
        ),
        lambda w, u: [m.to for m in mail.outbox] == [["citizen@example.org"]],
    ),
    # Whoever holds the mailed link sets the password: the link is the permission.
    "POST accounts:password_reset_confirm": Row(
        frozenset(ROLES),
        _password_reset_confirm,
        lambda w, u: (
            type(w.user(CITIZEN)).objects.get(pk=w.user(CITIZEN).pk).check_password(NEW_PASSWORD)
        ),
    ),
    # One's own account only, confirmed with its password.
    "POST accounts:delete": Row(
        SIGNED_IN,
        lambda w, u, c: ("post", _page("accounts:delete"), {"password": PASSWORD}),
        lambda w, u: u is not None and not type(u).objects.filter(pk=u.pk).exists(),
    ),
    "POST accounts:token_create": Row(
        SIGNED_IN,
        lambda w, u, c: ("post", _page("accounts:token_create"), {"name": "Pagina-token"}),
        lambda w, u: u is not None and ApiToken.objects.filter(user=u).exists(),
    ),
    # Every role revokes only its own tokens: the manager's stay.
    "POST accounts:token_revoke_all": Row(
        SIGNED_IN,
        lambda w, u, c: _revoke_all(w, u, _page("accounts:token_revoke_all")),
        _only_own_tokens_revoked,
    ),
    "POST accounts:token_revoke": Row(
        roles(MANAGER),
        lambda w, u, c: (
            "post",
            _page("accounts:token_revoke", token_key=_manager_token(w).token_key),
            {},
        ),
        lambda w, u: not ApiToken.objects.filter(user=w.user(MANAGER)).exists(),
    ),
    "POST actors:register": Row(
        SIGNED_IN,
        lambda w, u, c: ("post", _page("actors:register"), _actor_form(w, "Paginahoeve")),
        _exists(Actor, name="Paginahoeve"),
    ),
    "POST actors:profile": Row(
        SIGNED_IN,
        lambda w, u, c: ("post", _page("actors:profile"), {"home_municipality": w.gent.pk}),
        lambda w, u: CitizenProfile.objects.filter(user=u, home_municipality=w.gent).exists(),
    ),
    # Only the person the invitation was mailed to.
    "POST actors:invitation_accept": Row(
        roles(CITIZEN),
        lambda w, u, c: ("post", _page("actors:invitation_accept", token=_invitation(w).token), {}),
        lambda w, u: w.farm.managers.filter(user=w.user(CITIZEN)).exists(),
    ),
    "POST actors:favourite_toggle": Row(
        SIGNED_IN,
        lambda w, u, c: (
            "post",
            _page("actors:favourite_toggle", slug=w.farm.slug),
            {"favourite": "1"},
        ),
        lambda w, u: CitizenProfile.objects.filter(user=u, favourites=w.farm).exists(),
    ),
    "POST actors:actor_edit": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:actor_edit", slug=w.farm.slug),
            _actor_form(w, "Hoeve Hernoemd"),
        ),
        _changed("farm", "name", "Hoeve Hernoemd"),
    ),
    "POST actors:actor_delete": Row(
        EDITORS,
        lambda w, u, c: ("post", _page("actors:actor_delete", slug=w.farm.slug), {}),
        _gone(Actor, "farm"),
    ),
    "POST actors:sales_point_create": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:sales_point_create", slug=w.farm.slug),
            _sales_point_form(w),
        ),
        _exists(SalesPoint, name="Pagina-winkel"),
    ),
    "POST actors:sales_point_edit": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:sales_point_edit", slug=w.farm.slug, pk=w.sales_point.pk),
            _sales_point_form(w),
        ),
        _changed("sales_point", "name", "Pagina-winkel"),
    ),
    "POST actors:sales_point_delete": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:sales_point_delete", slug=w.farm.slug, pk=w.sales_point.pk),
            {},
        ),
        _gone(SalesPoint, "sales_point"),
    ),
    "POST actors:opening_exception_create": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:opening_exception_create", slug=w.farm.slug, pk=w.sales_point.pk),
            {"date": "2030-01-01", "is_closed": "on"},
        ),
        _exists(OpeningException, date=datetime.date(2030, 1, 1)),
    ),
    "POST actors:opening_exception_delete": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page(
                "actors:opening_exception_delete",
                slug=w.farm.slug,
                pk=w.sales_point.pk,
                exception_pk=w.exception.pk,
            ),
            {},
        ),
        _gone(OpeningException, "exception"),
    ),
    "POST actors:offer_create": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:offer_create", slug=w.farm.slug),
            {
                "category": w.category.pk,
                "unit": "kg",
                "months": ["1", "2"],
                "description": "Paginabintjes",
                "is_active": "on",
            },
        ),
        _exists(Offer, description="Paginabintjes"),
    ),
    "POST actors:offer_edit": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:offer_edit", slug=w.farm.slug, pk=w.offer.pk),
            {
                "category": w.category.pk,
                "unit": "kg",
                "months": ["3"],
                "description": "Paginanicola",
                "is_active": "on",
            },
        ),
        _changed("offer", "description", "Paginanicola"),
    ),
    "POST actors:offer_delete": Row(
        EDITORS,
        lambda w, u, c: ("post", _page("actors:offer_delete", slug=w.farm.slug, pk=w.offer.pk), {}),
        _gone(Offer, "offer"),
    ),
    "POST actors:need_create": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:need_create", slug=w.farm.slug),
            {
                "kind": "product",
                "category": w.category.pk,
                "frequency": "weekly",
                "max_distance_km": "25",
                "description": "Paginanood",
                "is_active": "on",
            },
        ),
        _exists(Need, description="Paginanood"),
    ),
    "POST actors:need_edit": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:need_edit", slug=w.farm.slug, pk=w.need.pk),
            {
                "kind": "product",
                "category": w.category.pk,
                "frequency": "weekly",
                "max_distance_km": "40",
                "description": "Anders",
                "is_active": "on",
            },
        ),
        _changed("need", "description", "Anders"),
    ),
    "POST actors:need_delete": Row(
        EDITORS,
        lambda w, u, c: ("post", _page("actors:need_delete", slug=w.farm.slug, pk=w.need.pk), {}),
        _gone(Need, "need"),
    ),
    "POST actors:editors": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:editors", slug=w.farm.slug),
            {"email": "nieuwe-editor@example.org"},
        ),
        _exists(ActorInvitation, email="nieuwe-editor@example.org"),
    ),
    "POST actors:editor_remove": Row(
        EDITORS,
        lambda w, u, c: (
            "post",
            _page("actors:editor_remove", slug=w.farm.slug, pk=_editor(w).pk),
            {},
        ),
        lambda w, u: not w.farm.managers.filter(user__email="editor@example.org").exists(),
    ),
    # The page offers only one's own actors as initiator (staff start cooperations in the API
    # or the admin).
    "POST cooperation:create": Row(
        roles(MANAGER),
        lambda w, u, c: (
            "post",
            _page("cooperation:create"),
            {
                "initiator": w.farm.pk,
                "name": "Paginacoöperatie",
                "form": w.coop.form.slug,
                "status": "idea",
                "legal_form": "informal",
                "price_setting": "producer_own",
                "decision_making": "consensus",
                "accepts_new_members": "on",
                "is_public": "on",
            },
        ),
        _exists(Cooperation, name="Paginacoöperatie"),
        refused_also=BY_FORM_200,
    ),
    "POST cooperation:update": Row(
        COORDINATION,
        lambda w, u, c: (
            "post",
            _page("cooperation:update", slug=w.coop.slug),
            {
                "name": "Hernoemde coöperatie",
                "form": w.coop.form.slug,
                "legal_form": "informal",
                "price_setting": "producer_own",
                "decision_making": "consensus",
                "accepts_new_members": "on",
                "is_public": "on",
            },
        ),
        _changed("coop", "name", "Hernoemde coöperatie"),
    ),
    "POST cooperation:members": Row(
        COORDINATION,
        lambda w, u, c: (
            "post",
            _page("cooperation:members", slug=w.coop.slug),
            {"invite": "1", "actor": w.farm.slug, "role": "producer"},
        ),
        lambda w, u: _membership_status(w) == MembershipStatus.INVITED,
    ),
    "POST cooperation:chain": Row(
        COORDINATION,
        lambda w, u, c: (
            "post",
            _page("cooperation:chain", slug=w.coop.slug),
            {**management("form"), "form-TOTAL_FORMS": "1", "form-0-step_kind": "consumer"},
        ),
        lambda w, u: w.coop.chain_links.count() == 1,
    ),
    "POST cooperation:join": Row(
        roles(MANAGER),
        lambda w, u, c: (
            "post",
            _page("cooperation:join", slug=w.coop.slug),
            {"actor": w.farm.pk, "role": "producer"},
        ),
        lambda w, u: _membership_status(w) == MembershipStatus.REQUESTED,
        refused_also=BY_FORM_302,
    ),
    "POST cooperation:consumer_membership": Row(
        SIGNED_IN,
        lambda w, u, c: (
            "post",
            _page("cooperation:consumer_membership", slug=_consumer_coop(w)),
            {},
        ),
        lambda w, u: ConsumerMembership.objects.filter(user=u, cooperation=w.coop).exists(),
    ),
    "POST cooperation:membership_decide": Row(
        COORDINATION,
        lambda w, u, c: (
            "post",
            _page(
                "cooperation:membership_decide", pk=_requested_membership(w).pk, decision="accept"
            ),
            {},
        ),
        lambda w, u: _membership_status(w) == MembershipStatus.ACTIVE,
    ),
    "POST cooperation:partnership_request_create": Row(
        roles(MANAGER),
        lambda w, u, c: (
            "post",
            _page("cooperation:partnership_request_create"),
            {"from_actor": w.farm.slug, "to_actor": w.other_farm.slug},
        ),
        lambda w, u: _partnership_status(w) == PartnershipStatus.PENDING,
        refused_also=BY_FORM_302,
    ),
    "POST cooperation:partnership_request_decide": Row(
        roles(MANAGER),
        lambda w, u, c: (
            "post",
            _page(
                "cooperation:partnership_request_decide",
                pk=_incoming_partnership(w).pk,
                decision="accept",
            ),
            {},
        ),
        lambda w, u: _partnership_status(w) == PartnershipStatus.ACCEPTED,
    ),
    "POST municipality:action_create": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "post",
            _page("municipality:action_create"),
            {
                "municipality": w.gent.pk,
                "action_type": "promotion",
                "title": "Paginamarkt",
                "start_date": "2026-06-01",
                "status": "planned",
                "funding_source": "own_budget",
                "budget": "250",
                "staff_hours": "4",
            },
        ),
        _exists(SupportAction, title="Paginamarkt"),
        refused_also=BY_FORM_200,
    ),
    "POST municipality:action_update": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "post",
            _page("municipality:action_update", pk=w.action.pk),
            {
                "municipality": w.gent.pk,
                "action_type": "promotion",
                "title": "Paginaweek",
                "start_date": "2026-03-01",
                "status": "planned",
                "funding_source": "own_budget",
                "budget": "250",
                "staff_hours": "4",
            },
        ),
        _changed("action", "title", "Paginaweek"),
    ),
    "POST municipality:action_delete": Row(
        MUNICIPAL,
        lambda w, u, c: ("post", _page("municipality:action_delete", pk=w.action.pk), {}),
        _gone(SupportAction, "action"),
    ),
    "POST municipality:event_register": Row(
        SIGNED_IN,
        lambda w, u, c: ("post", _page("municipality:event_register", pk=w.event.pk), {}),
        lambda w, u: u is not None and EventRegistration.objects.filter(user=u).exists(),
    ),
    "POST municipality:event_attendance": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "post",
            _page("municipality:event_attendance", pk=w.event.pk),
            {"attended": [_registration(w).pk]},
        ),
        _exists(EventRegistration, user__email="visitor@example.org", attended=True),
    ),
    "POST municipality:survey": Row(
        roles(MANAGER),
        lambda w, u, c: (
            "post",
            _page("municipality:survey"),
            {
                "farmer": w.farm.pk,
                "contact_channels": ["own_initiative"],
                "municipality_important": "yes",
            },
        ),
        _exists(SurveyResponse),
        refused_also=BY_FORM_200,
    ),
    # CSV imports: officers import actors for their own municipalities, staff anywhere.
    "POST network:import_start": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "post",
            _page("network:import_start", kind="actors"),
            {"file": _csv_upload(), "municipality": w.gent.pk},
        ),
        lambda w, u: u is not None and ImportJob.objects.filter(created_by=u).exists(),
        refused_also=BY_FORM_200,
    ),
    # Only the person who started the job confirms it.
    "POST network:import_job_confirm": Row(
        roles(OFFICER),
        lambda w, u, c: ("post", _page("network:import_job_confirm", pk=_checked_job(w).pk), {}),
        lambda w, u: ImportJob.objects.exclude(
            status__in=[ImportJob.Status.CHECKING, ImportJob.Status.CHECKED]
        ).exists(),
    ),
    "POST municipality:goal_list": Row(
        MUNICIPAL,
        lambda w, u, c: (
            "post",
            _page("municipality:goal_list", nis=w.gent.nis_code),
            {"title": "Paginadoel"},
        ),
        _exists(FoodStrategyGoal, title="Paginadoel"),
    ),
}

# Django's own admin guards itself (staff with model permissions); function views that take no
# writes are listed with the reason.
NOT_IN_MATRIX = {
    "health": "GET only: the readiness check",
    "api-not-found": "answers 404 (JSON) to any unknown API path, whatever the method",
}


# --- Enumeration ------------------------------------------------------------------------------


def api_write_endpoints() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITE_METHODS
    }


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def page_write_endpoints() -> set[str]:
    """Every page (not the API, not Django's admin) whose view takes a POST."""
    found = set()
    for namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace.startswith("admin:") or pattern.name is None:
            continue
        view = pattern.callback
        if getattr(view, "cls", None) is not None:  # DRF: covered through the schema
            continue
        name = f"{namespace}{pattern.name}"
        view_class = getattr(view, "view_class", None)
        if view_class is None:
            # A function view: say what it does, or the test cannot tell whether it writes.
            if name not in NOT_IN_MATRIX and f"POST {name}" not in PAGE_MATRIX:
                found.add(f"FUNCTION {name}")
            continue
        if hasattr(view_class, "post") and "post" in view_class.http_method_names:
            found.add(f"POST {name}")
    return found


def test_every_write_endpoint_has_a_row():
    api = api_write_endpoints()
    pages = page_write_endpoints()
    missing = sorted((api - API_MATRIX.keys()) | (pages - PAGE_MATRIX.keys()))
    assert not missing, f"Write endpoints without a row in the permission matrix: {missing}"
    stale = sorted((API_MATRIX.keys() - api) | (PAGE_MATRIX.keys() - pages - {"POST set_language"}))
    assert not stale, f"Rows for endpoints that no longer exist: {stale}"


def test_enumeration_finds_the_endpoints_we_know():
    """The enumeration itself works: it is not an empty set that passes trivially."""
    assert {"POST /api/v1/actors/", "DELETE /api/v1/tokens/{token_key}/"} <= api_write_endpoints()
    assert {"POST actors:actor_edit", "POST municipality:survey"} <= page_write_endpoints()


# --- The walk ---------------------------------------------------------------------------------


def _problems(response) -> str:
    """Form errors and messages of a page that did not do what was asked, for the failure."""
    found = []
    for context in response.context or []:
        for name in ("form", "formset", "invite_form", "status_form"):
            if name in context and getattr(context[name], "errors", None):
                found.append(f"{name}: {context[name].errors}")
    storage = getattr(response.wsgi_request, "_messages", None)
    if storage is not None:
        found += [str(message) for message in storage]
    return "; ".join(found) or "(no form errors)"


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login/" in response.get("Location", "")


CASES = [("api", key, role) for key in API_MATRIX for role in ROLES] + [
    ("page", key, role) for key in PAGE_MATRIX for role in ROLES
]


@pytest.mark.parametrize(("door", "key", "role"), CASES, ids=[f"{k}|{r}" for _, k, r in CASES])
def test_permission_matrix(db, door, key, role):
    world = build_world()
    row = (API_MATRIX if door == "api" else PAGE_MATRIX)[key]
    user = world.user(role)
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    if user is not None:
        client.force_login(user)
    mail.outbox.clear()

    method, url, data = row.call(world, user, client)
    if door == "api":
        response = getattr(client, method)(url, data, format="json")
    else:
        response = getattr(client, method)(url, data or {})

    status = response.status_code
    assert status < 500, f"{key} as {role}: {status}"
    allowed = role in row.allowed
    if allowed:
        assert status < 400 and not _is_login_redirect(response), (
            f"{key} as {role} should succeed: {status} {response.content[:400]!r}"
        )
        assert row.done(world, user), (
            f"{key} as {role}: answered {status}, but nothing changed: {_problems(response)}"
        )
    else:
        refused = status in (401, 403, 404) or _is_login_redirect(response)
        refused = refused or status in row.refused_also
        assert refused, f"{key} as {role} should be refused: {status} {response.content[:400]!r}"
        if door == "api" and role == ANONYMOUS:
            assert status == 401, f"{key} anonymously: {status}, expected 401"
        if key not in ("POST accounts:login", "POST set_language", "POST accounts:logout"):
            assert not row.done(world, user), f"{key} as {role}: refused ({status}) but changed"


def test_roles_are_what_they_say(db):
    """The world gives each role what its name promises, so the matrix means what it says."""
    w = build_world()
    assert w.farm.managers.get().user == w.user(MANAGER)
    assert w.other_farm.managers.get().user == w.user(OTHER_MANAGER)
    assert Membership.objects.get(cooperation=w.coop).actor.managers.get().user == w.user(
        COORDINATOR
    )
    assert list(w.user(OFFICER).officer_roles.values_list("municipality__nis_code", flat=True)) == [
        "44021"
    ]
    assert w.user(STAFF).is_staff and not w.user(STAFF).is_superuser
    assert re.fullmatch(r"[0-9]{5}", w.gent.nis_code)
