"""What a place already has (ABCD): community assets on a map, the residential points used to
find gaps in provision, the skills and gifts residents offer, and the import jobs that fill it."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssetKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ASSOCIATION = "association", _("Association or group")
    SERVICE = "service", _("Service or institution")
    BUSINESS = "business", _("Business")
    SPACE = "space", _("Physical space")
    CULTURE = "culture", _("Culture or heritage")


class Category(models.Model):
    """One term of the asset taxonomy (see taxonomy.json), with its OpenStreetMap tags and Open
    Referral UK term names so imports and exports speak both."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("usual kind"), max_length=12, choices=AssetKind.choices)
    colour = models.CharField(max_length=7, default="#555555")
    osm_tags = models.JSONField(_("OpenStreetMap tags"), default=list, blank=True)
    oruk_terms = models.JSONField(_("Open Referral UK term names"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone (public map)")
    PARTNERS = "partners", _("The Zone's partners and coordinators")
    COORDINATORS = "coordinators", _("The Zone's coordinators only")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered here")
    CSV = "csv", _("CSV import")
    OSM = "osm", _("OpenStreetMap")
    OPENREFERRAL = "openreferral", _("Open Referral UK")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    LOW = "low", _("Low cost")
    PAID = "paid", _("Paid")
    UNKNOWN = "", _("Not known")


class Asset(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=AssetKind.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="assets", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("who it is for"),
        max_length=300,
        blank=True,
        help_text=_("For example: families, over 60s, young people 11-18."),
    )
    min_age = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    cost = models.CharField(_("cost"), max_length=8, choices=Cost.choices, blank=True)
    cost_detail = models.CharField(_("cost details"), max_length=200, blank=True)
    opening_times = models.CharField(_("opening times"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=300)
    organisation_name = models.CharField(_("run by"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    # British National Grid metres, for distance work without reprojecting on every query.
    x = models.FloatField()
    y = models.FloatField()
    visibility = models.CharField(
        _("who can see it"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MANUAL)
    source_id = models.CharField(
        _("identifier at the source"),
        max_length=200,
        blank=True,
        help_text=_("Re-importing a row with the same source and identifier updates it."),
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    # A record kept in step with a published feed (an Open Referral UK directory, an OpenStreetMap
    # extract): which one, and since when the feed no longer lists it (kept, never deleted).
    feed = models.CharField(_("kept in step with"), max_length=60, blank=True)
    unlisted_since = models.DateField(_("no longer listed since"), null=True, blank=True)
    zones = models.ManyToManyField("zones.Zone", blank=True, related_name="assets")
    steward_zone = models.ForeignKey(
        "zones.Zone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The Zone whose coordinators look after this record."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source_id=""),
                name="asset_unique_source_id",
            )
        ]
        indexes = [models.Index(fields=["category", "visibility"]), models.Index(fields=["x", "y"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assets:detail", args=[self.pk])

    @property
    def is_stale(self) -> bool:
        return self.last_verified is None or self.last_verified < stale_before()


def stale_before():
    return timezone.localdate() - timedelta(days=settings.PZ_ASSET_STALE_DAYS)


class PointSet(models.Model):
    """A set of residential points with counts: an ONS postcode file or any CSV of points."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    unit = models.CharField(
        _("what the counts are"),
        max_length=40,
        default="residents",
        help_text=_(
            "'residents' when the file has population counts; 'postcodes' when it does not."
        ),
    )
    source_note = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)
    point_count = models.PositiveIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class ResidentialPoint(models.Model):
    point_set = models.ForeignKey(PointSet, on_delete=models.CASCADE, related_name="points")
    code = models.CharField(max_length=20, blank=True)  # a postcode, when there is one
    lon = models.FloatField()
    lat = models.FloatField()
    x = models.FloatField()
    y = models.FloatField()
    count = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["x", "y"]), models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.code or f"{self.lat:.5f}, {self.lon:.5f}"


class ImportFormat(models.TextChoices):
    CSV = "csv", _("CSV (People Zones template)")
    OSM_GEOJSON = "osm_geojson", _("OpenStreetMap extract (GeoJSON)")
    OSM_PBF = "osm_pbf", _("OpenStreetMap extract (.osm.pbf)")
    OPENREFERRAL = "openreferral", _("Open Referral UK JSON")
    POINTS = "points", _("Residential points (ONS postcode file or CSV of points with counts)")


class JobStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    REFUSED = "refused", _("Refused: problems in the file")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed: nothing was imported")


class ImportJob(models.Model):
    """One upload: checked and previewed first, then run (in the background for long files), with
    its progress and outcome kept for the page and the record."""

    format = models.CharField(max_length=16, choices=ImportFormat.choices)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    zone = models.ForeignKey("zones.Zone", null=True, blank=True, on_delete=models.SET_NULL)
    point_set_name = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=12, choices=JobStatus.choices)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    phase = models.CharField(max_length=40, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_format_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("assets:import_job", args=[self.pk])

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class Skill(models.Model):
    """A heading of the capacity inventory, with the phrase used in published counts."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    phrase = models.CharField(
        max_length=120, help_text=_("Completes '14 people ...', e.g. 'can teach cooking'.")
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TimeOffered(models.TextChoices):
    HOUR_WEEK = "hour_week", _("About an hour a week")
    HOURS_MONTH = "hours_month", _("A few hours a month")
    OCCASIONAL = "occasional", _("Now and then")
    ONE_OFF = "one_off", _("A one-off")


# The uses someone can agree to, one by one. Bump the notice version when their wording changes.
CONSENT_NOTICE_VERSION = "skills-2026-11"


class SkillOffer(models.Model):
    """What one person can offer their Zone. Names are seen only by the Zone's coordinators, and
    only with consent to be contacted; published figures count only those who agreed to be
    counted; withdrawing deletes the offer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_offers"
    )
    zone = models.ForeignKey("zones.Zone", on_delete=models.CASCADE, related_name="skill_offers")
    skills = models.ManyToManyField(Skill, related_name="offers", verbose_name=_("skills"))
    other_skills = models.CharField(_("other skills"), max_length=300, blank=True)
    interests = models.CharField(_("interests"), max_length=300, blank=True)
    time_offered = models.CharField(
        _("time you could give"), max_length=12, choices=TimeOffered.choices, blank=True
    )
    languages = models.CharField(_("languages you speak"), max_length=200, blank=True)
    consent_contact = models.BooleanField(default=False)
    consent_count = models.BooleanField(default=False)
    consent_match = models.BooleanField(default=False)
    consent_notice_version = models.CharField(max_length=30, default=CONSENT_NOTICE_VERSION)
    consent_given_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "zone"], name="one_skill_offer_per_zone"),
            models.CheckConstraint(
                condition=models.Q(consent_contact=True)
                | models.Q(consent_count=True)
                | models.Q(consent_match=True),
                name="skill_offer_needs_a_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.zone}"
