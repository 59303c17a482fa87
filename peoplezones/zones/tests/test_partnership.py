"""Organisations are invited by a coordinator and accept with a lead and a commitment."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from peoplezones.core.models import OrganisationType
from peoplezones.zones.models import PartnershipStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(django_capture_on_commit_callbacks):
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator])
    police = factories.OrganisationFactory(
        name="Test Police", slug="test-police", type=OrganisationType.POLICE
    )
    officer = factories.PartnerFactory(organisation=police, email="officer@example.org")
    client = Client()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("zones:invite", args=[zone.slug]),
            {"organisation": police.pk, "message": "Join us"},
        )
    assert response.status_code == 302
    return zone, police, officer


def test_invitation_emails_the_organisations_members(setup):
    zone, police, _officer = setup
    partnership = zone.partnerships.get(organisation=police)
    assert partnership.status == PartnershipStatus.INVITED
    assert mail.outbox[-1].to == ["officer@example.org"]
    assert reverse("zones:invitation", args=[partnership.pk]) in mail.outbox[-1].body


def test_member_accepts_naming_a_lead_and_commitment(setup):
    zone, _police, officer = setup
    partnership = zone.partnerships.get()
    client = Client()
    client.force_login(officer)
    url = reverse("zones:invitation", args=[partnership.pk])
    response = client.post(url, {"decision": "accept", "lead": "", "commitment": ""})
    assert response.status_code == 400
    assert "Choose your organisation" in response.content.decode()
    response = client.post(
        url, {"decision": "accept", "lead": officer.pk, "commitment": "Weekly patrols"}
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.status, partnership.lead, partnership.commitment) == (
        "accepted",
        officer,
        "Weekly patrols",
    )
    body = Client().get(zone.get_absolute_url()).content.decode()
    assert "Police" in body and "Test Police" in body and "Weekly patrols" in body
    assert officer.email not in body


def test_another_organisations_member_cannot_answer(setup):
    zone, _police, _officer = setup
    stranger = factories.PartnerFactory()
    client = Client()
    client.force_login(stranger)
    url = reverse("zones:invitation", args=[zone.partnerships.get().pk])
    assert client.post(url, {"decision": "decline"}).status_code == 403
    assert zone.partnerships.get().status == PartnershipStatus.INVITED


def test_inviting_twice_is_refused(setup):
    zone, police, _officer = setup
    client = Client()
    client.force_login(zone.coordinators.get())
    response = client.post(reverse("zones:invite", args=[zone.slug]), {"organisation": police.pk})
    assert response.status_code == 400
    assert zone.partnerships.count() == 1


def test_staff_see_agencies_by_zone(setup, staff_client):
    zone, _police, _officer = setup
    body = staff_client.get(reverse("zones:partnership_matrix")).content.decode()
    assert "Test Police" in body and zone.name in body and "Invited" in body
