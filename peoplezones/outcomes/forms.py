"""The police file upload form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peoplezones.core.forms import AccessibleFormMixin, check_upload_size


class UploadForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Police file"),
        help_text=_(
            "A police.uk street-level CSV (like 2024-03-leicestershire-street.csv) or the zip of a "
            "custom download holding many forces and months. A month loaded before is replaced."
        ),
        error_messages={"required": _("Choose a file to upload")},
    )

    def clean_file(self) -> Any:
        upload = check_upload_size(self.cleaned_data.get("file"))
        if upload and not upload.name.lower().endswith((".csv", ".zip")):
            raise forms.ValidationError(_("Upload a .csv file or a .zip download from police.uk"))
        return upload


class DemandUploadForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Demand figures (CSV)"),
        help_text=_(
            "One row per incident or per count, with a Date or Month; a place as Latitude and "
            "Longitude, an LSOA code or a Postcode; and optionally Agency, Demand type and Count."
        ),
        error_messages={"required": _("Choose a file to upload")},
    )
    agency = forms.CharField(
        label=_("Agency"),
        max_length=120,
        required=False,
        help_text=_("Used when the file has no Agency column."),
    )
    demand_type = forms.CharField(
        label=_("Demand type"),
        max_length=120,
        required=False,
        help_text=_(
            "Used when the file has no Demand type column, for example 'Deliberate fires'."
        ),
    )

    def __init__(self, *args: Any, agency: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agency:  # a partner sends their own agency's figures
            self.fields["agency"].initial = agency
            self.fields["agency"].disabled = True
            self.fields["agency"].help_text = _("Your organisation.")

    def clean_file(self) -> Any:
        upload = check_upload_size(self.cleaned_data.get("file"))
        if upload and not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload a .csv file"))
        return upload
