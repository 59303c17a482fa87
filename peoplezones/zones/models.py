"""A People Zone and what its community builds in it: objectives it chose, the partnership of
agencies around them, the action plan, and the updates its followers receive."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peoplezones.core.models import Organisation, Theme


class Stage(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry")
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    SUSTAINING = "sustaining", _("Sustaining")
    CLOSED = "closed", _("Closed")


class BoundarySource(models.TextChoices):
    DRAWN = "drawn", _("Drawn on the map")
    UPLOADED = "uploaded", _("Uploaded GeoJSON")
    AREAS = "areas", _("Built from statistical areas")


class Zone(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    # Staff's translations into the site's other languages (core.translation).
    translations = models.JSONField(default=dict, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.ENQUIRY
    )
    stage_changed_at = models.DateTimeField(_("stage changed"), auto_now_add=True)
    launch_date = models.DateField(
        _("launch date"),
        null=True,
        blank=True,
        help_text=_("When the Zone started work. Outcomes are compared before and after it."),
    )
    local_authority = models.CharField(_("local authority"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    # What the community said when it applied: the starting point for its objectives.
    community_priorities = models.TextField(_("what the community wants to change"), blank=True)
    community_strengths = models.TextField(_("strengths and assets already there"), blank=True)
    already_involved = models.TextField(_("who is already involved"), blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Draft Zones are seen only by staff and coordinators."),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_zones"
    )
    # The boundary: a GeoJSON MultiPolygon in longitude/latitude, checked by core.geo.
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    boundary_source = models.CharField(max_length=8, choices=BoundarySource.choices, blank=True)
    boundary_area_codes = models.TextField(blank=True)
    boundary_area_m2 = models.FloatField(null=True, blank=True)
    boundary_bbox = models.JSONField(null=True, blank=True)
    boundary_centre = models.JSONField(null=True, blank=True)
    boundary_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Zone")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("zones:detail", args=[self.slug])

    @property
    def boundary_area_km2(self) -> float | None:
        return self.boundary_area_m2 / 1_000_000 if self.boundary_area_m2 else None


class StageChange(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.zone}: {self.to_stage}"


class MemberConnection(models.TextChoices):
    LIVE = "live", _("I live here")
    WORK = "work", _("I work here")
    STUDY = "study", _("I study here")
    OTHER = "other", _("I have another connection to the area")


class Member(models.Model):
    """Someone who says they belong to a Zone; members propose and support objectives."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="zone_memberships"
    )
    connection = models.CharField(max_length=8, choices=MemberConnection.choices)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "user"], name="one_membership_per_zone")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.zone}"


class ProposalSource(models.TextChoices):
    RESIDENT = "resident", _("Proposed by a resident")
    MEETING = "meeting", _("Agreed at a public meeting")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open for support")
    ADOPTED = "adopted", _("Adopted as an objective")
    NOT_TAKEN = "not_taken", _("Not taken forward")


class Proposal(models.Model):
    """An objective someone in the Zone has put forward, for neighbours to support."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("what should change"), max_length=200)
    description = models.TextField(_("why it matters"), blank=True)
    theme = models.CharField(_("theme"), max_length=16, choices=Theme.choices, blank=True)
    source = models.CharField(
        max_length=8, choices=ProposalSource.choices, default=ProposalSource.RESIDENT
    )
    meeting = models.CharField(_("meeting"), max_length=200, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Told(models.Model):
    """One person told what became of a proposal they made or supported: its decision, or a
    change to an action that came of it. Kept so each person hears of each change once."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="told")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    change = models.CharField(max_length=40)  # "adopted", "not_taken", "action-12-done"
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person", "change"], name="told_once_per_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} told {self.change} of {self.proposal_id}"


class Support(models.Model):
    """One person's support for one proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} supports {self.proposal_id}"


class IndicatorKind(models.TextChoices):
    SURVEY = "survey", _("A survey measure")
    CRIME = "crime", _("A crime or anti-social behaviour category")
    COUNT = "count", _("A count of something")
    MILESTONE = "milestone", _("A described milestone")


class Objective(models.Model):
    """An objective the community agreed and the coordinator published."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("objective"), max_length=200)
    statement = models.TextField(_("in plain words"))
    theme = models.CharField(_("theme"), max_length=16, choices=Theme.choices)
    indicator_kind = models.CharField(
        _("how success will be seen"), max_length=10, choices=IndicatorKind.choices
    )
    indicator = models.CharField(
        _("indicator"),
        max_length=300,
        help_text=_(
            "For example: 'Feeling safe walking alone after dark' or 'Anti-social behaviour'."
        ),
    )
    # With a survey measure as the indicator: which survey, and which of its results.
    survey = models.ForeignKey(
        "research.Survey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objectives",
        verbose_name=_("survey"),
    )
    survey_result = models.CharField(_("survey measure"), max_length=60, blank=True)
    # With a crime, anti-social behaviour or partner demand indicator: the figure the Zone page
    # follows, as its source names it (zones.indicators; "outcomes:burglary", "outcomes:" for all).
    measure = models.CharField(_("figure followed"), max_length=80, blank=True)
    proposal = models.OneToOneField(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="objective"
    )
    agreed_at = models.CharField(_("where it was agreed"), max_length=200, blank=True)
    agreed_on = models.DateField(_("date agreed"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("zones:objective", args=[self.zone.slug, self.pk])


class PartnershipStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Partner")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class Partnership(models.Model):
    """An organisation's place in a Zone: invited by a coordinator, accepted by the organisation."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnerships"
    )
    status = models.CharField(
        max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.INVITED
    )
    invitation = models.TextField(_("invitation message"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnership_leads",
    )
    commitment = models.TextField(_("what we commit to"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "organisation"], name="one_partnership_per_org")
        ]
        ordering = ["organisation__type", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.zone}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


OPEN_ACTION_STATUSES = [ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]


class Action(models.Model):
    """Something a partner organisation will do towards an objective."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    option = models.ForeignKey(
        "toolkit.Option",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("Tool Kit option it tries"),
    )
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    stopped_reason = models.CharField(_("why it stopped"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("zones:action", args=[self.zone.slug, self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES and self.due_date < timezone.localdate()

    @property
    def latest_update(self) -> "ProgressUpdate | None":
        updates = list(self.updates.all())  # uses prefetched updates when a page loaded them
        return updates[-1] if updates else None


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("progress"))
    is_milestone = models.BooleanField(_("this is a milestone"), default=False)
    status_to = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class FollowFrequency(models.TextChoices):
    INSTANT = "instant", _("As soon as there is news")
    WEEKLY = "weekly", _("A weekly digest")


class Follow(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    frequency = models.CharField(
        max_length=8, choices=FollowFrequency.choices, default=FollowFrequency.INSTANT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["zone", "user"], name="one_follow_per_zone")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.zone}"


class ZoneUpdate(models.Model):
    """News a coordinator posts to the Zone page and to its followers."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="news")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("update"))
    posted_at = models.DateTimeField(default=timezone.now)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-posted_at", "-id"]

    def __str__(self) -> str:
        return self.title
