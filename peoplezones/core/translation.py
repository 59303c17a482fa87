"""Content staff write, in the area's community languages. Apps register which models and fields
can be translated (core imports no domain app); each object keeps its translations in a
`translations` JSON field: {language: {field: text, "_from": {field: digest of the English}}}.
A translation is shown while the English it was made from is unchanged; otherwise, or when there
is none, the English shows with a note saying so (and `lang="en"` on it, for screen readers).

The platform's own words are translated by Django's message catalogues instead (locale/)."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.safestring import SafeString

from peoplezones.core import audit
from peoplezones.core.models import AuditAction, User
from peoplezones.core.permissions import is_programme_staff


@dataclass(frozen=True)
class Translatable:
    label: str  # "Pages", shown to staff
    model: str  # "pages.Page"
    fields: tuple[str, ...]
    long: tuple[str, ...] = ()  # fields written as paragraphs (a text area, Markdown)
    public: Callable[[models.QuerySet], models.QuerySet] = lambda qs: qs  # what residents see
    can_translate: Callable[[Any, Any], bool] = lambda user, _obj: is_programme_staff(user)

    @property
    def key(self) -> str:
        return self.model.lower()

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


_REGISTRY: dict[str, Translatable] = {}
ENGLISH_ATTRS = SafeString(' lang="en-GB" dir="ltr"')  # fixed text: no one's input


def register(item: Translatable) -> None:
    _REGISTRY[item.key] = item


def registered() -> list[Translatable]:
    return sorted(_REGISTRY.values(), key=lambda item: item.label)


def get(key: str) -> Translatable | None:
    return _REGISTRY.get(key)


def content_languages() -> list[tuple[str, str]]:
    """The languages content can be translated into: the site's, English aside."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _digest(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Shown:
    """A field as shown in the visitor's language: its text, and whether it fell back to English
    (`outdated` when a translation exists but the English changed since it was made)."""

    text: str
    fell_back: bool = False
    outdated: bool = False

    def __str__(self) -> str:
        return self.text

    @property
    def attrs(self) -> SafeString:
        """` lang="en-GB" dir="ltr"` for the element holding English shown on a page in another
        language (screen readers then read it as English), else nothing."""
        return ENGLISH_ATTRS if self.fell_back else SafeString("")


def shown(obj: Any, field: str, language: str | None = None) -> Shown:
    english = getattr(obj, field, "") or ""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not english:
        return Shown(english)
    mine = (getattr(obj, "translations", None) or {}).get(language, {})
    text = mine.get(field, "")
    if not text:
        return Shown(english, fell_back=True)
    if mine.get("_from", {}).get(field) != _digest(english):
        return Shown(english, fell_back=True, outdated=True)
    return Shown(text)


def state(obj: Any, item: Translatable, language: str) -> str:
    """ "done" (every field with English text translated and current), "outdated", "partly" or
    "none": what the staff lists show."""
    results = [shown(obj, field, language) for field in item.fields if getattr(obj, field, "")]
    if not results or all(not r.fell_back for r in results):
        return "done"
    if any(r.outdated for r in results):
        return "outdated"
    return "none" if all(r.fell_back for r in results) else "partly"


@transaction.atomic
def save(*, obj: models.Model, item: Translatable, language: str, texts: dict[str, str],
         by: User) -> None:  # fmt: skip
    """Keep one language's text for an object's fields; a blank field removes its translation.
    Each is stamped with the English it was made from."""
    kept = dict(getattr(obj, "translations", None) or {})
    own: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for field in item.fields:
        text = (texts.get(field) or "").strip()
        if text:
            own[field] = text
            sources[field] = _digest(getattr(obj, field, "") or "")
    if own:
        kept[language] = {**own, "_from": sources}
    else:
        kept.pop(language, None)
    type(obj).objects.filter(pk=obj.pk).update(translations=kept)
    obj.translations = kept  # type: ignore[attr-defined]
    audit.record(actor=by, action=AuditAction.CHANGED, target=obj,
                 detail=f"translation ({language})")  # fmt: skip
