"""Finding Tool Kit options in people's own words: the site's search index (peoplezones.search,
keywords with synonyms and spelling blended with meaning), narrowed to options and to the
browse page's filters."""

from django.db.models import QuerySet

from peoplezones.search import index
from peoplezones.toolkit.models import Option

MAX_RESULTS = index.MAX_RESULTS


def ranked_ids(query: str, options: QuerySet[Option], limit: int = MAX_RESULTS) -> list[int]:
    """Primary keys of the best ``limit`` of ``options`` for ``query``, best first."""
    # Unfiltered, every indexed option may come back; filtered, only those the filters leave.
    allowed = set(options.values_list("id", flat=True)) if options.query.where else None
    return ranked_among(query, allowed, limit)


def ranked_among(query: str, allowed: set[int] | None, limit: int = MAX_RESULTS) -> list[int]:
    """Primary keys of the best ``limit`` options among ``allowed`` (None: all) for ``query``."""
    return index.rank("option", query, allowed=allowed, limit=limit)


def search(query: str, options: QuerySet[Option], limit: int = MAX_RESULTS) -> list[Option]:
    """Options matching ``query`` in ranked order, as model instances."""
    ids = ranked_ids(query, options, limit)
    by_id = options.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def index_version() -> tuple[int, int]:
    """Changes whenever any option (or anything else searchable) is added, edited or removed."""
    return index.current().fingerprint
