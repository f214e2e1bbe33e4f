"""An officer of Gent imports the municipality's list of farms: upload, read the check, confirm,
and (for a large file) watch the progress bar until the report shows."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from actors.models import Actor
from municipality.models import OfficerRole
from network.models import ImportJob
from tests.factories import MunicipalityFactory, ProductCategoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-Ketenwerk-2026"
SAMPLE = Path(__file__).resolve().parents[2] / "actors" / "fixtures" / "actors_import_sample.csv"


def path(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def officer(db):
    gent = MunicipalityFactory(
        nis_code="44021", slug="gent", name_nl="Gent", postcodes="9000 9030", latitude=51.05
    )
    user = UserFactory(email="officer@gent.example.org")
    OfficerRole.objects.create(user=user, municipality=gent)
    # The sample's products (an earlier browser test may have flushed the migrations' data).
    for slug in ("aardappelen", "groenten", "eieren", "melk", "kaas", "yoghurt", "brood", "gebak"):
        ProductCategoryFactory(slug=slug)
    return user


def log_in(page, live_server, user):
    page.goto(live_server.url + path("accounts:login"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_an_officer_imports_the_list_after_reading_the_check(page, live_server, officer):
    log_in(page, live_server, officer)

    page.goto(live_server.url + path("network:import_start", kind="actors"))
    page.set_input_files("#id_file", str(SAMPLE))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert "Every row is correct" in page.locator("main").inner_text()
    assert Actor.objects.count() == 0
    page.get_by_role("button", name="Import these rows").click()
    page.wait_for_load_state()
    assert "The import is done." in page.locator("main").inner_text()
    assert Actor.objects.filter(is_public=False).count() == 4


def test_the_progress_bar_moves_and_the_report_appears_when_the_job_ends(
    page, live_server, officer
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    job = ImportJob.objects.create(
        kind="actors", created_by=officer, status="running", total_rows=400, content="x"
    )
    cache.set(f"import-job-progress:{job.pk}", ("writing", 100))
    log_in(page, live_server, officer)

    page.goto(live_server.url + path("network:import_job", pk=job.pk))
    bar = page.locator("#import-progress progress")
    assert bar.get_attribute("value") == "100"

    cache.set(f"import-job-progress:{job.pk}", ("writing", 300))
    # htmx polls the partial every second (no inline script: the page runs under CSP).
    expect(page.locator("#import-progress progress")).to_have_attribute("value", "300")
    assert "300 of 400 rows" in page.locator("#import-progress").inner_text()

    ImportJob.objects.filter(pk=job.pk).update(
        status="done", report={"counts": {"actors": 400, "sales_points": 0, "offers": 0}}
    )
    page.get_by_text("The import is done.").wait_for()
    assert page.locator("#import-progress progress").count() == 0
    assert errors == []
