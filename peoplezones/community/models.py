"""Neighbours doing things together: local groups people can ask to join, and events and training
courses for community leaders, with booking, waiting lists, reminders, attendance and certificates
of completion. Groups that already publish a calendar have their events imported from it."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    SUPPORT = "support", _("Support group")
    WALKING = "walking", _("Walking, sport and exercise")
    YOUTH = "youth", _("Youth club")
    SOCIAL = "social", _("Social and friendship")
    LEARNING = "learning", _("Learning and skills")
    ARTS = "arts", _("Arts, crafts and music")
    ENVIRONMENT = "environment", _("Gardening and environment")
    FAITH = "faith", _("Faith and culture")
    RESIDENTS = "residents", _("Residents' association")
    OTHER = "other", _("Other")


class Group(models.Model):
    """A local group: what it does, where and when, who it is for. Its contact details stay
    private unless it chooses to publish them: people write to its organisers through the
    platform."""

    zone = models.ForeignKey(
        "zones.Zone", null=True, blank=True, on_delete=models.CASCADE, related_name="groups",
        verbose_name=_("Zone"), help_text=_("Leave empty for a group open across the programme."),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(_("kind of group"), max_length=16, choices=GroupKind.choices)
    description = models.TextField(_("what the group does"))
    where = models.CharField(_("where it meets"), max_length=200, blank=True)
    asset = models.ForeignKey(
        "assets.Asset", null=True, blank=True, on_delete=models.SET_NULL, related_name="groups",
        verbose_name=_("meeting place on the asset map"),
    )  # fmt: skip
    when = models.CharField(
        _("when it meets"), max_length=200, blank=True,
        help_text=_("For example: Tuesdays, 10:00 to 11:30, except school holidays."),
    )  # fmt: skip
    who_for = models.CharField(_("who it is for"), max_length=200, default="Everyone")
    accessibility = models.TextField(
        _("accessibility"), blank=True,
        help_text=_("Step-free access, hearing loop, toilets, carers welcome, languages spoken..."),
    )  # fmt: skip
    cost = models.CharField(_("cost"), max_length=100, default="Free")
    public_contact = models.CharField(
        _("published contact details"), max_length=200, blank=True,
        help_text=_("Shown to everyone. Leave empty and people will message the organisers "
                    "through People Zones instead, without seeing their details."),
    )  # fmt: skip
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organised_groups", verbose_name=_("organisers")
    )
    toolkit_options = models.ManyToManyField(
        "toolkit.Option", blank=True, related_name="groups", verbose_name=_("Tool Kit options")
    )
    calendar_url = models.URLField(
        _("the group's own calendar (iCal address)"), blank=True,
        help_text=_("If the group already publishes a calendar, its events are copied here "
                    "regularly, with their changes and cancellations."),
    )  # fmt: skip
    calendar_checked_at = models.DateTimeField(null=True, blank=True)
    calendar_problem = models.CharField(max_length=300, blank=True)
    is_published = models.BooleanField(_("listed publicly"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:group", args=[self.slug])


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Asked to join")
    MEMBER = "member", _("Member")
    DECLINED = "declined", _("Not accepted")
    LEFT = "left", _("Left")


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.REQUESTED
    )
    message = models.TextField(_("a note for the organisers"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_person")
        ]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}: {self.status}"


class GroupMessage(models.Model):
    """A message to a group's organisers, sent through the platform so nobody's address is shown."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_messages_sent"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.sender} to {self.group}"


class EventKind(models.TextChoices):
    EVENT = "event", _("Event")
    TRAINING = "training", _("Training course")


class Event(models.Model):
    """An event or training course, once or repeating. A repeating event is booked one date at a
    time; a training course is booked as a whole, its sessions being its dates, and completing
    them all earns a certificate."""

    zone = models.ForeignKey(
        "zones.Zone", null=True, blank=True, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("Zone"), help_text=_("Leave empty for a programme-wide event."),
    )  # fmt: skip
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("group"),
    )  # fmt: skip
    kind = models.CharField(
        _("kind"), max_length=10, choices=EventKind.choices, default=EventKind.EVENT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    where = models.CharField(_("where"), max_length=200, blank=True)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    # How it repeats, as an iCalendar RRULE value ("FREQ=WEEKLY;COUNT=6"); empty for once. The
    # form writes simple ones; a group's own calendar may bring any that dateutil reads.
    rrule = models.CharField(_("repeats"), max_length=300, blank=True)
    # Start times (ISO 8601) of single dates called off.
    skipped = models.JSONField(default=list, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True,
        help_text=_("Leave empty if there is no limit. When full, people join a waiting list."),
    )  # fmt: skip
    booking_required = models.BooleanField(_("people book a place"), default=True)
    skills = models.TextField(
        _("skills it builds"), blank=True, help_text=_("For a training course: one per line.")
    )
    cancelled = models.BooleanField(default=False)
    # Events copied from a group's own calendar: its UID and version there.
    source_uid = models.CharField(max_length=300, blank=True)
    source_sequence = models.IntegerField(default=0)
    source_modified = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "source_uid"], condition=~models.Q(source_uid=""),
                name="one_event_per_calendar_uid",
            ),
            models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")),
                                   name="event_ends_after_it_starts"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:event", args=[self.pk])

    @property
    def is_training(self) -> bool:
        return self.kind == EventKind.TRAINING

    @property
    def skill_list(self) -> list[str]:
        return [line.strip() for line in self.skills.splitlines() if line.strip()]


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(models.Model):
    """A place on one date of an event (`occurrence`), or on a whole training course (its first
    session's start)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    occurrence = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence", "user"], name="one_booking_per_person_and_date"
            )
        ]
        indexes = [models.Index(fields=["status", "occurrence"])]

    def __str__(self) -> str:
        return f"{self.user} for {self.event} at {self.occurrence:%Y-%m-%d %H:%M}: {self.status}"


class Attendance(models.Model):
    """Whether a booked person came to one session, as the organiser recorded it."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="attendance")
    session = models.DateTimeField()
    present = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "session"], name="one_register_mark")
        ]

    def __str__(self) -> str:
        return f"{self.booking.user} {'present' if self.present else 'absent'} {self.session}"


def certificate_code() -> str:
    return secrets.token_hex(6).upper()


class Certificate(models.Model):
    """Completion of a training course: every session attended. Its code lets anyone it is shown
    to check it is genuine."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(max_length=12, unique=True, default=certificate_code)
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Certificate {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("community:certificate", args=[self.code])
