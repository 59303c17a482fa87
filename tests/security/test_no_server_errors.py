"""No 500 from any input: every URL of the permission matrix, as each role, with hostile values in
every query parameter and form field it reads (and a hostile file in every file field it reads).

Which parameters a page reads is not listed by hand: each request is watched (the query string,
the form and the files are wrapped in recording dictionaries), a first plain request shows what
the page looks at, and hostile values then go into exactly those names, round after round while
new names turn up (a page may read `visit` only once `match` is given). Each request runs inside a
savepoint that is rolled back, so one request's writes never change what the next one sees."""

import contextlib
import json
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property

from peoplezones.core.tests.test_permissions import MATRIX, ROLES, url_args
from tests.world import build

# Nested five times deeper than Python's recursion limit (1,000): deep enough to make any parser
# without its own depth limit fail, small enough that every request does not spend its time
# decoding a huge query string.
DEEP_JSON = "[" * 5_000 + "]" * 5_000
# A NUL is refused before any page sees it (core.middleware.RefuseNulMiddleware, tested there).
ONE_VALUE = ["1e309", "nan", "'", "-1", "2024-13-45", "9" * 40]  # what one parameter can hide
HOSTILE = [*ONE_VALUE, "x" * 10_000, DEEP_JSON, '{"type": "Polygon", "coordinates": "x"}']
HOSTILE_FILES = [
    ("deep.json", DEEP_JSON.encode()),
    ("nul.csv", b"name,category\n\x00\x00,\x00\n"),
    ("broken.zip", b"PK\x03\x04 not really a zip"),
]
ROUNDS = 3
READ: set[tuple[str, str]] = set()  # (GET | POST | FILES, name) read by the request under way


class _Recording:
    """Remembers every name a view asks for."""

    kind = ""

    def get(self, key, default=None):
        READ.add((self.kind, key))
        return super().get(key, default)

    def __getitem__(self, key):
        READ.add((self.kind, key))
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        READ.add((self.kind, key))
        return super().getlist(key, default)

    def __contains__(self, key):
        READ.add((self.kind, key))
        return super().__contains__(key)


class _Query(_Recording, QueryDict):
    pass


class _Files(_Recording, MultiValueDict):
    kind = "FILES"


def _query(kind: str, original: QueryDict) -> QueryDict:
    recording = _Query(mutable=True)
    recording.kind = kind
    for key, values in original.lists():
        recording.setlist(key, values)
    recording._mutable = False
    return recording


def _files(original: MultiValueDict) -> MultiValueDict:
    recording = _Files()
    for key, values in original.lists():
        recording.setlist(key, values)
    return recording


@pytest.fixture
def watched(monkeypatch):
    real_get = WSGIRequest.GET.func
    real_load = WSGIRequest._load_post_and_files

    def get(self):
        return _query("GET", real_get(self))

    def load(self):
        real_load(self)
        if hasattr(self, "_post"):
            self._post = _query("POST", self._post)
            self._files = _files(self._files)

    watched_get = cached_property(get)
    watched_get.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", watched_get)
    monkeypatch.setattr(WSGIRequest, "_load_post_and_files", load)


# Sent with every request: a page that binds its form only to a non-empty query or body
# (`request.POST or None`) then reads every field, which is how its fields are found.
PROBE = "_sweep"
# Read by the platform on every page (core.languages: `?lang=`): swept once, on one page, by
# test_every_hostile_language_code_is_refused_cleanly, not again on each page.
EVERY_PAGE = {("GET", "lang")}


