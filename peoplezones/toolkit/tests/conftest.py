import pytest
from django.core.files.base import ContentFile
from django.test import Client

from peoplezones.toolkit import services
from tests import factories
from tests.factories import TOOLKIT_CONTENT


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def option(db):
    return services.publish_directly(
        content=TOOLKIT_CONTENT, credit="Seed", change_note="", slug="befriending"
    )


@pytest.fixture
def people(db):
    return {
        "resident": factories.UserFactory(email="res@example.net", name="Rae Singh"),
        "other": factories.UserFactory(email="other@example.net", name="Ola Brown"),
        "staff": factories.StaffFactory(email="mod@example.org", name="Mo Derator"),
    }


def pdf(name="leaflet.pdf"):
    return ContentFile(b"%PDF-1.4\n%test\n", name=name)


@pytest.fixture(autouse=True)
def run_on_commit(monkeypatch):
    """Emails go once a change is committed; tests run inside a transaction that never commits,
    so run those callbacks straight away."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
