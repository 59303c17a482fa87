"""Residents join a Zone, propose objectives and support them: one person, one vote per proposal."""

import pytest
from django.test import Client
from django.urls import reverse

from peoplezones.zones.models import ProposalStatus, Support
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone():
    return factories.ZoneFactory()


def resident_client(zone, join=True):
    user = factories.UserFactory()
    client = Client()
    client.force_login(user)
    if join:
        client.post(reverse("zones:join", args=[zone.slug]), {"connection": "live"})
    return client, user


def test_member_proposes_and_their_proposal_counts_their_support(zone):
    client, user = resident_client(zone)
    response = client.post(
        reverse("zones:proposals", args=[zone.slug]),
        {"title": "Somewhere for teenagers to go", "description": "", "theme": "youth"},
    )
    assert response.status_code == 302
    proposal = zone.proposals.get()
    assert proposal.proposed_by == user
    assert Support.objects.filter(proposal=proposal, user=user).exists()


def test_non_member_is_sent_to_join_first(zone):
    client, _user = resident_client(zone, join=False)
    response = client.post(reverse("zones:proposals", args=[zone.slug]), {"title": "x"})
    assert response.url == reverse("zones:join", args=[zone.slug])
    assert not zone.proposals.exists()
    proposal = factories.ProposalFactory(zone=zone)
    client.post(reverse("zones:support", args=[zone.slug, proposal.pk]))
    assert not proposal.supports.exists()


def test_one_person_one_vote_and_support_can_be_withdrawn(zone):
    proposal = factories.ProposalFactory(zone=zone)
    client, user = resident_client(zone)
    url = reverse("zones:support", args=[zone.slug, proposal.pk])
    client.post(url)
    assert proposal.supports.count() == 1
    client.post(url)  # pressing again withdraws
    assert proposal.supports.count() == 0
    client.post(url)
    assert proposal.supports.filter(user=user).count() == 1


def test_proposals_are_ranked_by_support_and_voters_stay_anonymous(zone):
    low = factories.ProposalFactory(zone=zone, title="Fewer potholes")
    high = factories.ProposalFactory(zone=zone, title="Safer park at night")
    for _ in range(3):
        client, _user = resident_client(zone)
        client.post(reverse("zones:support", args=[zone.slug, high.pk]))
    client, user = resident_client(zone)
    client.post(reverse("zones:support", args=[zone.slug, low.pk]))
    body = Client().get(reverse("zones:proposals", args=[zone.slug])).content.decode()
    assert body.index("Safer park at night") < body.index("Fewer potholes")
    assert "3 supporters" in body and "1 supporter" in body
    assert user.email not in body and user.name not in body


def test_coordinator_records_a_meeting_proposal_and_publishes_it(zone):
    coordinator = factories.CoordinatorFactory()
    zone.coordinators.add(coordinator)
    client = Client()
    client.force_login(coordinator)
    response = client.post(
        reverse("zones:meeting_proposal", args=[zone.slug]),
        {
            "title": "Clean up the brook",
            "theme": "environment",
            "meeting": "Residents' meeting, St Anne's hall",
            "meeting_date": "2026-10-01",
        },
    )
    assert response.status_code == 302
    proposal = zone.proposals.get()
    assert proposal.source == "meeting" and proposal.meeting.startswith("Residents'")
    response = client.post(
        reverse("zones:objective_new", args=[zone.slug]),
        {
            "proposal": proposal.pk,
            "title": "The brook is clean",
            "statement": "No rubbish in the brook.",
            "theme": "environment",
            "indicator_kind": "milestone",
            "indicator": "Three clean-ups a year",
            "agreed_at": "Residents' meeting",
            "agreed_on": "2026-10-01",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED
    objective = zone.objectives.get()
    assert objective.proposal == proposal
    story = Client().get(objective.get_absolute_url()).content.decode()
    assert "Raised at Residents" in story and "Agreed at Residents" in story


def test_closing_a_proposal_needs_a_reason(zone):
    coordinator = factories.CoordinatorFactory()
    zone.coordinators.add(coordinator)
    proposal = factories.ProposalFactory(zone=zone)
    client = Client()
    client.force_login(coordinator)
    url = reverse("zones:proposal_close", args=[zone.slug, proposal.pk])
    client.post(url, {"reason": ""})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    client.post(url, {"reason": "The council already has this in hand."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_TAKEN
