"""Forms for assets: one asset, the filters shared by map, list and downloads, imports, gap
analysis and the skills offer."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peoplezones.assets.importers import Locator
from peoplezones.assets.models import (
    Asset,
    AssetKind,
    Category,
    ImportFormat,
    Skill,
    SkillOffer,
    Source,
    TimeOffered,
)
from peoplezones.core.forms import AccessibleFormMixin, check_upload_size
from peoplezones.core.geo import in_uk
from peoplezones.core.postcodes import normalise_postcode
from peoplezones.zones.models import Zone

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _any(choices: Any, label: Any = None) -> list[tuple[str, Any]]:
    return [("", label or _("Any"))] + [(v, n) for v, n in choices if v]


class AssetForm(AccessibleFormMixin, forms.ModelForm):
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        help_text=_("Leave empty to use the postcode's centre."),
    )
    lon = forms.FloatField(label=_("Longitude"), required=False)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=300, assume_scheme="https"
    )

    class Meta:
        model = Asset
        fields = [
            "name", "category", "kind", "description", "audience", "min_age", "max_age",
            "languages", "accessibility", "cost", "cost_detail", "opening_times", "phone", "email",
            "website", "organisation_name", "address", "postcode", "lat", "lon", "visibility",
            "last_verified",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "last_verified": DATE_INPUT,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = _(
            "People, groups, services, businesses, spaces or culture."
        )
        self.fields["visibility"].help_text = _(
            "Records about individual people should never be public."
        )

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        if not value:
            return ""
        postcode = normalise_postcode(value)
        if not postcode:
            raise forms.ValidationError(_("Enter a UK postcode, like LE3 1AB."))
        return postcode

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        if lat is None and lon is None:
            found = Locator().postcode(cleaned["postcode"]) if cleaned.get("postcode") else None
            if not found:
                self.add_error(
                    "lat",
                    _(
                        "Give a latitude and longitude, or a postcode we know (imported postcode file)."
                    ),
                )
            else:
                cleaned["lon"], cleaned["lat"] = found
        elif lat is None or lon is None:
            self.add_error("lat" if lat is None else "lon", _("Give both latitude and longitude."))
        elif not in_uk(lon, lat):
            self.add_error(
                "lat",
                _("This point is outside the UK. Latitude comes first (about 52 in Leicester)."),
            )
        if cleaned.get("kind") == AssetKind.INDIVIDUAL and cleaned.get("visibility") == "public":
            self.add_error(
                "visibility",
                _("A record about one person cannot be public. Choose who may see it."),
            )
        return cleaned


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Name, words or postcode"), required=False, max_length=100)
    zone = forms.ModelChoiceField(
        label=_("Zone"),
        queryset=Zone.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All areas"),
    )
    category = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(AssetKind.choices), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=_any(Source.choices), required=False)
    stale = forms.BooleanField(label=_("Only those not checked for 12 months"), required=False)
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, zones: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones


class ImportForm(AccessibleFormMixin, forms.Form):
    format = forms.ChoiceField(
        label=_("What kind of file is it?"),
        choices=[c for c in ImportFormat.choices if c[0] != ImportFormat.POINTS],
        widget=forms.RadioSelect,
        initial=ImportFormat.CSV,
    )
    zone = forms.ModelChoiceField(
        label=_("Zone"),
        queryset=Zone.objects.none(),
        help_text=_(
            "Its coordinators look after these records. Each asset is shown in every Zone its location falls in."
        ),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, zones: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones

    def clean_file(self) -> Any:
        return check_upload_size(self.cleaned_data.get("file"))


class PointsImportForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name for this set of points"),
        max_length=150,
        help_text=_(
            "Importing again under the same name replaces the set, for example 'ONSPD May 2026'."
        ),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "An ONS postcode directory (ONSPD or NSPL), or any CSV with lat/long or easting/northing, and ideally a population column."
        ),
    )

    def clean_file(self) -> Any:
        return check_upload_size(self.cleaned_data.get("file"))


class GapForm(AccessibleFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("Kind of asset"),
        queryset=Category.objects.exclude(slug__in=["person", "other"]),
        to_field_name="slug",
        empty_label=None,
    )
    distance = forms.IntegerField(
        label=_("Distance in metres (straight line)"),
        min_value=100,
        max_value=10_000,
        help_text=_(
            "About 800 m is a ten-minute walk. Real walking routes are longer than a straight line."
        ),
    )


class SkillOfferForm(AccessibleFormMixin, forms.ModelForm):
    skills = forms.ModelMultipleChoiceField(
        label=_("What could you offer?"),
        queryset=Skill.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent_contact = forms.BooleanField(
        label=_("The Zone's coordinators may see my name and contact me about chances to help."),
        required=False,
    )
    consent_count = forms.BooleanField(
        label=_(
            "Count me (without my name) in published figures, like '14 people can teach cooking'."
        ),
        required=False,
    )
    consent_match = forms.BooleanField(
        label=_("Suggest me when a neighbour asks for help I could give."), required=False
    )

    class Meta:
        model = SkillOffer
        fields = ["skills", "other_skills", "interests", "time_offered", "languages",
                  "consent_contact", "consent_count", "consent_match"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_offered"].choices = _any(TimeOffered.choices, _("Not sure yet"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("skills") and not cleaned.get("other_skills"):
            self.add_error(
                "skills",
                _("Tick at least one thing you could offer, or describe it under other skills."),
            )
        if not any(cleaned.get(f"consent_{use}") for use in ("contact", "count", "match")):
            self.add_error(
                "consent_contact",
                _("Tick at least one way we may use your offer; without one we cannot keep it."),
            )
        return cleaned
