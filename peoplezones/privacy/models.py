"""Consent records, erasure requests and the retention log."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    APPLICATION = "application", _("Using your application to answer and decide it")
    SKILLS_CONTACT = "skills_contact", _("Coordinators may contact you about your skills")
    SKILLS_COUNT = "skills_count", _("Your skills counted in the Zone's published figures")
    SKILLS_MATCH = "skills_match", _("Your skills used to match you with neighbours")
    HELP_REQUEST = "help_request", _("Your request for help shared with coordinators and "
                                     "the volunteer matched")  # fmt: skip
    VOLUNTEERING = "volunteering", _("Your volunteer offer shared with the Zone's coordinators")
    SURVEY_FOLLOW_UP = "survey_follow_up", _("Your email used to tell you what came of a survey")


class Consent(models.Model):
    """What a person agreed to, when, under which version of the notice; and when they
    withdrew it. `source` is the record the consent covers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="consents",
    )  # fmt: skip
    email = models.EmailField(blank=True)  # for consents given without an account
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    notice_version = models.CharField(max_length=40, blank=True)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    source_type = models.CharField(max_length=64)
    source_id = models.CharField(max_length=64)

    class Meta:
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_at:%d %b %Y})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the programme team")
    DONE = "done", _("Erased")
    REFUSED = "refused", _("Refused, with the reason")


class ErasureRequest(models.Model):
    """A person asking for their data to be erased. Staff decide within a month (UK GDPR
    Article 12(3)); erasure anonymises every record so published counts stay right."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("anything you want us to know (optional)"), blank=True)
    status = models.CharField(
        max_length=8, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    summary = models.JSONField(default=dict, blank=True)  # {model label: rows changed}

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_erasure_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Erasure request #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("privacy:erasure", args=[self.pk])

    @property
    def due(self) -> datetime:
        return self.requested_at + timedelta(days=30)


class RetentionRun(models.Model):
    """One run of the retention task and what it did (counts only)."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict)  # {rule: rows changed}

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Retention run {self.started_at:%Y-%m-%d %H:%M}"