def _request(
    client: Client,
    method: str,
    url: str,
    names: set[tuple[str, str]],
    value,
    plain: dict[str, str] | None = None,
) -> tuple:
    """One request with ``value`` in every name (and ``plain`` values in the page's own choice
    fields); (status, what it read, the error if any, the response's body)."""
    plain = {n: v for n, v in (plain or {}).items() if ("POST", n) not in names}
    query = {PROBE: "1", **{name: value for kind, name in names if kind == "GET"}}
    form = {PROBE: "1", **plain, **{name: value for kind, name in names if kind == "POST"}}
    for kind, name in names:
        if kind == "FILES":
            filename, content = (
                value if isinstance(value, tuple) else ("x.txt", str(value).encode())
            )
            form[name] = SimpleUploadedFile(filename, content)
    READ.clear()
    try:
        with _rolled_back():  # one request's writes never change what the next one sees
            if method == "get":
                response = client.get(url, query)
            else:
                response = client.post(f"{url}?{_encode(query)}", form)
    except Exception as error:  # the server error we are looking for
        read = {(k, n) for k, n in READ if n != PROBE and (k, n) not in EVERY_PAGE}
        return 500, read, f"{type(error).__name__}: {str(error)[:200]}", b""
    body = b"" if response.streaming else response.content
    read = {(k, n) for k, n in READ if n != PROBE and (k, n) not in EVERY_PAGE}
    return response.status_code, read, "", body


