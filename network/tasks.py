"""Background work of the network: CSV imports too large to run inside a request."""

from celery import shared_task

from network.imports import import_job_lease_release, import_job_lease_take, import_job_run


# Larger than the default limits: a list of tens of thousands of rows is checked row by row.
@shared_task(bind=True, acks_late=True, time_limit=30 * 60, soft_time_limit=29 * 60)
def run_import_job(self, job_id: int) -> None:
    """Check or write an import job. Thin and idempotent: import_job_run re-fetches the job
    and exits when it is gone or finished, so a re-delivered task does no harm. While another
    worker holds the job's lease (a copy re-delivered after the visibility timeout), try again
    in a minute: the job is then finished, or its holder died and the lease ran out."""
    holder = self.request.id or "eager"
    if not import_job_lease_take(job_id, holder):
        raise self.retry(countdown=60, max_retries=40)
    try:
        import_job_run(job_id=job_id)
    finally:
        import_job_lease_release(job_id, holder)


# --- The e-mail outbox (network/outbox.py) ---------------------------------------------------
# Thin tasks: they take ids, and the outbox's row lock and sent-marker make each one safe to
# run twice, which late acknowledgement and a lost worker's re-delivery will do.


@shared_task(ignore_result=True)
def send_outbox_emails(ids: list[int]) -> None:
    """Send the outbox rows a committed action just queued."""
    from network.outbox import outbox_send_one

    for pk in ids:
        outbox_send_one(pk)


@shared_task(ignore_result=True, expires=55)
def flush_outbox() -> int:
    """Every minute (beat): send what is still pending, e.g. after Redis or a worker was down."""
    from network.outbox import outbox_flush

    return outbox_flush()


@shared_task(ignore_result=True, expires=3600)
def purge_login_records() -> int:
    """Daily (beat): the log-in logs older than LOGIN_RECORDS_DAYS go (accounts.services)."""
    from django.conf import settings

    from accounts.services import login_records_purge

    return login_records_purge(days=settings.LOGIN_RECORDS_DAYS)
