"""`make loadtest`: 200 people for 120 seconds (PZ_LOAD_USERS, PZ_LOAD_SECONDS) against gunicorn
on loopback.

A throw-away copy of the demo (SQLite, or a new PostgreSQL database when PZ_TEST_POSTGRES_URL
names a server) is served by gunicorn as in production (4 workers x 2 threads, --preload, kept
database connections, the database cache) with DEBUG off; locust (headless) runs the users in
loadtest/locustfile.py on the same machine. Before the run each public page, map, API answer
and form is asked for, eight at a time, as a live site's would have been. Reported: requests per
second, p50/p95/p99 and errors for each kind of request, beside the same server's static
stylesheet (the baseline) measured in the same run. Each simulated person has their own address,
passed on as by the proxy in front of a live site (X-Forwarded-For, PZ_TRUSTED_PROXY_COUNT=1), so
the flood limits and the API's limit are in force at their production values, counted per person.
"""

import csv
import json
import os
import socket
import subprocess  # nosec B404 # starts our own server and locust with argument lists
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

USERS = int(os.environ.get("PZ_LOAD_USERS", "200"))
SECONDS = int(os.environ.get("PZ_LOAD_SECONDS", "120"))
ROOT = Path(__file__).resolve().parent.parent
PAGE_GOAL_MS = 100


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(var: str) -> dict[str, str]:
    env = dict(os.environ, PZ_VAR_DIR=var, DJANGO_DEBUG="0", PZ_DEMO="1",
               PZ_TRUSTED_PROXY_COUNT="1",
               DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
               DATABASE_CONN_MAX_AGE="600",
               # The cache production uses (production_settings): one for every worker.
               DJANGO_CACHE_BACKEND="django.core.cache.backends.db.DatabaseCache",
               DJANGO_CACHE_LOCATION="pz_cache",
               PZ_PUBLIC_PAGE_CACHE_SECONDS=os.environ.get("PZ_PUBLIC_PAGE_CACHE_SECONDS", "30"),
               DJANGO_SETTINGS_MODULE="peoplezones.settings", DJANGO_LOG_LEVEL="WARNING")  # fmt: skip
    server = os.environ.get("PZ_TEST_POSTGRES_URL")
    if server:
        import psycopg

        name = f"pz_load_{os.getpid()}"
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
        env["PZ_LOAD_DROP"] = name
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # nosec B603 # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


TARGETS = """
import json
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from peoplezones.applications.models import ApplicantRole, ContactPreference, Kind
from peoplezones.assets.searchable import public as public_assets
from peoplezones.community.searchable import public_events
from peoplezones.research.measures import ITEMS
from peoplezones.research.models import OneResponse, Survey, Wave
from peoplezones.toolkit.models import Option
from peoplezones.zones.models import Zone

zone = Zone.objects.filter(is_published=True).exclude(boundary=None).order_by("id").first()
now = timezone.now()
survey = {}
for wave in Wave.objects.filter(opens_at__lte=now, closes_at__gt=now,
        survey__one_response=OneResponse.OPEN).order_by("id"):
    question = wave.survey.questions.filter(kind="single").exclude(standard_item="").first()
    if question:
        survey = {"wave": wave.token, "key": question.key,
                  "value": ITEMS[question.standard_item].options[0].value}
        break
results = Survey.objects.filter(results_published=True).order_by("id").first()
option = Option.objects.order_by("id").first()
asset = public_assets().order_by("id").first()
event = public_events().order_by("starts").first()
public = ["/", "/zones/", f"/zones/{zone.slug}/", f"/zones/{zone.slug}/plan/", "/toolkit/",
          f"/toolkit/{option.slug}/" if option else "/toolkit/", "/assets/",
          f"/assets/{asset.pk}/" if asset else "/assets/", "/community/",
          f"/community/events/{event.pk}/" if event else "/community/",
          f"/outcomes/zones/{zone.slug}/", "/privacy/register/", "/search/?q=warm+place+to+meet",
          f"/surveys/{results.pk}/results/" if results else "/"]
people = get_user_model().objects
coordinated = Zone.objects.filter(coordinators__email="coordinator@example.org").first()
surveys = [f"/surveys/{pk}/" for pk in Survey.objects.order_by("id").values_list("pk", flat=True)[:3]]
candidates = ["/dashboard/", f"/zones/{coordinated.slug}/manage/", "/surveys/", *surveys,
              f"/surveys/{results.pk}/results/" if results else "/surveys/", "/community/",
              "/volunteering/", "/staff/applications/", "/programme/", "/outcomes/",
              "/account/notifications/"]
host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".")
sessions = []
for email in ("coordinator@example.org", "coordinator.bell@example.org", "staff@example.org"):
    user = people.get(email=email)
    for _ in range(4):
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        # Only the pages this person's role opens to them (a 403 would be the test's mistake).
        pages = [url for url in candidates if client.get(url).status_code == 200]
        sessions.append({"cookie": client.cookies["sessionid"].value, "pages": pages})
slug = zone.slug
maps = ["/zones/map.geojson", "/assets/map.geojson", f"/zones/{slug}/boundary.geojson"]
api = ["/api/v1/zones/", f"/api/v1/zones/{slug}/", f"/api/v1/zones/{slug}/outcomes/",
       "/api/v1/assets/?zone=" + slug, "/api/v1/toolkit/options/", "/api/v1/events/"]
print("TARGETS " + json.dumps({
    "zone": zone.slug, "survey": survey, "public": public, "maps": maps, "api": api,
    "sessions": sessions,
    "apply": {"kind": Kind.APPLY, "applicant_role": ApplicantRole.RESIDENT,
              "contact_preference": ContactPreference.EMAIL},
}))
"""


