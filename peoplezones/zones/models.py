"""A People Zone: a neighbourhood working with agencies on goals its community chose."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry")
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    SUSTAINING = "sustaining", _("Sustaining")
    CLOSED = "closed", _("Closed")


class Zone(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.ENQUIRY
    )
    stage_changed_at = models.DateTimeField(_("stage changed"), auto_now_add=True)
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Zone")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("zones:detail", args=[self.slug])
