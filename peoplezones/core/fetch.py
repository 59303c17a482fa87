"""The one way the platform fetches an address that a person or a setting gave it.

Only public http(s) addresses: every address a name resolves to must be public, the connection is
made to the address that was checked (never looked up a second time, so a name that answers
differently the second time cannot steer it inside our network), every redirect is checked the
same way, and size, time and content type are limited. An error says what went wrong in our own
words and never repeats what the other side sent back. Tests and private deployments may allow
named networks (PZ_FETCH_ALLOW_NETWORKS)."""

import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


class FetchRefused(Exception):
    """The address was not fetched, or what came back was refused; the message is safe to show."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after any redirects
    status: int
    content_type: str  # lower case, without parameters
    body: bytes


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


def fetch(
    url: str,
    *,
    max_bytes: int,
    accept: Iterable[str] = (),
    timeout: float = 15.0,
    max_redirects: int = 5,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET ``url`` under the rules above. ``accept`` lists the content types taken (any when
    empty); ``timeout`` bounds the whole fetch, redirects included."""
    accepted = {a.lower() for a in accept}
    deadline = time.monotonic() + timeout
    for _hop in range(max_redirects + 1):
        scheme, host, port, path, address = _target(url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchRefused(_("The address took longer than %(s)s seconds.") % {"s": timeout})
        pool = _pool(scheme, host, port, address, remaining)
        sent = {
            "Host": _host_header(host, port, scheme),
            "User-Agent": settings.PZ_FETCH_USER_AGENT,
            "Accept-Encoding": "identity",
            **(headers or {}),
        }
        try:
            response = pool.urlopen(
                "GET", path, headers=sent, redirect=False, retries=False,
                preload_content=False, assert_same_host=False,
            )  # fmt: skip
            try:
                if response.status in REDIRECTS:
                    location = response.headers.get("Location", "")
                    if not location:
                        raise FetchRefused(_("The address redirected without saying where to."))
                    url = urljoin(url, location)
                    continue
                return _read(response, url, accepted, max_bytes, deadline, timeout)
            finally:
                response.release_conn()
        except urllib3.exceptions.SSLError:
            raise FetchRefused(
                _("The secure connection to %(host)s could not be checked (its certificate).")
                % {"host": host}
            ) from None
        except urllib3.exceptions.TimeoutError:
            raise FetchRefused(
                _("The address took longer than %(s)s seconds.") % {"s": timeout}
            ) from None
        except (urllib3.exceptions.HTTPError, OSError):
            raise FetchRefused(
                _("%(host)s could not be reached, or broke off.") % {"host": host}
            ) from None
        finally:
            pool.close()
    raise FetchRefused(_("The address redirected more than %(n)s times.") % {"n": max_redirects})


def _read(
    response: urllib3.BaseHTTPResponse,
    url: str,
    accepted: set[str],
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> Fetched:
    if not 200 <= response.status < 300:
        raise FetchRefused(_("The address answered with status %(n)s.") % {"n": response.status})
    content_type = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if accepted and content_type not in accepted:
        raise FetchRefused(
            _("The address did not answer with the kind of file expected (%(kinds)s).")
            % {"kinds": ", ".join(sorted(accepted))}
        )
    too_big = FetchRefused(
        _("The address sent more than %(mb)s MB.") % {"mb": f"{max_bytes / 1_000_000:g}"}
    )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchRefused(_("The address took longer than %(s)s seconds.") % {"s": timeout})
        chunk = response.read1(CHUNK)  # one read at most, so the deadline is checked
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise too_big
        chunks.append(chunk)
    return Fetched(
        url=url, status=response.status, content_type=content_type, body=b"".join(chunks)
    )
