"""The action plan: partners own actions, post progress; overdue actions are chased; exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peoplezones.zones.models import ActionStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    coordinator = factories.CoordinatorFactory(email="coord@example.org")
    zone = factories.ZoneFactory(coordinators=[coordinator])
    officer = factories.PartnerFactory(email="officer@example.org")
    factories.PartnershipFactory(zone=zone, organisation=officer.organisation)
    objective = factories.ObjectiveFactory(zone=zone, title="Safer streets")
    return zone, objective, officer, coordinator


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_partner_adds_an_action_for_their_own_organisation(plan):
    zone, objective, officer, _ = plan
    response = client_for(officer).post(
        reverse("zones:action_new", args=[zone.slug]),
        {
            "objective": objective.pk,
            "title": "Evening patrols",
            "organisation": officer.organisation.pk,
            "owner": officer.pk,
            "due_date": "2027-01-31",
        },
    )
    assert response.status_code == 302
    action = zone.actions.get()
    assert action.organisation == officer.organisation and action.status == ActionStatus.PLANNED


def test_partner_cannot_assign_an_action_to_another_organisation(plan):
    zone, objective, officer, _ = plan
    other = factories.PartnershipFactory(zone=zone).organisation
    response = client_for(officer).post(
        reverse("zones:action_new", args=[zone.slug]),
        {
            "objective": objective.pk,
            "title": "Theirs",
            "organisation": other.pk,
            "due_date": "2027-01-31",
        },
    )
    assert response.status_code == 400
    assert not zone.actions.exists()


def test_progress_moves_the_action_and_is_public(plan):
    zone, objective, officer, _ = plan
    action = factories.ActionFactory(
        zone=zone, objective=objective, organisation=officer.organisation
    )
    url = reverse("zones:action_progress", args=[zone.slug, action.pk])
    response = client_for(officer).post(
        url, {"text": "First patrol done", "status": "in_progress", "is_milestone": "on"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    page = Client().get(zone.get_absolute_url()).content.decode()
    assert "First patrol done" in page and "In progress" in page


def test_stopping_needs_a_reason(plan):
    zone, objective, officer, _ = plan
    action = factories.ActionFactory(
        zone=zone, objective=objective, organisation=officer.organisation
    )
    url = reverse("zones:action_progress", args=[zone.slug, action.pk])
    assert client_for(officer).post(url, {"text": "x", "status": "stopped"}).status_code == 400
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED and not action.updates.exists()


def test_other_organisation_cannot_update_an_action(plan):
    zone, objective, officer, _ = plan
    action = factories.ActionFactory(
        zone=zone, objective=objective, organisation=officer.organisation
    )
    stranger = factories.PartnerFactory()
    url = reverse("zones:action_progress", args=[zone.slug, action.pk])
    assert client_for(stranger).post(url, {"text": "x", "status": "done"}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED


def test_overdue_digest_reaches_owner_and_coordinator(plan):
    zone, objective, officer, _coordinator = plan
    factories.ActionFactory(
        zone=zone,
        objective=objective,
        organisation=officer.organisation,
        owner=officer,
        title="Fix the lights",
        due_date=timezone.localdate() - timedelta(days=3),
    )
    factories.ActionFactory(
        zone=zone, objective=objective, organisation=officer.organisation, title="Not due yet"
    )
    call_command("send_digests")
    recipients = {message.to[0]: message.body for message in mail.outbox}
    assert set(recipients) == {"officer@example.org", "coord@example.org"}
    assert "Fix the lights" in recipients["officer@example.org"]
    assert "Not due yet" not in recipients["coord@example.org"]


def test_plan_csv_has_one_row_per_action(plan):
    zone, objective, officer, _ = plan
    factories.ActionFactory(
        zone=zone, objective=objective, organisation=officer.organisation, title="Patrols"
    )
    response = Client().get(reverse("zones:plan_csv", args=[zone.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["objective"], r["action"], r["status"]) for r in rows] == [
        ("Safer streets", "Patrols", "Planned")
    ]


def test_printable_plan(plan):
    zone, objective, officer, _ = plan
    factories.ActionFactory(
        zone=zone, objective=objective, organisation=officer.organisation, title="Patrols"
    )
    body = Client().get(reverse("zones:plan", args=[zone.slug])).content.decode()
    assert "Safer streets" in body and "Patrols" in body


@pytest.mark.parametrize("url_name", ["zones:detail", "zones:plan", "zones:objective"])
def test_public_pages_query_count_does_not_grow_with_the_plan(plan, url_name, client):
    zone, objective, officer, _coordinator = plan

    def add_actions(n):
        for _ in range(n):
            action = factories.ActionFactory(
                zone=zone, objective=objective, organisation=officer.organisation
            )
            action.updates.create(text="Progress")

    args = [zone.slug, objective.pk] if url_name == "zones:objective" else [zone.slug]
    url = reverse(url_name, args=args)
    add_actions(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_actions(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
