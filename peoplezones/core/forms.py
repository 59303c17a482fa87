"""Form behaviour every page shares: hints and errors tied to their controls for screen readers."""

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class AccessibleFormMixin:
    """Sets aria-describedby (hint, error) and aria-invalid on each widget, matching the ids the
    `core/includes/field.html` template gives those hints and errors."""

    fields: dict[str, forms.Field]
    errors: Any

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_widgets()

    def _describe_widgets(self) -> None:
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(f"id_{name}-hint")
            if name in self.errors:
                ids.append(f"id_{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            if field.help_text and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"


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


class NotificationSettingsForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        from peoplezones.core.models import NotificationSettings

        model = NotificationSettings
        fields = ["bookings", "reminders", "groups", "volunteering", "work", "proposals"]
