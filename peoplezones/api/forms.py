"""Issuing API tokens on a page (programme staff)."""

from typing import Any

from django import forms

from peoplezones.api.models import Scope
from peoplezones.core.forms import AccessibleFormMixin
from peoplezones.core.models import User
from peoplezones.zones.models import Zone


class TokenForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label="What will use it", max_length=100,
                           help_text="For example: Council CRM, Fire service incidents.")  # fmt: skip
    email = forms.EmailField(label="Whose token (their account's email)",
                             help_text="It can do only what this person may do.")  # fmt: skip
    zones = forms.ModelMultipleChoiceField(
        label="Zones it may write in", queryset=Zone.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    scopes = forms.MultipleChoiceField(
        label="What it may do", choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise forms.ValidationError("No active account has this email.")
        return user

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if Scope.PROGRESS in cleaned.get("scopes", []) and not cleaned.get("zones"):
            self.add_error("zones", "Choose the Zones where it may post progress.")
        return cleaned
