"""The load: residents reading every public page, maps and the API, answering a survey, applying
to become a Zone; coordinators and staff signed in, working; beside them the same server's static
stylesheet, the baseline. Started by `python -m loadtest` (make loadtest), which finds the pages
in the demo (PZ_LOAD_TARGETS, JSON).

Each simulated person does one thing, then pauses 1 to 3 seconds as someone reading would, so
200 people ask for about 100 things a second. Each has their own address, as the proxy in front of
a live site would pass it on (X-Forwarded-For, PZ_TRUSTED_PROXY_COUNT=1): the flood limits and the
API's limit count each person at their production values. They use locust's FastHttpUser
(geventhttpclient): the load is made on the same two cores as the server it measures, and the
requests library spent several times as much of them per request."""

import itertools
import json
import os
import random
import re
import time
from urllib.parse import urlsplit

from locust import FastHttpUser, between, task
from requests.cookies import create_cookie

TARGETS = json.loads(os.environ["PZ_LOAD_TARGETS"])
ZONE = TARGETS["zone"]
SURVEY = TARGETS["survey"]
MAPS = TARGETS["maps"]
API = TARGETS["api"]
_FORM_ID = re.compile(rb'name="form_id" value="([^"]+)"')
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_PEOPLE = itertools.count(1)


def _named(path: str) -> str:
    """One line of the report per kind of page, not per object."""
    path = path.replace(ZONE, "<zone>").split("?")[0]
    return re.sub(r"/\d+/", "/<id>/", path)


class Person(FastHttpUser):
    """Someone with their own address (10.x.y.z), passed on by the proxy."""

    abstract = True

    def __init__(self, environment) -> None:  # type: ignore[no-untyped-def]
        n = next(_PEOPLE)
        self.default_headers = {"X-Forwarded-For": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}
        super().__init__(environment)


class Neighbour(Person):
    weight = 9
    wait_time = between(1, 3)
    last_applied = -60.0

    @task(20)
    def page(self) -> None:
        path = random.choice(TARGETS["public"])  # nosec B311
        self.client.get(path, name=f"page {_named(path)}")

    @task(6)
    def maps(self) -> None:
        path = random.choice(MAPS)  # nosec B311
        self.client.get(path, name=f"geojson {_named(path)}")

    @task(4)
    def api(self) -> None:
        path = random.choice(API)  # nosec B311
        self.client.get(path, name=f"api {_named(path)}")

    @task(3)
    def survey(self) -> None:
        url = f"/surveys/s/{SURVEY['wave']}/"
        form = self.client.get(url, name="form survey")
        body = form.content or b""
        form_id, csrf = _FORM_ID.search(body), _CSRF.search(body)
        if not (form_id and csrf):
            return  # counted already as the form request's own failure
        with self.client.post(
            url,
            {"csrfmiddlewaretoken": csrf.group(1).decode(), "form_id": form_id.group(1).decode(),
             SURVEY["key"]: SURVEY["value"], "website": ""},
            name="form survey answer", allow_redirects=False, catch_response=True,
        ) as sent:  # fmt: skip
            if sent.status_code != 302:
                sent.failure(f"survey answer not taken: {sent.status_code}")

    @task(1)
    def apply(self) -> None:
        form = self.client.get("/apply/", name="form apply")
        csrf = _CSRF.search(form.content or b"")
        # Reading the form, yes; but nobody sends one more than five times a minute (the flood
        # limit a person would meet, at random, about once in ten runs).
        if not csrf or time.monotonic() - self.last_applied < 60 / 5:
            return
        self.last_applied = time.monotonic()
        n = random.randrange(10**9)  # nosec B311
        with self.client.post(
            "/apply/",
            {"csrfmiddlewaretoken": csrf.group(1).decode(), **TARGETS["apply"],
             "name": "Load Test", "email": f"load.{n}@example.org", "area_name": "Load Estate",
             "postcode": "LE3 1AB", "wants_to_change": "Somewhere for young people to go.",
             "consent": "on", "website": ""},
            name="form apply send", allow_redirects=False, catch_response=True,
        ) as sent:  # fmt: skip
            if sent.status_code != 302:
                sent.failure(f"application not taken: {sent.status_code}")

    @task(3)
    def static(self) -> None:
        self.client.get("/static/pz/site.css", name="static baseline")


class Coordinator(Person):
    """A coordinator or a member of staff, signed in, moving between their working pages."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        session = random.choice(TARGETS["sessions"])  # nosec B311
        host = urlsplit(self.host).hostname
        self.client.cookiejar.set_cookie(create_cookie("sessionid", session["cookie"], domain=host))
        self.pages = session["pages"]

    @task
    def working(self) -> None:
        path = random.choice(self.pages)  # nosec B311
        with self.client.get(
            path, name=f"signed in {_named(path)}", allow_redirects=False, catch_response=True
        ) as got:
            if got.status_code != 200:
                got.failure(f"{path}: {got.status_code} (signed out?)")
