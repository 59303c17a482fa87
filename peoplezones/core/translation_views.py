"""Translations, for staff: how far each catalogue of the platform's words is translated and
reviewed (reviewing itself is django-rosetta's, at /translations/strings/), and staff-written
content (pages, Zone summaries, Tool Kit options) translated per language."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peoplezones.core import catalogues, translation
from peoplezones.core.forms import AccessibleFormMixin, render_form
from peoplezones.core.permissions import staff_required

STATE_WORDS = {
    "done": gettext_lazy("Translated"),
    "outdated": gettext_lazy("English changed since"),
    "partly": gettext_lazy("Partly translated"),
    "none": gettext_lazy("Not translated"),
}


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    languages = translation.content_languages()
    content = []
    for item in translation.registered():
        objects = list(item.model_class().objects.all())
        counts = []
        for code, _name in languages:
            states = [translation.state(obj, item, code) for obj in objects]
            counts.append({"done": states.count("done"), "outdated": states.count("outdated"),
                           "missing": len(states) - states.count("done") - states.count("outdated")})  # fmt: skip
        content.append({"item": item, "total": len(objects), "counts": counts})
    return render(request, "core/translations.html", {
        "catalogues": catalogues.progress(), "languages": languages, "content": content,
    })  # fmt: skip


def _item(key: str) -> translation.Translatable:
    item = translation.get(key)
    if item is None:
        raise Http404
    return item


@staff_required
def content_list(request: HttpRequest, key: str) -> HttpResponse:
    item = _item(key)
    languages = translation.content_languages()
    rows = [
        {"obj": obj, "states": [(code, STATE_WORDS[translation.state(obj, item, code)])
                                for code, _name in languages]}
        for obj in item.model_class().objects.all()
    ]  # fmt: skip
    return render(request, "core/translations_list.html",
                  {"item": item, "languages": languages, "rows": rows})  # fmt: skip


class TranslationForm(AccessibleFormMixin, forms.Form):
    """One language's text for each of an object's translatable fields, beside its English."""

    def __init__(self, *args: Any, item: translation.Translatable, obj: Any, language: str,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        own = (obj.translations or {}).get(language, {})
        rtl = language in settings.LANGUAGES_BIDI
        for field in item.fields:
            model_field = type(obj)._meta.get_field(field)
            long = field in item.long
            widget = forms.Textarea(attrs={"rows": 8}) if long else forms.TextInput()
            widget.attrs.update({"lang": language, "dir": "rtl" if rtl else "ltr"})
            self.fields[field] = forms.CharField(
                label=str(model_field.verbose_name).capitalize(), required=False,
                initial=own.get(field, ""), widget=widget,
                max_length=None if long else getattr(model_field, "max_length", None),
            )  # fmt: skip
        self.english = {field: getattr(obj, field, "") for field in item.fields}

    def pairs(self) -> list[tuple[str, forms.BoundField]]:
        return [(self.english[name], self[name]) for name in self.fields]


@login_required
def content_edit(request: HttpRequest, key: str, pk: int, language: str) -> HttpResponse:
    item = _item(key)
    obj = get_object_or_404(item.model_class(), pk=pk)
    if not item.can_translate(request.user, obj):
        raise PermissionDenied
    names = dict(translation.content_languages())
    if language not in names:
        raise Http404
    form = TranslationForm(request.POST or None, item=item, obj=obj, language=language)
    if request.method == "POST" and form.is_valid():
        translation.save(obj=obj, item=item, language=language, texts=form.cleaned_data,
                         by=request.user)  # fmt: skip
        messages.success(
            request, _("The %(language)s text is saved.") % {"language": names[language]}
        )
        return redirect(reverse("core:translation_edit", args=[key, pk, language]))
    return render_form(request, "core/translation_edit.html", {
        "item": item, "obj": obj, "form": form, "language": language,
        "language_name": names[language], "rtl": language in settings.LANGUAGES_BIDI,
        "others": [(code, name) for code, name in names.items() if code != language],
    })  # fmt: skip
