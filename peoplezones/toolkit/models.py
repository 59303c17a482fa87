"""The Tool Kit: options communities can try, every published version of each, the proposals
waiting for moderation, the experience Zones record with them, and how their evidence grew."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peoplezones.core.models import Organisation, OrganisationType, Theme

LICENCE = _(
    "Contributions to the Tool Kit are published under the Creative Commons Attribution-ShareAlike "
    "4.0 licence (CC BY-SA 4.0): anyone may reuse and adapt them, crediting the Tool Kit and its "
    "contributors, and sharing adaptations on the same terms."
)
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"


class MoneyBand(models.TextChoices):
    NONE = "none", _("No money needed")
    LOW = "low", _("Under £500")
    MEDIUM = "medium", _("£500 to £5,000")
    HIGH = "high", _("Over £5,000")


class SetupTime(models.TextChoices):
    DAYS = "days", _("Days: can start this month")
    WEEKS = "weeks", _("Weeks: a few months to set up")
    MONTHS = "months", _("Months: a long-term project")


class Strength(models.IntegerChoices):
    NOT_ASSESSED = 0, _("Not assessed")
    LIMITED = 1, _("Limited")
    MODERATE = 2, _("Moderate")
    STRONG = 3, _("Strong")


class EvidenceStatus(models.TextChoices):
    UNTESTED = "untested", _("Untested")
    PROMISING = "promising", _("Promising")
    EVIDENCED = "evidenced", _("Evidenced")


EVIDENCE_ORDER = [EvidenceStatus.UNTESTED, EvidenceStatus.PROMISING, EvidenceStatus.EVIDENCED]

# The five EMMIE dimensions of the College of Policing's Crime Reduction Toolkit.
EMMIE = [
    ("effect", _("Effect"), _("Did it reduce the problem, and by how much?")),
    ("mechanism", _("Mechanism"), _("How does it work?")),
    ("moderators", _("Moderators"), _("Where and for whom does it work best, or not at all?")),
    ("implementation", _("Implementation"), _("What does it take to do it well?")),
    ("economic", _("Economic cost"), _("What does it cost, and is it worth it?")),
]
EMMIE_KEYS = [key for key, _label, _question in EMMIE]

# The fields a contributor writes. A revision holds them as JSON; the option holds the published
# version's values as columns so they can be searched and filtered.
CONTENT_FIELDS = [
    "title",
    "summary",
    "themes",
    "steps",
    "agencies",
    "roles",
    "people_needed",
    "money_band",
    "space_needed",
    "setup_time",
    "risks",
    "links",
    "emmie",
    "attachments",
]
MARKDOWN_FIELDS = ["steps", "roles", "risks", "links"]


def _tags(values: list[str]) -> str:
    """Stored as ",a,b," so that one tag can be found with a plain LIKE on either database."""
    return f",{','.join(values)}," if values else ""


def _untag(stored: str) -> list[str]:
    return [value for value in stored.split(",") if value]


class Option(models.Model):
    """A published Tool Kit option: its current version's content, and its evidence status."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("one-line summary"), max_length=300)
    # Staff's translations into the site's other languages (core.translation).
    translations = models.JSONField(default=dict, blank=True)
    themes_tags = models.CharField(max_length=300, blank=True)
    agencies_tags = models.CharField(max_length=300, blank=True)
    steps = models.TextField(_("what it involves, step by step"))
    roles = models.TextField(_("who to involve"), blank=True)
    people_needed = models.CharField(_("people needed"), max_length=300, blank=True)
    money_band = models.CharField(_("money needed"), max_length=8, choices=MoneyBand.choices)
    space_needed = models.CharField(_("space needed"), max_length=300, blank=True)
    setup_time = models.CharField(_("time to set up"), max_length=8, choices=SetupTime.choices)
    risks = models.TextField(_("risks and safeguarding"), blank=True)
    links = models.TextField(_("links"), blank=True)
    emmie = models.JSONField(default=dict)
    search_body = models.TextField(blank=True, editable=False)
    evidence_status = models.CharField(
        max_length=10, choices=EvidenceStatus.choices, default=EvidenceStatus.UNTESTED
    )
    current = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("toolkit:option", args=[self.slug])

    @property
    def themes(self) -> list[str]:
        return _untag(self.themes_tags)

    @property
    def agencies(self) -> list[str]:
        return _untag(self.agencies_tags)

    def theme_labels(self) -> list[str]:
        return [str(Theme(value).label) for value in self.themes if value in Theme.values]

    def agency_labels(self) -> list[str]:
        return [
            str(OrganisationType(value).label)
            for value in self.agencies
            if value in OrganisationType.values
        ]

    def content(self) -> dict:
        """The published content, in the same shape as a revision's."""
        return self.current.content if self.current else {}


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    CHANGES = "changes", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Overtaken by another version")


