"""An application (or question) from a community, and its history of decisions and replies."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    APPLY = "apply", _("Apply for our area to become a People Zone")
    ASK = "ask", _("Ask a question first")


class ApplicantRole(models.TextChoices):
    RESIDENT = "resident", _("A resident")
    COMMUNITY_GROUP = "community_group", _("A community group")
    ORGANISATION = "organisation", _("An organisation")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    EITHER = "either", _("Email or phone")
    POST = "post", _("Post")


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    MORE_INFO = "more_info", _("More information requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status may follow which. Accepted, declined and withdrawn are final.
TRANSITIONS: dict[str, list[str]] = {
    Status.NEW: [Status.IN_REVIEW, Status.MORE_INFO, Status.DECLINED, Status.WITHDRAWN],
    Status.IN_REVIEW: [Status.MORE_INFO, Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN],
    Status.MORE_INFO: [Status.IN_REVIEW, Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN],
    Status.ACCEPTED: [],
    Status.DECLINED: [],
    Status.WITHDRAWN: [],
}
# Statuses where the next move is the programme team's, so the age counts towards "overdue".
AWAITING_STAFF = [Status.NEW, Status.IN_REVIEW]
OPEN = [Status.NEW, Status.IN_REVIEW, Status.MORE_INFO]


class Application(models.Model):
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    kind = models.CharField(_("what they want"), max_length=8, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    # Who they are
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)  # not needed by post or phone
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    applicant_role = models.CharField(
        _("applying as"), max_length=16, choices=ApplicantRole.choices
    )
    organisation_name = models.CharField(_("group or organisation"), max_length=200, blank=True)
    # The area and what they want
    area_name = models.CharField(_("area"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=10)
    wants_to_change = models.TextField(_("what the community wants to change"))
    strengths = models.TextField(_("strengths and assets already there"), blank=True)
    already_involved = models.TextField(_("who is already involved"), blank=True)
    contact_preference = models.CharField(
        _("how we may contact them"), max_length=8, choices=ContactPreference.choices
    )
    postal_address = models.TextField(
        _("postal address"), blank=True
    )  # by post: lines, postcode last
    contact_notes = models.CharField(_("contact notes"), max_length=300, blank=True)
    consent_given_at = models.DateTimeField(_("consent given"))
    privacy_notice_version = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"))
    zone = models.OneToOneField(
        "zones.Zone", null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("application")

    def __str__(self) -> str:
        return f"{self.reference} {self.area_name}"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", args=[self.reference])

    @property
    def next_statuses(self) -> list[str]:
        return TRANSITIONS[self.status]


class Event(models.Model):
    """One step in an application's history: received, status changed, replied."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.from_status} -> {self.to_status}"


class Message(models.Model):
    """An email or letter sent about an application, kept on its record."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    sent_at = models.DateTimeField(auto_now_add=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_email = models.EmailField(blank=True)  # blank for a letter
    by_post = models.BooleanField(default=False)  # a letter, sent through core.messaging
    subject = models.CharField(max_length=200)
    body = models.TextField()
    automatic = models.BooleanField(default=False)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return self.subject
