"""A coordinator of Zone A can neither read nor change anything of Zone B."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def zones():
    coordinator_a = factories.CoordinatorFactory()
    zone_b = factories.ZoneFactory(
        coordinators=[factories.CoordinatorFactory()], is_published=False
    )
    factories.ZoneFactory(coordinators=[coordinator_a])
    client = Client()
    client.force_login(coordinator_a)
    return client, zone_b


def test_cannot_see_a_draft_zone_or_its_pages(zones):
    client, zone_b = zones
    for name in ["detail", "proposals", "plan", "plan_csv", "boundary_geojson"]:
        assert client.get(reverse(f"zones:{name}", args=[zone_b.slug])).status_code == 404, name


def test_cannot_open_or_post_to_another_zones_management_pages(zones):
    client, zone_b = zones
    zone_b.is_published = True
    zone_b.save()
    objective = factories.ObjectiveFactory(zone=zone_b)
    proposal = factories.ProposalFactory(zone=zone_b)
    square = [[-1.17, 52.62], [-1.16, 52.62], [-1.16, 52.63], [-1.17, 52.63], [-1.17, 52.62]]
    posts = {
        reverse("zones:edit", args=[zone_b.slug]): {"name": "Taken over", "stage": "closed"},
        reverse("zones:boundary", args=[zone_b.slug]): {
            "method": "drawn",
            "geojson": json.dumps({"type": "Polygon", "coordinates": [square]}),
        },
        reverse("zones:meeting_proposal", args=[zone_b.slug]): {
            "title": "x",
            "meeting": "m",
            "meeting_date": "2026-01-01",
        },
        reverse("zones:objective_new", args=[zone_b.slug]): {
            "title": "x",
            "statement": "x",
            "theme": "safety",
            "indicator_kind": "count",
            "indicator": "x",
        },
        reverse("zones:objective_edit", args=[zone_b.slug, objective.pk]): {"title": "Changed"},
        reverse("zones:proposal_close", args=[zone_b.slug, proposal.pk]): {"reason": "no"},
        reverse("zones:invite", args=[zone_b.slug]): {
            "organisation": factories.OrganisationFactory().pk
        },
        reverse("zones:news_new", args=[zone_b.slug]): {"title": "x", "body": "x"},
        reverse("zones:action_new", args=[zone_b.slug]): {"title": "x"},
    }
    assert client.get(reverse("zones:manage", args=[zone_b.slug])).status_code == 403
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    zone_b.refresh_from_db()
    objective.refresh_from_db()
    proposal.refresh_from_db()
    assert zone_b.name != "Taken over" and zone_b.boundary is None
    assert objective.title != "Changed" and proposal.status == "open"
    assert zone_b.proposals.count() == 1 and zone_b.objectives.count() == 1
    assert (
        not zone_b.partnerships.exists()
        and not zone_b.news.exists()
        and not zone_b.actions.exists()
    )


def test_cannot_update_another_zones_actions(zones):
    client, zone_b = zones
    zone_b.is_published = True
    zone_b.save()
    action = factories.ActionFactory(zone=zone_b)
    url = reverse("zones:action_progress", args=[zone_b.slug, action.pk])
    assert client.post(url, {"text": "hijack", "status": "done"}).status_code == 403
    action.refresh_from_db()
    assert action.status == "planned"


def test_stage_change_is_recorded(zones):
    _client, zone_b = zones
    coordinator = zone_b.coordinators.get()
    client = Client()
    client.force_login(coordinator)
    response = client.post(
        reverse("zones:edit", args=[zone_b.slug]),
        {"name": zone_b.name, "summary": "s", "stage": "forming", "local_authority": "Leicester"},
    )
    assert response.status_code == 302
    change = zone_b.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.by) == ("active", "forming", coordinator)
