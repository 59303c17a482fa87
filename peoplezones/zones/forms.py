"""Forms for Zones: details, boundary, proposals, objectives, partners, actions, following."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peoplezones.core import params
from peoplezones.core.forms import AccessibleFormMixin
from peoplezones.core.geo import MAX_BOUNDARY_BYTES
from peoplezones.core.models import Organisation, Role, User
from peoplezones.zones import indicators
from peoplezones.zones.models import (
    Action,
    ActionStatus,
    FollowFrequency,
    IndicatorKind,
    MemberConnection,
    Objective,
    PartnershipStatus,
    Proposal,
    Zone,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ZoneForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Zone
        fields = ["name", "summary", "stage", "launch_date", "local_authority", "is_published"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "launch_date": DATE_INPUT}


class BoundaryMethod:
    DRAWN = "drawn"
    UPLOAD = "upload"
    AREAS = "areas"


class BoundaryForm(AccessibleFormMixin, forms.Form):
    method = forms.ChoiceField(
        label=_("How do you want to set the boundary?"),
        choices=[
            (BoundaryMethod.DRAWN, _("Draw it on the map (or paste GeoJSON)")),
            (BoundaryMethod.UPLOAD, _("Upload a GeoJSON file")),
            (BoundaryMethod.AREAS, _("List statistical areas (LSOA codes)")),
        ],
        widget=forms.RadioSelect,
        initial=BoundaryMethod.DRAWN,
    )
    geojson = forms.CharField(
        label=_("Boundary as GeoJSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("Filled in for you when you draw on the map."),
    )
    file = forms.FileField(
        label=_("GeoJSON file"),
        required=False,
        help_text=_("A .geojson or .json file of up to 2 MB, in longitude and latitude."),
    )
    area_codes = forms.CharField(
        label=_("Area codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("LSOA codes separated by spaces or commas, for example E01013612 E01013613."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_BOUNDARY_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size).1f MB; the largest boundary accepted is 2 MB. Simplify the shape first."
                )
                % {"size": upload.size / 1024 / 1024}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        method = cleaned.get("method")
        if method == BoundaryMethod.DRAWN and not cleaned.get("geojson", "").strip():
            self.add_error("geojson", _("Draw the boundary on the map, or paste it as GeoJSON"))
        if (
            method == BoundaryMethod.UPLOAD
            and not cleaned.get("file")
            and "file" not in self.errors
        ):
            self.add_error("file", _("Choose a GeoJSON file to upload"))
        if method == BoundaryMethod.AREAS and not cleaned.get("area_codes", "").strip():
            self.add_error("area_codes", _("Enter at least one area code"))
        return cleaned


class JoinForm(AccessibleFormMixin, forms.Form):
    connection = forms.ChoiceField(
        label=_("What is your connection to this Zone?"),
        choices=MemberConnection.choices,
        widget=forms.RadioSelect,
    )


class ProposalForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "description", "theme"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "title": _(
                "One sentence, for example: 'Young people have somewhere to go in the evenings'."
            )
        }


class MeetingProposalForm(ProposalForm):
    """What a public meeting agreed, entered by a coordinator, with the meeting noted."""

    class Meta(ProposalForm.Meta):
        fields = ["title", "description", "theme", "meeting", "meeting_date"]
        widgets = {**ProposalForm.Meta.widgets, "meeting_date": DATE_INPUT}
        labels = {"meeting": _("Which meeting agreed it")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].required = True
        self.fields["meeting_date"].required = True


class CloseProposalForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why it is not being taken forward"), max_length=300)


class ObjectiveForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Objective
        fields = [
            "title",
            "statement",
            "theme",
            "indicator_kind",
            "indicator",
            "agreed_at",
            "agreed_on",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 4}),
            "indicator_kind": forms.RadioSelect,
            "agreed_on": DATE_INPUT,
        }

    survey_measure = forms.ChoiceField(
        label=_("Survey measure"),
        required=False,
        help_text=_(
            "For 'A survey measure': the result the Zone page will show, from one of this Zone's "
            "surveys. It appears once the survey's results are published. No survey yet? "
            "Choose it here once the survey is built."
        ),
    )

    crime_measure = forms.ChoiceField(
        label=_("Figure to follow"),
        required=False,
        help_text=_(
            "For 'A crime or anti-social behaviour category': the police or partners' figure the "
            "Zone page shows beside this objective, the last 12 months against the 12 before."
        ),
    )

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, kind in (
            ("survey_measure", IndicatorKind.SURVEY),
            ("crime_measure", IndicatorKind.CRIME),
        ):
            choices: list[Any] = [("", _("None")), *indicators.choices(zone, kind)]
            self.fields[name].choices = choices
            if len(choices) == 1:  # nothing measured in this Zone yet: nothing to choose
                del self.fields[name]
        if self.instance.indicator_kind == IndicatorKind.CRIME:
            self.initial["crime_measure"] = self.instance.measure
        if self.instance.survey_id and self.instance.survey_result:
            self.initial["survey_measure"] = (
                f"{self.instance.survey_id}:{self.instance.survey_result}"
            )
        self.zone = zone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = cleaned.pop("survey_measure", "")
        survey_pk, _sep, key = chosen.partition(":")
        survey = self.zone.surveys.filter(pk=params.parse_id(survey_pk) or 0).first()
        cleaned["survey"] = (
            survey if cleaned.get("indicator_kind") == IndicatorKind.SURVEY else None
        )
        cleaned["survey_result"] = key if cleaned["survey"] else ""
        crime = cleaned.pop("crime_measure", "")
        cleaned["measure"] = crime if cleaned.get("indicator_kind") == IndicatorKind.CRIME else ""
        return cleaned


class InviteForm(AccessibleFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    message = forms.CharField(
        label=_("Message to them"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = zone.partnerships.filter(
            status__in=[PartnershipStatus.INVITED, PartnershipStatus.ACCEPTED]
        ).values_list("organisation_id", flat=True)
        self.fields["organisation"].queryset = Organisation.objects.exclude(pk__in=taken).order_by(
            "type", "name"
        )


class InvitationResponseForm(AccessibleFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("accept", _("Accept: we will join this Zone's partnership")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    lead = forms.ModelChoiceField(
        label=_("Named lead"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The person residents and partners can go to."),
    )
    commitment = forms.CharField(
        label=_("What your organisation commits to"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = User.objects.filter(
            organisation=organisation, role=Role.PARTNER, is_active=True
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == "accept":
            if not cleaned.get("lead"):
                self.add_error("lead", _("Choose your organisation's lead"))
            if not cleaned.get("commitment", "").strip():
                self.add_error("commitment", _("Say what your organisation commits to"))
        return cleaned


class ActionForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["objective", "title", "description", "organisation", "owner", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DATE_INPUT}

    def __init__(
        self, *args: Any, zone: Zone, organisation: Organisation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = zone.objectives.all()
        partners = Organisation.objects.filter(
            partnerships__zone=zone, partnerships__status=PartnershipStatus.ACCEPTED
        )
        if organisation is not None:
            partners = partners.filter(pk=organisation.pk)
            self.fields["organisation"].initial = organisation
        self.fields["organisation"].queryset = partners.order_by("name")
        self.fields["organisation"].label = _("Organisation responsible")
        self.fields["owner"].queryset = User.objects.filter(
            organisation__in=partners, role=Role.PARTNER, is_active=True
        ).order_by("name")
        self.fields["owner"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        owner, organisation = cleaned.get("owner"), cleaned.get("organisation")
        if owner and organisation and owner.organisation_id != organisation.pk:
            self.add_error(
                "owner",
                _("The person responsible must work for the %(organisation)s")
                % {"organisation": str(self.fields["organisation"].label).lower()},
            )
        return cleaned


class ProgressForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(label=_("What has happened"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, widget=forms.RadioSelect
    )
    is_milestone = forms.BooleanField(
        label=_("This is a milestone residents should see"), required=False
    )
    stopped_reason = forms.CharField(label=_("If it stopped, why"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("status") == ActionStatus.STOPPED
            and not cleaned.get("stopped_reason", "").strip()
        ):
            self.add_error("stopped_reason", _("Say why the action stopped"))
        return cleaned


class FollowForm(AccessibleFormMixin, forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often should we email you?"),
        choices=FollowFrequency.choices,
        widget=forms.RadioSelect,
        initial=FollowFrequency.INSTANT,
    )


class NewsForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Update"), widget=forms.Textarea(attrs={"rows": 6}))
