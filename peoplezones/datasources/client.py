"""Asking publishers for their data politely: through core.fetch (public addresses only, sizes and
times bounded), at most so many requests a second, waiting as asked when a publisher answers 429
or 503 with Retry-After (up to PZ_SOURCE_MAX_WAIT seconds), and resuming downloads cut off half
way. Every failure becomes SourceFailed, whose message names the source and says what to do."""

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from peoplezones.core import fetch

JSON_TYPES = ("application/json", "application/geo+json", "text/plain", "text/json")


class SourceFailed(Exception):
    """A source was not loaded; nothing of it was stored. The message is safe to show."""


def with_query(url: str, params: dict[str, Any] | None) -> str:
    if not params:
        return url
    return url + ("&" if "?" in url else "?") + urlencode(params, safe=",:'()")


class Client:
    def __init__(
        self,
        name: str,
        *,
        per_second: float = 0.0,
        timeout: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.name = name
        self.interval = 1.0 / per_second if per_second else 0.0
        self.timeout = timeout or settings.PZ_SOURCE_TIMEOUT
        self.sleep = sleep
        self.requests = 0
        self._last = 0.0
        self._lock = threading.Lock()

    def _pace(self) -> None:
        with self._lock:
            wait = self._last + self.interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            self._last = time.monotonic()
            self.requests += 1

    def retrying(self, attempt: Callable[[], Any], url: str, *, busy_is_final: bool = False) -> Any:
        """Run ``attempt`` (paced) and again after a 429 or 503 (waiting as its Retry-After asks,
        or longer each time when it does not say), after a cut-off download (which resumes), or
        once after a time-out; anything else fails at once. With ``busy_is_final`` a 503 that
        does not say when to come back is the caller's to handle."""
        tries = settings.PZ_SOURCE_RETRIES
        for number in range(tries + 1):
            self._pace()
            try:
                return attempt()
            except fetch.StatusRefused as refused:
                if refused.status == 503 and refused.retry_after is None and busy_is_final:
                    raise  # the caller's to handle (police.uk: too many crimes in one polygon)
                if refused.status not in (429, 503) or number == tries:
                    raise SourceFailed(self._status_text(refused, url)) from None
                wait = refused.retry_after if refused.retry_after is not None else 2.0**number
                if wait > settings.PZ_SOURCE_MAX_WAIT:
                    raise SourceFailed(
                        f"{self.name}: the publisher is busy (status {refused.status}) and asked "
                        f"us to wait {wait:,.0f} seconds, longer than the "
                        f"{settings.PZ_SOURCE_MAX_WAIT} we wait. Nothing was changed; it will be "
                        "tried again at the next refresh."
                    ) from None
                self.sleep(wait)
            except fetch.CutOff as cut:
                if number == tries:
                    raise SourceFailed(f"{self.name}: {cut} Nothing was changed.") from None
            except fetch.DiskRefused as refused:
                raise SourceFailed(f"{self.name}: {refused} Nothing was changed.") from None
            except fetch.TimedOut as refused:
                if number >= 1:
                    raise SourceFailed(
                        f"{self.name}: {refused} (tried {number + 1} times). Nothing was "
                        "changed; it will be tried again at the next refresh."
                    ) from None
            except fetch.FetchRefused as refused:
                raise SourceFailed(f"{self.name}: {refused} Nothing was changed.") from None
        raise AssertionError("unreachable")

    def _status_text(self, refused: fetch.StatusRefused, url: str) -> str:
        if refused.status in (429, 503):
            return (
                f"{self.name}: the publisher was still busy (status {refused.status}) after "
                f"{settings.PZ_SOURCE_RETRIES + 1} tries. Nothing was changed; it will be tried "
                "again at the next refresh."
            )
        if refused.status == 404:
            return (
                f"{self.name}: the publisher has nothing at {url.split('?')[0]} (status 404). "
                "It may have moved the data: check the address in the area file."
            )
        return f"{self.name}: the publisher answered with status {refused.status}. Nothing was changed."

    def get(
        self, url: str, params: dict[str, Any] | None = None, *, busy_is_final: bool = False
    ) -> bytes:
        address = with_query(url, params)
        return self.retrying(
            lambda: (
                fetch.fetch(
                    address, max_bytes=settings.PZ_SOURCE_MAX_MB * 1_000_000, timeout=self.timeout
                ).body
            ),
            address,
            busy_is_final=busy_is_final,
        )

    def get_json(self, url: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        body = self.get(url, params, **kw)
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise SourceFailed(
                f"{self.name}: the publisher's answer is not JSON ({error}). Nothing was changed."
            ) from None

    def download(
        self, url: str, dest: Path, progress: Callable[[int, int], None] | None = None
    ) -> fetch.Downloaded:
        return self.retrying(
            lambda: fetch.download(
                url, dest, max_bytes=settings.PZ_SOURCE_MAX_MB * 1_000_000,
                timeout=self.timeout, progress=progress,
            ),
            url,
        )  # fmt: skip
