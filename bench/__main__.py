"""Run every benchmark against a throw-away database: SQLite by default, or a new PostgreSQL
database created (and dropped afterwards) on the server named by PZ_BENCH_POSTGRES_URL."""

import atexit
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

_tmp = tempfile.mkdtemp(prefix="pz-bench-")
os.environ.setdefault("PZ_VAR_DIR", _tmp)


def _throwaway_postgres(server_url: str) -> str:
    import psycopg

    name = f"pz_bench_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

    atexit.register(drop)
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


if os.environ.get("PZ_BENCH_POSTGRES_URL"):
    os.environ["DATABASE_URL"] = _throwaway_postgres(os.environ["PZ_BENCH_POSTGRES_URL"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peoplezones.settings")
os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ["PZ_PUBLIC_FORM_RATE"] = "1000000/60"
# The sentence model's vectors for the generated texts are kept between runs (the SQLite run
# works them out, the PostgreSQL run reads them): the search benchmarks time queries; how fast
# texts are read is printed by the run that read them (delete the file to read all afresh).
os.environ["PZ_SEARCH_VECTOR_CACHE"] = str(
    Path(__file__).resolve().parent.parent / "var" / "bench-vectors.sqlite3"
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from peoplezones.applications.models import Application  # noqa: E402


def rate(label: str, n: int, action: Callable[[int], object]) -> float:
    start = time.perf_counter()
    for i in range(n):
        action(i)
    elapsed = time.perf_counter() - start
    per_second = n / elapsed
    print(f"  {label:<48} {per_second:10.1f} /s  ({n} in {elapsed:.2f} s)")
    return per_second


def compare(name: str, figure: float, baseline: float) -> None:
    print(f"{name}: {figure / baseline:.2f}x the baseline's rate\n")


def bench_apply_form(client: Client) -> None:
    print(
        "Public apply form: a valid POST (validate, flood counter, store, email) vs a static file"
    )
    data = {
        "kind": "apply",
        "name": "Bench Person",
        "email": "bench@example.net",
        "applicant_role": "resident",
        "area_name": "Bench Estate",
        "postcode": "LE3 1AB",
        "wants_to_change": "Safer streets.",
        "contact_preference": "email",
        "consent": "on",
    }
    static = f"{settings.STATIC_URL}pz/site.css"
    baseline = rate("GET static file (baseline)", 300, lambda i: client.get(static))
    figure = rate(
        "POST /apply/",
        300,
        lambda i: client.post("/apply/", data, REMOTE_ADDR=f"10.0.{i // 250}.{i % 250}"),
    )
    compare("apply POST", figure, baseline)


def bench_inbox(client: Client, size: int = 20000) -> None:
    print(f"Staff inbox, first page of {size} applications vs the same rows by raw SQL")
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            reference=f"PZ-B{i:07d}",
            kind="apply",
            name=f"Person {i}",
            email=f"p{i}@example.net",
            applicant_role="resident",
            area_name=f"Area {i % 500}",
            postcode="LE3 1AB",
            wants_to_change="x",
            contact_preference="email",
            consent_given_at=now,
            received_at=now,
            status_changed_at=now,
        )
        for i in range(size)
    )
    from peoplezones.core.models import Role, User

    staff = User.objects.create_user(email="bench-staff@example.org", role=Role.STAFF)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(staff, "JBSWY3DPEHPK3PXP")
    client.force_login(staff)
    table = Application._meta.db_table

    def raw(i: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table} ORDER BY received_at DESC LIMIT 200")  # noqa: S608
            cursor.fetchall()

    baseline = rate("raw SELECT of 200 newest rows (baseline)", 50, raw)
    figure = rate(
        "GET /staff/applications/ (200 rows rendered)",
        50,
        lambda i: client.get("/staff/applications/"),
    )
    compare("inbox page", figure, baseline)


def bench_zone_page(client: Client) -> None:
    """The public Zone page and the programme's partnership matrix at a busy Zone's size."""
    from datetime import timedelta

    from django.test.utils import CaptureQueriesContext

    from peoplezones.core.models import Organisation, OrganisationType
    from peoplezones.zones.models import (
        Action,
        Objective,
        Partnership,
        PartnershipStatus,
        ProgressUpdate,
        Zone,
    )

    objectives, actions_each, updates_each, partners = 12, 8, 6, 25
    print(
        f"Public Zone page with {objectives} objectives x {actions_each} actions x "
        f"{updates_each} updates and {partners} partners, vs a static file"
    )
    zone = Zone.objects.create(name="Bench Zone", slug="bench-zone", is_published=True)
    organisations = [
        Organisation.objects.create(
            name=f"Bench agency {i}",
            slug=f"bench-agency-{i}",
            type=OrganisationType.values[i % len(OrganisationType.values)],
        )
        for i in range(partners)
    ]
    Partnership.objects.bulk_create(
        Partnership(zone=zone, organisation=o, status=PartnershipStatus.ACCEPTED, commitment="x")
        for o in organisations
    )
    today = timezone.localdate()
    for i in range(objectives):
        objective = Objective.objects.create(
            zone=zone,
            title=f"Objective {i}",
            statement="Streets feel safe.",
            theme="safety",
            indicator_kind="count",
            indicator="Count",
        )
        for j in range(actions_each):
            action = Action.objects.create(
                zone=zone,
                objective=objective,
                organisation=organisations[(i + j) % partners],
                title=f"Action {i}.{j}",
                due_date=today + timedelta(days=j - 3),
            )
            ProgressUpdate.objects.bulk_create(
                ProgressUpdate(action=action, text=f"Update {k}") for k in range(updates_each)
            )
    static = f"{settings.STATIC_URL}pz/site.css"
    baseline = rate("GET static file (baseline)", 200, lambda i: client.get(static))
    with CaptureQueriesContext(connection) as queries:
        client.get(zone.get_absolute_url())
    figure = rate(
        f"GET {zone.get_absolute_url()} ({len(queries)} queries)",
        100,
        lambda i: client.get(zone.get_absolute_url()),
    )
    compare("public Zone page", figure, baseline)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _index_with_progress(keys: list[str]) -> None:
    from peoplezones.search import services

    started = time.perf_counter()
    last = [started]

    def progress(key: str, done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 10 or done == total:
            last[0] = time.perf_counter()
            print(f"  indexing {key}: {done}/{total} ({last[0] - started:.0f} s)", flush=True)

    counts = services.rebuild(keys, progress=progress)
    elapsed = time.perf_counter() - started
    total = sum(counts.values())
    print(f"  indexed {total} things in {elapsed:.1f} s ({total / elapsed:.0f} a second; the "
          "sentence model reads each one's first 64 tokens, unless an earlier run kept its "
          f"vector in {os.environ['PZ_SEARCH_VECTOR_CACHE']})")  # fmt: skip
    from peoplezones.search import index

    index._loaded = None  # a web process seeing the index changed: it loads it again
    started = time.perf_counter()
    index.current()
    loaded = index.current()
    held = loaded.engine.vectors.nbytes + loaded.engine.weights.data.nbytes * 2
    print(f"  a process loads the whole index ({loaded.engine.size} entries) in "
          f"{time.perf_counter() - started:.2f} s, once per change; it holds about "
          f"{held / 1e6:.0f} MB of it (vectors and term weights)")  # fmt: skip


def _needs() -> list[str]:
    from peoplezones.toolkit.tests.search_cases import CASES

    return [query for query, _expected in CASES]


def _raw_scan(tables: dict[str, tuple[str, ...]], query: str) -> int:
    """The person's own words (stop words left out) matched with LIKE on every text column of
    each table, no ranking: what reading the tables raw costs."""
    from peoplezones.search import text

    words = [w for w in text.words(query) if w not in text.STOP_WORDS][: text.MAX_WORDS]
    if not words:
        return 0
    found = 0
    with connection.cursor() as cursor:
        for table, columns in tables.items():
            clause = " OR ".join(f"{column} LIKE %s" for _w in words for column in columns)
            params = [f"%{w}%" for w in words for _column in columns]
            cursor.execute(f"SELECT id FROM {table} WHERE {clause}", params)  # noqa: S608
            found += len(cursor.fetchall())
    return found


def _timed(label_scan: str, label_search: str, scan, search, rounds: int, goal: float) -> None:
    """Each query timed as if never asked before: the sentence model reads it every time (no
    vector kept in memory or in the file); the index stays loaded, as in a web process."""
    from peoplezones.search import embedding

    settings.PZ_SEARCH_VECTOR_CACHE = ""
    timings: dict[str, list[float]] = {"scan": [], "search": []}
    needs = _needs()
    search(needs[0])  # the engine is built once per index, not per query: built here
    for _round in range(rounds):
        for query in needs:
            for label, run in (("scan", scan), ("search", search)):
                embedding.forget()
                start = time.perf_counter()
                run(query)
                timings[label].append((time.perf_counter() - start) * 1000)
    scan95, search95 = percentile(timings["scan"], 0.95), percentile(timings["search"], 0.95)
    n = len(timings["search"])
    print(f"  {label_scan:<46} p50 {statistics.median(timings['scan']):7.1f} ms"
          f"  p95 {scan95:7.1f} ms  ({n} queries)")  # fmt: skip
    print(f"  {label_search:<46} p50 {statistics.median(timings['search']):7.1f} ms"
          f"  p95 {search95:7.1f} ms  ({n} queries)")  # fmt: skip
    print(f"  goal: p95 under {goal:.0f} ms: {'met' if search95 < goal else 'NOT met'}; "
          f"p95 is {search95 / scan95:.2f}x the raw scan's\n")  # fmt: skip
    settings.PZ_SEARCH_VECTOR_CACHE = os.environ["PZ_SEARCH_VECTOR_CACHE"]


def bench_toolkit_search(size: int = 10000, rounds: int = 3) -> None:
    """Tool Kit search (keywords, synonyms, spelling and the sentence model) over many options,
    against the same words matched by a plain scan of the raw table (LIKE, no ranking)."""
    import random

    from peoplezones.toolkit import exchange, search
    from peoplezones.toolkit.management.commands.import_toolkit import SEED
    from peoplezones.toolkit.models import Option

    print(f"Tool Kit search over {size} options: p95 latency, ranked search vs raw-table scan")
    seed = exchange.parse(SEED.read_bytes())["options"]
    rng = random.Random(7)
    vocabulary = " ".join(
        " ".join([item["summary"], item["steps"], item["roles"], item["risks"]]) for item in seed
    ).split()
    started = time.perf_counter()
    batch = []
    for i in range(size):
        base = seed[i % len(seed)]
        words = rng.sample(vocabulary, 120)
        batch.append(
            Option(
                slug=f"generated-{i}",
                title=f"{base['title']} ({i})",
                summary=" ".join(rng.sample(vocabulary, 20)),
                themes_tags="," + ",".join(base["themes"]) + ",",
                agencies_tags="," + ",".join(base.get("agencies", [])) + ",",
                steps=" ".join(words),
                money_band=base["money_band"],
                setup_time=base["setup_time"],
                search_body=" ".join(words),
            )
        )
        if len(batch) == 1000:
            Option.objects.bulk_create(batch)
            batch = []
    Option.objects.bulk_create(batch)
    print(f"  generated {size} options in {time.perf_counter() - started:.1f} s")
    _index_with_progress(["option"])
    options = Option.objects.all()
    _timed(
        "raw-table LIKE scan, own words (baseline)",
        "ranked search: words, spelling and meaning",
        lambda q: _raw_scan({"toolkit_option": ("title", "summary", "search_body")}, q),
        lambda q: search.ranked_ids(q, options),
        rounds,
        goal=50,
    )


def bench_site_search(assets: int = 20000, events: int = 2000, rounds: int = 3) -> None:
    """The header's search over every kind: the Tool Kit's options (left by the bench before),
    assets and events, grouped with counts, against a raw LIKE scan of the three tables."""
    import random
    from datetime import timedelta

    from peoplezones.assets.models import Asset, Category
    from peoplezones.community.models import Event
    from peoplezones.search import index
    from peoplezones.toolkit.models import Option

    print(f"Site search over {Option.objects.count()} options, {assets} assets and {events} "
          "events: p95 latency, grouped search vs raw-table scan")  # fmt: skip
    rng = random.Random(11)
    categories = list(Category.objects.exclude(kind="individual"))
    places = ["Braunstone", "Saffron", "Beaumont Leys", "Oakham", "Melton", "Loughborough",
              "Hinckley", "Wigston", "Syston", "Coalville"]  # fmt: skip
    offers = ["free drop-in", "for older people", "for families", "for young people 11-18",
              "wheelchair accessible", "tea and a chat", "advice on money and bills",
              "help getting online", "food parcels", "a warm place in winter", "sport sessions",
              "a quiet room", "English classes", "gardening together", "a safe place to ask"]  # fmt: skip
    batch = []
    for i in range(assets):
        category = categories[i % len(categories)]
        place = rng.choice(places)
        batch.append(Asset(
            kind=category.kind, category=category, name=f"{place} {category.name} {i}",
            description=f"{category.name} in {place}: {', '.join(rng.sample(offers, 3))}.",
            lon=-1.13 + rng.uniform(-0.3, 0.3), lat=52.63 + rng.uniform(-0.2, 0.2),
            x=458000 + rng.uniform(-20000, 20000), y=304000 + rng.uniform(-20000, 20000),
        ))  # fmt: skip
        if len(batch) == 2000:
            Asset.objects.bulk_create(batch)
            batch = []
    Asset.objects.bulk_create(batch)
    now = timezone.now()
    what = ["Coffee morning", "Walk", "Litter pick", "Youth football", "Digital drop-in",
            "Repair cafe", "Knit and natter"]  # fmt: skip
    Event.objects.bulk_create([
        Event(title=f"{rng.choice(what)} in {rng.choice(places)} {i}",
              description=", ".join(rng.sample(offers, 3)), where=rng.choice(places),
              starts=now + timedelta(days=1 + i % 60, hours=10),
              ends=now + timedelta(days=1 + i % 60, hours=12), booking_required=False)
        for i in range(events)
    ])  # fmt: skip
    _index_with_progress(["asset", "event"])
    tables = {
        "toolkit_option": ("title", "summary", "search_body"),
        "assets_asset": ("name", "description"),
        "community_event": ("title", "description"),
    }
    _timed(
        "raw-table LIKE scan of three tables (baseline)",
        "grouped search with counts, every kind",
        lambda q: _raw_scan(tables, q),
        lambda q: index.search(q),
        rounds,
        goal=100,
    )


def bench_nearest_asset(
    points: int = 1_000_000, assets: int = 20_000, sample: int = 10_000
) -> None:
    """Gap analysis's core: distance from every residential point to its nearest asset, with the
    k-d tree, against brute-force NumPy (every point to every asset) on a sample."""
    import numpy as np

    from peoplezones.assets.gaps import nearest_distances

    print(
        f"Nearest asset for {points:,} residential points among {assets:,} assets "
        f"(a 60 km square) vs brute force on {sample:,} points"
    )
    rng = np.random.default_rng(5)
    people = rng.uniform(0, 60_000, size=(points, 2))
    places = rng.uniform(0, 60_000, size=(assets, 2))
    subset = people[:sample]
    start = time.perf_counter()
    brute = np.empty(sample)
    for lo in range(0, sample, 500):  # 500 x 20,000 at a time keeps memory small
        chunk = subset[lo : lo + 500]
        squared = (chunk[:, None, 0] - places[None, :, 0]) ** 2 + (
            chunk[:, None, 1] - places[None, :, 1]
        ) ** 2
        brute[lo : lo + 500] = np.sqrt(squared.min(axis=1))
    brute_rate = sample / (time.perf_counter() - start)
    print(f"  brute-force NumPy on {sample:,} points (baseline)  {brute_rate:14,.0f} points/s")
    timings = []
    for _round in range(3):
        start = time.perf_counter()
        distances = nearest_distances(people, places)
        timings.append(time.perf_counter() - start)
    assert np.allclose(distances[:sample], brute), "k-d tree and brute force disagree"
    rate = points / min(timings)
    print(
        f"  cKDTree (build + query, all cores)               {rate:14,.0f} points/s  (best of 3: {min(timings):.2f} s)"
    )
    print(
        f"Nearest asset: {rate / brute_rate:.0f}x brute force; goal 1,000,000 points/s: {'met' if rate >= 1_000_000 else 'NOT met'}\n"
    )


def bench_asset_geojson(client: Client, size: int = 5000, requests: int = 40) -> None:
    """The map's GeoJSON endpoint with thousands of public assets, against a static file."""
    import random

    from peoplezones.assets.models import Asset, Category
    from peoplezones.core.geo import to_bng_xy

    print(f"Asset map GeoJSON with {size:,} public assets: p95 latency vs a static file")
    rng = random.Random(3)
    categories = list(Category.objects.all())
    lons = [rng.uniform(-1.35, -0.95) for _ in range(size)]
    lats = [rng.uniform(52.5, 52.8) for _ in range(size)]
    xs, ys = to_bng_xy(lons, lats)
    Asset.objects.bulk_create(
        [
            Asset(
                kind="service", category=categories[i % len(categories)], name=f"Bench asset {i}",
                lon=lons[i], lat=lats[i], x=float(xs[i]), y=float(ys[i]), source="csv", source_id=f"b{i}",
            )
            for i in range(size)
        ],
        batch_size=1000,
    )  # fmt: skip

    def p95(url: str) -> tuple[float, int]:
        timings, length = [], 0
        for _i in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append((time.perf_counter() - start) * 1000)
            length = len(body)
        return percentile(timings, 0.95), length

    static95, static_len = p95(
        f"{settings.STATIC_URL}vendor/leaflet.markercluster/leaflet.markercluster.js"
    )
    map95, map_len = p95("/assets/map.geojson")
    print(
        f"  static file, {static_len / 1024:.0f} KB (baseline)                 p95 {static95:7.1f} ms"
    )
    print(
        f"  GET /assets/map.geojson, {map_len / 1024:.0f} KB, {size:,} features    p95 {map95:7.1f} ms"
    )
    print(f"Asset map GeoJSON: p95 {map95:.0f} ms, {map95 / static95:.1f}x the static file's p95\n")


def bench_survey_results(client: Client, per_wave: int = 10000, requests: int = 30) -> None:
    """A published survey's results page (every standard measure, two waves, intervals, change)
    against the baseline of reading the same answers out of the database and decoding them."""
    import json
    import random
    from datetime import timedelta

    from peoplezones.demo import research as demo_research
    from peoplezones.research import services
    from peoplezones.research.models import Response, Wave

    print(
        f"Survey results page, 2 waves of {per_wave:,} responses, every measure: p95 vs reading them"
    )
    rng = random.Random(5)
    survey = services.create_survey(
        fields={"title": "Bench survey", "results_published": True},
        measure_keys=demo_research.MEASURES, by=None,
    )  # fmt: skip
    demo_research._own_questions(survey)
    questions = {q.key: q for q in survey.questions.all()}
    now = timezone.now()
    for stage, name in enumerate(["Baseline", "Follow-up 1"]):
        wave = Wave.objects.create(
            survey=survey, name=name, kind="baseline" if stage == 0 else "follow_up",
            opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=30),
        )  # fmt: skip
        Response.objects.bulk_create(
            [Response(wave=wave, answers=demo_research._answers(rng, stage, questions))
             for _ in range(per_wave)],
            batch_size=1000,
        )  # fmt: skip

    def read_all(_i: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.answers FROM research_response r JOIN research_wave w ON w.id = r.wave_id "
                "WHERE w.survey_id = %s",
                [survey.pk],
            )
            for (answers,) in cursor.fetchall():
                if isinstance(answers, str):
                    json.loads(answers)

    def timed(action: Callable[[int], object]) -> tuple[float, float]:
        timings = []
        for i in range(requests):
            start = time.perf_counter()
            action(i)
            timings.append((time.perf_counter() - start) * 1000)
        return statistics.median(timings), percentile(timings, 0.95)

    url = f"/surveys/{survey.pk}/results/"
    client.get(url)  # the first request imports statsmodels: a process's start-up, not a page's
    base50, base95 = timed(read_all)
    page50, page95 = timed(lambda i: client.get(url))
    print(
        f"  read and decode {2 * per_wave:,} answers (baseline)  p50 {base50:6.1f} ms  p95 {base95:6.1f} ms"
    )
    print(
        f"  results page                               p50 {page50:6.1f} ms  p95 {page95:6.1f} ms"
    )
    print(f"survey results: p50 {page50 / base50:.1f}x the time of reading the answers")
    # What keeping the counts costs each answer: storing one through the service (checked, and
    # counted into its wave's tally) beside a plain insert of the same answers.
    wave = survey.waves.order_by("id").first()
    given = [demo_research._answers(rng, 0, questions) for _ in range(requests)]
    forms = [{k: v if isinstance(v, list) else [v] for k, v in a.items()} for a in given]
    plain50, plain95 = timed(lambda i: Response.objects.create(wave=wave, answers=given[i]))
    kept50, kept95 = timed(lambda i: services.submit_response(wave=wave, data=forms[i]))
    print(
        f"  insert an answer (baseline)                p50 {plain50:6.1f} ms  p95 {plain95:6.1f} ms"
    )
    print(
        f"  store an answer, counted into its tally    p50 {kept50:6.1f} ms  p95 {kept95:6.1f} ms\n"
    )


def bench_police_import(rows: int | None = None, sample: int = 2000) -> None:
    """A national month of police.uk street rows (generated in the real layout): the whole import
    (check every row, store, keep counts) against a plain COPY of the same file into an unindexed
    table (PostgreSQL) or one executemany of its rows (SQLite), and against saving rows one at a
    time through the ORM."""
    import csv as csv_module
    import io
    import random
    from datetime import date

    from peoplezones.outcomes import services
    from peoplezones.outcomes.generate import street_csv
    from peoplezones.outcomes.models import Batch, Crime, Force

    rows = rows or (600_000 if connection.vendor == "postgresql" else 200_000)
    rng = random.Random(6)
    places = [
        (-3 + 4 * rng.random(), 51 + 3 * rng.random(), f"E01{i:06d}", f"Area {i}")
        for i in range(33_000)
    ]
    data = street_csv(
        month=date(2024, 3, 1),
        force_name="National Bench Police",
        rows=rows,
        places=places,
        rng=rng,
    )
    print(
        f"police.uk street import, {rows:,} rows ({len(data) / 1e6:.0f} MB) on {connection.vendor}"
    )

    def plain_load() -> float:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
            columns = ", ".join(f"c{i} text" for i in range(12))
            cursor.execute(f"CREATE TABLE bench_raw_copy ({columns})")
            start = time.perf_counter()
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(
                    "COPY bench_raw_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
                ) as copy:
                    copy.write(data[3:])  # without the byte-order mark
            else:
                reader = csv_module.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
                next(reader)
                marks = ", ".join(["%s"] * 12)
                cursor.executemany(f"INSERT INTO bench_raw_copy VALUES ({marks})", list(reader))  # noqa: S608
            return rows / (time.perf_counter() - start)

    def import_file(name: str) -> float:
        start = time.perf_counter()
        services.import_police(data, name)
        return rows / (time.perf_counter() - start)

    # Both are warmed up first (a running server has read a file before: Arrow builds its compute
    # functions on first use, and the database has grown its files), then each is run in turn
    # twice and its better rate kept, so neither is favoured by the order.
    plain_load()
    services.import_police(data[: data.index(b"\n", 100_000) + 1], "2024-03-warm-up-street.csv")
    baselines, figures = [], []
    for round_ in range(2):
        baselines.append(plain_load())
        # Another force each round, so each import is a new month's load, not a replacement.
        figures.append(import_file(f"2024-03/2024-03-national-bench-{round_}-street.csv"))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_copy")
    baseline, figure = max(baselines), max(figures)
    label = (
        "plain COPY into an unindexed table"
        if connection.vendor == "postgresql"
        else "plain executemany into an unindexed table"
    )
    print(f"  {label + ' (baseline, best of 2)':<52} {baseline:10,.0f} rows/s")
    print(f"  {'import: check, store, counts (best of 2)':<52} {figure:10,.0f} rows/s")

    force = Force.objects.create(slug="orm-bench", name="ORM Bench")
    batch = Batch.objects.create(
        kind="street", force=force, month=date(2024, 3, 1), file_name="x", sha256="x"
    )
    start = time.perf_counter()
    for i in range(sample):
        Crime.objects.create(
            batch=batch, row=i + 1, month=batch.month, crime_id=f"{i:064x}", category="burglary",
            lon=-1.18, lat=52.62, location="On or near Park Road", lsoa_code="E01013612",
        )  # fmt: skip
    orm = sample / (time.perf_counter() - start)
    print(f"  {'naive ORM save loop (' + format(sample, ',') + ' rows)':<52} {orm:10,.0f} rows/s")
    print(
        f"police import: {figure / baseline:.2f}x the plain load's rate (goal 0.75), {figure / orm:.0f}x the ORM loop's (goal 10)\n"
    )


def bench_outcomes_dashboard(rows: int | None = None, rounds: int = 40) -> None:
    """A Zone's 36-month outcomes dashboard (the monthly series and the comparison) over a
    national-scale store of street rows: 20 million on PostgreSQL, generated in SQL, with their
    counts per LSOA made by the same GROUP BY the importer's counts equal. Beside it, the same
    Zone's figure counted from the raw rows (what the kept counts save), and a primary-key read
    (the floor of any query)."""
    from datetime import date

    from django.core.cache import cache

    from peoplezones.geography.models import AreaProfile, StatisticalArea
    from peoplezones.geography.services import link_zone_areas
    from peoplezones.outcomes import partitions, queries, services
    from peoplezones.outcomes.models import Batch, Crime, Force, LsoaMonthCount
    from peoplezones.zones import services as zone_services
    from peoplezones.zones.models import Zone

    postgres = connection.vendor == "postgresql"
    rows = rows or (20_000_000 if postgres else 500_000)
    areas, months, per_row = 33_000, 36, 180  # LSOAs on a grid of 180 columns, 0.025 degrees
    first = date(2022, 1, 1)
    force = Force.objects.create(slug="national-dashboard", name="National Dashboard Police")
    batches = [
        Batch.objects.create(
            kind="street", force=force, month=queries.add_months(first, m), rows=rows // months,
            file_name="generated", sha256=str(m),
        ).pk
        for m in range(months)
    ]  # fmt: skip
    print(f"outcomes dashboard: {rows:,} street rows over {months} months on {connection.vendor}")
    start = time.perf_counter()
    step = rows // months
    categories = ("anti-social-behaviour", "violent-crime", "public-order", "shoplifting",
                  "burglary", "criminal-damage-arson", "vehicle-crime", "other-theft")  # fmt: skip
    with connection.cursor() as cursor:
        for m, batch in enumerate(batches):
            month = queries.add_months(first, m)
            if postgres:  # row n falls in LSOA n % 33,000, at a point scattered in its cell
                partition = partitions.new_partition(Crime, batch)  # as the importer loads
                generate = (
                    " SELECT %s, n, %s, '', (%s::text[])[1 + (n * 7 + %s) %% 8],"
                    " -3 + ((n %% %s) %% %s) * 0.025 + 0.02 * random(),"
                    " 51 + ((n %% %s) / %s) * 0.025 + 0.02 * random(),"
                    " 'On or near Generated Street', 'E01' || lpad((n %% %s)::text, 6, '0'), ''"
                    " FROM generate_series(1, %s) n"
                )
                cursor.execute(
                    f'INSERT INTO "{partition}" (batch_id, "row", month, crime_id, category, lon,'
                    f" lat, location, lsoa_code, outcome) {generate}",
                    [batch, month, list(categories), m, areas, per_row, areas, per_row, areas,
                     step],
                )  # fmt: skip
                partitions.attach(Crime, partition, batch)
            else:
                cursor.executemany(
                    "INSERT INTO outcomes_crime (batch_id, row, month, crime_id, category, lon,"
                    " lat, location, lsoa_code, outcome) VALUES (%s, %s, %s, '', %s, %s, %s,"
                    " 'On or near Generated Street', %s, '')",
                    [(batch, n + 1, month, categories[(n * 7 + m) % 8],
                      -3 + ((n % areas) % per_row) * 0.025 + 0.01,
                      51 + ((n % areas) // per_row) * 0.025 + 0.01, f"E01{n % areas:06d}")
                     for n in range(step)],
                )  # fmt: skip
        for batch in batches:  # as the importer counts, into each batch's partition
            table = partitions.new_partition(LsoaMonthCount, batch) if postgres else None
            cursor.execute(
                f'INSERT INTO "{table or LsoaMonthCount._meta.db_table}" (batch_id, "row", source,'  # noqa: S608
                " lsoa_code, month, category, count) SELECT batch_id, row_number() OVER (ORDER BY"
                " lsoa_code, category), 'street', lsoa_code, month, category, count(*)"
                " FROM outcomes_crime WHERE batch_id = %s GROUP BY batch_id, lsoa_code, month,"
                " category",
                [batch],
            )
            if postgres:
                partitions.attach(LsoaMonthCount, table, batch)
    print(f"  (generated in {time.perf_counter() - start:.0f} s)")
    AreaProfile.objects.bulk_create(
        AreaProfile(code=f"E01{n:06d}", population=1500, imd_score=10 + (n * 37) % 50)
        for n in range(areas)
    )
    for n in range(4):  # the Zone's four LSOAs, with boundaries
        lon, lat = -3 + (n % per_row) * 0.025, 51.0
        StatisticalArea.objects.create(
            code=f"E01{n:06d}", name=f"Area {n}", area_m2=1, min_lon=lon, min_lat=lat,
            max_lon=lon + 0.025, max_lat=lat + 0.025,
            geometry={"type": "Polygon", "coordinates": [[[lon, lat], [lon + 0.025, lat],
                      [lon + 0.025, lat + 0.025], [lon, lat + 0.025], [lon, lat]]]},
        )  # fmt: skip
    zone = Zone.objects.create(
        name="Outcomes Bench Zone", slug="outcomes-bench-zone", launch_date=date(2024, 1, 1)
    )
    square = {"type": "Polygon", "coordinates": [[[-3, 51], [-2.9, 51], [-2.9, 51.025],
              [-3, 51.025], [-3, 51]]]}  # fmt: skip
    start = time.perf_counter()
    zone_services.set_boundary_from_geojson(zone=zone, geojson=json.dumps(square))
    zone.refresh_from_db()
    link_zone_areas(zone)
    services.recount_zone(zone)
    print(
        f"  (a boundary change recounts the Zone from raw rows in {time.perf_counter() - start:.1f} s)"
    )

    def p95(action: Callable[[], object], times: int = rounds) -> float:
        timings = []
        for _ in range(times):
            begin = time.perf_counter()
            action()
            timings.append(time.perf_counter() - begin)
        return percentile(timings, 0.95) * 1000

    floor = p95(lambda: Zone.objects.get(pk=zone.pk))
    zone_codes = [f"E01{n:06d}" for n in range(4)]
    raw = p95(lambda: Crime.objects.filter(lsoa_code__in=zone_codes).count(), times=3)
    series = p95(lambda: queries.zone_series(zone, "", months=36))
    cache.clear()
    begin = time.perf_counter()
    comparison = queries.cached_compare(zone)
    cold = (time.perf_counter() - begin) * 1000
    warm = p95(lambda: queries.cached_compare(zone))
    dashboard = p95(
        lambda: (queries.zone_series(zone, "", months=36), queries.cached_compare(zone))
    )
    print(f"  {'primary-key read of the Zone (floor)':<52} p95 {floor:8.1f} ms")
    print(f"  {'the Zone counted from raw rows (no kept counts)':<52} p95 {raw:8.1f} ms")
    print(f"  {'36-month series from the kept counts':<52} p95 {series:8.1f} ms")
    print(f"  {'comparison, first time (matching every area)':<52} {cold:12.1f} ms")
    print(f"  {'comparison, kept until the data changes':<52} p95 {warm:8.1f} ms")
    print(f"  {'dashboard: series and comparison':<52} p95 {dashboard:8.1f} ms")
    print(
        f"outcomes dashboard: p95 {dashboard:.1f} ms over {rows:,} rows (goal under 50 ms), "
        f"{raw / dashboard:.0f}x faster than counting raw rows; comparison "
        f"{'found' if comparison else 'not possible'}\n"
    )


def bench_programme(zones_n: int = 50, rounds: int = 30) -> None:
    """A coordinator's dashboard (the work queue from every app) and the programme view over 50
    Zones, each with a year of demo-scale data (objectives, actions and their updates, proposals
    and supporters, partners, requests for help and volunteers, assets, a year of counts); beside
    them a primary-key read. Then the quarterly report as a PDF for all 50 Zones."""
    import io
    from datetime import timedelta

    from allauth.mfa.totp.internal.auth import TOTP
    from pypdf import PdfReader

    from peoplezones.assets.models import Asset, Category
    from peoplezones.core.models import Organisation, OrganisationType, Role, User
    from peoplezones.outcomes.models import Batch, Force, ZoneMonthCount
    from peoplezones.outcomes.queries import add_months
    from peoplezones.programme import report
    from peoplezones.volunteering.models import HelpRequest, HelpType, VolunteerOffer
    from peoplezones.zones.models import (
        Action,
        Objective,
        Partnership,
        PartnershipStatus,
        ProgressUpdate,
        Proposal,
        Support,
        Zone,
    )

    print(f"Work queue and programme view over {zones_n} Zones with a year of data each")
    start = time.perf_counter()
    today = timezone.localdate()
    year_ago = timezone.now() - timedelta(days=365)
    organisations = [
        Organisation.objects.create(name=f"Programme agency {i}", slug=f"programme-agency-{i}",
                                    type=OrganisationType.values[i % 5])
        for i in range(10)
    ]  # fmt: skip
    coordinator = User.objects.create_user(email="bench.coordinator@example.org",
                                           role=Role.COORDINATOR)  # fmt: skip
    residents = User.objects.bulk_create(
        User(email=f"bench.resident{i}@example.org", name=f"Resident {i}") for i in range(200)
    )
    category = Category.objects.first()
    help_type = HelpType.objects.first()
    force = Force.objects.create(slug="programme-bench", name="Programme Bench Police")
    batches = [
        Batch.objects.create(kind="street", force=force, month=add_months(today.replace(day=1), -m),
                             rows=0, file_name="generated", sha256=f"programme-{m}")
        for m in range(1, 13)
    ]  # fmt: skip
    square = {"type": "Polygon", "coordinates": [[[-1.2, 52.6], [-1.19, 52.6], [-1.19, 52.61],
              [-1.2, 52.61], [-1.2, 52.6]]]}  # fmt: skip
    for z in range(zones_n):
        zone = Zone.objects.create(
            name=f"Programme Zone {z:02d}", slug=f"programme-zone-{z:02d}", is_published=True,
            launch_date=today - timedelta(days=30 * (z % 24)), boundary=square,
            boundary_centre=[-1.195 + z * 0.01, 52.605],
        )  # fmt: skip
        if z < 2:
            zone.coordinators.add(coordinator)
        Partnership.objects.bulk_create(
            Partnership(zone=zone, organisation=o, status=PartnershipStatus.ACCEPTED)
            for o in organisations[:6]
        )
        for i in range(5):
            objective = Objective.objects.create(
                zone=zone, title=f"Objective {i}", statement="Safer streets.", theme="safety",
                indicator_kind="count", indicator="Count",
            )  # fmt: skip
            actions = Action.objects.bulk_create(
                Action(zone=zone, objective=objective, organisation=organisations[(i + j) % 6],
                       title=f"Action {i}.{j}", due_date=today + timedelta(days=30 * j - 45),
                       status=["planned", "in_progress", "done"][j % 3])
                for j in range(4)
            )  # fmt: skip
            ProgressUpdate.objects.bulk_create(
                ProgressUpdate(action=a, text=f"Update {k}", at=year_ago + timedelta(days=40 * k))
                for a in actions for k in range(8)
            )  # fmt: skip
        for i in range(8):
            proposal = Proposal.objects.create(zone=zone, title=f"Proposal {i}", theme="safety")
            Support.objects.bulk_create(
                Support(proposal=proposal, user=u) for u in residents[i * 10 : i * 10 + 12]
            )
        HelpRequest.objects.bulk_create(
            HelpRequest(zone=zone, help_type=help_type, name=f"Neighbour {i}", contact="x",
                        details="x", when="x", postcode="LE3 1QP")
            for i in range(10)
        )  # fmt: skip
        VolunteerOffer.objects.bulk_create(
            VolunteerOffer(volunteer=residents[(z + i) % 200], zone=zone, postcode="LE3 1QP")
            for i in range(15)
        )  # fmt: skip
        assets = Asset.objects.bulk_create(
            Asset(name=f"Asset {z}.{i}", category=category, kind=category.kind, lon=-1.19,
                  lat=52.6, x=456000 + i, y=303000 + i, steward_zone=zone,
                  last_verified=today - timedelta(days=200 + 20 * i))
            for i in range(50)
        )  # fmt: skip
        zone.assets.add(*assets)
        ZoneMonthCount.objects.bulk_create(
            ZoneMonthCount(batch_id=b.pk, zone=zone, month=b.month, category=c, count=5 + z % 7)
            for b in batches for c in ("anti-social-behaviour", "burglary", "violent-crime")
        )  # fmt: skip
    staff = User.objects.create_user(email="bench.staff@example.org", role=Role.STAFF)
    print(f"  (made in {time.perf_counter() - start:.0f} s)")
    for person in (coordinator, staff):  # both roles must have a second factor
        TOTP.activate(person, "JBSWY3DPEHPK3PXP")
    as_coordinator, as_staff = Client(), Client()
    as_coordinator.force_login(coordinator)
    as_staff.force_login(staff)
    for client, url in ((as_coordinator, "/dashboard/"), (as_staff, "/programme/")):
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
    any_zone = Zone.objects.first()

    def p95(action: Callable[[], object]) -> float:
        action()  # warm: caches filled as a working day's first visit would
        timings = []
        for _ in range(rounds):
            begin = time.perf_counter()
            action()
            timings.append(1000 * (time.perf_counter() - begin))
        return percentile(timings, 0.95)

    floor = p95(lambda: Zone.objects.get(pk=any_zone.pk))
    dashboard = p95(lambda: as_coordinator.get("/dashboard/"))
    programme = p95(lambda: as_staff.get("/programme/"))
    print(f"  {'primary-key read of a Zone (floor)':<48} p95 {floor:8.1f} ms")
    print(f"  {'GET /dashboard/, a coordinator of 2 Zones':<48} p95 {dashboard:8.1f} ms")
    print(f"  {'GET /programme/, staff, 50 Zones':<48} p95 {programme:8.1f} ms")
    zones = list(Zone.objects.filter(slug__startswith="programme-zone-").order_by("name"))
    begin = time.perf_counter()
    data = report.pdf(report.build(report.latest_quarter(), zones))
    took = time.perf_counter() - begin
    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"  {'quarterly report PDF, 50 Zones':<48} {took:8.1f} s ({pages} pages)")
    print(
        f"programme: dashboard p95 {dashboard:.0f} ms, programme view p95 {programme:.0f} ms "
        f"(goal under 100 ms; the floor {floor:.1f} ms); report {took:.1f} s (goal under 10 s)\n"
    )


def bench_lsoa_assignment(areas_n: int = 35000, rows: int = 600_000, sample: int = 200) -> None:
    """Placing police rows that come without an LSOA code (the police.uk API) in LSOAs by point in
    polygon: 600,000 rows (a national month) over 35,000 LSOA-like areas tiling England, each
    with about 75 vertices, built from the database as setup_area does. Beside it a brute-force
    test of every point against every area, on a sample."""
    import numpy as np
    import shapely
    from shapely.geometry import mapping

    from peoplezones.geography.models import StatisticalArea
    from peoplezones.geography.pip import LsoaIndex

    print(f"Assigning {rows:,} police rows to {areas_n:,} LSOAs by point in polygon")
    rng = np.random.default_rng(22)
    west, south, east, north = -5.7, 50.0, 1.76, 55.8  # England's extent
    frame = shapely.box(west, south, east, north)
    seeds = shapely.multipoints(
        shapely.points(rng.uniform(west, east, areas_n), rng.uniform(south, north, areas_n))
    )
    cells = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=frame))
    cells = shapely.segmentize(shapely.intersection(cells, frame), 0.002)
    StatisticalArea.objects.bulk_create(
        (StatisticalArea(code=f"W01{i:06d}", name=f"Bench {i}", geometry=mapping(cell),
                         area_m2=1.0, min_lon=b[0], min_lat=b[1], max_lon=b[2], max_lat=b[3])
         for i, (cell, b) in enumerate(zip(cells, shapely.bounds(cells), strict=True))),
        batch_size=2000,
    )  # fmt: skip
    vertices = float(shapely.get_num_coordinates(cells).mean())
    start = time.perf_counter()
    index = LsoaIndex.from_database()
    built = time.perf_counter() - start
    print(f"  index of {len(index):,} areas ({vertices:.0f} vertices each on average) built "
          f"from the database in {built:.2f} s")  # fmt: skip
    lons, lats = rng.uniform(west, east, rows), rng.uniform(south, north, rows)
    lons[rng.random(rows) < 0.02] = np.nan  # rows police.uk could not place
    timings = []
    for _round in range(3):
        start = time.perf_counter()
        codes = index.assign(lons, lats)
        timings.append(time.perf_counter() - start)
    elapsed = statistics.median(timings)
    figure = rows / elapsed
    print(
        f"  {'assigned (median of 3 runs)':<48} {figure:10.0f} rows/s  ({rows:,} in {elapsed:.2f} s)"
    )
    print(f"  rows placed: {int((codes != '').sum()):,}; without a location: "
          f"{int(np.isnan(lons).sum()):,}")  # fmt: skip
    start = time.perf_counter()
    for lon, lat in zip(lons[:sample], lats[:sample], strict=True):
        if not np.isnan(lon):
            shapely.intersects_xy(cells, lon, lat)
    brute = sample / (time.perf_counter() - start)
    print(f"  {'brute force (every point against every area)':<48} {brute:10.0f} rows/s  "
          f"({sample} sample rows)")  # fmt: skip
    goal = 500_000
    print(f"  goal: at least {goal:,} rows/s on this machine's {os.cpu_count()} cores: "
          f"{'met' if figure >= goal else 'NOT met'}")  # fmt: skip
    compare("LSOA assignment", figure, brute)
    StatisticalArea.objects.filter(name__startswith="Bench ").delete()


