"""The skills and gifts inventory: consent for each use, names for the Zone's coordinators only,
counts suppressed under the threshold, withdrawal removes the offer from every view."""

import pytest
from django.test import Client

from peoplezones.assets import services
from peoplezones.assets.models import Skill, SkillOffer
from peoplezones.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def offer(zone, skills=("cooking",), **consents):
    person = factories.UserFactory()
    details = {"consent_contact": False, "consent_count": True, "consent_match": False, **consents}
    return services.offer_skills(
        user=person, zone=zone, skills=Skill.objects.filter(slug__in=skills), details=details
    )


def test_offer_form_needs_a_skill_and_an_explicit_consent():
    zone = factories.ZoneFactory()
    person = factories.UserFactory()
    client = Client()
    client.force_login(person)
    page = client.post(f"/assets/skills/{zone.slug}/offer/", {"other_skills": "Bike repair"})
    assert "Tick at least one way we may use your offer" in page.content.decode()
    assert not SkillOffer.objects.exists()
    cooking = Skill.objects.get(slug="cooking")
    client.post(
        f"/assets/skills/{zone.slug}/offer/", {"skills": [cooking.pk], "consent_count": "on"}
    )
    saved = SkillOffer.objects.get()
    assert (saved.consent_count, saved.consent_contact, saved.consent_match) == (True, False, False)
    assert saved.consent_notice_version


def test_counts_are_published_only_above_the_threshold(settings):
    settings.PZ_SMALL_NUMBER_PEOPLE = 10
    zone = factories.ZoneFactory()
    for _ in range(14):
        offer(zone, ("cooking", "gardening") if _ < 3 else ("cooking",))
    offer(zone, ("driving",), consent_count=False, consent_contact=True)  # not counted
    page = Client().get(f"/assets/skills/{zone.slug}/").content.decode()
    assert "14 people can teach cooking" in page
    assert "Fewer than 10 people can help with gardening" in page
    assert "give lifts" not in page


def test_small_programmes_publish_no_counts_at_all(settings):
    settings.PZ_SMALL_NUMBER_PEOPLE = 10
    zone = factories.ZoneFactory()
    for _ in range(4):
        offer(zone)
    page = Client().get(f"/assets/skills/{zone.slug}/").content.decode()
    assert "Fewer than 10 people have offered so far" in page
    assert "4 people" not in page


def test_only_the_zones_coordinators_see_names_and_only_with_consent():
    zone = factories.ZoneFactory()
    coordinator = factories.CoordinatorFactory()
    zone.coordinators.add(coordinator)
    named = offer(zone, consent_contact=True)
    hidden = offer(zone, consent_contact=False)
    partner = factories.PartnerFactory()
    factories.PartnershipFactory(zone=zone, organisation=partner.organisation)
    others = [
        partner,
        factories.StaffFactory(),
        factories.CoordinatorFactory(),
        factories.UserFactory(),
    ]
    for person in others:
        client = Client()
        client.force_login(person)
        response = client.get(f"/assets/skills/{zone.slug}/people/")
        assert response.status_code == 403
        assert named.user.email not in client.get(f"/assets/skills/{zone.slug}/").content.decode()
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/assets/skills/{zone.slug}/people/").content.decode()
    assert named.user.email in page and hidden.user.email not in page
    assert AuditEvent.objects.filter(actor=coordinator, action="viewed").exists()


def test_withdrawal_removes_the_offer_everywhere(settings):
    settings.PZ_SMALL_NUMBER_PEOPLE = 1
    zone = factories.ZoneFactory()
    coordinator = factories.CoordinatorFactory()
    zone.coordinators.add(coordinator)
    mine = offer(zone, ("sport",), consent_contact=True)
    client = Client()
    client.force_login(mine.user)
    assert (
        "1 person can lead sport or exercise"
        in Client().get(f"/assets/skills/{zone.slug}/").content.decode()
    )
    other = factories.UserFactory()
    intruder = Client()
    intruder.force_login(other)
    assert intruder.post(f"/assets/skills/offers/{mine.pk}/withdraw/").status_code == 404
    client.post(f"/assets/skills/offers/{mine.pk}/withdraw/")
    assert not SkillOffer.objects.exists()
    assert "lead sport" not in Client().get(f"/assets/skills/{zone.slug}/").content.decode()
    coordinator_client = Client()
    coordinator_client.force_login(coordinator)
    assert (
        mine.user.email
        not in coordinator_client.get(f"/assets/skills/{zone.slug}/people/").content.decode()
    )
    assert AuditEvent.objects.filter(action="erased", detail="consent withdrawn").exists()
