"""People and their roles, the organisations they belong to, the audit trail and flood counters."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    VOLUNTEER = "volunteer", _("Volunteer")
    PARTNER = "partner", _("Partner agency member")
    COORDINATOR = "coordinator", _("Zone coordinator")
    STAFF = "staff", _("Programme staff")


class OrganisationType(models.TextChoices):
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health")
    PROBATION = "probation", _("Probation")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    FIRE_RESCUE = "fire_rescue", _("Fire and rescue")
    AMBULANCE = "ambulance", _("Ambulance")
    COMMUNITY_GROUP = "community_group", _("Community group")
    BUSINESS = "business", _("Business")
    SCHOOL = "school", _("School")
    FAITH_GROUP = "faith_group", _("Faith group")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """An agency or group that can partner with Zones (police, council, health, a faith group...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True, role=Role.STAFF)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Email is the login; `role` decides what they may see and do."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.RESIDENT)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    is_safeguarding_lead = models.BooleanField(
        _("programme safeguarding lead"), default=False,
        help_text=_("Receives every safeguarding concern, in every Zone."),
    )  # fmt: skip
    # How to reach someone besides email: a UK mobile for texts (kept as +447...), and an
    # address for letters (each line on its own, the postcode last).
    phone = PhoneNumberField(_("mobile phone number"), blank=True, region="GB")
    postal_address = models.TextField(
        _("postal address"), blank=True,
        help_text=_("For letters: each line of the address on its own line, the postcode last."),
    )  # fmt: skip
    # The language they chose on the site (the switcher): their messages are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_programme_staff(self) -> bool:
        return self.is_active and self.role == Role.STAFF

    @property
    def needs_mfa(self) -> bool:
        return self.role in settings.PZ_MFA_REQUIRED_ROLES or self.is_superuser


class AuditAction(models.TextChoices):
    VIEWED = "viewed", _("viewed")
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    EMAILED = "emailed", _("emailed")
    EXPORTED = "exported", _("exported")
    ERASED = "erased", _("erased")


class AuditEvent(models.Model):
    """Who saw or changed personal data, when, from where. Only appended, never edited.

    Tamper evident: each entry's `hash` covers its own content and the previous entry's hash,
    so changing, removing or reordering any entry breaks the chain from there on
    (`manage.py audit_verify`). The names and addresses (labels, detail, IP address) enter the
    chain only through `personal_digest`, so erasure can blank them (`redacted`) without
    breaking it. On PostgreSQL a trigger refuses every other UPDATE and every DELETE.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Accounts are anonymised, never deleted, once they have acted on personal data.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept as text so the trail still reads after an account is erased.
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    personal_digest = models.CharField(max_length=64, default="")
    prev_hash = models.CharField(max_length=64, default="")
    hash = models.CharField(max_length=64, default="", db_index=True)
    redacted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.target_type}#{self.target_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Audit entries are never edited (peoplezones.core.audit.redact)")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries are never deleted")


class RateLimitCounter(models.Model):
    """Requests counted per scope, per hashed client address, per fixed time window."""

    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=64)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="ratelimit_unique_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start}: {self.count}"


class Theme(models.TextChoices):
    """The shared list of what communities want to change; objectives and Tool Kit options use it."""

    SAFETY = "safety", _("Feeling safe")
    ASB = "asb", _("Anti-social behaviour")
    CRIME = "crime", _("Crime")
    LONELINESS = "loneliness", _("Loneliness and isolation")
    YOUTH = "youth", _("Young people")
    OLDER = "older", _("Older people")
    ENVIRONMENT = "environment", _("Environment and streets")
    HEALTH = "health", _("Health and wellbeing")
    EMPLOYMENT = "employment", _("Work and skills")
    PRIDE = "pride", _("Pride in the community")
    HOUSING = "housing", _("Housing")
    OTHER = "other", _("Other")


class NotificationSettings(models.Model):
    """Which emails a person wants. Messages about their safety or a concern are not optional and
    are not listed here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    bookings = models.BooleanField(_("bookings and waiting-list places"), default=True)
    reminders = models.BooleanField(_("reminders the day before an event"), default=True)
    groups = models.BooleanField(
        _("groups: requests to join, decisions and messages to organisers"), default=True
    )
    # Not "matches": a form field of that name would hide the form element's own matches().
    volunteering = models.BooleanField(_("volunteering: matches and visits"), default=True)
    work = models.BooleanField(
        _("a weekly list of what needs you (coordinators, partners and programme staff)"),
        default=True,
    )
    proposals = models.BooleanField(
        _("what became of proposals you made or supported, and of the actions that followed"),
        default=True,
    )
    # How each kind of message is sent: {"reminders": "text", ...}; email where not said.
    channels = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Notifications for {self.user}"

    @classmethod
    def wants(cls, user: "User", kind: str) -> bool:
        found = cls.objects.filter(user=user).values_list(kind, flat=True).first()
        return True if found is None else bool(found)


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    TEXT = "text", _("Text message")
    LETTER = "letter", _("Letter")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    RETRYING = "retrying", _("Not sent yet: will try again")
    FAILED = "failed", _("Could not be delivered")


class JobBeat(models.Model):
    """A background job still alive: its worker writes `beat_at` every few seconds while it
    works on the job (core.jobs.ending), from a connection of its own so that the job's own
    transaction never holds it back. A beat left behind, old, is a worker that died mid-way."""

    kind = models.CharField(max_length=40)
    job_id = models.BigIntegerField()
    beat_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "job_id"], name="one_beat_per_job")]

    def __str__(self) -> str:
        return f"{self.kind} {self.job_id} at {self.beat_at:%H:%M:%S}"


class Message(models.Model):
    """One message to one person, by email, text or letter: the message log. `key` names what it
    is about (a booking's reminder, say), so asking for it twice sends it once."""

    key = models.CharField(max_length=120, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="messages",
    )  # fmt: skip
    kind = models.CharField(max_length=20)  # a NotificationSettings field, or "safety"
    channel = models.CharField(max_length=8, choices=Channel.choices)
    to = models.CharField(_("sent to"), max_length=320)  # address, number, or first address line
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)  # when its latest try began
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)  # Notify's id
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.user_id}: {self.subject}"

    @property
    def about(self) -> str:
        """What the message is about, from its key's first two parts ("application PZ-AB12-CD34"):
        how staff find the record of someone who has no account."""
        return " ".join(self.key.split(":")[:2])
