"""Invalidate the cached directory answers (network.response_cache) when their data change.

The directory API shows and filters on actors, their offers, sales points and opening hours,
their labels, the product taxonomy and the geography. Every save or delete of one of those
rows, and every change of the many-to-many links between them, bumps the "directory"
namespace once its transaction commits. Writes that send no signals (bulk_create,
bulk_update, QuerySet.update, COPY) call `bump_after_commit` where they are made:
actors.imports, network.services (municipalities), network's seed_demo and bench.dataset.

A receiver on post_delete makes Django delete those rows one query per batch instead of one
blind DELETE (it must load them to send the signal); these are small tables per actor.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from network.response_cache import DIRECTORY, bump_after_commit


def directory_changed(sender, using=None, **kwargs):
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: only after the change
    bump_after_commit(DIRECTORY, using=using or "default")


# Every model whose rows the directory shows or filters on.
DIRECTORY_MODELS = (
    "actors.Actor",
    "actors.ActorLabel",
    "actors.Label",
    "actors.Offer",
    "actors.OpeningException",
    "actors.OpeningHours",
    "actors.ProductCategory",
    "actors.SalesPoint",
    "network.Municipality",
    "network.Region",
)


def connect() -> None:
    from actors.models import Actor
    from network.models import Municipality

    for label in DIRECTORY_MODELS:
        model = apps.get_model(label)
        uid = f"directory-cache-{model._meta.label_lower}"
        post_save.connect(directory_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(directory_changed, sender=model, dispatch_uid=uid)
    # add(), remove() and clear() on these relations send m2m_changed, not post_save.
    for through in (Municipality.regions.through, Actor.labels.through):
        uid = f"directory-cache-m2m-{through._meta.label_lower}"
        m2m_changed.connect(directory_changed, sender=through, dispatch_uid=uid)
