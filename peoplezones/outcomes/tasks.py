"""Background loading of police uploads (django-tasks): at once in development and tests, queued
for a worker in production so a national month never holds a web request."""

from django.db import transaction
from django_tasks import task

from peoplezones.core import storage
from peoplezones.outcomes import jobs
from peoplezones.outcomes.models import Upload


@task()
def run_upload(upload_id: int) -> None:
    jobs.run(Upload.objects.get(pk=upload_id))


def start_upload(
    *, file: object, by: object, kind: str = "police", agency: str = "", demand_type: str = ""
) -> Upload:
    """The one way an upload starts, from a page or the API: police files (kind "police") or a
    partner's demand figures ("demand", for an agency and a kind of demand). Checked and loaded
    in the background once the row is committed."""
    with storage.kept(Upload, "file", file) as name:
        upload = Upload.objects.create(
            file=name, original_name=file.name[:255], created_by=by, kind=kind, agency=agency,
            demand_type=demand_type,
        )  # fmt: skip
    transaction.on_commit(lambda: run_upload.enqueue(upload.pk))
    return upload
