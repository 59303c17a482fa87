"""Visit notes and concerns are seen by the Zone's coordinators and the programme's safeguarding
leads only: not the volunteer who wrote the notes, not partners, not another Zone's coordinators,
not programme staff in general. Every view of a concern is audited."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from peoplezones.core.audit import events_for
from peoplezones.volunteering import services
from peoplezones.volunteering.models import DbsCheck
from tests import factories

pytestmark = pytest.mark.django_db

NOTE = "She mentioned money going missing from her purse."
WORRY = "Her nephew shouted at her while I was there."


@pytest.fixture
def setting():
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator])
    volunteer = factories.VolunteerFactory()
    factories.make_offer(zone, volunteer)
    DbsCheck.objects.create(
        volunteer=volunteer, level=3, certificate_number="001234567890",
        seen_on=timezone.localdate(), renew_by=timezone.localdate() + timedelta(days=900),
    )  # fmt: skip
    match = services.confirm_match(factories.make_help_request(zone), volunteer, coordinator)
    visit = services.check_out(services.check_in(match), notes=NOTE)
    concern = services.raise_concern(by=volunteer, zone=zone, match=match, visit=visit,
                                     what=WORRY, urgent=True)  # fmt: skip
    return {"zone": zone, "coordinator": coordinator, "volunteer": volunteer, "match": match,
            "concern": concern}  # fmt: skip


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_only_the_zones_coordinators_and_safeguarding_leads_read_notes_and_concerns(setting):
    match, concern = setting["match"], setting["concern"]
    lead = factories.StaffFactory(is_safeguarding_lead=True)
    readers = [setting["coordinator"], lead]
    others = [
        factories.PartnerFactory(),
        factories.ZoneFactory(coordinators=[factories.CoordinatorFactory()]).coordinators.get(),
        factories.StaffFactory(),
        factories.UserFactory(),
    ]
    for person in readers:
        page = _as(person).get(match.get_absolute_url())
        assert page.status_code == 200 and NOTE in page.content.decode()
        assert WORRY in _as(person).get(concern.get_absolute_url()).content.decode()
    for person in others:
        assert _as(person).get(match.get_absolute_url()).status_code == 403
        assert _as(person).get(concern.get_absolute_url()).status_code == 403
    # The volunteer sees their match (to log visits) but not the notes, nor the concern.
    volunteer = _as(setting["volunteer"])
    page = volunteer.get(match.get_absolute_url())
    assert page.status_code == 200 and NOTE not in page.content.decode()
    assert volunteer.get(concern.get_absolute_url()).status_code == 403
    # Each reading of the concern is in the audit trail, with who read it.
    readings = events_for(concern).filter(action="viewed")
    assert sorted(readings.values_list("actor_label", flat=True)) == sorted(
        p.email for p in readers
    )


def test_the_list_of_concerns_and_the_emails_never_carry_what_was_said(setting, client):
    client.force_login(setting["coordinator"])
    listing = client.get(f"/volunteering/zones/{setting['zone'].slug}/concerns/")
    assert listing.status_code == 200 and WORRY not in listing.content.decode()
    assert "Urgent" in listing.content.decode()


def test_hostile_form_values_get_a_clear_answer_never_a_server_error(setting):
    coordinator, volunteer = _as(setting["coordinator"]), _as(setting["volunteer"])
    match = setting["match"]
    confirm = f"/volunteering/requests/{match.request.pk}/match/"
    assert coordinator.post(confirm, {"volunteer": "x; DROP"}).status_code == 404
    checked_in = volunteer.post(f"/volunteering/matches/{match.pk}/check-in/",
                                {"expected_minutes": "soon"})  # fmt: skip
    assert checked_in.status_code == 302
    assert match.visits.filter(checked_out_at=None).get().expected_minutes == 90
