"""Zones adopt options into their plans and record what happened; the evidence ladder moves up
as measured experience accumulates; partnership-only experience stays in the partnership."""

from datetime import date

import pytest
from django.urls import reverse

from peoplezones.toolkit import queries, services
from peoplezones.toolkit.models import EvidenceStatus, Experience
from peoplezones.toolkit.tests.conftest import client_for
from tests import factories
from tests.factories import TOOLKIT_CONTENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone_with_plan(db):
    coordinator = factories.CoordinatorFactory(email="coord@example.org")
    zone = factories.ZoneFactory(name="Eyres Monsell", coordinators=[coordinator])
    partner = factories.PartnerFactory(email="pc@example.org")
    factories.PartnershipFactory(zone=zone, organisation=partner.organisation)
    objective = factories.ObjectiveFactory(
        zone=zone, title="Older neighbours feel less alone", theme="loneliness"
    )
    return zone, coordinator, partner, objective


def experience_data(zone, objective, **changes):
    data = {
        "where": f"zone:{zone.pk}",
        "objective": objective.pk,
        "started_on": "2026-03-01",
        "what_they_did": "Weekly visits to 15 residents.",
        "who_involved": "Volunteers and the GP practice.",
        "what_happened": "Most matches lasted the year.",
        "outcome": "improved",
        "measured": "on",
        "results": "Loneliness score 7.0 to 5.9.",
        "visibility": "public",
    }
    data.update(changes)
    return data


def test_coordinator_adopts_an_option_into_the_plan(option, zone_with_plan):
    zone, coordinator, partner, objective = zone_with_plan
    client = client_for(coordinator)
    manage = client.get(reverse("zones:manage", args=[zone.slug])).content.decode()
    assert option.title in manage  # suggested: it fits the loneliness objective
    url = reverse("toolkit:adopt", args=[option.slug]) + f"?zone={zone.slug}"
    response = client.post(
        url,
        {
            "zone": zone.slug,
            "objective": objective.pk,
            "organisation": partner.organisation.pk,
            "title": "Befriending visits",
            "due_date": "2027-01-31",
        },
    )
    action = zone.actions.get()
    assert response.status_code == 302 and response.url == action.get_absolute_url()
    assert action.option == option and action.objective == objective
    assert option.title in client.get(action.get_absolute_url()).content.decode()
    # Adopted options are no longer suggested.
    assert option not in queries.suggestions_for(zone)
    assert queries.zones_using(option) == 1


def test_coordinator_cannot_adopt_into_another_zone(option, zone_with_plan):
    zone, _coordinator, partner, objective = zone_with_plan
    other = factories.CoordinatorFactory()
    factories.ZoneFactory(coordinators=[other])
    response = client_for(other).post(
        reverse("toolkit:adopt", args=[option.slug]),
        {
            "zone": zone.slug,
            "objective": objective.pk,
            "organisation": partner.organisation.pk,
            "title": "Sneaky",
            "due_date": "2027-01-31",
        },
    )
    assert not zone.actions.exists()
    assert response.status_code == 403


def test_recording_experience_and_the_evidence_ladder(option, zone_with_plan, people):
    zone, coordinator, _partner, objective = zone_with_plan
    url = reverse("toolkit:experience_new", args=[option.slug])
    response = client_for(coordinator).post(url, experience_data(zone, objective))
    assert response.status_code == 302
    option.refresh_from_db()
    assert option.evidence_status == EvidenceStatus.PROMISING
    change = option.evidence_changes.get()
    assert "Eyres Monsell" in change.reason and change.by is None

    # Two more places measure an improvement: evidenced, with the reason naming all three.
    for name in ("Saffron", "Thurnby Lodge"):
        other_coordinator = factories.CoordinatorFactory()
        other_zone = factories.ZoneFactory(name=name, coordinators=[other_coordinator])
        other_objective = factories.ObjectiveFactory(zone=other_zone)
        client_for(other_coordinator).post(url, experience_data(other_zone, other_objective))
    option.refresh_from_db()
    assert option.evidence_status == EvidenceStatus.EVIDENCED
    assert "3 place(s)" in option.evidence_changes.last().reason

    # Another Zone's coordinator reads the experience on the option page, with its indicator.
    page = client_for(people["other"]).get(option.get_absolute_url()).content.decode()
    assert "Eyres Monsell" in page and "Loneliness score 7.0 to 5.9." in page
    assert "Used in 3 Zones" in page
    assert objective.indicator in page


