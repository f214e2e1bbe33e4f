"""manage.py seed_demo [--scale N]: a demo region around Gent and the Meetjesland.

The command composes the demo step of each app, in the order their dependencies point:
the built-in geography first, then each app's `demo.seed(scale=…, progress=…, out=…)`.
The cooperation and municipality apps add their step to DEMO_STEPS when they have demo data.
Every step is deterministic and idempotent, so running the command twice writes nothing the
second time; see actors/demo.py for how rows are keyed and what --scale adds.

`--flanders [FRACTION]` then adds the Flanders-scale benchmark dataset (bench/dataset.py: ~300
municipalities, 48,000 actors, 200,000 offers… written with COPY, PostgreSQL only); a
fraction below 1 writes that share of it (0.05 for the quick benchmark).

It also makes a staff superuser and prints the demo logins with their password. Those logins
are for demo databases only: with DJANGO_DEBUG off the command refuses to run without --force.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.module_loading import import_string

from network.response_cache import DIRECTORY, bump_after_commit
from network.services import ensure_builtin_geography

# Each app's demo step, run in this order after the geography. A step takes keyword arguments
# scale, progress and out (a function that prints a line) and returns an object with
# `counts` (created rows by name), `logins` ((e-mail, who) pairs) and `notes`.
DEMO_STEPS = [
    "actors.demo.seed",
    "cooperation.demo.seed",
    "municipality.demo.seed",
]

ADMIN_EMAIL = "admin@ketenwerk.demo"


class Command(BaseCommand):
    help = (
        "Fill the database with a believable demo region around Gent and the Meetjesland "
        "(idempotent). --scale N adds synthetic actors over every municipality, about N times "
        "the default region in total."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="About N times the default region's 160 actors in total (default 1).",
        )
        parser.add_argument(
            "--flanders",
            type=float,
            nargs="?",
            const=1.0,
            default=None,
            metavar="FRACTION",
            help=(
                "Also write the Flanders-scale benchmark dataset (PostgreSQL only; about 1.3 "
                "million rows at full size). FRACTION scales it (default 1, the full size)."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DJANGO_DEBUG off. The demo logins' password is public.",
        )

    def handle(self, *args, scale, force, verbosity, flanders=None, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if flanders is not None and not 0 < flanders <= 1:
            raise CommandError("--flanders takes a fraction above 0 and at most 1.")
        if flanders is not None and connection.vendor != "postgresql":
            raise CommandError("--flanders writes with PostgreSQL COPY: set DATABASE_URL.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates logins whose password it prints (a superuser among them); "
                "it only runs with DJANGO_DEBUG on, or with --force on a demo database."
            )
        from actors.demo import DEMO_PASSWORD

        started = time.monotonic()
        out = self.stdout.write if verbosity >= 1 else (lambda text: None)
        out(f"Seeding the demo region (scale {scale})…")

        step_started = time.monotonic()
        report = ensure_builtin_geography()
        out(f"geography: {report.summary()} ({time.monotonic() - step_started:.1f} s)")

        logins = [(ADMIN_EMAIL, "staff superuser (the admin site)")]
        admin_created = self._ensure_admin(DEMO_PASSWORD)
        out(f"admin: {'created' if admin_created else 'already there'}")

        for path in DEMO_STEPS:
            step_started = time.monotonic()
            out(f"{path}:")
            result = import_string(path)(scale=scale, progress=verbosity >= 1, out=out)
            created = ", ".join(f"{count} {name}" for name, count in result.counts.items() if count)
            out(f"  created: {created or 'nothing (all there already)'}")
            for note in result.notes:
                out(f"  note: {note}")
            out(f"  done in {time.monotonic() - step_started:.1f} s")
            logins.extend(result.logins)

        if flanders is not None:
            step_started = time.monotonic()
            out(f"Flanders dataset (fraction {flanders:g}):")
            flanders_result = import_string("bench.dataset.generate")(fraction=flanders, out=out)
            out(f"  done in {time.monotonic() - step_started:.1f} s")
            if not flanders_result.skipped:
                out(f"  Flanders dataset generated in {flanders_result.seconds:.1f} s")

        # The demo steps write with bulk_create (no signals): drop cached directory answers.
        bump_after_commit(DIRECTORY)
        out(f"Demo data ready in {time.monotonic() - started:.1f} s.")
        out("")
        out(f"Demo logins (password for each: {DEMO_PASSWORD} — demo databases only):")
        width = max(len(email) for email, _who in logins)
        for email, who in logins:
            out(f"  {email:<{width}}  {who}")

    def _ensure_admin(self, password: str) -> bool:
        """The demo superuser; left as it is when it exists (its password may have changed)."""
        user_model = get_user_model()
        if user_model.objects.filter(email=ADMIN_EMAIL).exists():
            return False
        user_model.objects.create_superuser(
            email=ADMIN_EMAIL, password=password, first_name="Demo", last_name="Beheerder"
        )
        return True
