"""`{% attributions "police" "boundaries" %}`: the words the licences of the data shown ask for."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from peoplezones.core import attribution

register = template.Library()


@register.simple_tag
def attributions(*uses: str) -> SafeString | str:
    words = attribution.for_uses(*uses)
    if not words:
        return ""
    return render_to_string("core/includes/attributions.html", {"words": words})
