"""Writes for assets: placing assets in Zones, applying an import all-or-nothing, manual edits and
verification, and the skills inventory's offers and withdrawals."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import shape

from peoplezones.assets.importers import ASSET_FIELDS, Incoming, Parsed, Problem
from peoplezones.assets.models import Asset, SkillOffer
from peoplezones.core import audit
from peoplezones.core.geo import to_bng_xy
from peoplezones.core.models import AuditAction, User
from peoplezones.privacy import consent
from peoplezones.privacy.models import Consent, Purpose
from peoplezones.search import services as search
from peoplezones.zones.models import Zone
from peoplezones.zones.queries import points_in_zones

BATCH = 1000


def zones_for_points(lons: np.ndarray, lats: np.ndarray) -> list[list[int]]:
    """Which Zones hold each point."""
    found: list[list[int]] = [[] for _ in range(len(lons))]
    for index, zone_id in zip(*points_in_zones(lons, lats), strict=True):
        found[int(index)].append(int(zone_id))
    return found


def place_assets(assets: list[Asset]) -> None:
    """Set each asset's Zones from its location."""
    if not assets:
        return
    through = Asset.zones.through
    lons = np.array([a.lon for a in assets])
    lats = np.array([a.lat for a in assets])
    links = [
        through(asset_id=asset.pk, zone_id=zone_id)
        for asset, zone_ids in zip(assets, zones_for_points(lons, lats), strict=True)
        for zone_id in zone_ids
    ]
    ids = [a.pk for a in assets]
    for start in range(0, len(ids), BATCH):
        through.objects.filter(asset_id__in=ids[start : start + BATCH]).delete()
    through.objects.bulk_create(links, batch_size=BATCH)


def place_assets_for_zone(zone: Zone) -> int:
    """After a boundary change: which assets are in this Zone now."""
    through = Asset.zones.through
    through.objects.filter(zone_id=zone.pk).delete()
    if not zone.boundary or not zone.boundary_bbox:
        return 0
    west, south, east, north = zone.boundary_bbox
    candidates = list(
        Asset.objects.filter(
            lon__gte=west, lon__lte=east, lat__gte=south, lat__lte=north
        ).values_list("id", "lon", "lat")
    )
    if not candidates:
        return 0
    ids, lons, lats = (np.array(column) for column in zip(*candidates, strict=True))
    geometry = shape(zone.boundary)
    inside = ids[shapely.contains_xy(geometry, lons, lats)]
    through.objects.bulk_create(
        [through(asset_id=int(i), zone_id=zone.pk) for i in inside], batch_size=BATCH
    )
    return len(inside)


def _set_position(asset: Asset) -> None:
    x, y = to_bng_xy([asset.lon], [asset.lat])
    asset.x, asset.y = float(x[0]), float(y[0])


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


