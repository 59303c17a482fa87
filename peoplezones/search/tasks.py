"""Background work for the search (django-tasks)."""

from django_tasks import task

from peoplezones.search import vectors


@task()
def embed_missing() -> int:
    """The vectors of entries a large import stored without one (they are found by their words
    until then). Queued by ``services.refresh`` once the import has committed."""
    return vectors.embed_missing()
