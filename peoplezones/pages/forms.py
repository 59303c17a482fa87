"""The staff form for editing a public page."""

from django import forms

from peoplezones.core.forms import AccessibleFormMixin
from peoplezones.pages.models import Page


class PageForm(AccessibleFormMixin, forms.ModelForm):
    video_embed_url = forms.URLField(
        label=Page._meta.get_field("video_embed_url").verbose_name,
        help_text=Page._meta.get_field("video_embed_url").help_text,
        required=False,
        assume_scheme="https",
        validators=Page._meta.get_field("video_embed_url").validators,
    )

    class Meta:
        model = Page
        fields = ["title", "summary", "body", "video_title", "video_embed_url", "video_transcript"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 20}),
            "video_transcript": forms.Textarea(attrs={"rows": 8}),
        }
