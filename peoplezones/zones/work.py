"""Zones' work items (core.work): for a coordinator, proposals to decide, actions overdue or with
no update for 30 days, invitations unanswered for 14 days; for a partner, their organisation's
actions due or overdue and invitations to answer; for programme staff, published Zones with no
public update for 60 days."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peoplezones.core.permissions import is_programme_staff, partner_organisation_id
from peoplezones.core.work import Urgency, WorkItem
from peoplezones.zones.models import (
    OPEN_ACTION_STATUSES,
    Action,
    Partnership,
    PartnershipStatus,
    Proposal,
    ProposalStatus,
    Zone,
)
from peoplezones.zones.queries import action_url, zones_for_coordinator

SILENT_DAYS = 30
UNANSWERED_DAYS = 14
NO_NEWS_DAYS = 60
DUE_SOON_DAYS = 14


def _actions(actions: Any, *, for_partner: bool) -> Iterator[WorkItem]:
    today = timezone.localdate()
    silent_since = timezone.now() - timedelta(days=SILENT_DAYS)
    actions = actions.annotate(last_update=Max("updates__at")).select_related("zone")
    for action in actions.order_by("due_date", "pk"):
        days = (today - action.due_date).days
        if days > 0:
            yield WorkItem(
                _("Actions overdue"),
                ngettext("“%(title)s”: %(n)s day overdue", "“%(title)s”: %(n)s days overdue", days)
                % {"title": action.title, "n": days},
                action_url(action), Urgency.NOW, action.zone.name,
            )  # fmt: skip
        elif for_partner and -days <= DUE_SOON_DAYS:
            yield WorkItem(
                _("Actions due soon"),
                _("“%(title)s”: due %(date)s") % {"title": action.title, "date": action.due_date},
                action_url(action), Urgency.SOON, action.zone.name,
            )  # fmt: skip
        elif (action.last_update or action.created_at) < silent_since:
            yield WorkItem(
                _("Actions with no update for 30 days"),
                _("“%(title)s”: ask for a progress update") % {"title": action.title},
                action_url(action), Urgency.SOON, action.zone.name,
            )  # fmt: skip


def _coordinator(person: Any) -> Iterator[WorkItem]:
    zones = list(zones_for_coordinator(person))
    if not zones:
        return
    proposals = (
        Proposal.objects.filter(zone__in=zones, status=ProposalStatus.OPEN)
        .annotate(supporters=Count("supports"))
        .select_related("zone")
        .order_by("-supporters", "pk")
    )
    for proposal in proposals:
        yield WorkItem(
            _("Proposals to decide"),
            ngettext("“%(title)s”: %(n)s supporter", "“%(title)s”: %(n)s supporters",
                     proposal.supporters) % {"title": proposal.title, "n": proposal.supporters},
            reverse("zones:manage", args=[proposal.zone.slug]) + "#proposals",
            Urgency.SOON, proposal.zone.name,
        )  # fmt: skip
    yield from _actions(
        Action.objects.filter(zone__in=zones, status__in=OPEN_ACTION_STATUSES), for_partner=False
    )
    waiting = Partnership.objects.filter(
        zone__in=zones, status=PartnershipStatus.INVITED,
        invited_at__lt=timezone.now() - timedelta(days=UNANSWERED_DAYS),
    ).select_related("zone", "organisation")  # fmt: skip
    for partnership in waiting:
        yield WorkItem(
            _("Invitations unanswered for 14 days"),
            _("%(org)s has not answered: a call may help") % {"org": partnership.organisation},
            reverse("zones:manage", args=[partnership.zone.slug]) + "#partners",
            Urgency.LATER, partnership.zone.name,
        )  # fmt: skip


def _partner(person: Any) -> Iterator[WorkItem]:
    organisation_id = partner_organisation_id(person)
    if not organisation_id:
        return
    for partnership in Partnership.objects.filter(
        organisation_id=organisation_id, status=PartnershipStatus.INVITED
    ).select_related("zone"):
        yield WorkItem(
            _("Invitations to answer"),
            _("Join the partnership in %(zone)s?") % {"zone": partnership.zone.name},
            reverse("zones:invitation", args=[partnership.pk]), Urgency.SOON,
            partnership.zone.name,
        )  # fmt: skip
    yield from _actions(
        Action.objects.filter(organisation_id=organisation_id, status__in=OPEN_ACTION_STATUSES),
        for_partner=True,
    )


def _staff(person: Any) -> Iterator[WorkItem]:
    if not is_programme_staff(person):
        return
    since = timezone.now() - timedelta(days=NO_NEWS_DAYS)
    quiet = (
        Zone.objects.filter(is_published=True)
        .annotate(last_news=Max("news__posted_at"))
        .filter(Q(last_news__lt=since) | Q(last_news=None))
        .order_by("name")
    )
    for zone in quiet:
        yield WorkItem(
            _("Zones with no public update for 60 days"),
            _("%(zone)s: residents have heard nothing since %(date)s")
            % {"zone": zone.name, "date": zone.last_news.date() if zone.last_news else _("launch")},
            reverse("zones:manage", args=[zone.slug]), Urgency.LATER, zone.name,
        )  # fmt: skip


def items_for(person: Any) -> Iterator[WorkItem]:
    yield from _coordinator(person)
    yield from _partner(person)
    yield from _staff(person)
