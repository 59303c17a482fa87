"""`{{ text|markdown }}`: sanitised Markdown in templates."""

from django import template
from django.utils.safestring import SafeString

from peoplezones.core.richtext import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)
