"""Each objective's success measure, fixed before launch: what will be counted, which way is
better, how it will be compared and when it will be judged. Locked when the Zone launches; a
later change is a new dated version with its reason, and every version stays on show."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    FALL = "fall", _("A fall is success")
    RISE = "rise", _("A rise is success")


class Method(models.TextChoices):
    SYNTHETIC = (
        "synthetic",
        _(
            "Synthetic control with placebo areas, beside difference in differences against matched "
            "similar areas"
        ),
    )
    SURVEY = "survey", _("Survey change from the baseline wave to the follow-up")


class MeasureKind(models.TextChoices):
    CRIME = "crime", _("Police-recorded crime or anti-social behaviour")
    DEMAND = "demand", _("A partner's demand figures")
    SURVEY = "survey", _("A survey measure")


class LockedMeasure(models.Model):
    """One version of one objective's measure. Version 1 is locked at launch; each change after
    that adds the next version, with its reason, and never alters an earlier one."""

    zone = models.ForeignKey("zones.Zone", on_delete=models.CASCADE, related_name="+")
    # A published measure never vanishes: an objective with one cannot be deleted.
    objective = models.ForeignKey(
        "zones.Objective", on_delete=models.PROTECT, related_name="locked_measures"
    )
    version = models.PositiveIntegerField()
    kind = models.CharField(_("kind of measure"), max_length=8, choices=MeasureKind.choices)
    # The figure as its source names it: "outcomes:burglary", "outcomes:" (all crime and ASB),
    # "outcomes:demand:<slug>", or "<survey id>:<result>" for a survey measure.
    figure = models.CharField(_("figure"), max_length=120)
    label = models.CharField(_("what is counted"), max_length=200)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices)
    method = models.CharField(_("comparison method"), max_length=10, choices=Method.choices)
    judged_on = models.DateField(_("date of judgement"))
    ring_metres = models.PositiveIntegerField(
        _("ring width for displacement (metres)"),
        default=500,
        help_text=_("Crime moving next door is looked for in this ring around the Zone."),
    )
    reason = models.TextField(_("reason for the change"), blank=True)
    locked_at = models.DateTimeField(default=timezone.now)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["objective__position", "objective_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "version"], name="one_measure_version")
        ]

    def __str__(self) -> str:
        return f"{self.objective} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:report", args=[self.zone.slug, self.pk])