class _Choices(HTMLParser):
    """A form's own choices as a person would leave them: each select's first (or selected)
    option, each radio group's first (or checked) button, each checkbox ticked. Hostile text then
    goes into the other fields, so a refused choice cannot hide what a text field does."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_post_form = False
        self.select = ""

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.in_post_form = a.get("method", "get").lower() == "post"
        elif not self.in_post_form:
            return
        elif tag == "select":
            self.select = a.get("name", "")
        elif tag == "option" and self.select and a.get("value"):
            self._offer(self.select, a["value"], "selected" in a)
        elif tag == "input" and a.get("name") and a.get("type") in ("radio", "checkbox"):
            self._offer(a["name"], a.get("value") or "on", "checked" in a)

    def _offer(self, name: str, value: str, chosen: bool) -> None:
        if name not in self.values or chosen:
            self.values[name] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = ""
        elif tag == "form":
            self.in_post_form = False


def _choices(html: bytes) -> dict[str, str]:
    parser = _Choices()
    parser.feed(html.decode("utf-8", "replace"))
    return parser.values


def _encode(query: dict) -> str:
    data = QueryDict(mutable=True)
    for key, value in query.items():
        data[key] = value
    return data.urlencode()


def _values_for(names: set[tuple[str, str]], values: list[str]) -> Iterator:
    yield from values
    if any(kind == "FILES" for kind, _name in names):
        yield from HOSTILE_FILES


def _probe(client: Client, method: str, url: str) -> tuple[int, frozenset, list[str], bytes]:
    """A plain request: its status, the names it read, a server error if even that fails, and
    the page (for its form's own choices)."""
    status, names, error, body = _request(client, method, url, set(), "")
    failed = [f"{method.upper()} {url} (plain): {error}"] if error else []
    return status, frozenset(names), failed, body


def _sweep(
    client: Client, method: str, url: str, names: set[tuple[str, str]], page: bytes
) -> list[str]:
    """Hostile values in whatever the page reads; the server errors found."""
    errors = []
    tried: set[tuple[str, str]] = set()
    choices = _choices(page) if method == "post" else {}
    for _round in range(ROUNDS):
        if not names or names <= tried:
            break
        tried |= names
        more: set[tuple[str, str]] = set()
        # Every name hostile at once; then, for a form, every name but its choices (which keep
        # the form's own values); for a query, each parameter alone. One refused value can hide
        # what another does: a bad `method` stops a bad boundary, a bad per_page a bad page.
        variants = [(names, {}, HOSTILE)]
        if choices and any(n[1] in choices for n in names):
            variants.append(({n for n in names if n[1] not in choices}, choices, HOSTILE))
        if method == "get" and len(names) > 1:
            variants += [({n}, {}, ONE_VALUE) for n in names if n[0] == "GET"]
        for chosen, plain, values in variants:
            for value in _values_for(chosen, values):
                status, read, error, _body = _request(client, method, url, chosen, value, plain)
                if status >= 500 or error:
                    shown = value[0] if isinstance(value, tuple) else repr(value[:30])
                    errors.append(
                        f"{method.upper()} {url} with {sorted(f'{k}:{n}' for k, n in chosen)}"
                        f"{' (form choices kept)' if plain else ''} = {shown}: {error or status}"
                    )
                more |= read
        names = names | more
    return errors


def _representatives(probes: dict[str, tuple[int, frozenset]]) -> list[str]:
    """Roles the page treats alike (the same answer, the same names read) are swept once, as the
    least trusted of them."""
    first: dict[tuple[int, frozenset], str] = {}
    for role in ROLES:
        first.setdefault(probes[role], role)
    return list(first.values())


GROUPS = sorted({name.split(":")[0] for name in MATRIX})


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", GROUPS)
def test_no_page_answers_hostile_input_with_a_server_error(namespace, watched, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PZ_PUBLIC_FORM_RATE = "100000/60"  # flood limits would stop the sweep early
    settings.PZ_SURVEY_RATE = "100000/60"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    people, args, zone = build()
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if people[role] is not None:
            clients[role].force_login(people[role])
    errors: list[str] = []
    for url_name in sorted(n for n in MATRIX if n.split(":")[0] == namespace):
        url = reverse(url_name, args=url_args(url_name, args, zone))
        pages: dict[str, bytes] = {}
        for method in ("get", "post"):
            probes = {}
            for role in ROLES:
                cache.clear()
                status, names, failed, body = _probe(clients[role], method, url)
                probes[role] = (status, names)
                pages.setdefault(role, body)  # the GET page, whose form the POST fills in
                errors += [f"[{role}] {e}" for e in failed]
            for role in _representatives(probes):
                cache.clear()
                errors += [
                    f"[{role}] {e}"
                    for e in _sweep(clients[role], method, url, set(probes[role][1]), pages[role])
                ]
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)


@contextlib.contextmanager
def _rolled_back():
    """Whatever a request wrote is undone (a savepoint inside the test's transaction); a database
    error inside it leaves the next request a clean transaction."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_sweep_finds_a_server_error_where_there_is_one(watched):
    """The sweep itself can fail: a view that trusts a query parameter is caught."""
    from django.urls import path

    def fragile(request):
        from django.http import HttpResponse

        return HttpResponse(str(int(request.GET.get("n", "0")) + 1))

    urlconf = type("urls", (), {"urlpatterns": [path("fragile/", fragile)]})
    with pytest.MonkeyPatch.context() as patch:
        from django.conf import settings as django_settings

        patch.setattr(django_settings, "ROOT_URLCONF", urlconf)
        client = Client()
        _status, names, _failed, page = _probe(client, "get", "/fragile/")
        errors = _sweep(client, "get", "/fragile/", set(names), page)
    assert errors and "ValueError" in errors[0] and "['GET:n']" in errors[0]


def test_deep_json_in_an_api_body_is_a_clear_400(db):
    from peoplezones.api.models import Token
    from tests import factories

    zone = factories.ZoneFactory()
    partner = factories.PartnerFactory()
    factories.PartnershipFactory(zone=zone, organisation=partner.organisation)
    action = factories.ActionFactory(zone=zone, organisation=partner.organisation)
    _token, key = Token.issue(name="CRM", user=partner, zones=[zone], scopes=["progress"])
    response = Client().post(
        f"/api/v1/zones/{zone.slug}/actions/{action.pk}/progress/",
        DEEP_JSON,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 400
    assert "nested too deeply" in json.dumps(response.json())


def test_every_hostile_language_code_is_refused_cleanly(db, watched):
    client = Client()
    url = "/apply/"
    errors = _sweep(client, "get", url, set(EVERY_PAGE), b"")
    assert not errors, errors
