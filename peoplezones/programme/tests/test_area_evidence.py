"""An application's page shows its area's evidence: the neighbourhoods around its postcode with
their deprivation and crime against the programme's, Zones and community assets nearby."""

import pytest
from django.test import Client

from peoplezones.applications.models import Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    client = Client()
    client.force_login(factories.StaffFactory())
    return client


def test_the_application_page_shows_the_areas_around_its_postcode(staff):
    factories.area_grid(3, 3)
    factories.zone_with_boundary(name="Braunstone Park")
    factories.make_asset(category="library")
    application = factories.ApplicationFactory(status=Status.NEW, postcode="LE9 4AA")  # area 04
    page = staff.get(f"/staff/applications/{application.reference}/").content.decode()
    assert "The area's evidence" in page
    rows = page.split('<caption id="evidence-caption">')[1].split("</table>")[0]
    assert rows.index("E01090004") < rows.index("E01090000")  # the applicant's own first
    assert "Braunstone Park</a>" in page and "community asset within 1000 m" in page


def test_an_unknown_postcode_is_said_plainly(staff):
    application = factories.ApplicationFactory(status=Status.NEW, postcode="ZZ9 9ZZ")
    page = staff.get(f"/staff/applications/{application.reference}/").content.decode()
    assert "is not in the postcode directory" in page
