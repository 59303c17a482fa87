"""Places and services on the public asset map, in the site's search. A person's own entry
(kind "individual") is never indexed, whatever its visibility."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from peoplezones.assets.models import Asset, AssetKind, Visibility
from peoplezones.search import registry


def public() -> QuerySet[Asset]:
    return (
        Asset.objects.filter(visibility=Visibility.PUBLIC, unlisted_since=None)
        .exclude(kind=AssetKind.INDIVIDUAL)
        .select_related("category")
    )


def describe(asset: Asset) -> registry.Document:
    where = ", ".join(part for part in (asset.address, asset.postcode) if part)
    return registry.Document(
        title=asset.name,
        url=asset.get_absolute_url(),
        summary=asset.description,
        body=" ".join(
            part
            for part in (
                asset.category.name,
                asset.audience,
                asset.opening_times,
                asset.organisation_name,
                asset.languages,
                asset.accessibility,
                where,
            )
            if part
        ),
        detail=" · ".join(part for part in (asset.category.name, where) if part),
    )


def register() -> None:
    registry.register(
        registry.Kind(
            key="asset", label=_("Places and services"), model=Asset, public=public,
            describe=describe, order=20,
        )
    )  # fmt: skip
