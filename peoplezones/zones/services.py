"""Writes for Zones."""

from django.db import transaction
from django.utils.text import slugify

from peoplezones.zones.models import Stage, Zone


def _unique_slug(name: str) -> str:
    base = slugify(name)[:140] or "zone"
    slug, n = base, 2
    while Zone.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_draft_zone(
    *,
    name: str,
    postcode: str = "",
    community_priorities: str = "",
    community_strengths: str = "",
    already_involved: str = "",
) -> Zone:
    """A new, unpublished Zone at the enquiry stage, seen only by staff until it is launched."""
    zone = Zone(
        name=name,
        slug=_unique_slug(name),
        stage=Stage.ENQUIRY,
        postcode=postcode,
        summary=community_priorities[:500],
        community_priorities=community_priorities,
        community_strengths=community_strengths,
        already_involved=already_involved,
        is_published=False,
    )
    zone.full_clean()
    zone.save()
    return zone
