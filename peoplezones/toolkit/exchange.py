"""The Tool Kit's exchange format: export published options so other programmes can use them, and
import theirs (or our seed content). Documented in docs/toolkit-format.md; the JSON Schema is
schema/toolkit-v1.schema.json. An import is all-or-nothing and safe to run twice."""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.core import jsoninput
from peoplezones.toolkit import services
from peoplezones.toolkit.models import (
    CONTENT_FIELDS,
    LICENCE_URL,
    EvidenceStatus,
    Option,
)
from peoplezones.toolkit.queries import contributors

FORMAT = "peoplezones-toolkit"
SCHEMA_PATH = Path(__file__).with_name("schema") / "toolkit-v1.schema.json"
MAX_IMPORT_BYTES = 10 * 1024 * 1024


class ImportError_(Exception):
    """The file was refused; ``problems`` name each place that is wrong. Nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def export(options: Any, *, source: str, base_url: str = "") -> dict[str, Any]:
    items = []
    for option in options.select_related("current"):
        content = option.content()
        item = {"slug": option.slug}
        item.update({k: content[k] for k in CONTENT_FIELDS if k != "attachments"})
        item.update(
            {
                "evidence_status": option.evidence_status,
                "contributors": contributors(option),
                "version": option.version,
                "updated_at": option.updated_at.isoformat(),
                "url": f"{base_url}{option.get_absolute_url()}",
            }
        )
        items.append(item)
    return {
        "format": FORMAT,
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        "source": source,
        "licence": f"CC BY-SA 4.0 {LICENCE_URL}",
        "options": items,
    }


def _where(error: jsonschema.ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path.lstrip(".") or _("the file")


def parse(raw: bytes, *, filename: str = "file") -> dict[str, Any]:
    """The file's data if it is valid; otherwise ImportError_ naming every problem found."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportError_([_("%(f)s is larger than 10 MB.") % {"f": filename}])
    try:
        data = jsoninput.loads(raw, max_bytes=MAX_IMPORT_BYTES, name=filename)
    except jsoninput.JSONRefused as refused:
        raise ImportError_([str(refused)]) from None
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    problems = [f"{filename}: {_where(error)}: {error.message}" for error in errors[:20]]
    if not errors:
        slugs = [item["slug"] for item in data["options"]]
        for index, slug in enumerate(slugs):
            if slugs.index(slug) != index:
                problems.append(
                    _("%(f)s: options[%(i)s].slug: “%(s)s” appears more than once.")
                    % {"f": filename, "i": index, "s": slug}
                )
    if problems:
        raise ImportError_(problems)
    return data


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_local: list[str] = field(default_factory=list)


@transaction.atomic
def import_options(data: dict[str, Any], *, source: str) -> ImportResult:
    """Add new options and publish a new version of changed ones, credited to ``source``.
    An option whose current version was written by someone here is left as it is."""
    result = ImportResult()
    for item in data["options"]:
        content = services.normalise({k: v for k, v in item.items() if k in CONTENT_FIELDS})
        content["attachments"] = []
        existing = Option.objects.select_related("current").filter(slug=item["slug"]).first()
        if existing is not None:
            current = services.normalise(existing.content())
            current["attachments"] = []
            if current == content:
                result.unchanged.append(item["slug"])
                continue
            if existing.current is not None and existing.current.contributor_id is not None:
                # Someone here has improved it since: never overwrite their version.
                result.kept_local.append(item["slug"])
                continue
            content["attachments"] = existing.content().get("attachments", [])
        option = services.publish_directly(
            content=content,
            credit=source,
            change_note=_("Imported from %(source)s") % {"source": source},
            slug=item["slug"],
        )
        if existing is None:
            result.added.append(option.slug)
            status = item.get("evidence_status", EvidenceStatus.UNTESTED)
            if status != EvidenceStatus.UNTESTED:
                services.step_evidence(
                    option,
                    status,
                    item.get("evidence_reason")
                    or _("As assessed by %(source)s") % {"source": source},
                    None,
                )
        else:
            result.changed.append(option.slug)
    return result
