"""Groups through their pages: asking to join and being accepted, messages that reach the
organisers without showing their addresses, and events added and moved by the people who run
them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from peoplezones.community import services
from peoplezones.community.models import BookingStatus, Group, Membership, MembershipStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    organiser = factories.UserFactory(name="Olu Organiser", email="olu@example.org")
    return factories.make_group(factories.ZoneFactory(is_published=True), organisers=[organiser])


def test_asking_to_join_reaches_the_organisers_who_accept(
    client, group, django_capture_on_commit_callbacks
):
    resident = factories.UserFactory(name="Rita Patel")
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("community:group_join", args=[group.slug]), {"message": "New here!"})
    membership = Membership.objects.get(group=group, user=resident)
    assert membership.status == MembershipStatus.REQUESTED
    assert mail.outbox[-1].to == ["olu@example.org"] and "New here!" in mail.outbox[-1].body
    client.force_login(group.organisers.get())
    page = client.get(reverse("community:group_members", args=[group.slug]))
    assert b"Rita Patel" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("community:group_members", args=[group.slug]),
                    {"membership": membership.pk, "decision": "accept"})  # fmt: skip
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.MEMBER
    assert mail.outbox[-1].to == [resident.email] and "Welcome" in mail.outbox[-1].body
    client.post(reverse("community:group_members", args=[group.slug]),
                {"membership": membership.pk, "decision": "remove"})  # fmt: skip
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LEFT
    assert (
        client.post(
            reverse("community:group_members", args=[group.slug]),
            {"membership": "1 OR 1=1", "decision": "remove"},
        ).status_code
        == 404
    )


def test_a_message_goes_through_the_platform_and_the_organisers_address_stays_private(
    client, group, django_capture_on_commit_callbacks
):
    resident = factories.UserFactory()
    client.force_login(resident)
    page = client.get(group.get_absolute_url())
    assert b"olu@example.org" not in page.content  # no published contact: none shown
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:group_contact", args=[group.slug]),
                               {"body": "Is the walk suitable for a wheelchair?"})  # fmt: skip
    assert response.status_code == 302
    (sent,) = mail.outbox
    assert sent.to == ["olu@example.org"] and resident.email in sent.body
    assert client.post(reverse("community:group_contact", args=[group.slug]),
                       {"body": ""}).status_code == 400  # fmt: skip
    assert client.get(reverse("community:group_messages", args=[group.slug])).status_code == 403


def test_a_coordinator_lists_a_group_naming_organisers_who_have_accounts(client):
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator])
    organiser = factories.UserFactory(email="org@example.org")
    client.force_login(coordinator)
    form = {"name": "Knit and Natter", "zone": zone.pk, "kind": "social",
            "description": "Bring wool, or borrow ours.", "who_for": "Everyone", "cost": "Free",
            "is_published": "on"}  # fmt: skip
    refused = client.post(reverse("community:group_new"),
                          {**form, "organiser_emails": "nobody@example.org"})  # fmt: skip
    assert refused.status_code == 400 and b"No People Zones account for" in refused.content
    client.post(reverse("community:group_new"), {**form, "organiser_emails": "org@example.org"})
    group = Group.objects.get()
    assert group.slug == "knit-and-natter" and list(group.organisers.all()) == [organiser]


def test_moving_an_event_moves_its_places(client):
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator])
    event = factories.make_event(zone, title="Litter pick")
    booking = services.book(event, factories.UserFactory())
    client.force_login(coordinator)
    later = timezone.localtime(event.starts) + timedelta(days=2, hours=1)
    response = client.post(reverse("community:event_edit", args=[event.pk]), {
        "zone": zone.pk, "kind": "event", "title": "Litter pick", "date": f"{later:%d/%m/%Y}",
        "start_time": f"{later:%H:%M}", "end_time": f"{later + timedelta(hours=1):%H:%M}",
        "booking_required": "on",
    })  # fmt: skip
    assert response.status_code == 302
    booking.refresh_from_db()
    event.refresh_from_db()
    assert booking.occurrence == later and booking.status == BookingStatus.BOOKED
    assert services.occurrences(event)[0] == later
