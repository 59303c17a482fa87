from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peoplezones.assets.models import Asset, Visibility
from peoplezones.community.models import Event, EventKind, Group
from peoplezones.core.forms import AccessibleFormMixin

REPEATS = [
    ("", "Does not repeat"),
    ("FREQ=WEEKLY", "Every week"),
    ("FREQ=WEEKLY;INTERVAL=2", "Every two weeks"),
    ("FREQ=MONTHLY", "Every month, on the same date"),
]


class GroupForm(AccessibleFormMixin, forms.ModelForm):
    calendar_url = forms.URLField(
        label=Group._meta.get_field("calendar_url").verbose_name.capitalize(),
        help_text=Group._meta.get_field("calendar_url").help_text,
        required=False, assume_scheme="https",
    )  # fmt: skip
    organiser_emails = forms.CharField(
        label=_("Organisers"),
        help_text=_(
            "Email addresses of the people who run the group, one per line. They need a "
            "People Zones account."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Group
        fields = [
            "name", "zone", "kind", "description", "where", "asset", "when", "who_for",
            "accessibility", "cost", "public_contact", "toolkit_options", "calendar_url",
            "is_published",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "accessibility": forms.Textarea(attrs={"rows": 3}),
                   "toolkit_options": forms.CheckboxSelectMultiple}  # fmt: skip

    def __init__(self, *args, zones=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)

        if zones is not None:
            self.fields["zone"].queryset = zones
        # Places on the public asset map in the Zones this person runs.
        self.fields["asset"].queryset = (
            Asset.objects.filter(
                visibility=Visibility.PUBLIC, zones__in=self.fields["zone"].queryset
            )
            .distinct()
            .order_by("name")
        )
        self.fields["asset"].help_text = "If it meets at a place on the asset map."
        self.fields["toolkit_options"].help_text = "Tool Kit options the group puts into practice."
        if self.instance.pk:
            self.initial["organiser_emails"] = "\n".join(
                self.instance.organisers.values_list("email", flat=True)
            )

    def clean_organiser_emails(self) -> list:
        emails = [e.strip().lower() for e in self.cleaned_data["organiser_emails"].split() if e]
        users = list(get_user_model().objects.filter(email__in=emails, is_active=True))
        missing = sorted(set(emails) - {u.email for u in users})
        if missing:
            raise forms.ValidationError(
                "No People Zones account for: "
                + ", ".join(missing)
                + ". Ask them to register first."
            )
        if not users:
            raise forms.ValidationError(_("Name at least one organiser."))
        return users


class EventForm(AccessibleFormMixin, forms.ModelForm):
    date = forms.DateField(
        label=_("Date"),
        help_text=_("For example 14/3/2027."),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    start_time = forms.TimeField(label=_("Starts at"), help_text=_("For example 10:00."))
    end_time = forms.TimeField(label=_("Ends at"), help_text=_("For example 11:30."))
    repeats = forms.ChoiceField(label=_("Repeats"), choices=REPEATS, required=False)
    times = forms.IntegerField(
        label=_("How many dates in all"), min_value=1, max_value=104, required=False,
        help_text=_("For a repeating event or a course: the number of dates, the first included."),
    )  # fmt: skip

    class Meta:
        model = Event
        fields = ["kind", "title", "description", "where", "capacity", "booking_required", "skills"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "skills": forms.Textarea(attrs={"rows": 3})}  # fmt: skip

    field_order = ["kind", "title", "description", "where", "date", "start_time", "end_time",
                   "repeats", "times", "capacity", "booking_required", "skills"]  # fmt: skip

    def __init__(self, *args, zones=None, zone_required=True, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if zones is not None:  # not a group's event: the person chooses the Zone
            self.fields["zone"] = forms.ModelChoiceField(
                queryset=zones, required=zone_required, label=_("Zone"),
                empty_label=None if zone_required else "Programme-wide (no Zone)",
            )  # fmt: skip
            self.order_fields(["zone", *self.field_order])
        event = self.instance
        if event.pk:
            local = timezone.localtime(event.starts)
            self.initial.update(
                date=local.date(), start_time=local.time(),
                end_time=timezone.localtime(event.ends).time(),
            )  # fmt: skip
            parts = dict(p.split("=", 1) for p in event.rrule.split(";") if "=" in p)
            count = parts.pop("COUNT", None)
            rule = ";".join(f"{k}={v}" for k, v in parts.items())
            self.initial.update(repeats=rule, times=int(count) if count else None)

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            starts = timezone.make_aware(datetime.combine(day, start))
            ends = timezone.make_aware(datetime.combine(day, end))
            if ends <= starts:
                self.add_error("end_time", _("The end must be after the start."))
            else:
                self.instance.starts, self.instance.ends = starts, ends
        if "zone" in self.fields:
            self.instance.zone = data.get("zone")
        repeats, times = data.get("repeats") or "", data.get("times")
        if data.get("kind") == EventKind.TRAINING and times and times > 1 and not repeats:
            self.add_error("repeats", _("A course with several sessions needs them to repeat."))
        if repeats and not times:
            self.add_error("times", _("Say how many dates in all, so the event has an end."))
        self.instance.rrule = f"{repeats};COUNT={times}" if repeats and times else ""
        return data


class MessageForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The organisers will see your name and email address so they can reply."),
    )  # fmt: skip


class JoinForm(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label=_("A note for the organisers (optional)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class CalendarFileForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Calendar file (.ics)"), help_text=_("Exported from the group's own calendar.")
    )
