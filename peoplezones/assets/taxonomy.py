"""The asset taxonomy and the skills list: loaded from taxonomy.json and skills.json (the files are
the maintained source; staff may add more in the admin), and matched against OpenStreetMap tags and
Open Referral UK term names."""

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from peoplezones.assets.models import Category, Skill

HERE = Path(__file__).parent
TAXONOMY_FILE = HERE / "taxonomy.json"
SKILLS_FILE = HERE / "skills.json"
FALLBACK = "other"


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, Any]:
    return json.loads(TAXONOMY_FILE.read_text())


def vocabulary() -> str:
    return taxonomy()["vocabulary"]


def sync() -> None:
    """Create or update every category and skill named in the files (never deletes: assets may
    still use a category someone retired from the file)."""
    for entry in taxonomy()["categories"]:
        Category.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "kind": entry["kind"],
                "colour": entry["colour"],
                "osm_tags": entry["osm"],
                "oruk_terms": entry["oruk"],
            },
        )
    for entry in json.loads(SKILLS_FILE.read_text()):
        Skill.objects.update_or_create(
            slug=entry["slug"], defaults={"name": entry["name"], "phrase": entry["phrase"]}
        )


def sync_after_migrate(*args: Any, **kwargs: Any) -> None:
    sync()


class Matcher:
    """Category lookups for one import: by slug, by OSM tags (most specific tag set wins), and by
    Open Referral UK term name (case-insensitive)."""

    def __init__(self) -> None:
        self.by_slug = {c.slug: c for c in Category.objects.all()}
        rules = []
        for category in self.by_slug.values():
            for tags in category.osm_tags:
                exact = sum(1 for v in tags.values() if v != "*")
                rules.append((len(tags), exact, tags, category))
        rules.sort(key=lambda r: (-r[0], -r[1]))
        self.rules = rules
        self.by_term = {
            term.casefold(): category
            for category in self.by_slug.values()
            for term in category.oruk_terms
        }
        self.by_name = {c.name.casefold(): c for c in self.by_slug.values()}

    def category(self, slug_or_name: str) -> Category | None:
        key = (slug_or_name or "").strip()
        return self.by_slug.get(key.lower()) or self.by_name.get(key.casefold())

    def from_osm(self, tags: dict[str, Any]) -> Category | None:
        for _size, _exact, wanted, category in self.rules:
            if all(k in tags and (v == "*" or str(tags[k]) == v) for k, v in wanted.items()):
                return category
        return None

    def from_terms(self, names: list[str]) -> Category | None:
        for name in names:
            found = self.by_term.get((name or "").casefold()) or self.category(name)
            if found:
                return found
        return None

    def fallback(self) -> Category:
        return self.by_slug[FALLBACK]

    @staticmethod
    def osm_tags_for(category: Category) -> dict[str, str]:
        """The first, concrete tag set of a category, for exports (a wildcard becomes 'yes')."""
        if not category.osm_tags:
            return {}
        return {k: ("yes" if v == "*" else v) for k, v in category.osm_tags[0].items()}
