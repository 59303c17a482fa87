from django import forms
from django.utils.translation import gettext_lazy as _

from peoplezones.core.forms import AccessibleFormMixin
from peoplezones.core.postcodes import normalise_postcode
from peoplezones.volunteering.models import Concern, DbsCheck, HelpRequest, Visit, VolunteerOffer


class PostcodeMixin:
    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])  # type: ignore[attr-defined]
        if not postcode:
            raise forms.ValidationError(_("Enter a full UK postcode, like LE3 1QP."))
        return postcode


class HelpRequestForm(AccessibleFormMixin, PostcodeMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the Zone's coordinators, and the volunteer matched, may see these "
        "details to arrange help"), required=True,
    )  # fmt: skip

    class Meta:
        model = HelpRequest
        fields = ["help_type", "name", "contact", "details", "when", "languages", "postcode"]
        widgets = {"details": forms.Textarea(attrs={"rows": 4}),
                   "help_type": forms.RadioSelect}  # fmt: skip
        labels = {"help_type": "What kind of help"}

    def __init__(self, *args, on_behalf: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["help_type"].empty_label = None
        if on_behalf:
            self.fields["consent"].label = (
                "The person agreed that the Zone's coordinators, and the volunteer matched, may "
                "see these details to arrange help"
            )


class OfferForm(AccessibleFormMixin, PostcodeMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the Zone's coordinators may see these details to match me with "
        "neighbours; I can withdraw this at any time from my data page"), required=True,
    )  # fmt: skip

    class Meta:
        model = VolunteerOffer
        fields = [
            "help_types",
            "skills",
            "languages",
            "availability",
            "postcode",
            "max_distance_km",
        ]
        widgets = {"help_types": forms.CheckboxSelectMultiple,
                   "skills": forms.Textarea(attrs={"rows": 3})}  # fmt: skip


class DbsCheckForm(AccessibleFormMixin, forms.ModelForm):
    # Longer than the 12 digits stored, so a number typed with spaces is not cut short.
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=20, help_text=_("12 digits, on the certificate.")
    )

    class Meta:
        model = DbsCheck
        fields = ["level", "certificate_number", "seen_on", "renew_by"]
        widgets = {"level": forms.RadioSelect}

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in ("seen_on", "renew_by"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self.fields["seen_on"].help_text = "For example 14/3/2027."

    def clean_certificate_number(self) -> str:
        number = self.cleaned_data["certificate_number"].replace(" ", "")
        if not (number.isdigit() and len(number) == 12):
            raise forms.ValidationError(_("A DBS certificate number is 12 digits."))
        return number

    def clean(self) -> dict:
        data = super().clean()
        if data.get("seen_on") and data.get("renew_by") and data["renew_by"] <= data["seen_on"]:
            self.add_error("renew_by", _("The renewal date must be after the date it was seen."))
        return data


class VisitForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["date", "minutes", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["minutes"].required = True
        self.fields["date"].help_text = "For example 14/3/2027."
        self.fields["date"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]


class ConcernForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["what", "urgent"]
        widgets = {"what": forms.Textarea(attrs={"rows": 6})}
