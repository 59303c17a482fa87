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
