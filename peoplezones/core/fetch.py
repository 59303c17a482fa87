"""The one way the platform fetches an address that a person or a setting gave it.

Only public http(s) addresses: every address a name resolves to must be public, the connection is
made to the address that was checked (never looked up a second time, so a name that answers
differently the second time cannot steer it inside our network), every redirect is checked the
same way, and size, time and content type are limited. An error says what went wrong in our own
words and never repeats what the other side sent back. Tests and private deployments may allow
named networks (PZ_FETCH_ALLOW_NETWORKS)."""

import email.utils
import hashlib
import ipaddress
import json
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class FetchRefused(Exception):
    """The address was not fetched, or what came back was refused; the message is safe to show."""


class StatusRefused(FetchRefused):
    """The address answered with a status other than success: `status`, and for 429 and 503 the
    seconds its Retry-After header asked us to wait (None when it did not say)."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class TimedOut(FetchRefused):
    """The address did not answer, or not all of it, in the time allowed."""


class CutOff(FetchRefused):
    """The download stopped before its end; what came is kept, and the next try resumes."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after any redirects
    status: int
    content_type: str  # lower case, without parameters
    body: bytes
    total: int | None = None  # the whole file's size, when the answer says (Content-Range/Length)


def resolve(host: str, port: int) -> list[str]:
    """Every address a name stands for (a module function, so tests can answer for it)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@cache
def _allowed_networks(
    configured: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in configured)


def is_public(address: str) -> bool:
    """A global unicast address, or one in a network this deployment allows by name."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _allowed_networks(tuple(settings.PZ_FETCH_ALLOW_NETWORKS))):
        return True
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def _target(url: str) -> tuple[str, str, int, str, str]:
    """(scheme, host, port, path with query, the address to connect to), or FetchRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused(_("This is not a web address we can read.")) from None
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    if scheme not in ("http", "https") or not host:
        raise FetchRefused(_("Only http and https addresses can be read."))
    if parts.username or parts.password:
        raise FetchRefused(_("Addresses with a user name or password in them are not accepted."))
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        raise FetchRefused(_("The address %(host)s could not be found.") % {"host": host}) from None
    if not addresses:
        raise FetchRefused(_("The address %(host)s could not be found.") % {"host": host})
    if not all(is_public(a) for a in addresses):
        raise FetchRefused(
            _("%(host)s is not a public address, so it is not fetched.") % {"host": host}
        )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, path, addresses[0]


def _pool(
    scheme: str, host: str, port: int, address: str, timeout: float
) -> urllib3.HTTPConnectionPool:
    limits = urllib3.Timeout(connect=min(timeout, 10), read=timeout)
    if scheme == "http":
        return urllib3.HTTPConnectionPool(address, port, timeout=limits, retries=False, maxsize=1)
    return urllib3.HTTPSConnectionPool(
        address, port, timeout=limits, retries=False, maxsize=1,
        server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED",
        ca_certs=settings.PZ_FETCH_CA_BUNDLE or certifi.where(),
    )  # fmt: skip


def _host_header(host: str, port: int, scheme: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    default = 443 if scheme == "https" else 80
    return shown if port == default else f"{shown}:{port}"


@contextmanager
def _answer(
    url: str,
    *,
    timeout: float,
    headers: dict[str, str],
    broken: Callable[[], FetchRefused] | None = None,
) -> Iterator[urllib3.BaseHTTPResponse]:
    """One GET of ``url`` (redirects not followed) to the address that was checked, every failure
    of the connection said in our own words: ``broken()`` for an answer that breaks off part way
    (a cut-off download), else "could not be reached, or broke off"."""
    scheme, host, port, path, address = _target(url)
    pool = _pool(scheme, host, port, address, timeout)
    sent = {
        "Host": _host_header(host, port, scheme),
        "User-Agent": settings.PZ_FETCH_USER_AGENT,
        "Accept-Encoding": "identity",
        **headers,
    }
    unreachable = FetchRefused(_("%(host)s could not be reached, or broke off.") % {"host": host})
    try:
        response = pool.urlopen(
            "GET", path, headers=sent, redirect=False, retries=False,
            preload_content=False, assert_same_host=False,
        )  # fmt: skip
        try:
            yield response
        finally:
            response.release_conn()
    except urllib3.exceptions.SSLError:
        raise FetchRefused(
            _("The secure connection to %(host)s could not be checked (its certificate).")
            % {"host": host}
        ) from None
    except urllib3.exceptions.TimeoutError:
        raise TimedOut(
            _("%(host)s did not answer within %(s)s seconds.")
            % {"host": host, "s": f"{timeout:.3g}"}
        ) from None
    except urllib3.exceptions.ProtocolError:
        raise (broken() if broken else unreachable) from None
    except (urllib3.exceptions.HTTPError, OSError):
        raise unreachable from None
    finally:
        pool.close()


def _redirect(response: urllib3.BaseHTTPResponse, url: str) -> str | None:
    """Where a redirect points (None when the answer is not one)."""
    if response.status not in REDIRECTS:
        return None
    location = response.headers.get("Location", "")
    if not location:
        raise FetchRefused(_("The address redirected without saying where to."))
    return urljoin(url, location)


def fetch(
    url: str,
    *,
    max_bytes: int,
    accept: Iterable[str] = (),
    timeout: float = 15.0,
    max_redirects: int = MAX_REDIRECTS,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET ``url`` under the rules above. ``accept`` lists the content types taken (any when
    empty); ``timeout`` bounds the whole fetch, redirects included."""
    accepted = {a.lower() for a in accept}
    deadline = time.monotonic() + timeout
    for _hop in range(max_redirects + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimedOut(_("The address took longer than %(s)s seconds.") % {"s": timeout})
        with _answer(url, timeout=remaining, headers=headers or {}) as response:
            location = _redirect(response, url)
            if location is None:
                return _read(response, url, accepted, max_bytes, deadline, timeout)
        url = location
    raise FetchRefused(_("The address redirected more than %(n)s times.") % {"n": max_redirects})


def _too_big(max_bytes: int) -> FetchRefused:
    return FetchRefused(
        _("The address sent more than %(mb)s MB.") % {"mb": f"{max_bytes / 1_000_000:g}"}
    )


def retry_after(value: str) -> float | None:
    """Seconds from a Retry-After header (a number of seconds, or an HTTP date)."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def _status_refused(response: urllib3.BaseHTTPResponse) -> StatusRefused:
    status = response.status
    wait = retry_after(response.headers.get("Retry-After", "")) if status in (429, 503) else None
    return StatusRefused(_("The address answered with status %(n)s.") % {"n": status}, status, wait)


def _read(
    response: urllib3.BaseHTTPResponse,
    url: str,
    accepted: set[str],
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> Fetched:
    if not 200 <= response.status < 300:
        raise _status_refused(response)
    content_type = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if accepted and content_type not in accepted:
        raise FetchRefused(
            _("The address did not answer with the kind of file expected (%(kinds)s).")
            % {"kinds": ", ".join(sorted(accepted))}
        )
    too_big = _too_big(max_bytes)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise TimedOut(_("The address took longer than %(s)s seconds.") % {"s": timeout})
        chunk = response.read1(CHUNK)  # one read at most, so the deadline is checked
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise too_big
        chunks.append(chunk)
    whole = response.headers.get("Content-Range", "").rpartition("/")[2]
    total = int(whole) if whole.isdigit() else (int(declared) if declared.isdigit() else None)
    return Fetched(
        url=url, status=response.status, content_type=content_type, body=b"".join(chunks),
        total=total,
    )  # fmt: skip


# Large files: streamed to disk, resumed where a cut-off download stopped ---------------------------


@dataclass(frozen=True)
class Downloaded:
    path: Path
    sha256: str  # of the file held (after a 304, the copy we already had)


def download(
    url: str,
    dest: Path,
    *,
    max_bytes: int,
    timeout: float = 60.0,
    headers: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    redirects: int = 0,
) -> Downloaded:
    """Fetch ``url`` into ``dest`` under the rules above, without holding it in memory.

    What arrives goes to ``dest``.part first; a download cut off half way raises CutOff and keeps
    the part, and the next call asks only for the rest (HTTP Range). A complete file replaces
    ``dest`` in one rename, with its checksum, ETag and Last-Modified in ``dest``.json, so the next
    call asks the publisher whether it changed (a 304 keeps the copy held). ``timeout`` bounds each
    wait for the server, not the whole transfer: a large file on a slow line may take longer."""
    part, meta_path = dest.with_name(dest.name + ".part"), dest.with_name(dest.name + ".json")
    dest.parent.mkdir(parents=True, exist_ok=True)
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    # A part is resumed only when the publisher named its version (ETag or Last-Modified) and
    # the same address is asked: If-Range then sends the whole file afresh if it has changed.
    validator = meta.get("partial_validator") if meta.get("partial_url") == url else None
    if part.exists() and not validator:
        part.unlink()
    have = part.stat().st_size if part.exists() else 0
    sent = dict(headers or {})
    if have:
        sent["Range"] = f"bytes={have}-"
        sent["If-Range"] = validator
    elif dest.exists() and meta.get("url") == url:
        if meta.get("etag"):
            sent["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            sent["If-Modified-Since"] = meta["last_modified"]
    host = urlsplit(url).hostname or url

    def broken() -> CutOff:
        got = part.stat().st_size if part.exists() else 0
        return CutOff(
            _(
                "The download from %(host)s was cut off after %(got)s bytes; what came is kept "
                "and the next try resumes from there."
            )
            % {"host": host, "got": f"{got:,}"}
        )

    again = {"max_bytes": max_bytes, "timeout": timeout, "headers": headers, "progress": progress}
    with _answer(url, timeout=timeout, headers=sent, broken=broken) as response:
        location = _redirect(response, url)
        if location is not None:
            if redirects >= MAX_REDIRECTS:
                raise FetchRefused(
                    _("The address redirected more than %(n)s times.") % {"n": MAX_REDIRECTS}
                )
            return download(location, dest, **again, redirects=redirects + 1)
        if response.status == 304 and dest.exists():
            return Downloaded(dest, meta.get("sha256", ""))
        if response.status == 416 and have:  # the part we hold is already the whole file
            part.unlink()
            return download(url, dest, **again, redirects=redirects)
        if not 200 <= response.status < 300:
            raise _status_refused(response)
        resuming = response.status == 206 and have
        start = have if resuming else 0
        declared = response.headers.get("Content-Length", "")
        total = start + int(declared) if declared.isdigit() else 0
        if total > max_bytes:
            raise _too_big(max_bytes)
        etag = response.headers.get("ETag", "")
        last_modified = response.headers.get("Last-Modified", "")
        _write_meta(meta_path, {**meta, "partial_url": url,
                                "partial_validator": etag or last_modified})  # fmt: skip
        size = _stream(response, part, resuming=bool(resuming), start=start, total=total,
                       max_bytes=max_bytes, progress=progress)  # fmt: skip
    if total and size != total:
        raise CutOff(
            _(
                "The download from %(host)s stopped at %(got)s of %(total)s bytes; what came is "
                "kept and the next try resumes from there."
            )
            % {"host": host, "got": f"{size:,}", "total": f"{total:,}"}
        )
    digest = _sha256(part)
    part.replace(dest)
    _write_meta(meta_path, {
        "url": url, "sha256": digest, "size": size, "etag": etag,
        "last_modified": last_modified,
        "fetched_at": datetime.now(UTC).isoformat(),
    })  # fmt: skip
    return Downloaded(dest, digest)


def _stream(
    response: urllib3.BaseHTTPResponse,
    part: Path,
    *,
    resuming: bool,
    start: int,
    total: int,
    max_bytes: int,
    progress: Callable[[int, int], None] | None,
) -> int:
    size = start
    try:
        out = part.open("ab" if resuming else "wb")
    except OSError as error:
        raise DiskRefused(part, error) from None
    with out:
        while chunk := response.read1(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _too_big(max_bytes)
            try:
                out.write(chunk)
            except OSError as error:
                raise DiskRefused(part, error) from None
            if progress:
                progress(size, total)
    return size


class DiskRefused(FetchRefused):
    """What came could not be written here (a full disk, say): nothing is replaced."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(
            _("Could not write %(path)s on this server: %(reason)s.")
            % {"path": path.name, "reason": error.strerror or error}
        )


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _write_meta(path: Path, meta: dict) -> None:
    path.write_text(json.dumps(meta, indent=1))
