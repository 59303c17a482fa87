"""PostgreSQL restarted while people are using the site: requests caught by the restart get the
site's own error page (never a dropped connection or a traceback), every request after it is
answered as usual (kept connections are checked and opened again), and every answer the site
took before, during or after is stored.

It restarts the database server itself, so it runs alone: `make faults` (PZ_FAULTS=1), which
.ci/run calls after the suite; as root, with Debian's pg_ctlcluster."""

import http.cookiejar
import os
import re
import shutil
import subprocess  # nosec B404 # gunicorn and pg_ctlcluster with argument lists
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from peoplezones.research.models import Response
from tests import background, factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("PZ_FAULTS"), reason="restarts PostgreSQL: make faults"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL restarted"),
    pytest.mark.skipif(not shutil.which("pg_ctlcluster"), reason="Debian's pg_ctlcluster"),
]
ERROR_PAGE = b"Sorry, there is a problem with the service"
_FORM_ID = re.compile(rb'name="form_id" value="([^"]+)"')
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cluster() -> list[str]:
    listed = subprocess.run(  # nosec B603 # noqa: S603 - fixed arguments
        [shutil.which("pg_lsclusters"), "-h"], capture_output=True, text=True, check=True
    )
    version, name = listed.stdout.split()[:2]
    return [version, name]


class Visitor(threading.Thread):
    """Reads pages and answers the survey, one request after another, noting every answer."""

    def __init__(self, base: str, wave: str, key: str, value: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base, self.url = base, f"{base}/surveys/s/{wave}/"
        self.key, self.value, self.stop = key, value, stop
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )
        self.answers: list[tuple[float, int, bytes]] = []  # (when, status, body) of every request
        self.taken = 0  # answers the site said it stored
        self.unsure = 0  # answers whose reply was the error page: stored or not

    def _ask(self, url: str, data: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data else None
        try:
            with self.opener.open(url, body, timeout=30) as got:  # nosec B310 - our own server
                status, content = got.status, got.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        except OSError:  # the connection dropped without an answer: counted, never hidden
            status, content = 0, b""
        self.answers.append((time.monotonic(), status, content))
        return status, content

    def run(self) -> None:
        while not self.stop.is_set():
            self._ask(f"{self.base}/zones/")
            status, form = self._ask(self.url)
            found = _FORM_ID.search(form), _CSRF.search(form)
            if status != 200 or not all(found):
                continue
            status, _body = self._ask(self.url, {
                "csrfmiddlewaretoken": found[1].group(1).decode(),
                "form_id": found[0].group(1).decode(), self.key: self.value, "website": "",
            })  # fmt: skip
            if status == 302:
                self.taken += 1
            elif status >= 500 or status == 0:
                self.unsure += 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_a_database_restart_fails_only_the_requests_it_catches_and_loses_nothing(tmp_path):
    survey = factories.make_survey(measure_keys=["safety_dark"])
    wave = survey.waves.get()
    port = background.free_port()
    env = dict(
        os.environ, DATABASE_URL=background.database_url(), PZ_VAR_DIR=str(tmp_path), DJANGO_DEBUG="0",
        DATABASE_CONN_MAX_AGE="60", PZ_SURVEY_RATE="1000000/60", DJANGO_LOG_LEVEL="CRITICAL",
        DJANGO_SETTINGS_MODULE="peoplezones.settings",
    )  # fmt: skip
    server = subprocess.Popen(  # nosec B603 # noqa: S603 - our own server, fixed arguments
        [sys.executable, "-m", "gunicorn", "peoplezones.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "critical"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/zones/", timeout=5)  # nosec B310 # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        stop = threading.Event()
        visitors = [Visitor(base, wave.token, "safety_dark", "very_safe", stop) for _ in range(6)]
        for visitor in visitors:
            visitor.start()
        time.sleep(3)
        began = time.monotonic()
        subprocess.run(  # nosec B603 # noqa: S603 - fixed arguments
            [shutil.which("pg_ctlcluster"), *_cluster(), "restart", "-m", "fast"], check=True
        )
        back = time.monotonic()
        time.sleep(2)  # the visitors carry on against the restarted server
        settled = time.monotonic() + 1  # from here on, every request must be answered as usual
        time.sleep(4)
        stop.set()
        for visitor in visitors:
            visitor.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    connection.close()  # the test's own connection was cut by the restart too
    every = [a for v in visitors for a in v.answers]
    failed = [(t, s, body) for t, s, body in every if s >= 500 or s == 0]
    dropped = sum(1 for _t, s, _b in failed if s == 0)
    assert all(ERROR_PAGE in body for _t, s, body in failed if s), "an error that is not our page"
    assert all(s in (200, 302) for t, s, _b in every if t > settled), "failures after the restart"
    assert sum(1 for t, _s, _b in every if t > settled) > 20
    assert all(began - 1 <= t <= back + 5 for t, _s, _b in failed)
    taken, unsure = sum(v.taken for v in visitors), sum(v.unsure for v in visitors)
    stored = Response.objects.filter(wave=wave).count()
    print(
        f"database restart: {len(every)} requests, {len(failed)} answered with the error page "
        f"during the {back - began:.1f} s restart; {taken} answers taken, {stored} stored "
        f"({unsure} sent as it went down had the error page or no answer; {dropped} requests "
        "in all lost their connection)"
    )
    # None lost; one sent as the server went down may be stored though its reply was the error
    # page (stored, then the reply could not be made): never more than those.
    assert taken > 10 and taken <= stored <= taken + unsure
