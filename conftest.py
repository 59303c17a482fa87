"""Fixtures every test can use: one person of each role, and a client signed in as each."""

import os

import pytest
from django.core.cache import caches
from django.test import Client

from tests import factories


def pytest_collection_modifyitems(config, items):
    """The long tests (real-browser journeys, simulations) run first: the two workers then end
    on short tests together, instead of one finishing a long journey while the other waits.
    Tests marked `numeric` (statistics on simulated data, no database) prove the same thing on
    any database: `make test` runs them in its SQLite pass only, not again on PostgreSQL."""
    items.sort(key=lambda item: not item.get_closest_marker("browser"))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    once = pytest.mark.skip(reason="numeric: no database, run in the SQLite pass")
    for item in items:
        if item.get_closest_marker("numeric"):
            item.add_marker(once)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Real hashers are deliberately slow; tests create hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth keeps login limits and used TOTP codes in the cache; tests must not share them,
    # nor the parts of pages kept in the "drawn" cache.
    for kept in caches.all(initialized_only=True):
        kept.clear()
    yield
    for kept in caches.all(initialized_only=True):
        kept.clear()


@pytest.fixture
def staff(db):
    return factories.StaffFactory(name="Sam Staff")


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def valid_application_data():
    return {
        "kind": "apply",
        "name": "Jo Resident",
        "email": "jo@example.net",
        "phone": "",
        "applicant_role": "resident",
        "organisation_name": "",
        "area_name": "Saffron Lane",
        "postcode": "le2 6aa",
        "wants_to_change": "Somewhere for young people to go in the evenings.",
        "strengths": "A library and a youth club.",
        "already_involved": "",
        "contact_preference": "email",
        "contact_notes": "",
        "consent": "on",
        "website": "",
    }


@pytest.fixture
def commit_callbacks_run_at_once(monkeypatch):
    """Background steps are queued on commit; tests run inside a transaction that never commits,
    so the callbacks run at once instead."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def notify(settings):
    """GOV.UK Notify set up for every channel and answered by a local stand-in (tests never call
    the real service)."""
    from tests.fake_notify import API_KEY, TEMPLATES, TOKEN, FakeNotify

    fake = FakeNotify()
    settings.PZ_NOTIFY_API_KEY = API_KEY
    settings.PZ_NOTIFY_BASE_URL = fake.url
    settings.PZ_NOTIFY_TEMPLATES = TEMPLATES
    settings.PZ_NOTIFY_CALLBACK_TOKEN = TOKEN
    yield fake
    fake.close()
