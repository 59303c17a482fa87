"""A survey's own text in the respondent's language. Staff enter the translations per survey
(Django's message catalogues translate the page around it); anything left blank shows in English."""

from typing import Any

from django.conf import settings


def survey_language(requested: str, available: dict[str, Any]) -> str:
    """The language to show: one the survey has a translation for, else '' (English)."""
    offered = dict(settings.PZ_SURVEY_LANGUAGES)
    return requested if requested in offered and requested in available else ""


def translated(
    obj: Any, field: str, language: str, *, value: str = "", default: str | None = None
) -> str:
    """obj.translations[language][field] (or [“options”][value]), falling back to the English."""
    english = default if default is not None else getattr(obj, field, "")
    if not language:
        return english
    mine = obj.translations.get(language, {})
    text = mine.get("options", {}).get(value) if field == "option" else mine.get(field)
    return text or english


def language_name(code: str) -> str:
    return dict(settings.PZ_SURVEY_LANGUAGES).get(code, code)
