"""Form behaviour every page shares: hints and errors tied to their controls for screen readers."""

from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from phonenumber_field.formfields import PhoneNumberField


class AccessibleFormMixin:
    """Sets aria-describedby (hint, error) and aria-invalid on each widget, matching the ids the
    `core/includes/field.html` template gives those hints and errors (from each field's own id,
    so a form with a prefix points at its own)."""

    fields: dict[str, forms.Field]
    errors: Any

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_widgets()

    def _describe_widgets(self) -> None:
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(f"{self[name].auto_id}-hint")  # type: ignore[index]
            if name in self.errors:
                ids.append(f"{self[name].auto_id}-error")  # type: ignore[index]
                field.widget.attrs["aria-invalid"] = "true"
            if ids and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            if field.help_text and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"  # type: ignore[index]


def render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page holding `context["form"]`: 400 when the form has errors, so a refused submission
    is never mistaken for a successful one (by browsers, proxies or tests)."""
    form = context.get("form")
    return render(
        request, template, context, status=400 if form is not None and form.errors else 200
    )


def check_upload_size(upload: Any) -> Any:
    """An uploaded file within PZ_MAX_IMPORT_MB, or a message saying how big it is."""
    limit = settings.PZ_MAX_IMPORT_MB
    if upload and upload.size > limit * 1024 * 1024:
        raise forms.ValidationError(
            _(
                "The file is %(size).0f MB; the largest accepted here is %(limit)s MB. Use the import command for bigger files."
            )
            % {"size": upload.size / 1024 / 1024, "limit": limit}
        )
    return upload


UK_REGIONS = {"GB", "GG", "JE", "IM"}  # numbers GOV.UK Notify texts without international rates


class NotificationSettingsForm(AccessibleFormMixin, forms.ModelForm):
    """What a person hears about (each kind on or off) and how (email, text or letter, per kind),
    with the mobile number and postal address those need."""

    KINDS = ("bookings", "reminders", "groups", "volunteering", "work", "proposals")
    HOW = [
        ("email", gettext_lazy("Email")),
        ("text", gettext_lazy("Text message")),
        ("letter", gettext_lazy("Letter")),
    ]

    phone = PhoneNumberField(
        label=gettext_lazy("Mobile phone number"), region="GB", required=False,
        help_text=gettext_lazy("A UK mobile, for texts and for safety messages, for example 07400 123456."),
    )  # fmt: skip
    postal_address = forms.CharField(
        label=gettext_lazy("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("For letters: each line on its own line, the postcode last."),
    )  # fmt: skip

    class Meta:
        from peoplezones.core.models import NotificationSettings

        model = NotificationSettings
        fields = ["bookings", "reminders", "groups", "volunteering", "work", "proposals"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = self.instance.channels or {}
        for kind in self.KINDS:
            self.fields[f"{kind}_by"] = forms.ChoiceField(
                label=_("How: %(what)s") % {"what": self.fields[kind].label},
                choices=self.HOW, required=False, initial=chosen.get(kind, "email"),
                widget=forms.RadioSelect,
            )  # fmt: skip
        if user is not None and not self.is_bound:
            self.fields["phone"].initial = user.phone
            self.fields["postal_address"].initial = user.postal_address

    def kinds(self) -> list[tuple[Any, Any]]:
        """(whether, how) for each kind of message, to show side by side."""
        return [(self[kind], self[f"{kind}_by"]) for kind in self.KINDS]

    def clean_phone(self) -> Any:
        number = self.cleaned_data.get("phone")
        if number and phonenumbers.region_code_for_number(number) not in UK_REGIONS:
            raise forms.ValidationError(_("Enter a UK mobile number, like 07400 123456."))
        if number and phonenumbers.number_type(number) not in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            raise forms.ValidationError(
                _("That is not a mobile number: texts need a mobile, like 07400 123456.")
            )
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lines = [line for line in (data.get("postal_address") or "").splitlines() if line.strip()]
        for kind in self.KINDS:
            how = data.get(f"{kind}_by") or "email"
            data[f"{kind}_by"] = how
            if not data.get(kind):
                continue
            if how == "text" and not data.get("phone") and "phone" not in self.errors:
                self.add_error(f"{kind}_by", _("Give a mobile number above to get texts."))
            if how == "letter" and len(lines) < 3:
                self.add_error(
                    f"{kind}_by",
                    _(
                        "Give a postal address above (at least 3 lines, the postcode last) to get letters."
                    ),
                )
        return data

    def channels(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"{kind}_by"] for kind in self.KINDS}
