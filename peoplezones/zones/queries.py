"""Reads of Zones that pages, exports and emails share."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peoplezones.core.geo import points_within
from peoplezones.core.models import Organisation, OrganisationType
from peoplezones.core.permissions import is_programme_staff
from peoplezones.zones.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    Objective,
    Partnership,
    PartnershipStatus,
    ProgressUpdate,
    Proposal,
    ProposalStatus,
    Support,
    Told,
    Zone,
)


def public_zones() -> QuerySet[Zone]:
    return Zone.objects.filter(is_published=True).order_by("name")


def zones_for_coordinator(user: Any) -> QuerySet[Zone]:
    if not user.is_authenticated:
        return Zone.objects.none()
    return user.coordinated_zones.order_by("name")


def visible_zones(user: Any) -> QuerySet[Zone]:
    """Published Zones for everyone; drafts too for programme staff and their own coordinators."""
    if is_programme_staff(user):
        return Zone.objects.all()
    if user.is_authenticated:
        return Zone.objects.filter(Q(is_published=True) | Q(coordinators=user)).distinct()
    return public_zones()


def zones_feature_collection(zones: QuerySet[Zone]) -> dict[str, Any]:
    features = [
        {
            "type": "Feature",
            "geometry": zone.boundary,
            "properties": {
                "name": zone.name,
                "stage": zone.get_stage_display(),
                "url": zone.get_absolute_url(),
            },
        }
        for zone in zones.exclude(boundary__isnull=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def ranked_proposals(zone: Zone) -> QuerySet[Proposal]:
    return (
        zone.proposals.filter(status=ProposalStatus.OPEN)
        .annotate(support_count=Count("supports"))
        .order_by("-support_count", "created_at")
    )


def supported_ids(zone: Zone, user: Any) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(zone.proposals.filter(supports__user=user).values_list("pk", flat=True))


def objectives_with_actions(zone: Zone) -> QuerySet[Objective]:
    actions = Action.objects.select_related("organisation", "zone").prefetch_related("updates")
    return zone.objectives.prefetch_related(Prefetch("actions", queryset=actions))


def accepted_partnerships(zone: Zone) -> QuerySet[Partnership]:
    return zone.partnerships.filter(status=PartnershipStatus.ACCEPTED).select_related(
        "organisation", "lead"
    )


def partners_by_type(zone: Zone) -> list[tuple[str, list[Partnership]]]:
    grouped: dict[str, list[Partnership]] = defaultdict(list)
    for partnership in accepted_partnerships(zone):
        grouped[partnership.organisation.get_type_display()].append(partnership)
    return sorted(grouped.items())


def partnership_matrix() -> tuple[list[Zone], list[tuple[Organisation, list[str]]]]:
    """Every organisation in any Zone, against every Zone: the partnership status in each cell."""
    zones = list(Zone.objects.exclude(stage="closed").order_by("name"))
    status = {
        (p.organisation_id, p.zone_id): p.get_status_display()
        for p in Partnership.objects.exclude(status=PartnershipStatus.LEFT)
    }
    organisations = (
        Organisation.objects.filter(partnerships__isnull=False).distinct().order_by("type", "name")
    )
    rows = [(org, [status.get((org.pk, zone.pk), "") for zone in zones]) for org in organisations]
    return zones, rows


def invitations_for(user: Any) -> QuerySet[Partnership]:
    if not (user.is_authenticated and user.organisation_id):
        return Partnership.objects.none()
    return Partnership.objects.filter(
        organisation_id=user.organisation_id, status=PartnershipStatus.INVITED
    ).select_related("zone")


def actions_for_organisation(organisation_id: int | None) -> QuerySet[Action]:
    if not organisation_id:
        return Action.objects.none()
    return Action.objects.filter(
        organisation_id=organisation_id, status__in=OPEN_ACTION_STATUSES
    ).select_related("zone", "objective")


def overdue_actions() -> QuerySet[Action]:
    return Action.objects.filter(
        status__in=OPEN_ACTION_STATUSES, due_date__lt=timezone.localdate()
    ).select_related("zone", "organisation", "owner", "objective")


def action_counts(zone: Zone) -> dict[str, int]:
    """How many of the Zone's actions are in each status, keyed by the status's label."""
    counts = dict(zone.actions.values_list("status").annotate(n=Count("id")))
    return {str(label): counts.get(value, 0) for value, label in ActionStatus.choices}


@dataclass(frozen=True)
class StoryEvent:
    """One moment in an objective's story, from proposal to results."""

    when: date | datetime
    kind: str
    text: str
    url: str = ""

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.when, datetime):
            return self.when
        return timezone.make_aware(datetime(self.when.year, self.when.month, self.when.day))


