"""The staff inbox: filters, age and overdue flags."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peoplezones.applications.models import Status
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
URL = reverse("applications:inbox")


def test_inbox_lists_applications_with_their_age(staff_client):
    ApplicationFactory(area_name="Saffron Lane", received_at=timezone.now() - timedelta(days=9))
    body = staff_client.get(URL).content.decode()
    assert "Saffron Lane" in body
    assert "received 1\xa0week, 2\xa0days ago" in body


def test_overdue_flag_and_filter(staff_client, settings):
    settings.PZ_APPLICATION_OVERDUE_DAYS = 10
    ApplicationFactory(area_name="Old Estate", received_at=timezone.now() - timedelta(days=11))
    ApplicationFactory(area_name="Fresh Estate", received_at=timezone.now() - timedelta(days=2))
    ApplicationFactory(
        area_name="Waiting Estate",
        status=Status.MORE_INFO,
        received_at=timezone.now() - timedelta(days=30),
    )
    body = staff_client.get(URL, {"overdue": "1"}).content.decode()
    assert "Old Estate" in body
    assert "Fresh Estate" not in body
    assert "Waiting Estate" not in body  # waiting on the applicant, not on us
    assert "Overdue" in body


def test_status_and_search_filters(staff_client):
    ApplicationFactory(area_name="Alpha Park", status=Status.NEW)
    ApplicationFactory(area_name="Beta Fields", status=Status.DECLINED)
    body = staff_client.get(URL, {"status": "declined"}).content.decode()
    assert "Beta Fields" in body and "Alpha Park" not in body
    body = staff_client.get(URL, {"q": "alpha"}).content.decode()
    assert "Alpha Park" in body and "Beta Fields" not in body


def test_unknown_filter_values_are_ignored(staff_client):
    ApplicationFactory(area_name="Gamma Road")
    response = staff_client.get(URL, {"status": "bogus", "kind": "nope"})
    assert response.status_code == 200
    assert "Gamma Road" in response.content.decode()
