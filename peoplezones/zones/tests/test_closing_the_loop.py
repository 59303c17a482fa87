"""Everyone who made or supported a proposal is told what became of it, once per change: when it
becomes an objective or is not taken forward (with the reason), and when an action towards it
starts, is done or stops. Not someone who turned these emails off. The Zone page says how many
of the people who took part have been told."""

import pytest
from django.test import Client

from peoplezones.core.models import NotificationSettings
from peoplezones.zones import services
from peoplezones.zones.models import ActionStatus, PartnershipStatus, Support, Told
from peoplezones.zones.tasks import tell_participants
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(settings):
    settings.PZ_SMALL_NUMBER_RECORDS = 2
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator], is_published=True, name="Braunstone")
    proposer = factories.UserFactory(email="proposer@example.org")
    proposal = factories.ProposalFactory(zone=zone, proposed_by=proposer, title="Safer park")
    for email in ("supporter@example.org", "quiet@example.org"):
        Support.objects.create(proposal=proposal, user=factories.UserFactory(email=email))
    quiet = proposal.supports.get(user__email="quiet@example.org").user
    NotificationSettings.objects.create(user=quiet, proposals=False)
    return proposal, coordinator


def _to(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_each_person_is_told_once_of_each_change(
    proposal, mailoutbox, django_capture_on_commit_callbacks
):
    proposal, coordinator = proposal
    with django_capture_on_commit_callbacks(execute=True):
        objective = services.publish_objective(
            zone=proposal.zone, actor=coordinator, proposal=proposal,
            fields={"title": "A safer park", "statement": "People use the park after dark.",
                    "theme": "safety", "indicator_kind": "milestone", "indicator": "Lights"},
        )  # fmt: skip
    assert _to(mailoutbox) == ["proposer@example.org", "supporter@example.org"]
    assert "It is now one of the Zone's objectives: “A safer park”" in mailoutbox[0].body

    partner = factories.PartnerFactory()
    factories.PartnershipFactory(zone=proposal.zone, organisation=partner.organisation,
                                 status=PartnershipStatus.ACCEPTED)  # fmt: skip
    action = factories.ActionFactory(zone=proposal.zone, objective=objective,
                                     organisation=partner.organisation, title="New lights")  # fmt: skip
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_progress(action=action, actor=partner, text="Lights in",
                                 status=ActionStatus.DONE)  # fmt: skip
        services.record_progress(action=action, actor=partner, text="Checked again")
    assert _to(mailoutbox) == ["proposer@example.org", "supporter@example.org"]
    assert "An action towards it is done: “New lights”" in mailoutbox[0].body
    mailoutbox.clear()
    tell_participants.call(proposal.pk, f"action-{action.pk}-done")  # a repeat tells nobody
    assert mailoutbox == []
    assert Told.objects.filter(person__email="quiet@example.org").count() == 0

    page = Client().get(proposal.zone.get_absolute_url()).content.decode()
    assert "2 of 3 people who took part have been told what happened" in page


def test_a_proposal_not_taken_forward_is_explained(
    proposal, mailoutbox, django_capture_on_commit_callbacks
):
    proposal, _coordinator = proposal
    with django_capture_on_commit_callbacks(execute=True):
        services.close_proposal(proposal=proposal, reason="The council is already doing it")
    assert _to(mailoutbox) == ["proposer@example.org", "supporter@example.org"]
    assert "The reason given: The council is already doing it" in mailoutbox[0].body