def objective_story(objective: Objective) -> list[StoryEvent]:
    events: list[StoryEvent] = []
    proposal = objective.proposal
    if proposal is not None:
        supporters = proposal.supports.count()
        events.append(
            StoryEvent(
                proposal.created_at,
                "proposed",
                ngettext(
                    "Proposed: “%(title)s”, supported by %(n)s person",
                    "Proposed: “%(title)s”, supported by %(n)s people",
                    supporters,
                )
                % {"title": proposal.title, "n": supporters}
                if proposal.source == "resident"
                else _("Raised at %(meeting)s: “%(title)s”")
                % {"meeting": proposal.meeting, "title": proposal.title},
            )
        )
    if objective.agreed_on or objective.agreed_at:
        where = objective.agreed_at or _("a community meeting")
        when = objective.agreed_on or objective.published_at
        events.append(StoryEvent(when, "agreed", _("Agreed at %s") % where))
    events.append(
        StoryEvent(
            objective.published_at, "published", _("Published as one of the Zone's objectives")
        )
    )
    for action in objective.actions.select_related("organisation", "zone").prefetch_related(
        "updates"
    ):
        url = action.get_absolute_url()
        events.append(
            StoryEvent(
                action.created_at,
                "action",
                _("%(org)s committed to: %(title)s (due %(due)s)")
                % {
                    "org": action.organisation,
                    "title": action.title,
                    "due": date_format(action.due_date, "j F Y"),
                },
                url,
            )
        )
        for update in action.updates.all():
            label = _("Milestone") if update.is_milestone else _("Progress")
            events.append(
                StoryEvent(
                    update.at,
                    "milestone" if update.is_milestone else "progress",
                    f"{label}: {update.text}",
                    url,
                )
            )
        if action.status == ActionStatus.DONE and action.completed_at:
            events.append(
                StoryEvent(action.completed_at, "done", _("Done: %s") % action.title, url)
            )
        if action.status == ActionStatus.STOPPED:
            events.append(
                StoryEvent(
                    action.created_at,
                    "stopped",
                    _("Stopped: %(title)s. %(why)s")
                    % {"title": action.title, "why": action.stopped_reason},
                    url,
                )
            )
    return sorted(events, key=lambda event: event.sort_key)


def plan_rows(zone: Zone) -> list[dict[str, str]]:
    """The action plan, one row per action (objectives with no action yet get a row too)."""
    rows = []
    for objective in objectives_with_actions(zone):
        actions = list(objective.actions.all())
        base = {
            "objective": objective.title,
            "theme": objective.get_theme_display(),
            "indicator": f"{objective.get_indicator_kind_display()}: {objective.indicator}",
        }
        if not actions:
            rows.append(
                {
                    **base,
                    "action": "",
                    "organisation": "",
                    "due": "",
                    "status": "",
                    "latest progress": "",
                }
            )
        for action in actions:
            updates = list(action.updates.all())
            rows.append(
                {
                    **base,
                    "action": action.title,
                    "organisation": action.organisation.name,
                    "due": action.due_date.isoformat(),
                    "status": action.get_status_display()
                    + (" (overdue)" if action.is_overdue else ""),
                    "latest progress": updates[-1].text if updates else "",
                }
            )
    return rows


def organisation_types() -> list[tuple[str, str]]:
    return list(OrganisationType.choices)


def recent_progress(zone: Zone, since: datetime) -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(action__zone=zone, at__gte=since).select_related(
        "action", "action__organisation"
    )


def action_url(action: Action) -> str:
    return reverse("zones:action", args=[action.zone.slug, action.pk])


def zone_boundaries() -> list[tuple[int, dict]]:
    """(Zone id, boundary GeoJSON) of every Zone with a boundary."""
    return list(Zone.objects.exclude(boundary=None).values_list("id", "boundary"))


def points_in_zones(
    lons: Any, lats: Any, zones: list[tuple[int, dict]] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(point index, Zone id) for every point inside a Zone's boundary: one vectorised STRtree
    query for all points and all Zones (a point in two Zones appears twice). `zones` (from
    zone_boundaries) saves reading them again, or reading them at all from another thread."""
    zones = zone_boundaries() if zones is None else zones
    point_index, zone_index = points_within([b for _id, b in zones], lons, lats)
    zone_ids = np.array([zone_id for zone_id, _boundary in zones], dtype=int)
    return point_index, zone_ids[zone_index]


@dataclass(frozen=True)
class LoopClosed:
    """Of the people who took part in the Zone's decided proposals, how many have been told."""

    told: int
    took_part: int


def loop_closed(zone: Zone) -> LoopClosed:
    decided = Proposal.objects.filter(
        zone=zone, status__in=[ProposalStatus.ADOPTED, ProposalStatus.NOT_TAKEN]
    )
    people = set(Support.objects.filter(proposal__in=decided).values_list("user_id", flat=True))
    people |= set(decided.exclude(proposed_by=None).values_list("proposed_by_id", flat=True))
    told = set(Told.objects.filter(proposal__in=decided).values_list("person_id", flat=True))
    return LoopClosed(told=len(told & people), took_part=len(people))
