"""The one outbound fetch (core.fetch): public addresses only, checked once and connected to as
checked, every redirect checked again, size, time and content type limited, and errors that never
repeat what came back. Local servers stand in for the outside world: 127.0.0.2 is allowed as if
public (PZ_FETCH_ALLOW_NETWORKS), 127.0.0.1 stays 'our own network'."""

import http.server
import ssl
import time

import pytest
import trustme

from peoplezones.core import fetch as outbound
from peoplezones.core.fetch import FetchRefused
from tests import background

ALLOWED = "127.0.0.2"  # stands for a public address in these tests
INSIDE = "127.0.0.1"  # our own network


class Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}
    seen: list = []

    def do_GET(self):
        self.seen.append((self.path, self.headers.get("Host")))
        route = self.routes.get(self.path, (404, {}, b"not here: PRIVATE"))
        if callable(route):
            return route(self)
        status, headers, body = route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(address: str, port: int = 0, routes: dict | None = None, tls=None):
    handler = type("H", (Handler,), {"routes": routes or {}, "seen": []})
    server = http.server.ThreadingHTTPServer((address, port), handler)
    server.daemon_threads = True
    # A client that gives up (the time-limit tests) breaks the pipe: expected, and printing its
    # traceback from this thread (Python 3.11 parses the source for the carets) can collide with
    # another test's ast.parse (CPython's "AST constructor recursion depth mismatch").
    server.handle_error = lambda request, client_address: None
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    background.serve(server)
    return server


@pytest.fixture
def servers(settings):
    """A public-looking server and a private one on the same port."""
    settings.PZ_FETCH_ALLOW_NETWORKS = [f"{ALLOWED}/32"]
    for _attempt in range(20):
        public = serve(ALLOWED)
        port = public.server_address[1]
        try:
            private = serve(INSIDE, port, {"/secret": (200, {}, b"PRIVATE SECRET")})
            break
        except OSError:
            public.shutdown()
    yield public, private, port
    public.shutdown()
    private.shutdown()


def refused(url: str, **kwargs) -> str:
    with pytest.raises(FetchRefused) as caught:
        outbound.fetch(url, max_bytes=kwargs.pop("max_bytes", 10_000), **kwargs)
    message = str(caught.value)
    assert "PRIVATE" not in message  # what came back is never repeated
    return message


def test_a_public_address_is_fetched_with_our_user_agent_and_host(servers):
    public, _private, port = servers
    public.RequestHandlerClass.routes["/cal.ics"] = (
        200, {"Content-Type": "text/calendar; charset=utf-8"}, b"BEGIN:VCALENDAR"
    )  # fmt: skip
    got = outbound.fetch(
        f"http://{ALLOWED}:{port}/cal.ics", max_bytes=100, accept=["text/calendar"]
    )
    assert got.body == b"BEGIN:VCALENDAR"
    assert got.content_type == "text/calendar"
    assert public.RequestHandlerClass.seen == [("/cal.ics", f"{ALLOWED}:{port}")]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x", "http://localhost/x", "http://[::1]/x", "http://0.0.0.0/x",
        "http://2130706433/x", "http://0x7f000001/x", "http://127.1/x", "http://10.0.0.1/x",
        "http://192.168.1.1/x", "http://172.16.0.1/x", "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/x", "http://[fe80::1]/x", "http://224.0.0.1/x",
    ],
)  # fmt: skip
def test_addresses_inside_any_network_are_refused_before_connecting(settings, url, monkeypatch):
    settings.PZ_FETCH_ALLOW_NETWORKS = []
    connected = []
    monkeypatch.setattr(outbound, "_pool", lambda *a: connected.append(a))
    assert "not a public address" in refused(url)
    assert connected == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/x",
        "gopher://x/",
        "http:///nohost",
        "http://user:pw@example.org/",
        "http://[::1/",
        "javascript:alert(1)",
    ],
)
def test_only_plain_http_and_https_addresses_are_read(url):
    refused(url)


