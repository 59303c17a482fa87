"""Changing a locked measure: what changes, and why (both published)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peoplezones.evaluation.models import Direction, LockedMeasure
from peoplezones.evaluation.services import CHANGEABLE
from peoplezones.zones.forms import DATE_INPUT


class ChangeMeasureForm(forms.Form):
    figure = forms.ChoiceField(label=_("What is counted"))
    direction = forms.ChoiceField(label=_("Which way is success"), choices=Direction.choices)
    judged_on = forms.DateField(
        label=_("Date of judgement"),
        widget=DATE_INPUT,
        help_text=_("The figure is judged on the months before this date."),
    )
    ring_metres = forms.IntegerField(
        label=_("Ring width for displacement (metres)"), min_value=100, max_value=5000
    )
    reason = forms.CharField(
        label=_("Why it is changing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Published beside both versions. Say what was learned that makes it better."),
    )

    def __init__(self, *args: Any, measure: LockedMeasure, figures: list, **kwargs: Any) -> None:
        initial = {name: getattr(measure, name) for name in CHANGEABLE}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["figure"].choices = figures

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CHANGEABLE}
