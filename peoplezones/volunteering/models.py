"""Neighbours helping neighbours, with safeguarding built in: requests for help and offers of it,
DBS checks recorded by coordinators, matches a coordinator confirms, visits logged with a
lone-working check-in, and concerns that reach only the Zone's coordinators and the programme's
safeguarding leads."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DbsLevel(models.IntegerChoices):
    """Disclosure and Barring Service checks, in increasing depth."""

    NONE = 0, _("No check needed")
    BASIC = 1, _("Basic")
    STANDARD = 2, _("Standard")
    ENHANCED = 3, _("Enhanced")


class HelpType(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    dbs_level = models.PositiveSmallIntegerField(
        _("DBS check needed"), choices=DbsLevel.choices, default=DbsLevel.NONE
    )
    one_to_one = models.BooleanField(
        _("one to one"), default=False,
        help_text=_("The volunteer is alone with the person: visits use the lone-working "
                    "check-in."),
    )  # fmt: skip

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a volunteer")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")


class HelpRequest(models.Model):
    """Someone asking for help: themselves, or a coordinator on their behalf (for a neighbour
    without an account). Details and the address are seen only by the Zone's coordinators and,
    once matched, the volunteer."""

    zone = models.ForeignKey("zones.Zone", on_delete=models.CASCADE, related_name="help_requests")
    help_type = models.ForeignKey(HelpType, on_delete=models.PROTECT, related_name="requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="help_requests",
    )  # fmt: skip
    name = models.CharField(_("name of the person to be helped"), max_length=150)
    contact = models.CharField(
        _("how to contact them"), max_length=200, help_text=_("A phone number or an address.")
    )
    details = models.TextField(
        _("what would help"), help_text=_("For example: a chat and a cup of tea on Tuesdays.")
    )
    when = models.CharField(_("when suits"), max_length=200, blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("For example: English, Gujarati."),
    )
    postcode = models.CharField(_("postcode"), max_length=10)
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.help_type} for {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:request", args=[self.pk])


class VolunteerOffer(models.Model):
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_offers"
    )
    zone = models.ForeignKey("zones.Zone", on_delete=models.CASCADE, related_name="volunteers")
    help_types = models.ManyToManyField(
        HelpType, related_name="offers", verbose_name=_("help offered")
    )
    skills = models.TextField(_("skills and experience"), blank=True)
    languages = models.CharField(_("languages you speak"), max_length=200, blank=True)
    availability = models.CharField(
        _("when you are free"), max_length=200, help_text=_("For example: weekday mornings.")
    )
    postcode = models.CharField(_("your postcode"), max_length=10)
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    max_distance_km = models.PositiveSmallIntegerField(_("how far you can travel (km)"), default=3)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "zone"], name="one_offer_per_zone")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} in {self.zone}"


class DbsCheck(models.Model):
    """A DBS certificate a coordinator has seen. Only the facts needed to rely on it are kept:
    never what the certificate disclosed."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dbs_checks"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=[c for c in DbsLevel.choices if c[0] > 0]
    )
    certificate_number = models.CharField(_("certificate number"), max_length=12)
    seen_on = models.DateField(_("date the certificate was seen"))
    renew_by = models.DateField(
        _("renew by"), help_text=_("The date by which the check must be renewed or re-confirmed "
                                   "on the update service.")
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-renew_by"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} DBS for {self.volunteer}, renew by {self.renew_by}"


class MatchStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Match(models.Model):
    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="matches")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="matches"
    )
    status = models.CharField(max_length=8, choices=MatchStatus.choices, default=MatchStatus.ACTIVE)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"{self.volunteer} helping {self.request.name}"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:match", args=[self.pk])


class Visit(models.Model):
    """One visit: checked in and out by the volunteer (a missed check-out alerts the
    coordinators), or logged afterwards. Notes are for the coordinators only."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("how long (minutes)"), null=True, blank=True)
    notes = models.TextField(
        _("notes for the coordinator"), blank=True,
        help_text=_("Seen only by the Zone's coordinators. Anything worrying? Raise a concern "
                    "instead, or call 999 in an emergency."),
    )  # fmt: skip
    checked_in_at = models.DateTimeField(null=True, blank=True)
    expected_minutes = models.PositiveSmallIntegerField(default=90)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    alert_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"Visit on {self.date} ({self.match})"


class ConcernStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_HAND = "in_hand", _("Being dealt with")
    CLOSED = "closed", _("Closed")


class Concern(models.Model):
    """A safeguarding concern. Seen only by the Zone's coordinators and the programme's
    safeguarding leads; every view is audited."""

    zone = models.ForeignKey("zones.Zone", on_delete=models.CASCADE, related_name="concerns")
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    urgent = models.BooleanField(
        _("this is urgent"), default=False,
        help_text=_("Someone may be at risk of harm soon. If anyone is in danger now, call 999 "
                    "first."),
    )  # fmt: skip
    what = models.TextField(_("what happened or what worries you"))
    status = models.CharField(
        max_length=8, choices=ConcernStatus.choices, default=ConcernStatus.NEW
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Concern #{self.pk} in {self.zone}"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:concern", args=[self.pk])
