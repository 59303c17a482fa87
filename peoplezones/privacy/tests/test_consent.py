"""Consent records: taken where forms ask for consent; withdrawal stops the use at once."""

import pytest
from django.test import Client

from peoplezones.assets.models import Skill, SkillOffer
from peoplezones.assets.services import offer_skills
from peoplezones.privacy import consent
from peoplezones.privacy.models import Consent, Purpose
from peoplezones.volunteering import services as volunteering
from peoplezones.volunteering.models import (
    DbsCheck,
    HelpRequest,
    HelpType,
    MatchStatus,
    RequestStatus,
    VolunteerOffer,
)
from tests import factories


@pytest.fixture
def zone(db):
    return factories.zone_with_boundary(name="Braunstone", slug="braunstone")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_application_records_consent_with_the_notice_version(client, db, valid_application_data):
    client.post("/apply/", valid_application_data)
    given = Consent.objects.get(purpose=Purpose.APPLICATION)
    assert given.email == "jo@example.net" and given.user is None and given.active
    assert given.source_type == "applications.Application"


def test_skills_consents_follow_the_choices_and_withdrawal_removes_the_offer(zone):
    person = factories.UserFactory()
    skills = Skill.objects.all()[:1]
    details = {"consent_count": True, "consent_match": True}
    offer = offer_skills(user=person, zone=zone, skills=skills, details=details)
    held = {c.purpose: c for c in Consent.objects.filter(user=person)}
    assert set(held) == {Purpose.SKILLS_COUNT, Purpose.SKILLS_MATCH}
    # chosen again without matching: that consent is withdrawn, the other stays
    offer_skills(
        user=person,
        zone=zone,
        skills=skills,
        details={"consent_count": True, "consent_match": False},
    )
    assert not Consent.objects.get(pk=held[Purpose.SKILLS_MATCH].pk).active
    client = _client(person)
    page = client.post(f"/account/consents/{held[Purpose.SKILLS_COUNT].pk}/withdraw/")
    assert page.status_code == 302
    assert not SkillOffer.objects.filter(pk=offer.pk).exists()
    assert not Consent.objects.filter(user=person, withdrawn_at__isnull=True).exists()
    # withdrawing again changes nothing and does not fail
    assert (
        client.post(f"/account/consents/{held[Purpose.SKILLS_COUNT].pk}/withdraw/").status_code
        == 302
    )


def test_withdrawing_a_request_for_help_closes_it_ends_the_match_and_erases_the_details(zone):
    person = factories.UserFactory()
    client = _client(person)
    page = client.post(f"/volunteering/zones/{zone.slug}/ask/", {
        "help_type": HelpType.objects.get(slug="weekly-visit").pk, "name": "Edna Cole", "contact": "0116 496 0999",
        "details": "Shopping on Fridays", "postcode": "LE3 1QP", "consent": "on",
    })  # fmt: skip
    assert page.status_code == 302, page.content.decode()[:2000]
    asked = HelpRequest.objects.get(requester=person)
    given = Consent.objects.get(user=person, purpose=Purpose.HELP_REQUEST)
    helper = factories.VolunteerFactory()
    factories.make_offer(zone, volunteer=helper, help_types=(asked.help_type.slug,))
    DbsCheck.objects.create(volunteer=helper, level=3, certificate_number="001234567890",
                            seen_on="2026-01-05", renew_by="2099-01-05")  # fmt: skip
    match = volunteering.confirm_match(asked, helper, by=factories.StaffFactory())
    client.post(f"/account/consents/{given.pk}/withdraw/")
    asked.refresh_from_db()
    match.refresh_from_db()
    assert asked.status == RequestStatus.CLOSED and match.status == MatchStatus.ENDED
    assert asked.name == "Erased" and asked.contact == "" and asked.details == ""
    assert asked.postcode == "LE3 1" and asked.lon is None


def test_a_volunteer_offer_needs_consent_and_withdrawal_stops_it(zone):
    person = factories.VolunteerFactory()
    client = _client(person)
    form = {"help_types": [HelpType.objects.get(slug="weekly-visit").pk], "availability": "Mornings", "postcode": "LE3 1QP",
            "max_distance_km": 3}  # fmt: skip
    refused = client.post(f"/volunteering/zones/{zone.slug}/offer/", form)
    assert refused.status_code == 400 and not VolunteerOffer.objects.exists()
    client.post(f"/volunteering/zones/{zone.slug}/offer/", {**form, "consent": "on"})
    client.post(f"/volunteering/zones/{zone.slug}/offer/", {**form, "consent": "on"})  # changed
    given = Consent.objects.get(user=person, purpose=Purpose.VOLUNTEERING)  # recorded once
    client.post(f"/account/consents/{given.pk}/withdraw/")
    offer = VolunteerOffer.objects.get(volunteer=person)
    assert not offer.active and offer.availability == ""


def test_nobody_can_withdraw_someone_elses_consent(zone):
    owner, other = factories.UserFactory(), factories.UserFactory()
    offer = offer_skills(
        user=owner, zone=zone, skills=[], details={"consent_count": True, "consent_match": False}
    )
    given = consent.for_source(offer).get()
    assert _client(other).post(f"/account/consents/{given.pk}/withdraw/").status_code == 404
    assert Consent.objects.get(pk=given.pk).active


def test_the_data_page_lists_consents_and_the_person_can_withdraw_there(zone):
    person = factories.UserFactory()
    offer_skills(user=person, zone=zone, skills=[], details={"consent_match": True})
    page = _client(person).get("/account/my-data/")
    assert b"Your skills used to match you" in page.content and b"Withdraw" in page.content
