"""The Tool Kit's work items (core.work): for a Zone's coordinators, actions done that tried a
Tool Kit option with no experience recorded yet (the Tool Kit grows from what Zones learn); for
moderators, contributions waiting for moderation."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from peoplezones.core.work import Urgency, WorkItem
from peoplezones.toolkit.models import Experience
from peoplezones.toolkit.permissions import can_moderate
from peoplezones.toolkit.queries import moderation_queue
from peoplezones.zones.models import Action, ActionStatus
from peoplezones.zones.queries import zones_for_coordinator


def items_for(person: Any) -> Iterator[WorkItem]:
    zones = list(zones_for_coordinator(person)) if person.is_authenticated else []
    recorded = Experience.objects.filter(zone=OuterRef("zone"), option=OuterRef("option"))
    untold = (
        Action.objects.filter(zone__in=zones, status=ActionStatus.DONE, option__isnull=False)
        .filter(~Exists(recorded))
        .select_related("zone", "option")
        .order_by("-completed_at", "pk")
    )
    for action in untold:
        yield WorkItem(
            _("Finished actions to tell the Tool Kit about"),
            _("“%(title)s” tried %(option)s: what came of it?")
            % {"title": action.title, "option": action.option.title},
            reverse("toolkit:experience_new", args=[action.option.slug]),
            Urgency.LATER, action.zone.name,
        )  # fmt: skip
    if can_moderate(person):
        for revision in moderation_queue():
            yield WorkItem(
                _("Tool Kit contributions to moderate"),
                _("%(option)s, from %(who)s")
                % {
                    "option": revision.option.title if revision.option
                    else revision.content.get("title", _("a new option")),
                    "who": revision.contributor.get_full_name() if revision.contributor
                    else _("someone without an account"),
                },
                reverse("toolkit:moderate", args=[revision.pk]), Urgency.SOON,
            )  # fmt: skip
