"""Forms for the Tool Kit: an option's content, moderation, experience, adoption, import."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peoplezones.core.forms import AccessibleFormMixin
from peoplezones.core.models import OrganisationType, Theme
from peoplezones.toolkit.models import (
    CONTENT_FIELDS,
    EMMIE,
    LICENCE,
    Attachment,
    EvidenceStatus,
    Experience,
    MoneyBand,
    SetupTime,
    Strength,
)
from peoplezones.zones.forms import DATE_INPUT, ActionForm
from peoplezones.zones.models import Objective, Zone

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# Types people share as leaflets, templates and sheets; checked by name and by first bytes.
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".png": ("image/png", b"\x89PNG"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK"),
    ".csv": ("text/csv", b""),
    ".txt": ("text/plain", b""),
}
# Content fields the form writes through several fields of its own rather than one.
_STRUCTURED = {"emmie", "attachments"}
MARKDOWN_HINT = _("You can use Markdown: a blank line between paragraphs, '1.' or '-' for lists.")


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class OptionForm(AccessibleFormMixin, forms.Form):
    """The whole content of an option, as a contributor writes it."""

    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("One-line summary"),
        max_length=300,
        help_text=_("What it is, in one sentence a resident would understand."),
    )
    themes = forms.MultipleChoiceField(
        label=_("The problems it helps with"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    steps = forms.CharField(
        label=_("What it involves, step by step"), widget=_textarea(8), help_text=MARKDOWN_HINT
    )
    agencies = forms.MultipleChoiceField(
        label=_("Agencies to involve"),
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    roles = forms.CharField(
        label=_("Who to involve, and their roles"),
        widget=_textarea(4),
        required=False,
        help_text=MARKDOWN_HINT,
    )
    people_needed = forms.CharField(label=_("People needed"), max_length=300, required=False)
    money_band = forms.ChoiceField(
        label=_("Money needed"), choices=MoneyBand.choices, widget=forms.RadioSelect
    )
    space_needed = forms.CharField(label=_("Space needed"), max_length=300, required=False)
    setup_time = forms.ChoiceField(
        label=_("Time to set up"), choices=SetupTime.choices, widget=forms.RadioSelect
    )
    risks = forms.CharField(
        label=_("Risks and safeguarding"),
        widget=_textarea(5),
        required=False,
        help_text=_(
            "Who could be harmed and how you prevent it: DBS checks, lone working, "
            "personal data, money handling. "
        )
        + str(MARKDOWN_HINT),
    )
    links = forms.CharField(
        label=_("Links"),
        widget=_textarea(3),
        required=False,
        help_text=_("One per line, as [name](https://address)."),
    )
    keep_attachments = forms.ModelMultipleChoiceField(
        label=_("Attached files to keep"),
        queryset=Attachment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_file = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("PDF, image, Word, spreadsheet or text, up to 5 MB."),
    )
    new_file_title = forms.CharField(label=_("Name of the file"), max_length=200, required=False)
    change_note = forms.CharField(
        label=_("What you changed and why"),
        max_length=300,
        required=False,
        help_text=_("Moderators and other readers see this in the history."),
    )
    licence = forms.BooleanField(label=LICENCE)

    def __init__(self, *args: Any, attachments: list[Attachment] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Evidence (EMMIE): a summary and a strength for each of the five dimensions.
        for key, label, question in EMMIE:
            self.fields[f"emmie_{key}"] = forms.CharField(
                label=_("%(dimension)s: summary") % {"dimension": label},
                help_text=question,
                widget=_textarea(2),
                required=False,
            )
            self.fields[f"emmie_{key}_strength"] = forms.TypedChoiceField(
                label=_("%(dimension)s: strength of evidence") % {"dimension": label},
                choices=Strength.choices,
                coerce=int,
                initial=Strength.NOT_ASSESSED,
            )
        if attachments:
            self.fields["keep_attachments"].queryset = Attachment.objects.filter(
                pk__in=[a.pk for a in attachments]
            )
            self.fields["keep_attachments"].initial = [a.pk for a in attachments]
        else:
            del self.fields["keep_attachments"]
        # Keep the licence and change note last, after the evidence fields.
        for name in ("new_file", "new_file_title", "change_note", "licence"):
            self.fields[name] = self.fields.pop(name)

    @classmethod
    def initial_from(cls, content: dict[str, Any]) -> dict[str, Any]:
        initial = {k: v for k, v in content.items() if k not in {"emmie", "attachments"}}
        for key, value in content.get("emmie", {}).items():
            initial[f"emmie_{key}"] = value.get("summary", "")
            initial[f"emmie_{key}_strength"] = value.get("strength", 0)
        return initial

    def emmie_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"emmie_{key}"], self[f"emmie_{key}_strength"]) for key, _l, _q in EMMIE]

    def clean_new_file(self) -> Any:
        upload = self.cleaned_data.get("new_file")
        if not upload:
            return upload
        name = upload.name.lower()
        extension = name[name.rfind(".") :] if "." in name else ""
        if extension not in ATTACHMENT_TYPES:
            raise forms.ValidationError(
                _(
                    "%(name)s is not a type we accept: use PDF, PNG, JPEG, DOCX, XLSX, ODT, CSV or TXT."
                )
                % {"name": upload.name}
            )
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(
                _("%(name)s is %(size).1f MB; the largest file accepted is 5 MB.")
                % {"name": upload.name, "size": upload.size / 1024 / 1024}
            )
        content_type, magic = ATTACHMENT_TYPES[extension]
        head = upload.read(8)
        upload.seek(0)
        if magic and not head.startswith(magic):
            raise forms.ValidationError(
                _("%(name)s does not look like a %(ext)s file.")
                % {"name": upload.name, "ext": extension[1:].upper()}
            )
        if not magic and b"\x00" in upload.read(4096):
            raise forms.ValidationError(_("%(name)s is not a text file.") % {"name": upload.name})
        upload.seek(0)
        upload.pz_content_type = content_type
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("new_file") and not cleaned.get("new_file_title", "").strip():
            self.add_error("new_file_title", _("Give the file a name readers will understand"))
        return cleaned

    def content(self, new_attachment: Attachment | None = None) -> dict[str, Any]:
        data = self.cleaned_data
        content = {key: data.get(key, "") for key in CONTENT_FIELDS if key not in _STRUCTURED}
        content["emmie"] = {
            key: {
                "summary": data.get(f"emmie_{key}", ""),
                "strength": data.get(f"emmie_{key}_strength", 0),
            }
            for key, _label, _question in EMMIE
        }
        kept = [a.pk for a in data.get("keep_attachments") or []]
        content["attachments"] = kept + ([new_attachment.pk] if new_attachment else [])
        return content


class ModerationForm(AccessibleFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("publish", _("Publish it")),
            ("changes", _("Ask the contributor for changes")),
            ("reject", _("Reject it")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Message to the contributor"),
        widget=_textarea(4),
        required=False,
        help_text=_("Needed when you ask for changes or reject: say what and why."),
    )
    lock = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") in {"changes", "reject"} and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say what needs to change, or why it is rejected"))
        return cleaned


class EvidenceForm(AccessibleFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Evidence status"), choices=EvidenceStatus.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason for the change"), widget=_textarea(3))


class ExperienceForm(AccessibleFormMixin, forms.ModelForm):
    where = forms.ChoiceField(label=_("Where you tried it"))

    class Meta:
        model = Experience
        fields = [
            "objective",
            "started_on",
            "what_they_did",
            "who_involved",
            "what_happened",
            "cost",
            "do_differently",
            "outcome",
            "measured",
            "results",
            "visibility",
        ]
        widgets = {
            "started_on": DATE_INPUT,
            "what_they_did": _textarea(4),
            "who_involved": _textarea(3),
            "what_happened": _textarea(4),
            "do_differently": _textarea(3),
            "results": _textarea(3),
            "outcome": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "results": _(
                "Figures if you have them, for example the objective's survey measure before and "
                "after."
            ),
            "cost": _("Roughly, for example '£350 for tools and refreshments'."),
        }

    def __init__(self, *args: Any, zones: Any, group: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(f"zone:{zone.pk}", zone.name) for zone in zones]
        if group is not None:
            choices.append((f"group:{group.pk}", group.name))
        self.fields["where"].choices = choices
        self.fields["objective"].queryset = Objective.objects.filter(
            zone__in=list(zones)
        ).select_related("zone")
        self.fields["objective"].label_from_instance = lambda o: f"{o.zone.name}: {o.title}"
        self.fields["objective"].help_text = _(
            "Link it to the objective it served, so its indicator shows the result."
        )
        self.order_fields(["where", *self.Meta.fields])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        where, objective = cleaned.get("where", ""), cleaned.get("objective")
        if objective and where != f"zone:{objective.zone_id}":
            self.add_error("objective", _("Choose an objective of the Zone where you tried it"))
        return cleaned


class AdoptForm(ActionForm):
    """An action in a Zone's plan that tries a Tool Kit option: the Zone's own action form, with
    wording for the coordinator choosing among the Zone's partners."""

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, zone=zone, **kwargs)
        self.fields["objective"].label = _("Towards which objective")
        self.fields["organisation"].label = _("Partner responsible")


class ImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tool Kit file (JSON)"),
        help_text=_("In the People Zones Tool Kit format, version 1. Up to 10 MB."),
    )
    source = forms.CharField(
        label=_("Where it comes from"),
        max_length=150,
        help_text=_(
            "Credited on each option it adds or changes, for example 'Safer Kent Tool Kit'."
        ),
    )


def _any(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What do you want to change?"), required=False, max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), choices=_any(Theme.choices), required=False)
    agency = forms.ChoiceField(
        label=_("Agency involved"),
        choices=_any(OrganisationType.choices),
        required=False,
    )
    cost = forms.ChoiceField(
        label=_("Money needed"), choices=_any(MoneyBand.choices), required=False
    )
    effort = forms.ChoiceField(
        label=_("Time to set up"),
        choices=_any(SetupTime.choices),
        required=False,
    )
    evidence = forms.ChoiceField(
        label=_("Evidence"), choices=_any(EvidenceStatus.choices), required=False
    )
    area = forms.ChoiceField(label=_("Used in"), required=False)

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Anywhere"))] + [(a, a) for a in areas]
