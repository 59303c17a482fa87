"""The load: people reading public pages and maps, and answering a survey; beside them the
same server's static stylesheet, the baseline. Started by `python -m loadtest` (make loadtest).

Each simulated person does one thing, then pauses 1 to 3 seconds as someone reading would, so
50 people ask for about 25 things a second."""

import os
import random
import re

from locust import HttpUser, between, task

ZONE = os.environ["PZ_LOAD_ZONE"]
WAVE = os.environ["PZ_LOAD_WAVE"]
ANSWER_KEY, ANSWER = os.environ["PZ_LOAD_ANSWER"].split("=", 1)
PAGES = ["/", "/zones/", f"/zones/{ZONE}/", "/toolkit/", "/assets/", "/community/",
         f"/zones/{ZONE}/plan/", "/privacy/register/"]  # fmt: skip
MAPS = ["/zones/map.geojson", "/assets/map.geojson", f"/zones/{ZONE}/boundary.geojson"]
_FORM_ID = re.compile(rb'name="form_id" value="([^"]+)"')
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Neighbour(HttpUser):
    wait_time = between(1, 3)

    @task(16)
    def page(self) -> None:
        path = random.choice(PAGES)  # nosec B311
        self.client.get(path, name=f"page {path.replace(ZONE, '<zone>')}")

    @task(6)
    def maps(self) -> None:
        path = random.choice(MAPS)  # nosec B311
        self.client.get(path, name=f"geojson {path.replace(ZONE, '<zone>')}")

    @task(2)
    def survey(self) -> None:
        form = self.client.get(f"/surveys/s/{WAVE}/", name="survey form")
        body = form.content or b""
        form_id, csrf = _FORM_ID.search(body), _CSRF.search(body)
        if not (form_id and csrf):
            return  # counted already as the form request's own failure
        with self.client.post(
            f"/surveys/s/{WAVE}/",
            {"csrfmiddlewaretoken": csrf.group(1).decode(), "form_id": form_id.group(1).decode(),
             ANSWER_KEY: ANSWER, "website": ""},
            name="survey submit", allow_redirects=False, catch_response=True,
        ) as sent:  # fmt: skip
            if sent.status_code != 302:
                sent.failure(f"survey answer not taken: {sent.status_code}")

    @task(3)
    def static(self) -> None:
        self.client.get("/static/pz/site.css", name="static baseline")
