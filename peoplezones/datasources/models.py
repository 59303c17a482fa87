"""Each time a source was fetched and loaded: by setup_area, the schedule or a person's "refresh
now", with its progress while it runs and what it changed or why it failed. The Data sources page
reads a source's state from its runs; nothing here is about a person."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Loaded")
    UNCHANGED = "unchanged", _("No change at the source")
    FAILED = "failed", _("Failed")


class Trigger(models.TextChoices):
    SETUP = "setup", _("setup_area")
    SCHEDULE = "schedule", _("Scheduled refresh")
    BUTTON = "button", _("Refresh now")


SUCCEEDED = (RunStatus.DONE, RunStatus.UNCHANGED)
WORKING = (RunStatus.QUEUED, RunStatus.RUNNING)


class SourceRun(models.Model):
    source = models.CharField(_("source"), max_length=60)  # the area file's key: "police"
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=200, blank=True)  # what it is doing now
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)  # 0 when not known
    rows = models.PositiveIntegerField(null=True, blank=True)  # held after the run
    changed = models.CharField(_("what changed"), max_length=500, blank=True)
    version = models.CharField(max_length=300, blank=True)  # months, edition, checksum
    digest = models.CharField(max_length=64, blank=True)  # of what was loaded
    message = models.TextField(blank=True)  # why it failed, in words a person can act on
    problems = models.TextField(blank=True)  # records a feed sent that were left out, by id

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["source", "-queued_at"])]
        constraints = [  # one run of a source at a time, whoever asks (cron, a button, a shell)
            models.UniqueConstraint(
                fields=["source"], condition=models.Q(status__in=["queued", "running"]),
                name="one_working_run_per_source",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.source} {self.status} {self.queued_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int | None:
        return min(100, round(100 * self.done / self.total)) if self.total else None
