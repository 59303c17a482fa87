"""Outcomes data: police.uk street-level crime and anti-social behaviour and the outcomes files,
loaded a force-month file at a time, and partners' demand figures, with counts kept per LSOA,
month and category (and per Zone) so pages never scan raw rows. Re-importing a force's month
replaces it: a batch is the unit of replacement."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Force(models.Model):
    """A police force as police.uk names its files ("leicestershire") and rows ("Leicestershire
    Police")."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BatchKind(models.TextChoices):
    STREET = "street", _("Street-level crime and anti-social behaviour")
    OUTCOMES = "outcomes", _("Police outcomes")
    DEMAND = "demand", _("Partner demand")


class Batch(models.Model):
    """One imported file. Police files hold a force's month of one kind: importing the same
    force, month and kind again replaces the batch and everything loaded from it. A partner's
    demand file holds an agency's figures for any months; its newer figures replace older ones for
    the same agency, demand type and month."""

    kind = models.CharField(max_length=10, choices=BatchKind.choices)
    force = models.ForeignKey(
        Force, null=True, blank=True, on_delete=models.PROTECT, related_name="batches"
    )
    agency = models.CharField(max_length=120, blank=True)  # demand files
    month = models.DateField()  # the first of the (first) month
    last_month = models.DateField(null=True, blank=True)  # demand files span months
    rows = models.PositiveIntegerField(default=0)
    without_location = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month", "force__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "force", "month"], name="one_batch_per_force_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.force or self.agency} {self.month:%Y-%m} {self.kind}"


class Crime(models.Model):
    """One street-level row, known by its batch and its data row in the file. Locations are
    police.uk's anonymised snap points.

    On PostgreSQL the table is partitioned by batch (migration 0003): a file's rows are copied
    into a table of their own with no index to keep up, which then becomes a partition; replacing
    a month drops that partition. Rows only ever arrive and leave with their batch (services), so
    there is no per-row foreign-key check, and the key, numbered by the importer, has no index
    there (0005): nothing reads a row by it."""

    pk = models.CompositePrimaryKey("batch", "row")
    batch = models.ForeignKey(
        Batch, on_delete=models.DO_NOTHING, related_name="crimes", db_constraint=False,
        db_index=False,
    )  # fmt: skip
    row = models.PositiveIntegerField()  # the data row in the file, from 1
    month = models.DateField()
    crime_id = models.CharField(max_length=64, blank=True)  # empty for anti-social behaviour
    category = models.CharField(max_length=40)
    lon = models.FloatField(null=True)
    lat = models.FloatField(null=True)
    location = models.CharField(max_length=200, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    outcome = models.CharField(max_length=120, blank=True)

    # No index: pages read the counts, never these rows, and every index slows the load.

    def __str__(self) -> str:
        return f"{self.category} {self.month:%Y-%m} {self.location}"


class CrimeOutcome(models.Model):
    """One row of a police.uk outcomes file: what happened to a crime, in the month it happened.
    Stored like Crime (partitioned by batch on PostgreSQL)."""

    pk = models.CompositePrimaryKey("batch", "row")
    batch = models.ForeignKey(
        Batch, on_delete=models.DO_NOTHING, related_name="outcome_rows", db_constraint=False,
        db_index=False,
    )  # fmt: skip
    row = models.PositiveIntegerField()
    month = models.DateField()
    crime_id = models.CharField(max_length=64)
    outcome = models.CharField(max_length=80)  # a code, see police.outcome_name
    lon = models.FloatField(null=True)
    lat = models.FloatField(null=True)
    lsoa_code = models.CharField(max_length=9, blank=True)

    def __str__(self) -> str:
        return f"{self.crime_id[:8]} {self.month:%Y-%m} {self.outcome}"


class DemandType(models.Model):
    """What a partner counts: "Deliberate fires" from the fire and rescue service, say."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    agency = models.CharField(max_length=120)

    class Meta:
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class DemandRecord(models.Model):
    """One row of a partner's demand file, placed: its point (given, or its postcode's) and LSOA."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="demand_rows")
    demand_type = models.ForeignKey(DemandType, on_delete=models.PROTECT, related_name="records")
    month = models.DateField()
    lon = models.FloatField(null=True)
    lat = models.FloatField(null=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.demand_type_id} {self.month:%Y-%m}: {self.count}"


class LsoaMonthCount(models.Model):
    """Rows per LSOA, month and category from one batch: what comparisons read. Known by the
    batch and a running number within it; on PostgreSQL partitioned by batch like the raw rows
    (migration 0004), so a file's counts load into a table of their own and their one index (by
    LSOA and month, for comparisons) is built in one sort when it becomes a partition, rather than
    grown entry by entry. Like the raw rows' key, this key has no index there."""

    pk = models.CompositePrimaryKey("batch", "row")
    batch = models.ForeignKey(
        Batch, on_delete=models.DO_NOTHING, related_name="lsoa_counts", db_constraint=False,
        db_index=False,
    )  # fmt: skip
    row = models.PositiveIntegerField()  # from 1 within the batch
    source = models.CharField(max_length=10, choices=BatchKind.choices, default=BatchKind.STREET)
    lsoa_code = models.CharField(max_length=9)
    month = models.DateField()
    category = models.CharField(max_length=80)  # a crime, outcome or demand type code
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["lsoa_code", "month"], name="lsoa_count_area_month")]

    def __str__(self) -> str:
        return f"{self.lsoa_code} {self.month:%Y-%m} {self.category}: {self.count}"


class ZoneMonthCount(models.Model):
    """Rows whose point falls inside a Zone's boundary, per month and category, from one batch."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="zone_counts")
    zone = models.ForeignKey("zones.Zone", on_delete=models.CASCADE, related_name="crime_counts")
    source = models.CharField(max_length=10, choices=BatchKind.choices, default=BatchKind.STREET)
    month = models.DateField()
    category = models.CharField(max_length=80)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["zone", "month"], name="zone_count_zone_month")]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.month:%Y-%m} {self.category}: {self.count}"


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Loading")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class Upload(models.Model):
    """Files uploaded on a page: police CSVs or a police.uk zip, loaded file by file (each
    all-or-nothing), or a partner's demand CSV, in the background, with progress and each file's
    outcome kept."""

    file = models.FileField(upload_to="police/%Y/%m/")
    original_name = models.CharField(max_length=255)
    kind = models.CharField(
        max_length=10, choices=[("police", _("Police data")), ("demand", _("Partner demand"))],
        default="police",
    )  # fmt: skip
    agency = models.CharField(max_length=120, blank=True)  # demand: when the file has no column
    demand_type = models.CharField(max_length=120, blank=True)
    status = models.CharField(
        max_length=10, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    phase = models.CharField(max_length=200, blank=True)
    results = models.JSONField(default=list, blank=True)  # [{name, state, rows, problems}]
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return int(100 * self.files_done / self.files_total) if self.files_total else 0

    @property
    def refused(self) -> list[dict]:
        return [r for r in self.results if r["state"] == "refused"]
