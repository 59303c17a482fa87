"""The licences' words for every source the area loads, registered with core.attribution: shown on
the pages that use that data once a source has been loaded (never for demo data)."""

from collections.abc import Iterator

from django.core.cache import cache
from django.utils import timezone

from peoplezones.core import attribution
from peoplezones.datasources import area as areas
from peoplezones.datasources.catalogue import CATALOGUE
from peoplezones.datasources.models import SUCCEEDED, SourceRun

CACHE_KEY = "datasources:loaded"


def loaded_sources() -> set[str]:
    """The keys of sources loaded at least once (kept a minute: read by many public pages)."""
    keys = cache.get(CACHE_KEY)
    if keys is None:
        keys = set(SourceRun.objects.filter(status__in=SUCCEEDED).values_list("source", flat=True))
        cache.set(CACHE_KEY, keys, 60)
    return keys


def forget_loaded() -> None:
    cache.delete(CACHE_KEY)


def _words() -> Iterator[tuple[str, str]]:
    try:
        area = areas.current()
    except areas.AreaRefused:
        return
    loaded = loaded_sources()
    year = timezone.localdate().year
    for source in area.sources.values():
        if source.key not in loaded:
            continue
        words = source.attribution.replace("{year}", str(year)).replace("{title}", source.title)
        for use in CATALOGUE[source.kind].used_for:
            yield use, words


def register() -> None:
    attribution.register(lambda: list(_words()))
