"""The staff form for editing a public page."""

from django import forms

from peoplezones.core.forms import AccessibleFormMixin
from peoplezones.pages.models import Page


class PageForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "summary", "body", "video_title", "video_embed_url", "video_transcript"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 20}),
            "video_transcript": forms.Textarea(attrs={"rows": 8}),
        }
