"""The scale path: two web processes on different ports, sharing one PostgreSQL, serve one
signed-in session and the same data (docs/deployment.md). Stateless web processes, so a load
balancer needs no sticky sessions."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests import background, factories

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the scale path is PostgreSQL"),
]


@pytest.fixture
def two_servers(tmp_path):
    # Sessions live in the database; each process keeps only its own in-memory cache.
    env = dict(os.environ, DATABASE_URL=background.database_url(), PZ_VAR_DIR=str(tmp_path),
               DJANGO_SETTINGS_MODULE="peoplezones.settings", DJANGO_DEBUG="0")  # fmt: skip
    ports = [background.free_port(), background.free_port()]
    servers = [
        subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "peoplezones.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(150):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/static/pz/site.css")
                    break
                except urllib.error.HTTPError:
                    break  # it answered: the process is up
                except OSError:
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def test_a_session_and_a_change_made_on_one_process_hold_on_the_other(two_servers, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    person = factories.UserFactory(email="shared@example.org", name="Sasha Shared")
    a, b = two_servers
    jar = http.cookiejar.CookieJar()  # cookies are per host, not per port: as behind a balancer
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def page(url: str, data: dict | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
        with browser.open(request) as response:
            return response.read().decode()

    def token(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    form = page(f"{a}/accounts/login/")
    page(f"{a}/accounts/login/", {"csrfmiddlewaretoken": token(form),
                                  "login": person.email, "password": factories.TEST_PASSWORD})  # fmt: skip
    assert "Sasha" in page(f"{b}/dashboard/")  # signed in on A, recognised by B

    settings_page = page(f"{b}/account/notifications/")
    assert 'name="reminders" checked' in settings_page.replace('id="id_reminders" ', "")
    page(f"{b}/account/notifications/", {"csrfmiddlewaretoken": token(settings_page),
                                         "bookings": "on", "groups": "on"})  # fmt: skip
    after = page(f"{a}/account/notifications/")  # written through B, read through A
    assert 'name="reminders" checked' not in after.replace('id="id_reminders" ', "")
    assert 'name="bookings" checked' in after.replace('id="id_bookings" ', "")
