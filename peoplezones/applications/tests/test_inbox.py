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


def test_inbox_shows_fifty_at_a_time_newest_first_keeping_the_filters(staff_client):
    now = timezone.now()
    for n in range(53):
        ApplicationFactory(area_name=f"Estate {n:02}", received_at=now - timedelta(hours=n))
    ApplicationFactory(area_name="Declined Close", status=Status.DECLINED)
    first = staff_client.get(URL, {"status": "new"}).content.decode()
    assert "53 applications" in first
    assert "Estate 00" in first and "Estate 49" in first and "Estate 50" not in first
    assert "Page 1 of 2" in first
    assert 'href="?status=new&amp;page=2"' in first  # the next page keeps the filter
    second = staff_client.get(URL, {"status": "new", "page": "2"}).content.decode()
    assert "Estate 50" in second and "Estate 52" in second and "Estate 49" not in second
    assert "Declined Close" not in second
    past_the_end = staff_client.get(URL, {"status": "new", "page": "99"}).content.decode()
    assert "Page 2 of 2" in past_the_end
