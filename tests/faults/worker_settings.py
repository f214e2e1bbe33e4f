"""Settings of the real Celery worker the fault tests start: production settings, with the
database, Redis and visibility timeout from the environment the test sets, and the gated
file mail backend (tests/faults/mailbackend.py) so deliveries can be counted and held."""

from network.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.faults.mailbackend.GatedFileBackend"
