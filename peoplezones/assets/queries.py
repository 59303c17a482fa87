"""Reads for assets: what each person may see, filtering shared by the map, the list and the
downloads, and the skills inventory's published counts."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from peoplezones.assets.models import Asset, Skill, SkillOffer, Visibility, stale_before
from peoplezones.core.permissions import is_programme_staff, partner_organisation_id
from peoplezones.zones.models import PartnershipStatus, Zone


def visible_assets(user: Any) -> QuerySet[Asset]:
    assets = Asset.objects.select_related("category")
    if is_programme_staff(user):
        return assets
    # What a feed no longer lists has likely closed: the public no longer sees it; those who look
    # after it still do, with a note, until they check it.
    rule = Q(visibility=Visibility.PUBLIC, unlisted_since=None)
    if user.is_authenticated:
        through = Asset.zones.through.objects
        managed = user.coordinated_zones.values("pk")
        rule |= Q(steward_zone__in=managed) | Q(
            pk__in=through.filter(zone__in=managed).values("asset_id")
        )
        organisation_id = partner_organisation_id(user)
        if organisation_id:
            partnered = Zone.objects.filter(
                partnerships__organisation_id=organisation_id,
                partnerships__status=PartnershipStatus.ACCEPTED,
            ).values("pk")
            rule |= Q(visibility=Visibility.PARTNERS, unlisted_since=None) & Q(
                pk__in=through.filter(zone__in=partnered).values("asset_id")
            )
    return assets.filter(rule)


def filter_assets(assets: QuerySet[Asset], filters: dict[str, Any]) -> QuerySet[Asset]:
    if filters.get("id"):
        assets = assets.filter(pk=filters["id"])
    if filters.get("zone"):
        assets = assets.filter(
            pk__in=Asset.zones.through.objects.filter(zone=filters["zone"]).values("asset_id")
        )
    if filters.get("category"):
        assets = assets.filter(category__in=filters["category"])
    if filters.get("kind"):
        assets = assets.filter(kind=filters["kind"])
    if filters.get("source"):
        assets = assets.filter(source=filters["source"])
    if filters.get("q"):
        text = filters["q"]
        assets = assets.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(postcode__icontains=text)
        )
    if filters.get("stale"):
        assets = assets.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=stale_before()))
    return assets


def stale_count(assets: QuerySet[Asset]) -> int:
    return assets.filter(
        Q(last_verified__isnull=True) | Q(last_verified__lt=stale_before())
    ).count()


@dataclass
class SkillCount:
    skill: Skill
    count: int

    @property
    def suppressed(self) -> bool:
        return self.count < settings.PZ_SMALL_NUMBER_PEOPLE


def skill_counts(zone: Zone) -> tuple[list[SkillCount], int]:
    """People who agreed to be counted, per skill, and in all. Small numbers are the caller's to
    hide: every SkillCount says whether it is under the threshold."""
    counted = SkillOffer.objects.filter(zone=zone, consent_count=True)
    rows = Skill.objects.annotate(
        people=Count("offers", filter=Q(offers__in=counted), distinct=True)
    ).order_by("-people", "name")
    return [SkillCount(s, s.people) for s in rows], counted.count()


def named_offers(zone: Zone) -> QuerySet[SkillOffer]:
    """For the Zone's coordinators: who offered what, only where they agreed to be contacted."""
    return (
        SkillOffer.objects.filter(zone=zone, consent_contact=True)
        .select_related("user")
        .prefetch_related("skills")
        .order_by("-updated_at")
    )
