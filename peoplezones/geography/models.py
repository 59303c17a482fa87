"""A statistical area (an LSOA, say) with its boundary as GeoJSON in WGS84."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    LSOA21 = "lsoa21", _("Lower layer super output area (2021)")
    LSOA11 = "lsoa11", _("Lower layer super output area (2011)")
    WARD = "ward", _("Electoral ward")
    PARISH = "parish", _("Parish")


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


class AreaProfile(models.Model):
    """What is known about an area by its code: deprivation (English Indices of Deprivation) and
    the residents counted, from whichever files were imported. Boundaries need not be loaded."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    population = models.PositiveIntegerField(_("residents"), null=True, blank=True)
    imd_score = models.FloatField(_("deprivation score"), null=True, blank=True)
    imd_rank = models.PositiveIntegerField(
        _("deprivation rank (1 most deprived)"), null=True, blank=True
    )
    imd_decile = models.PositiveSmallIntegerField(_("deprivation decile"), null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ZoneArea(models.Model):
    """An LSOA a Zone overlaps, with how much of the LSOA lies inside the Zone."""

    zone = models.ForeignKey("zones.Zone", on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(StatisticalArea, on_delete=models.CASCADE, related_name="zone_links")
    share_inside = models.FloatField()  # 0-1, of the LSOA's area

    class Meta:
        ordering = ["-share_inside"]
        constraints = [models.UniqueConstraint(fields=["zone", "area"], name="zone_area_once")]

    def __str__(self) -> str:
        return f"{self.area.code} in {self.zone_id}: {self.share_inside:.0%}"


class Postcode(models.Model):
    """One postcode from the ONS Postcode Directory (or the National Statistics Postcode Lookup):
    where it is and which LSOA and local authority it falls in. Used to place partners' figures
    and survey answers that come with a postcode only."""

    postcode = models.CharField(_("postcode"), max_length=8, unique=True)  # "LE3 1AA"
    lat = models.FloatField(null=True)  # empty for postcodes without a grid reference
    lon = models.FloatField(null=True)
    lsoa_code = models.CharField(_("LSOA"), max_length=9, blank=True)
    lad_code = models.CharField(_("local authority"), max_length=9, blank=True)
    terminated = models.DateField(_("terminated"), null=True, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode
