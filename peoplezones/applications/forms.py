"""The public apply/ask form and the staff forms on an application."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peoplezones.applications.models import (
    ApplicantRole,
    Application,
    ContactPreference,
    Kind,
    Status,
)
from peoplezones.core import messaging
from peoplezones.core.forms import AccessibleFormMixin
from peoplezones.core.postcodes import normalise_postcode


class ApplicationForm(AccessibleFormMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("What would you like to do?"), choices=Kind.choices, widget=forms.RadioSelect
    )
    applicant_role = forms.ChoiceField(
        label=_("Are you applying as"), choices=ApplicantRole.choices, widget=forms.RadioSelect
    )
    contact_preference = forms.ChoiceField(
        label=_("How may we contact you?"),
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the People Zones programme team may use these details to consider "
            "this application and contact me about it."
        ),
        error_messages={"required": _("Tick the box to agree, or we cannot accept the form")},
    )
    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = Application
        fields = [
            "kind",
            "name",
            "email",
            "phone",
            "applicant_role",
            "organisation_name",
            "area_name",
            "postcode",
            "wants_to_change",
            "strengths",
            "already_involved",
            "contact_preference",
            "postal_address",
            "contact_notes",
        ]
        labels = {
            "name": _("Your name"),
            "email": _("Email address"),
            "phone": _("Phone number"),
            "organisation_name": _("Name of your group or organisation"),
            "area_name": _("Name of the area or neighbourhood"),
            "postcode": _("A postcode in the area"),
            "wants_to_change": _("What would your community like to change?"),
            "strengths": _("What strengths and assets does the area already have?"),
            "already_involved": _("Who is already involved?"),
            "postal_address": _("Postal address"),
            "contact_notes": _("Anything we should know about contacting you"),
        }
        help_texts = {
            "email": _(
                "We will send your acknowledgement and our reply here. Not needed if you would "
                "rather hear from us by phone or post."
            ),
            "postal_address": _(
                "Only if you would like letters. One line for each part, the postcode last."
            ),
            "phone": _("Only if you would like us to call you."),
            "organisation_name": _("Leave blank if you are applying as a resident."),
            "area_name": _("For example, Braunstone Park or Bell Foundry estate."),
            "postcode": _("For example, LE3 1AB. We use it to find the area, not your home."),
            "wants_to_change": _("In your own words: what matters most to people who live there?"),
            "strengths": _(
                "People with skills, groups that meet, places such as a library, school, food "
                "bank, youth club or shops."
            ),
            "already_involved": _("Residents, groups or agencies who support this application."),
            "contact_notes": _("For example, best times to call, or a language you prefer."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "postcode": forms.TextInput(
                attrs={"autocomplete": "postal-code", "class": "input-short"}
            ),
            "wants_to_change": forms.Textarea(attrs={"rows": 6}),
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "already_involved": forms.Textarea(attrs={"rows": 4}),
            "postal_address": forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        }
        error_messages = {
            "name": {"required": _("Enter your name")},
            "email": {
                "required": _("Enter your email address"),
                "invalid": _("Enter an email address in the correct format, like name@example.com"),
            },
            "area_name": {"required": _("Enter the name of the area")},
            "postcode": {"required": _("Enter a postcode in the area")},
            "wants_to_change": {"required": _("Tell us what your community would like to change")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = _(
            "Choose whether you want to apply or ask"
        )
        self.fields["applicant_role"].error_messages["required"] = _(
            "Choose whether you are a resident, a group or an organisation"
        )
        self.fields["contact_preference"].error_messages["required"] = _(
            "Choose how we may contact you"
        )
        self.fields["email"].required = False  # asked for below unless phone or post is chosen
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError(_("Enter a real UK postcode, like LE3 1AB"))
        return postcode

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not re.fullmatch(r"\+?[0-9 ()-]{10,20}", phone):
            raise forms.ValidationError(_("Enter a phone number, like 0116 496 0000"))
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        role = cleaned.get("applicant_role")
        if role and role != ApplicantRole.RESIDENT and not cleaned.get("organisation_name"):
            self.add_error("organisation_name", _("Enter the name of your group or organisation"))
        preference = cleaned.get("contact_preference")
        if (
            preference in {"email", "either"}
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", _("Enter your email address"))
        if preference in {"phone", "either"} and not cleaned.get("phone"):
            self.add_error("phone", _("Enter a phone number so that we can call you"))
        if preference == "post":
            problem = messaging.letter_address_problem(cleaned.get("postal_address", ""))
            if problem:
                self.add_error("postal_address", problem)
            else:
                lines = messaging.lines_of(cleaned["postal_address"])
                lines[-1] = normalise_postcode(lines[-1]) or lines[-1]
                cleaned["postal_address"] = "\n".join(lines)
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class StatusForm(AccessibleFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note for the record"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declining: the reason, in words you would share with them."),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, Status(status).label) for status in application.next_statuses
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("to_status") == Status.DECLINED and not cleaned.get("note", "").strip():
            self.add_error("note", _("Give the reason for declining"))
        return cleaned


class ReplyForm(AccessibleFormMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))
    ask_for_more = forms.BooleanField(
        label=_("This asks for more information (marks the application as waiting on them)"),
        required=False,
    )


class CallForm(AccessibleFormMixin, forms.Form):
    PREFIX = "call"  # the status form on the same page has its own "note"

    note = forms.CharField(
        label=_("What was said on the call"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
