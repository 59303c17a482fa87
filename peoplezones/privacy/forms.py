"""Forms for people's rights and the audit search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peoplezones.core.forms import AccessibleFormMixin
from peoplezones.core.models import AuditAction
from peoplezones.privacy.models import ErasureRequest


class ErasureRequestForm(AccessibleFormMixin, forms.ModelForm):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account will be closed and what I have given will be "
            "erased; figures already counted (like survey results) keep my answers without my name"
        ),
        required=True,
    )

    class Meta:
        model = ErasureRequest
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(AccessibleFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("erase", "Erase now"), ("refuse", "Refuse, giving the reason")],
        widget=forms.RadioSelect,
    )
    refusal_reason = forms.CharField(
        label=_("Reason for refusing (sent to the person)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: safeguarding records we must keep until the concern is closed."),
    )  # fmt: skip

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "refuse" and not cleaned.get("refusal_reason", "").strip():
            self.add_error("refusal_reason", _("Give the reason: the person is told it."))
        return cleaned


class AuditSearchForm(forms.Form):
    who = forms.CharField(label=_("Who (email)"), required=False, max_length=254)
    action = forms.ChoiceField(
        label=_("What they did"), required=False, choices=[("", "Anything"), *AuditAction.choices]
    )
    record = forms.CharField(
        label=_("Record (kind or kind#id)"), required=False, max_length=130,
        help_text=_("For example volunteering.concern or volunteering.concern#12."),
    )  # fmt: skip
    since = forms.DateField(
        label=_("From (date)"), required=False, help_text=_("For example 1/11/2026.")
    )
    until = forms.DateField(
        label=_("To (date)"), required=False, help_text=_("For example 30/11/2026.")
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in ("since", "until"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
