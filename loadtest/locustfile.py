"""The load of `make loadtest`: citizens browsing the directory, and members writing.

Run by loadtest/run.py, which prepares the database and passes, in LOADTEST_PLAN (a JSON
file), the actor slugs to browse and, for each writer, an API token, the actor they manage,
the municipality they are officer of and the actors they may send partnership requests to.
Every response's status is counted per request name into LOADTEST_RESULT at the end, so the
runner can compare the writes locust saw succeed with the rows in the database.
"""

import json
import os
import random
import threading
from collections import Counter, defaultdict
from itertools import count

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"]).read())  # noqa: SIM115
STATUS = defaultdict(Counter)  # request name -> status code -> how many
_lock = threading.Lock()
_writers = iter(PLAN["writers"])
_sequence = count(1)


@events.request.add_listener
def _count_status(request_type, name, response=None, exception=None, **kwargs):
    code = getattr(response, "status_code", 0) or 0
    with _lock:
        STATUS[name][str(code)] += 1


@events.quitting.add_listener
def _write_result(environment, **kwargs):
    with open(os.environ["LOADTEST_RESULT"], "w") as out:
        json.dump({name: dict(codes) for name, codes in STATUS.items()}, out, indent=2)


class Citizen(HttpUser):
    """Anonymous directory browsing: the page, the API, the map's GeoJSON, actor pages."""

    weight = 3
    wait_time = between(0.5, 2)

    @task(3)
    def directory_page(self):
        self.client.get("/nl/", name="home page")
        self.client.get("/en/producers/", name="directory page")

    @task(3)
    def directory_api(self):
        query = random.choice(["", "?kind=farmer", "?kind=shop", "?page=2"])  # noqa: S311
        self.client.get(f"/api/v1/actors/{query}", name="directory API")

    @task(2)
    def map_geojson(self):
        self.client.get("/api/v1/actors/?format=geojson", name="map GeoJSON")

    @task(4)
    def actor_page(self):
        slug = random.choice(PLAN["actor_slugs"])  # noqa: S311
        self.client.get(f"/en/producers/{slug}/", name="actor page")
        self.client.get(f"/api/v1/actors/{slug}/", name="actor API")


class Member(HttpUser):
    """A farmer who is also a municipal officer, writing through the API with a token."""

    weight = 1
    wait_time = between(0.5, 2)

    def on_start(self):
        with _lock:
            self.plan = next(_writers, None)
        if self.plan is None:  # more Member users than prepared writers: browse only
            self.plan = {"targets": [], "token": None}
            return
        self.client.headers["Authorization"] = f"Token {self.plan['token']}"
        self.targets = list(self.plan["targets"])
        random.shuffle(self.targets)

    @task(2)
    def partnership_request(self):
        if not self.plan["token"] or not self.targets:
            return
        self.client.post(
            "/api/v1/partnership-requests/",
            json={
                "from_actor": self.plan["actor"],
                "to_actor": self.targets.pop(),
                "message": "Samen een korte keten opzetten?",
            },
            name="write: partnership request",
        )

    @task(2)
    def support_action(self):
        if not self.plan["token"]:
            return
        self.client.post(
            "/api/v1/support-actions/",
            json={
                "municipality": self.plan["municipality"],
                "action_type": "promotion",
                "title": f"Loadtest {self.plan['actor']} {next(_sequence)}",
                "start_date": "2027-01-15",
                "budget": "250.00",
            },
            name="write: support action",
        )

    @task(1)
    def my_requests(self):
        if self.plan["token"]:
            self.client.get("/api/v1/partnership-requests/", name="my partnership requests")