def test_unmeasured_or_disappointing_experience_does_not_move_the_ladder(option, zone_with_plan):
    zone, coordinator, _partner, objective = zone_with_plan
    url = reverse("toolkit:experience_new", args=[option.slug])
    client_for(coordinator).post(url, experience_data(zone, objective, measured=""))
    client_for(coordinator).post(url, experience_data(zone, objective, outcome="no_change"))
    option.refresh_from_db()
    assert option.evidence_status == EvidenceStatus.UNTESTED


def test_staff_change_evidence_status_with_a_reason(option, people):
    url = reverse("toolkit:evidence", args=[option.slug])
    staff = client_for(people["staff"])
    assert staff.post(url, {"status": "evidenced"}).status_code == 400
    staff.post(url, {"status": "evidenced", "reason": "New systematic review."})
    option.refresh_from_db()
    assert option.evidence_status == "evidenced"
    assert option.evidence_changes.get().by == people["staff"]


def test_objective_must_belong_to_the_zone_chosen(option, zone_with_plan):
    _zone, coordinator, _partner, objective = zone_with_plan
    other_zone = factories.ZoneFactory(coordinators=[coordinator])
    response = client_for(coordinator).post(
        reverse("toolkit:experience_new", args=[option.slug]),
        experience_data(other_zone, objective),
    )
    assert response.status_code == 400
    assert "Choose an objective of the Zone where you tried it" in response.content.decode()
    assert not Experience.objects.exists()


def test_partnership_only_experience_is_hidden_from_the_public(option, zone_with_plan, people):
    zone, coordinator, partner, objective = zone_with_plan
    services.record_experience(
        option=option,
        recorded_by=coordinator,
        zone=zone,
        organisation=None,
        fields={
            "objective": objective,
            "started_on": date(2026, 1, 1),
            "what_they_did": "Sensitive partnership detail",
            "who_involved": "x",
            "what_happened": "x",
            "outcome": "improved",
            "measured": False,
            "visibility": "partnership",
        },
    )
    url = option.get_absolute_url()
    assert (
        "Sensitive partnership detail"
        not in client_for(people["resident"]).get(url).content.decode()
    )
    assert (
        "Sensitive partnership detail" not in client_for(people["other"]).get(url).content.decode()
    )
    from django.test import Client

    assert "Sensitive partnership detail" not in Client().get(url).content.decode()
    for user in (partner, coordinator, people["staff"]):
        assert "Sensitive partnership detail" in client_for(user).get(url).content.decode()


def test_community_group_records_experience_for_itself(option, people):
    group = factories.OrganisationFactory(
        name="Saffron Walkers", slug="walkers", type="community_group"
    )
    member = factories.PartnerFactory(organisation=group)
    url = reverse("toolkit:experience_new", args=[option.slug])
    response = client_for(member).post(
        url,
        {
            "where": f"group:{group.pk}",
            "started_on": "2026-05-01",
            "what_they_did": "Paired walkers with isolated neighbours.",
            "who_involved": "Our members.",
            "what_happened": "Twelve pairs still walking.",
            "outcome": "improved",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    assert Experience.objects.get().organisation == group


def test_suggestions_are_kept_until_anything_they_come_from_changes(
    option, zone_with_plan, monkeypatch
):
    zone, _coordinator, _partner, objective = zone_with_plan
    worked_out = []
    suggested = queries._suggested
    monkeypatch.setattr(queries, "_suggested", lambda *a: worked_out.append(1) or suggested(*a))
    assert option in queries.suggestions_for(zone)
    assert option in queries.suggestions_for(zone) and len(worked_out) == 1  # kept
    objective.statement = "Neighbours visit each other every week"
    objective.save()
    queries.suggestions_for(zone)
    assert len(worked_out) == 2  # the objective changed
    services.publish_directly(
        content={**TOOLKIT_CONTENT, "title": "Weekly visiting circle"}, credit="Seed",
        change_note="", slug="visiting-circle",
    )  # fmt: skip
    queries.suggestions_for(zone)
    assert len(worked_out) == 3  # an option was added: the search index changed
