"""Background loading of police uploads (django-tasks): at once in development and tests, queued
for a worker in production so a national month never holds a web request."""

from django_tasks import task

from peoplezones.outcomes import jobs
from peoplezones.outcomes.models import Upload


@task()
def run_upload(upload_id: int) -> None:
    jobs.run(Upload.objects.get(pk=upload_id))
