"""'Exit this page' (GOV.UK pattern) on the pages a person might not want seen, and not elsewhere."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def test_sensitive_pages_offer_a_quick_exit_to_the_configured_site(settings):
    settings.PZ_QUICK_EXIT_URL = "https://weather.example/"
    zone = factories.ZoneFactory()
    resident = Client()
    resident.force_login(factories.UserFactory())
    sensitive = {
        "apply": Client().get("/apply/"),
        "ask for help": resident.get(f"/volunteering/zones/{zone.slug}/ask/"),
        "raise a concern": resident.get(f"/volunteering/zones/{zone.slug}/concern/"),
    }
    for what, response in sensitive.items():
        page = response.content.decode()
        assert response.status_code == 200, what
        assert "data-exit-this-page" in page and 'href="https://weather.example/"' in page, what
        assert "Exit this page" in page and "press Shift 3 times" in page, what
    for ordinary in ("/", "/zones/", f"/zones/{zone.slug}/"):
        assert "data-exit-this-page" not in Client().get(ordinary).content.decode(), ordinary
