"""Published Zones in the site's search."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from peoplezones.search import registry
from peoplezones.zones.models import Zone
from peoplezones.zones.queries import public_zones


def describe(zone: Zone) -> registry.Document:
    return registry.Document(
        title=zone.name,
        url=zone.get_absolute_url(),
        summary=zone.summary,
        body=" ".join((zone.local_authority, zone.community_priorities,
                       zone.community_strengths)),
        detail=zone.local_authority,
    )  # fmt: skip


def public() -> QuerySet[Zone]:
    return public_zones()


def register() -> None:
    registry.register(
        registry.Kind(
            key="zone", label=_("Zones"), model=Zone, public=public, describe=describe, order=50
        )
    )
