"""Groups and events in the site's search: those anyone may see (a published group, in a
published Zone or none; an event still to come, not called off)."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from peoplezones.community import services
from peoplezones.community.models import Event, Group
from peoplezones.search import registry
from peoplezones.zones.models import Zone


def public_groups() -> QuerySet[Group]:
    return (
        Group.objects.filter(is_published=True)
        .filter(Q(zone__isnull=True) | Q(zone__is_published=True))
        .select_related("zone")
    )


def public_events() -> QuerySet[Event]:
    return (
        services.upcoming_events()
        .filter(cancelled=False)
        .filter(Q(zone__isnull=True) | Q(zone__is_published=True))
        .filter(Q(group__isnull=True) | Q(group__is_published=True))
    )


def describe_group(group: Group) -> registry.Document:
    return registry.Document(
        title=group.name,
        url=group.get_absolute_url(),
        summary=group.description,
        body=" ".join((group.get_kind_display(), group.where, group.when, group.who_for,
                       group.zone.name if group.zone else "")),
        detail=" · ".join(part for part in (group.when, group.where) if part),
    )  # fmt: skip


def describe_event(event: Event) -> registry.Document:
    upcoming = services.occurrences(event, after=timezone.now())
    when = date_format(timezone.localtime(upcoming[0]), "l j F, H:i") if upcoming else ""
    days = " ".join(sorted({date_format(timezone.localtime(d), "l") for d in upcoming[:20]}))
    return registry.Document(
        title=event.title,
        url=event.get_absolute_url(),
        summary=event.description,
        body=" ".join((event.get_kind_display(), event.where, event.skills, days,
                       event.group.name if event.group else "",
                       event.zone.name if event.zone else "")),
        detail=" · ".join(part for part in (when, event.where) if part),
    )  # fmt: skip


def _zone_groups(zone: Zone) -> list[int]:
    return list(zone.groups.values_list("pk", flat=True))


def _zone_events(zone: Zone) -> list[int]:
    return list(zone.events.values_list("pk", flat=True))


def register() -> None:
    registry.register(
        registry.Kind(
            key="event", label=_("Events and courses"), model=Event, public=public_events,
            describe=describe_event, order=30,
            follows=(
                (Zone, _zone_events),
                (Group, lambda group: list(group.events.values_list("pk", flat=True))),
            ),
        )
    )  # fmt: skip
    registry.register(
        registry.Kind(
            key="group", label=_("Groups"), model=Group, public=public_groups,
            describe=describe_group, order=40, follows=((Zone, _zone_groups),),
        )
    )  # fmt: skip
