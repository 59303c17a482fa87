"""A statistical area (an LSOA, say) with its boundary as GeoJSON in WGS84."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    LSOA21 = "lsoa21", _("Lower layer super output area (2021)")
    LSOA11 = "lsoa11", _("Lower layer super output area (2011)")


class StatisticalArea(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=8, choices=AreaKind.choices, default=AreaKind.LSOA21
    )
    geometry = models.JSONField(_("boundary"))
    area_m2 = models.FloatField()
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