def test_every_redirect_is_checked_again(servers):
    public, private, port = servers
    routes = public.RequestHandlerClass.routes
    routes["/to-inside"] = (302, {"Location": f"http://{INSIDE}:{port}/secret"}, b"")
    routes["/to-metadata"] = (301, {"Location": "http://169.254.169.254/"}, b"")
    routes["/to-localhost"] = (307, {"Location": f"http://localhost:{port}/secret"}, b"")
    routes["/to-file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    for path in ("/to-inside", "/to-metadata", "/to-localhost"):
        assert "not a public address" in refused(f"http://{ALLOWED}:{port}{path}")
    refused(f"http://{ALLOWED}:{port}/to-file")
    assert private.RequestHandlerClass.seen == []  # never reached


def test_redirects_within_public_addresses_are_followed_up_to_a_limit(servers):
    public, _private, port = servers
    routes = public.RequestHandlerClass.routes
    routes["/old"] = (301, {"Location": "/new"}, b"")
    routes["/new"] = (200, {"Content-Type": "text/plain"}, b"moved")
    routes["/loop"] = (302, {"Location": "/loop"}, b"")
    assert outbound.fetch(f"http://{ALLOWED}:{port}/old", max_bytes=100).body == b"moved"
    assert "more than 5 times" in refused(f"http://{ALLOWED}:{port}/loop")


def test_a_name_is_looked_up_once_and_the_checked_address_is_the_one_connected_to(
    servers, monkeypatch
):
    public, private, port = servers
    public.RequestHandlerClass.routes["/data"] = (200, {}, b"from the checked address")
    private.RequestHandlerClass.routes["/data"] = (200, {}, b"PRIVATE from the second answer")
    lookups = []

    def rebinding(host, port_):
        lookups.append(host)
        return [ALLOWED] if len(lookups) == 1 else [INSIDE]

    monkeypatch.setattr(outbound, "resolve", rebinding)
    got = outbound.fetch(f"http://feed.example:{port}/data", max_bytes=100)
    assert got.body == b"from the checked address"
    assert lookups == ["feed.example"]
    assert public.RequestHandlerClass.seen == [("/data", f"feed.example:{port}")]


def test_a_name_with_any_private_answer_is_refused(servers, monkeypatch):
    _public, _private, port = servers
    monkeypatch.setattr(outbound, "resolve", lambda host, port_: [ALLOWED, INSIDE])
    assert "not a public address" in refused(f"http://mixed.example:{port}/")


def test_size_limits_hold_with_and_without_a_declared_length(servers):
    public, _private, port = servers

    def undeclared(handler):
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"PRIVATE " * 128)

    routes = public.RequestHandlerClass.routes
    routes["/big"] = (200, {}, b"PRIVATE " * 2000)
    routes["/stream"] = undeclared
    assert "more than 0.01 MB" in refused(f"http://{ALLOWED}:{port}/big", max_bytes=10_000)
    assert "more than 0.01 MB" in refused(f"http://{ALLOWED}:{port}/stream", max_bytes=10_000)


def test_a_slow_server_is_given_up_on_within_the_time_limit(servers):
    public, _private, port = servers

    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(50):
            handler.wfile.write(b"P")
            handler.wfile.flush()
            time.sleep(0.1)

    public.RequestHandlerClass.routes["/slow"] = drip
    started = time.monotonic()
    assert "longer than 1" in refused(f"http://{ALLOWED}:{port}/slow", timeout=1)
    assert time.monotonic() - started < 3


def test_status_and_content_type_are_checked_without_quoting_the_reply(servers):
    public, _private, port = servers
    routes = public.RequestHandlerClass.routes
    routes["/page"] = (200, {"Content-Type": "text/html"}, b"<h1>PRIVATE admin</h1>")
    routes["/gone"] = (410, {"Content-Type": "text/plain"}, b"PRIVATE reason")
    message = refused(f"http://{ALLOWED}:{port}/page", accept=["text/calendar"])
    assert "kind of file expected (text/calendar)" in message
    assert "status 410" in refused(f"http://{ALLOWED}:{port}/gone")


def test_https_checks_the_certificate_of_the_name_while_connecting_to_the_checked_address(
    settings, monkeypatch, tmp_path
):
    settings.PZ_FETCH_ALLOW_NETWORKS = [f"{ALLOWED}/32"]
    authority = trustme.CA()
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    settings.PZ_FETCH_CA_BUNDLE = str(bundle)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("calendar.example").configure_cert(context)
    server = serve(ALLOWED, routes={"/cal.ics": (200, {}, b"secure")}, tls=context)
    port = server.server_address[1]
    monkeypatch.setattr(outbound, "resolve", lambda host, port_: [ALLOWED])
    try:
        assert outbound.fetch(f"https://calendar.example:{port}/cal.ics", max_bytes=99).body == (
            b"secure"
        )
        # The same server reached under another name does not hold that name's certificate.
        assert "certificate" in refused(f"https://impostor.example:{port}/cal.ics")
    finally:
        server.shutdown()


def test_nothing_but_core_fetch_opens_outbound_connections():
    """Every address a person or a setting supplies goes through core.fetch: no other module of
    ours imports an HTTP client."""
    import ast
    from pathlib import Path

    root = Path(outbound.__file__).parents[1]
    clients = ("urllib.request", "urllib3", "requests", "http.client", "httpx", "aiohttp")
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path == Path(outbound.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            found += [
                f"{path.relative_to(root)}: {name}"
                for name in names
                if any(name == c or name.startswith(c + ".") for c in clients)
            ]
    assert found == []


def test_retry_after_is_read_as_seconds_or_as_a_date():
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    assert outbound.retry_after("120") == 120.0
    assert outbound.retry_after("") is None and outbound.retry_after("soon") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    assert 80 <= outbound.retry_after(later) <= 91
    earlier = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    assert outbound.retry_after(earlier) == 0.0
