"""What every research page shares: finding a survey or wave the person may work on, its questions, its public link and the answering form."""

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation

from peoplezones.core.languages import site_languages
from peoplezones.research.forms import (
    ResponseForm,
)
from peoplezones.research.models import (
    Question,
    Survey,
    Wave,
)
from peoplezones.research.permissions import (
    can_manage_survey,
)
from peoplezones.research.translation import translated

THANKS_KEY = "research:thanks"
SENT_KEY = "research:sent_forms"
RTL = {"ar", "ur"}


def survey_for(request: HttpRequest, pk: int, *, manage: bool = True) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("zone"), pk=pk)
    if manage and not can_manage_survey(request.user, survey):
        raise PermissionDenied
    return survey


def wave_for(request: HttpRequest, pk: int) -> Wave:
    wave = get_object_or_404(Wave.objects.select_related("survey__zone"), pk=pk)
    if not can_manage_survey(request.user, wave.survey):
        raise PermissionDenied
    return wave


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("section", "show_if_question"))


def public_link(request: HttpRequest, wave: Wave) -> str:
    return request.build_absolute_uri(reverse("research:respond", args=[wave.token]))


def response_form(
    request: HttpRequest, survey: Survey, language: str, **kwargs: Any
) -> ResponseForm:
    return ResponseForm(
        request.POST or None, survey=survey, questions=questions_of(survey), language=language,
        **kwargs,
    )  # fmt: skip


def questions_fingerprint(form: ResponseForm) -> str:
    """Everything a fresh (unfilled) form's questions are drawn from: each question's and its
    section's stored fields, the survey's translations, the survey's language and the site's.
    The questions drawn once are kept under it (respond.html), so an edit to any of them is a new
    fingerprint and never shows an old drawing; they are kept in the process's own memory (the
    "drawn" cache), so a release's new templates or wording never meet one either."""
    drawn_from: list[Any] = [
        translation.get_language(),
        form.language,
        form.paper,
        form.survey.translations,
    ]
    for question in form.questions:
        for row in (question, question.section):
            if row is not None:
                drawn_from.append([getattr(row, f.attname) for f in row._meta.concrete_fields])
    return hashlib.sha256(repr(drawn_from).encode()).hexdigest()


def answer_context(survey: Survey, language: str) -> dict[str, Any]:
    available = [
        (code, name) for code, name in settings.PZ_SURVEY_LANGUAGES
        if code in survey.translations or code in site_languages()
    ]  # fmt: skip
    return {
        "survey": survey,
        "language": language,
        "direction": "rtl" if language in RTL else "ltr",
        # The site's catalogues translate the standard questions; what the Zone wrote may not be.
        "partly_english": bool(language) and language not in survey.translations,
        "title": translated(survey, "title", language),
        "introduction": translated(survey, "introduction", language),
        "languages": available,
    }
