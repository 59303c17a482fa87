"""Error pages speak plainly and keep the site's layout."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_not_found_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_forbidden_page(client, settings):
    settings.DEBUG = False
    client.force_login(UserFactory())
    response = client.get("/staff/applications/")
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()
