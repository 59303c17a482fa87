"""`{% translated obj "field" as name %}`: a field of staff-written content in the visitor's
language (core.translation); `name.fell_back` says it shows in English. With
`{% include "core/includes/untranslated.html" with shown=name %}` the note follows."""

from typing import Any

from django import template

from peoplezones.core import translation

register = template.Library()


@register.simple_tag
def translated(obj: Any, field: str) -> translation.Shown:
    return translation.shown(obj, field)