def _public_paths(targets: dict) -> list[str]:
    """What the neighbours ask for without signing in (loadtest/locustfile.py)."""
    return [
        *targets["public"], *targets["maps"], *targets["api"],
        f"/surveys/s/{targets['survey']['wave']}/", "/apply/",
    ]  # fmt: skip


def _ask_for_each(base: str, paths: list[str]) -> None:
    """Each path once, eight at a time, twice over: every worker thread has opened its database
    connection and every page has been made, as on a site that has been up for a while."""

    def fetch(path: str) -> None:
        urllib.request.urlopen(f"{base}{path}", timeout=30).read()  # noqa: S310 # nosec B310

    with ThreadPoolExecutor(max_workers=8) as pool:
        for _round in range(2):
            list(pool.map(fetch, paths))


def _summary(path: Path) -> list[dict[str, str]]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


def main() -> int:
    var = tempfile.mkdtemp(prefix="pz-load-")
    env = _environment(var)
    try:
        print(f"== Load test: {USERS} users for {SECONDS} s (demo data in {var})", flush=True)
        print("[1/4] Building the demo database", flush=True)
        _manage(env, "migrate", "--no-input", "-v", "0")
        _manage(env, "createcachetable")
        _manage(env, "load_demo", "--quiet")
        _manage(env, "collectstatic", "--no-input", "-v", "0")
        lines = _manage(env, "shell", "-v", "0", "-c", TARGETS).splitlines()
        found = next((line.split(" ", 1)[1] for line in lines if line.startswith("TARGETS ")), "")
        if not found or not json.loads(found)["survey"]:
            print("The demo has no open survey to answer.", file=sys.stderr)
            return 1
        port = _free_port()
        print(f"[2/4] gunicorn on 127.0.0.1:{port} (4 workers x 2 threads)", flush=True)
        server = subprocess.Popen(  # nosec B603 # noqa: S603 - fixed arguments
            [sys.executable, "-m", "gunicorn", "peoplezones.wsgi", "--bind",
             f"127.0.0.1:{port}", "--workers", "4", "--threads", "2", "--keep-alive", "10",
             "--worker-class", "gthread", "--preload", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/static/pz/site.css", timeout=2)  # nosec B310
                    break
                except OSError:
                    time.sleep(0.2)
            # A live site has served its pages before the evening's crowd arrives: each public
            # page, map, API answer and form is asked for, so the run starts with the shared
            # cache and each worker thread's database connection as they would be, not empty
            # and unopened (200 people arrive in the first 5 seconds).
            targets = json.loads(found)
            _ask_for_each(f"http://127.0.0.1:{port}", _public_paths(targets))
            print(f"[3/4] locust: {USERS} users, {SECONDS} s", flush=True)
            results = Path(var) / "locust"
            subprocess.run(  # nosec B603 # noqa: S603 - fixed arguments
                [sys.executable, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"),
                 "--headless", "-u", str(USERS), "-r", str(max(1, USERS // 5)),
                 "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{port}",
                 "--csv", str(results), "--only-summary", "--loglevel", "WARNING"],
                env={**env, "PZ_LOAD_TARGETS": found},
                cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
        return _report(Path(f"{results}_stats.csv"))
    finally:
        drop = env.get("PZ_LOAD_DROP")
        if drop:
            import psycopg

            with psycopg.connect(os.environ["PZ_TEST_POSTGRES_URL"], autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')


def _report(path: Path) -> int:
    rows = [r for r in _summary(path) if r["Name"] != "Aggregated"]
    print("[4/4] Results (ms; the static file is the baseline, same server, same run)")
    print(f"{'request':<44}{'requests':>9}{'req/s':>8}{'p50':>6}{'p95':>6}{'p99':>6}{'errors':>8}")
    for row in sorted(rows, key=lambda r: r["Name"]):
        print(f"{row['Name']:<44}{row['Request Count']:>9}{float(row['Requests/s']):>8.1f}"
              f"{row['50%']:>6}{row['95%']:>6}{row['99%']:>6}{row['Failure Count']:>8}")  # fmt: skip
    total = next(r for r in _summary(path) if r["Name"] == "Aggregated")
    baseline = next(r for r in rows if r["Name"] == "static baseline")
    pages = [r for r in rows if r["Name"] != "static baseline"]
    slow = [r for r in pages if float(r["95%"]) > PAGE_GOAL_MS]
    worst = max(pages, key=lambda r: float(r["95%"]))
    errors = int(total["Failure Count"])
    print(f"All: {total['Request Count']} requests, {float(total['Requests/s']):.1f}/s, "
          f"{errors} errors. Static baseline p50 {baseline['50%']} ms, p95 {baseline['95%']} ms; "
          f"slowest page or form p95 {worst['95%']} ms ({worst['Name']}), goal {PAGE_GOAL_MS} ms.")  # fmt: skip
    print(
        f"Errors: {errors or 'none'}. p95 goal for every page and form: "
        + ("met" if not slow else "NOT met by " + ", ".join(r["Name"] for r in slow))
        + "."
    )
    return 1 if errors else 0  # an error fails the run; slowness is reported beside the baseline


if __name__ == "__main__":
    sys.exit(main())
