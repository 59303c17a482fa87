"""The platform's message catalogues (locale/<language>/LC_MESSAGES/django.po): how far each is
translated and reviewed, and compiling them. gettext's "fuzzy" flag is the reviewed state: a
string marked fuzzy is translated but not yet reviewed by a person who speaks the language. Unlike
gettext's own default, unreviewed strings are used (a resident reads an unreviewed Urdu sentence
rather than English); staff see which they are and review them in the browser (django-rosetta,
at /translations/strings/), which clears the flag."""

from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import reloader


def po_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class Progress:
    language: str
    name: str
    total: int
    reviewed: int
    unreviewed: int
    untranslated: int

    @property
    def percent_translated(self) -> int:
        return round(100 * (self.reviewed + self.unreviewed) / self.total) if self.total else 0


def _has_text(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return all(entry.msgstr_plural.values()) if entry.msgstr_plural else False
    return bool(entry.msgstr)


def progress() -> list[Progress]:
    found = []
    for code, name in settings.LANGUAGES:
        path = po_path(code)
        if code == settings.LANGUAGE_CODE or not path.exists():
            continue
        entries = [e for e in polib.pofile(str(path)) if not e.obsolete]
        done = [e for e in entries if _has_text(e)]
        unreviewed = sum(1 for e in done if "fuzzy" in e.flags)
        found.append(Progress(code, str(name), len(entries), len(done) - unreviewed, unreviewed,
                              len(entries) - len(done)))  # fmt: skip
    return found


def compile_catalogue(path: Path) -> Path:
    """django.po -> django.mo, keeping unreviewed (fuzzy) strings; then this process reads it
    again at once (other processes when they restart)."""
    source = polib.pofile(str(path))
    compiled = polib.POFile()
    compiled.metadata = source.metadata
    for entry in source:
        if entry.obsolete or not _has_text(entry):
            continue
        compiled.append(polib.POEntry(
            msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural, msgstr_plural=entry.msgstr_plural,
        ))  # fmt: skip
    target = path.with_suffix(".mo")
    compiled.save_as_mofile(str(target))
    reloader.translation_file_changed(sender=None, file_path=target)
    return target


def compile_all() -> list[Path]:
    return [compile_catalogue(po_path(code)) for code, _name in settings.LANGUAGES
            if po_path(code).exists()]  # fmt: skip


def reviewed_saved(sender: object = None, language_code: str = "", **_kwargs: object) -> None:
    """django-rosetta saved a catalogue: compile it our way (its own compiling leaves out
    unreviewed strings)."""
    if language_code and po_path(language_code).exists():
        compile_catalogue(po_path(language_code))