class Revision(models.Model):
    """One proposed or published version of an option. Published ones are numbered and kept."""

    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(null=True, blank=True)
    content = models.JSONField()
    change_note = models.CharField(_("what you changed and why"), max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="toolkit_revisions",
    )
    credit = models.CharField(max_length=200, blank=True)
    base = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reverted_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["option", "number"], name="toolkit_one_number_per_version"
            )
        ]

    def __str__(self) -> str:
        title = self.content.get("title", "")
        return f"{title} (v{self.number})" if self.number else title

    def get_absolute_url(self) -> str:
        return reverse("toolkit:contribution", args=[self.pk])

    @property
    def title(self) -> str:
        return self.content.get("title", "")

    @property
    def contributor_name(self) -> str:
        if self.credit:
            return self.credit
        if self.contributor is not None:
            return self.contributor.name or _("A contributor")
        return str(_("A former contributor"))

    @property
    def is_new_option(self) -> bool:
        return self.option_id is None


class ModerationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Sent for moderation")
    AMENDED = "amended", _("Amended by the contributor")
    CHANGES = "changes", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    REVERTED = "reverted", _("Reverted")


class ModerationNote(models.Model):
    """The conversation between a contributor and the moderators about one revision."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=ModerationKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"


class Attachment(models.Model):
    """A file attached to an option (a leaflet, a risk assessment template, ...)."""

    file = models.FileField(upload_to="toolkit/%Y/%m/")
    title = models.CharField(_("title"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Anyone may download it once a published version has included it.
    public = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("toolkit:attachment", args=[self.pk])


class Outcome(models.TextChoices):
    IMPROVED = "improved", _("Things improved")
    MIXED = "mixed", _("Mixed results")
    NO_CHANGE = "no_change", _("No clear change")
    WORSE = "worse", _("Things got worse")
    TOO_EARLY = "too_early", _("Too early to tell")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read it")
    PARTNERSHIP = "partnership", _("Partnership only: coordinators, partners and staff")


class Experience(models.Model):
    """A Zone's (or a community group's) account of trying an option, and what came of it."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="experiences")
    zone = models.ForeignKey(
        "zones.Zone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="toolkit_experiences",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="toolkit_experiences",
    )
    objective = models.ForeignKey(
        "zones.Objective",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="toolkit_experiences",
        verbose_name=_("objective it served"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField(_("when you started"))
    what_they_did = models.TextField(_("what you did"))
    who_involved = models.TextField(_("who was involved"))
    what_happened = models.TextField(_("what happened"))
    cost = models.CharField(_("what it cost"), max_length=200, blank=True)
    do_differently = models.TextField(_("what you would do differently"), blank=True)
    outcome = models.CharField(_("overall"), max_length=10, choices=Outcome.choices)
    measured = models.BooleanField(
        _("we measured the result (a survey measure, crime figures, a count)"), default=False
    )
    results = models.TextField(_("results"), blank=True)
    visibility = models.CharField(
        _("who can read this"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.option} in {self.place}"

    @property
    def place(self) -> str:
        if self.zone_id:
            return self.zone.name
        if self.organisation_id:
            return self.organisation.name
        return str(_("A community"))


class EvidenceChange(models.Model):
    """A step on the evidence ladder, with the reason; automatic steps have no person."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="evidence_changes")
    from_status = models.CharField(max_length=10, choices=EvidenceStatus.choices)
    to_status = models.CharField(max_length=10, choices=EvidenceStatus.choices)
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.option}: {self.from_status} to {self.to_status}"
