"""Running an upload: every police file in it (or a partner's demand file), each all-or-nothing,
recording progress as it goes so the page (and the command line) can show it. The uploaded file
is deleted at the end; what each file did is kept."""

import zipfile
from pathlib import PurePath

from django.utils import timezone

from peoplezones.core import jobs
from peoplezones.core.archive import ArchiveRefused
from peoplezones.core.permissions import is_programme_staff
from peoplezones.outcomes import demand, queries, services
from peoplezones.outcomes.models import Upload, UploadStatus
from peoplezones.outcomes.police import Refused, police_files
from peoplezones.zones.models import Zone

KIND = "outcomes.upload"


def fail(upload: Upload, message: str) -> None:
    """End an upload as failed: what was already loaded stays (each file is all or nothing), the
    message is shown, the file deleted."""
    upload.status, upload.phase = UploadStatus.FAILED, ""
    upload.results.append(
        {"name": upload.original_name, "state": "refused", "rows": 0, "problems": [message]}
    )
    upload.finished_at = timezone.now()
    if upload.file:
        upload.file.delete(save=False)
    upload.save()


def run(upload: Upload) -> None:
    """Load every file of the upload; whatever goes wrong ends it as failed (core.jobs)."""
    with jobs.ending(upload, KIND):
        _run(upload)


def _run(upload: Upload) -> None:
    upload.status = UploadStatus.RUNNING
    upload.save(update_fields=["status"])
    try:
        data = upload.file.read()
        if upload.kind == "demand":
            files = [(upload.original_name, data)]
        else:
            files = list(police_files(PurePath(upload.original_name), data))
    except ArchiveRefused as refused:
        return fail(upload, str(refused))
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError):  # recorded for the page
        return fail(upload, "the file could not be read as a CSV or a zip")
    upload.files_total = len(files)
    upload.save(update_fields=["files_total"])
    for name, content in files:
        upload.phase = f"{PurePath(name).name}: checking"
        upload.save(update_fields=["phase"])
        upload.results.append(_load(upload, name, content))
        upload.files_done += 1
        upload.save(update_fields=["files_done", "results"])
    if any(result["state"] in ("loaded", "replaced") for result in upload.results):
        upload.phase = "comparing each Zone with similar areas"
        upload.save(update_fields=["phase"])
        for zone in Zone.objects.exclude(boundary=None):  # ready before anyone asks
            queries.cached_compare(zone)
    upload.status = UploadStatus.DONE
    if not files:
        upload.results.append(
            {"name": upload.original_name, "state": "refused", "rows": 0,
             "problems": ["no police.uk street-level or outcomes file (…-street.csv, "
                          "…-outcomes.csv) in it"]}
        )  # fmt: skip
    upload.phase = ""
    upload.finished_at = timezone.now()
    upload.file.delete(save=False)
    upload.save()


def _load(upload: Upload, name: str, content: bytes) -> dict:
    def progress(rows: int) -> None:
        Upload.objects.filter(pk=upload.pk).update(
            phase=f"{PurePath(name).name}: {rows:,} rows stored"
        )

    if upload.kind == "demand":
        return _load_demand(upload, name, content)
    try:
        loaded = services.import_police(content, name, by=upload.created_by, progress=progress)
    except Refused as error:
        return {"name": name, "state": "refused", "rows": 0, "problems": error.problems}
    state = "unchanged" if loaded.unchanged else ("replaced" if loaded.replaced else "loaded")
    return {"name": name, "state": state, "rows": loaded.rows, "force": loaded.force,
            "month": f"{loaded.month:%Y-%m}", "problems": []}  # fmt: skip


def _load_demand(upload: Upload, name: str, content: bytes) -> dict:
    try:
        loaded = demand.import_demand(
            content, name, agency=upload.agency, demand_type=upload.demand_type,
            own_only=not (upload.created_by and is_programme_staff(upload.created_by)),
            by=upload.created_by,
        )  # fmt: skip
    except Refused as error:
        return {"name": name, "state": "refused", "rows": 0, "problems": error.problems}
    state = "unchanged" if loaded.unchanged else ("replaced" if loaded.replaced else "loaded")
    months = f"{loaded.first:%Y-%m} to {loaded.last:%Y-%m}" if loaded.first else ""
    return {"name": name, "state": state, "rows": loaded.rows, "force": loaded.agency,
            "month": months, "types": loaded.types, "problems": []}  # fmt: skip
