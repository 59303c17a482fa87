"""The permission matrix: every URL of ours, for every role, answers the expected status.

A new view fails `test_every_url_is_in_the_matrix` until it gets a row here.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories

ROLES = [
    "anonymous",
    "resident",
    "volunteer",
    "partner",
    "coordinator_this_zone",
    "coordinator_other_zone",
    "staff",
]

# url name -> (method, expected status for each role in ROLES order)
# 302 for anonymous on protected pages is the redirect to sign in.
MATRIX = {
    "pages:home": ("get", [200, 200, 200, 200, 200, 200, 200]),
    "pages:page": ("get", [200, 200, 200, 200, 200, 200, 200]),
    "pages:staff_list": ("get", [302, 403, 403, 403, 403, 403, 200]),
    "pages:staff_edit": ("get", [302, 403, 403, 403, 403, 403, 200]),
    "applications:apply": ("get", [200, 200, 200, 200, 200, 200, 200]),
    "applications:thanks": ("get", [302, 302, 302, 302, 302, 302, 302]),
    "applications:inbox": ("get", [302, 403, 403, 403, 403, 403, 200]),
    "applications:detail": ("get", [302, 403, 403, 403, 403, 403, 200]),
    "applications:change_status": ("get", [302, 403, 403, 403, 403, 403, 405]),
    "applications:reply": ("get", [302, 403, 403, 403, 403, 403, 405]),
    "core:dashboard": ("get", [302, 200, 200, 200, 200, 200, 200]),
    "zones:list": ("get", [200, 200, 200, 200, 200, 200, 200]),
    # The matrix Zone is a draft: only its own coordinators and programme staff can see it.
    "zones:detail": ("get", [404, 404, 404, 404, 200, 404, 200]),
}

OUR_NAMESPACES = {"core", "pages", "applications", "zones"}


def _our_url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            names |= _our_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace in OUR_NAMESPACES:
            names.add(f"{namespace}:{entry.name}")
    return names


def test_every_url_is_in_the_matrix():
    assert _our_url_names() == set(MATRIX)


@pytest.fixture
def world(db):
    draft_coordinator = factories.CoordinatorFactory()
    other_coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(is_published=False, coordinators=[draft_coordinator])
    factories.ZoneFactory(coordinators=[other_coordinator])
    application = factories.ApplicationFactory()
    people = {
        "anonymous": None,
        "resident": factories.UserFactory(),
        "volunteer": factories.VolunteerFactory(),
        "partner": factories.PartnerFactory(),
        "coordinator_this_zone": draft_coordinator,
        "coordinator_other_zone": other_coordinator,
        "staff": factories.StaffFactory(),
    }
    args = {
        "pages:page": ["what-is-a-people-zone"],
        "pages:staff_edit": ["privacy"],
        "applications:detail": [application.reference],
        "applications:change_status": [application.reference],
        "applications:reply": [application.reference],
        "zones:detail": [zone.slug],
    }
    return people, args


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_matrix(world, url_name):
    people, args = world
    method, expected = MATRIX[url_name]
    url = reverse(url_name, args=args.get(url_name, []))
    got = []
    for role in ROLES:
        client = Client()
        if people[role] is not None:
            client.force_login(people[role])
        got.append(getattr(client, method)(url).status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))