def bench_synthetic_control(donors: int = 2000, months: int = 60, placebos: int = 200) -> None:
    """A Zone's evaluation at national scale: a synthetic control over 2,000 donor LSOAs and 60
    months (36 before launch), with 200 placebo areas each fitted the same way, and the smallest
    detectable change before launch (its placebo launches in the past). Beside them one fit's
    time: the evaluation should cost about its number of fits times that, nothing more."""
    import numpy as np

    from peoplezones.evaluation import methods

    print(f"Synthetic control: {donors:,} donor LSOAs, {months} months, {placebos} placebo areas")
    rng = np.random.default_rng(24)
    zone, before = 5, 36
    t = np.arange(months)
    level = rng.uniform(8, 40, size=donors + zone)
    swing = rng.uniform(0.5, 1.5, size=donors + zone)
    expected = (
        level * (1 + 0.15 * np.sin(2 * np.pi * t / 12)[:, None] * swing) * (1 - 0.003 * t)[:, None]
    )
    counts = rng.poisson(expected * rng.gamma(15, 1 / 15, size=expected.shape)).astype(float)
    in_zone = np.zeros(donors + zone, dtype=bool)
    in_zone[:zone] = True
    panel = methods.AreaPanel(
        counts, rng.integers(1300, 1800, donors + zone).astype(float), in_zone, before
    )
    window = methods.windowed(panel, methods.fit_window(before))
    series = window.rate(np.flatnonzero(window.zone))
    rates = window.rates()[:, window.donors]
    timings = []
    for _round in range(5):
        start = time.perf_counter()
        methods.fit_synthetic(series, rates, window.launch, window.donors)
        timings.append(time.perf_counter() - start)
    one = statistics.median(timings)
    print(f"  {'one fit (median of 5)':<48} {one:10.3f} s")
    start = time.perf_counter()
    result = methods.synthetic_control(panel, placebos=placebos, seed=1)
    whole = time.perf_counter() - start
    print(f"  {'the Zone and ' + str(len(result.placebos)) + ' placebo fits':<48} {whole:10.2f} s  "
          f"({whole / one:.0f} fits' time for {1 + len(result.placebos)} fits)")  # fmt: skip
    start = time.perf_counter()
    found = methods.minimum_detectable_effect(
        methods.AreaPanel(counts[:before], panel.population, in_zone, before), seed=1
    )
    detectable = time.perf_counter() - start
    fits = sum(d.launches for d in found) * (1 + placebos) + 1
    print(f"  {'smallest detectable change (12 and 24 months)':<48} {detectable:10.2f} s  "
          f"({fits} fits)")  # fmt: skip
    goal = 30
    print(f"  goal: the synthetic control and its {placebos} placebo fits in under {goal} s on "
          f"this machine's {os.cpu_count()} cores: {'met' if whole < goal else 'NOT met'}")  # fmt: skip
    compare(
        "Synthetic control (a fit's rate against one fit alone)",
        1 / (whole / (1 + placebos)),
        1 / one,
    )


ALONE = {
    "search": [bench_toolkit_search, bench_site_search],
    "police": [bench_police_import],
    "survey": [lambda: bench_survey_results(Client())],
}


def main() -> int:
    call_command("migrate", verbosity=0)
    print(f"Database: {connection.vendor}\n")
    chosen = sys.argv[1:]  # `python -m bench police survey`: those benchmarks alone
    if chosen:
        unknown = [name for name in chosen if name not in ALONE]
        if unknown:
            print(f"No benchmark called {', '.join(unknown)}: choose from {', '.join(ALONE)}")
            return 2
        for name in chosen:
            for bench in ALONE[name]:
                bench()
        return 0
    client = Client()
    bench_apply_form(client)
    bench_inbox(client)
    bench_zone_page(Client())
    bench_toolkit_search()
    bench_site_search()
    bench_nearest_asset()
    bench_asset_geojson(Client())
    bench_survey_results(Client())
    bench_police_import()
    bench_outcomes_dashboard()
    bench_programme()
    bench_lsoa_assignment()
    bench_synthetic_control()
    return 0


if __name__ == "__main__":
    sys.exit(main())
