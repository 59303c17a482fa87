"""Real-browser harness: Playwright driving Debian's Chromium against Django's live server,
with axe-core checking every page against WCAG 2.2 AA."""

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests import tiles

# Playwright's sync API runs an event loop in this thread; the ORM calls tests make are still
# synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("PZ_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Visit:
    """A browser tab on the live server that remembers every request it made elsewhere."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.host = urlparse(base_url).netloc
        self.third_party: list[str] = []
        page.on("request", self._seen)

    def _seen(self, request) -> None:  # type: ignore[no-untyped-def]
        url = urlparse(request.url)
        if url.scheme in {"http", "https"} and url.netloc != self.host:
            self.third_party.append(request.url)

    def assert_accessible(self, what: str) -> None:
        options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
        try:
            results = _axe.run(self.page, options=options)
        except PlaywrightError:
            # A click that navigates may still be replacing the page when axe starts: check
            # the page it arrives at, once it has.
            self.page.wait_for_load_state("load")
            results = _axe.run(self.page, options=options)
        assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"


@pytest.fixture(scope="session")
def test_tiles(tmp_path_factory) -> Path:
    """A raster PMTiles archive around the test Zones, served by the platform itself: maps in
    journeys draw a real base map, and no request leaves the platform for tiles."""
    return tiles.archive(tmp_path_factory.mktemp("tiles") / "area.pmtiles")


@pytest.fixture(autouse=True)
def _local_base_map(settings, test_tiles: Path) -> None:
    settings.PZ_MAP_PMTILES = str(test_tiles)


@pytest.fixture
def visit(browser: Browser, live_server) -> Iterator[Visit]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Visit(page, live_server.url)
    context.close()


def sign_in(visit: Visit, email: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in through allauth's pages, with the authenticator code when the role needs one."""
    page = visit.page
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign In").click()
    if totp_secret:
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        page.locator("input[name=code]").wait_for()
        code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
        page.locator("input[name=code]").fill(code)
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/" not in url)


@pytest.fixture
def new_visit(browser: Browser, live_server) -> Iterator[Callable[[], Visit]]:
    """Open further tabs, each with its own cookies: one per person in a journey."""
    contexts = []

    def open_visit() -> Visit:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 390, "height": 844}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return Visit(page, live_server.url)

    yield open_visit
    for context in contexts:
        context.close()
