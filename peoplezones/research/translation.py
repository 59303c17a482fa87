"""A survey's own text in the respondent's language. Staff enter the translations per survey
(Django's message catalogues translate the page around it, and the standard questions' own wording,
research.measure_words); anything left blank shows in English."""

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from peoplezones.core.translation import content_languages


def _site_languages() -> set[str]:
    return {code for code, _name in content_languages()}


def survey_language(requested: str, available: dict[str, Any]) -> str:
    """The language to show the survey in, '' for English: the one asked for (`?lang=`), else the
    site's; either only if the survey has a translation in it or the site's catalogues do."""
    offered = dict(settings.PZ_SURVEY_LANGUAGES)
    if requested.lower() in {settings.LANGUAGE_CODE, "en"}:
        return ""
    for code in (requested, translation.get_language() or ""):
        if code in offered and (code in available or code in _site_languages()):
            return code
    return ""


def standard_words(english: str, language: str) -> str:
    """The standard questions' wording in ``language`` from the site's catalogues (English when
    there is none)."""
    if not english or language not in _site_languages():
        return english
    with translation.override(language):
        return gettext(english)


def translated(
    obj: Any, field: str, language: str, *, value: str = "", default: str | None = None
) -> str:
    """obj.translations[language][field] (or [“options”][value]), falling back to the English."""
    english = default if default is not None else getattr(obj, field, "")
    if not language:
        return english
    mine = obj.translations.get(language, {})
    text = mine.get("options", {}).get(value) if field == "option" else mine.get(field)
    if not text and getattr(obj, "standard_item", ""):
        return standard_words(english, language)
    return text or english


def language_name(code: str) -> str:
    return dict(settings.PZ_SURVEY_LANGUAGES).get(code, code)