class OutsideScope(ValueError):
    """Rows name existing assets the importer may not change; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Classified:
    new: list[Incoming]
    changed: list[tuple[Asset, Incoming]]
    unchanged: int
    outside: list[Problem]  # rows naming an asset outside the importer's scope


def classify(rows: list[Incoming], *, scope: QuerySet[Asset]) -> Classified:
    """Split incoming rows into new ones, changed ones (with the asset they change) and a count
    of unchanged ones, looking existing records up by source and identifier in batches. A row
    whose identifier names an asset outside ``scope`` (what this importer may change) is refused:
    the whole register is searched, so such a row can neither change that asset nor add a twin."""
    existing: dict[tuple[str, str], Asset] = {}
    by_source: dict[str, list[str]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row.source_id)
    for source, ids in by_source.items():
        for start in range(0, len(ids), BATCH):
            for asset in Asset.objects.filter(
                source=source, source_id__in=ids[start : start + BATCH]
            ).select_related("category"):
                existing[(asset.source, asset.source_id)] = asset
    found = [a.pk for a in existing.values()]
    allowed: set[int] = set()
    for start in range(0, len(found), BATCH):
        allowed.update(
            scope.filter(pk__in=found[start : start + BATCH]).values_list("pk", flat=True)
        )
    result = Classified(new=[], changed=[], unchanged=0, outside=[])
    for row in rows:
        asset = existing.get((row.source, row.source_id))
        if asset is None:
            result.new.append(row)
        elif asset.pk not in allowed:
            result.outside.append(
                Problem(
                    row.where,
                    row.id_field,
                    _(
                        "'%(id)s' names an asset another Zone looks after, which this import may "
                        "not change. Remove the row, or ask that Zone's coordinators."
                    )
                    % {"id": row.source_id},
                )
            )
        elif any(getattr(asset, f) != row.values[f] for f in ASSET_FIELDS):
            result.changed.append((asset, row))
        else:
            result.unchanged += 1
    return result


def preview(parsed: Parsed, *, scope: QuerySet[Asset]) -> dict[str, Any]:
    """What applying the file would do; OutsideScope if a row names an asset out of reach."""
    found = classify(parsed.rows, scope=scope)
    if found.outside:
        raise OutsideScope(found.outside)
    new, changed = found.new, found.changed
    sample = [
        {
            "where": row.where,
            "name": row.values["name"],
            "category": row.values["category"].name,
            "postcode": row.values["postcode"],
            "action": "new" if i < len(new) else "update",
        }
        for i, row in enumerate(new + [r for _, r in changed])
    ][:20]
    return {
        "new": len(new),
        "changed": len(changed),
        "unchanged": found.unchanged,
        "skipped": parsed.skipped,
        "total": parsed.total,
        "sample": sample,
    }


def apply_rows(
    parsed: Parsed,
    *,
    scope: QuerySet[Asset],
    user: User | None,
    steward_zone: Zone | None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportOutcome:
    """All or nothing: every row is created or updated in one transaction, or none is. Rows are
    matched on (source, identifier), so running the same file again updates rather than adds;
    only assets in ``scope`` may be changed (OutsideScope otherwise, and nothing is written)."""
    if parsed.problems:
        raise ValueError("A file with problems is never applied.")
    with transaction.atomic():
        found = classify(parsed.rows, scope=scope)
        if found.outside:
            raise OutsideScope(found.outside)
        new, changed, unchanged = found.new, found.changed, found.unchanged
        created = [
            Asset(**row.values, source=row.source, source_id=row.source_id,
                  steward_zone=steward_zone, created_by=user if user and user.pk else None)
            for row in new
        ]  # fmt: skip
        updated = []
        for asset, row in changed:
            for name in ASSET_FIELDS:
                setattr(asset, name, row.values[name])
            updated.append(asset)
        touched = created + updated
        if touched:
            xs, ys = to_bng_xy([a.lon for a in touched], [a.lat for a in touched])
            for asset, x, y in zip(touched, xs, ys, strict=True):
                asset.x, asset.y = float(x), float(y)
        now = timezone.now()
        for start in range(0, len(created), BATCH):
            Asset.objects.bulk_create(created[start : start + BATCH])
            if progress:
                progress(min(start + BATCH, len(created)), len(created))
        for asset in updated:
            asset.updated_at = now
        Asset.objects.bulk_update(
            updated, [*ASSET_FIELDS, "x", "y", "updated_at"], batch_size=BATCH
        )
        place_assets(created + updated)
        # Written in bulk, so no signal told the search: it is told here, in the same transaction.
        search.refresh("asset", [asset.pk for asset in touched])
    return ImportOutcome(created=len(created), updated=len(updated), unchanged=unchanged)


# Feeds kept in step -------------------------------------------------------------------------------


@dataclass
class Synced:
    created: int
    updated: int
    unchanged: int
    unlisted: int  # no longer in the feed: kept, marked
    relisted: int  # back in the feed after being marked
    problems: list[Problem]  # records left out, each named by its identifier


def sync_feed(
    parsed: Parsed,
    *,
    feed: str,
    present: set[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Synced:
    """Bring the assets a published feed lists in step with it, in one transaction: its good
    records are created or updated (by source and identifier), each bad one is left out and
    reported, and the feed's assets it no longer lists are marked (never deleted); a record that
    comes back is unmarked. Unlike a one-off file, bad records do not refuse the rest; a record
    the feed still lists but sent badly this time (its id in ``present``) keeps the version held
    and is not marked."""
    good = Parsed(rows=parsed.rows, problems=[], skipped=parsed.skipped, total=parsed.total)
    today = timezone.localdate()
    with transaction.atomic():
        outcome = apply_rows(
            good, scope=Asset.objects.all(), user=None, steward_zone=None, progress=progress
        )
        listed = {(row.source, row.source_id) for row in parsed.rows}
        sources = {source for source, _id in listed}
        still = present or set()
        adopt, unlist, relisted = [], [], 0
        candidates = Asset.objects.filter(Q(feed=feed) | Q(source__in=sources))
        for pk, source, source_id, was_feed, since in candidates.values_list(
            "pk", "source", "source_id", "feed", "unlisted_since"
        ):
            if (source, source_id) in listed:
                # Ours, or no feed's, or dropped by the feed that had it. A place two feeds list
                # (the edge of two county extracts) stays with the first, so neither run moves it.
                if since is not None or was_feed == "":
                    adopt.append(pk)
                    relisted += since is not None
            elif was_feed == feed and since is None and source_id not in still:
                unlist.append(pk)
        for start in range(0, max(len(adopt), len(unlist)), BATCH):
            Asset.objects.filter(pk__in=adopt[start : start + BATCH]).update(
                feed=feed, unlisted_since=None
            )
            Asset.objects.filter(pk__in=unlist[start : start + BATCH]).update(unlisted_since=today)
        search.refresh("asset", adopt + unlist)
        unlisted = len(unlist)
    return Synced(
        created=outcome.created, updated=outcome.updated, unchanged=outcome.unchanged,
        unlisted=unlisted, relisted=relisted, problems=list(parsed.problems),
    )  # fmt: skip


# One asset at a time -----------------------------------------------------------------------------


@transaction.atomic
def save_asset(*, asset: Asset, user: User | None, steward_zone: Zone | None = None) -> Asset:
    creating = asset.pk is None
    _set_position(asset)
    if creating:
        asset.created_by = user
        asset.steward_zone = steward_zone or asset.steward_zone
    asset.save()
    place_assets([asset])
    return asset


def verify_asset(*, asset: Asset) -> Asset:
    asset.last_verified = timezone.localdate()
    asset.save(update_fields=["last_verified", "updated_at"])
    return asset


def delete_asset(*, asset: Asset) -> None:
    asset.delete()


# Skills and gifts --------------------------------------------------------------------------------

# Each use of a skills offer has its own consent, kept in the offer's flag.
SKILLS_CONSENTS = {
    Purpose.SKILLS_CONTACT: "consent_contact",
    Purpose.SKILLS_COUNT: "consent_count",
    Purpose.SKILLS_MATCH: "consent_match",
}


@transaction.atomic
def offer_skills(
    *, user: User, zone: Zone, skills: Iterable[Any], details: dict[str, Any]
) -> SkillOffer:
    """Record or change what someone offers; the consents are taken afresh each time."""
    offer, created = SkillOffer.objects.update_or_create(
        user=user, zone=zone, defaults={**details, "consent_given_at": timezone.now()}
    )
    offer.skills.set(skills)
    consent.record(offer, {p: getattr(offer, flag) for p, flag in SKILLS_CONSENTS.items()}, user)
    audit.record(
        actor=user, action=AuditAction.CREATED if created else AuditAction.CHANGED, target=offer,
        detail="skills offer: consents " + ", ".join(
            use for use in ("contact", "count", "match") if details.get(f"consent_{use}")
        ),
    )  # fmt: skip
    return offer


def skills_consent_withdrawn(withdrawn: Consent, offer: SkillOffer, by: User) -> None:
    """One use withdrawn stops that use; with none left the offer goes (registered with
    privacy as what withdrawing a skills consent does)."""
    setattr(offer, SKILLS_CONSENTS[Purpose(withdrawn.purpose)], False)
    if any(getattr(offer, flag) for flag in SKILLS_CONSENTS.values()):
        offer.save(update_fields=list(SKILLS_CONSENTS.values()))
        return
    for other in consent.for_source(offer).filter(withdrawn_at__isnull=True):
        consent.mark_withdrawn(other, by)
    withdraw_offer(offer=offer, actor=by)


@transaction.atomic
def withdraw_offer(*, offer: SkillOffer, actor: User) -> None:
    """Withdrawal deletes the offer: it leaves every list, count and match at once."""
    audit.record(actor=actor, action=AuditAction.ERASED, target=offer, detail="consent withdrawn")
    offer.delete()
