"""Reads for the Tool Kit: finding options, the story of each, suggestions for a Zone."""

import hashlib
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from peoplezones.core.models import OrganisationType, Theme
from peoplezones.toolkit import search
from peoplezones.toolkit.models import (
    EMMIE,
    EVIDENCE_ORDER,
    Experience,
    MoneyBand,
    Option,
    Outcome,
    Revision,
    RevisionStatus,
    SetupTime,
    Strength,
    Visibility,
)
from peoplezones.toolkit.permissions import sees_partnership_experience
from peoplezones.zones.models import Zone


def filtered(filters: dict[str, str]) -> QuerySet[Option]:
    """Published options narrowed by the browse page's filters."""
    options = Option.objects.all()
    if filters.get("theme"):
        options = options.filter(themes_tags__contains=f",{filters['theme']},")
    if filters.get("agency"):
        options = options.filter(agencies_tags__contains=f",{filters['agency']},")
    if filters.get("cost"):
        options = options.filter(money_band=filters["cost"])
    if filters.get("effort"):
        options = options.filter(setup_time=filters["effort"])
    if filters.get("evidence"):
        options = options.filter(evidence_status=filters["evidence"])
    if filters.get("area"):
        options = options.filter(
            experiences__zone__local_authority=filters["area"], experiences__zone__is_published=True
        ).distinct()
    return options


def find(query: str, filters: dict[str, str]) -> list[Option]:
    options = filtered(filters)
    if query.strip():
        return search.search(query, options)
    return list(options.order_by("title"))


def areas_with_experience() -> list[str]:
    return sorted(
        {
            area
            for area in Zone.objects.filter(
                is_published=True, toolkit_experiences__isnull=False
            ).values_list("local_authority", flat=True)
            if area
        }
    )


def zones_using(option: Option) -> int:
    zone_ids = set(option.experiences.exclude(zone=None).values_list("zone_id", flat=True))
    zone_ids |= set(option.actions.values_list("zone_id", flat=True))
    return len(zone_ids)


def experiences_visible_to(user: Any, option: Option) -> QuerySet[Experience]:
    experiences = option.experiences.select_related("zone", "organisation", "objective")
    if sees_partnership_experience(user):
        return experiences
    return experiences.filter(visibility=Visibility.PUBLIC).filter(
        Q(zone__isnull=True) | Q(zone__is_published=True)
    )


def outcome_counts(experiences: QuerySet) -> list[tuple[str, int]]:
    counts = dict(experiences.values_list("outcome").annotate(n=Count("id")))
    return [(str(label), counts[value]) for value, label in Outcome.choices if counts.get(value)]


# Diffs ------------------------------------------------------------------------------------------

FIELD_LABELS: list[tuple[str, Any]] = [
    ("title", _("Title")),
    ("summary", _("One-line summary")),
    ("themes", _("The problems it helps with")),
    ("steps", _("What it involves, step by step")),
    ("agencies", _("Agencies to involve")),
    ("roles", _("Who to involve")),
    ("people_needed", _("People needed")),
    ("money_band", _("Money needed")),
    ("space_needed", _("Space needed")),
    ("setup_time", _("Time to set up")),
    ("risks", _("Risks and safeguarding")),
    ("links", _("Links")),
]


def _readable(field: str, value: Any) -> str:
    if field == "themes":
        return ", ".join(str(Theme(v).label) for v in value if v in Theme.values)
    if field == "agencies":
        return ", ".join(
            str(OrganisationType(v).label) for v in value if v in OrganisationType.values
        )
    if field == "money_band" and value in MoneyBand.values:
        return str(MoneyBand(value).label)
    if field == "setup_time" and value in SetupTime.values:
        return str(SetupTime(value).label)
    return str(value or "")


def _flat(content: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [(str(label), _readable(field, content.get(field))) for field, label in FIELD_LABELS]
    emmie = content.get("emmie") or {}
    for key, label, _question in EMMIE:
        value = emmie.get(key) or {}
        strength = Strength(int(value.get("strength", 0))).label
        rows.append((str(label), f"{value.get('summary', '')}\n[{strength}]"))
    return rows


def _word_diff(old: str, new: str) -> SafeString:
    """Words removed in <del>, added in <ins>; everything escaped."""
    a, b = old.split(" "), new.split(" ")
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # nosec B308 B703 # noqa: S308 - every fragment is escaped above


@dataclass(frozen=True)
class FieldChange:
    label: str
    diff: SafeString


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[FieldChange]:
    """The fields that differ between two versions, each as a word-level diff."""
    before = dict(_flat(old)) if old else {}
    changes = []
    for label, text in _flat(new):
        previous = before.get(label, "")
        if previous != text:
            changes.append(FieldChange(label, _word_diff(previous, text)))
    return changes


def published_versions(option: Option) -> QuerySet[Revision]:
    return (
        option.revisions.filter(status=RevisionStatus.PUBLISHED)
        .select_related("contributor", "reverted_from")
        .order_by("-number")
    )


def contributors(option: Option) -> list[str]:
    names: list[str] = []
    for revision in published_versions(option).order_by("number"):
        if revision.reverted_from_id:
            continue
        if revision.contributor_name not in names:
            names.append(revision.contributor_name)
    return names


def moderation_queue() -> QuerySet[Revision]:
    return (
        Revision.objects.filter(status=RevisionStatus.PENDING)
        .select_related("option", "contributor")
        .order_by("updated_at")
    )


# Suggestions for a Zone -------------------------------------------------------------------------

SUGGESTIONS_KEPT_SECONDS = 300


def suggestions_for(zone: Zone, limit: int = 5) -> list[Option]:
    """Options that fit the Zone's published objectives and are not yet in its plan: ranked by
    the words of the objectives, then any option sharing an objective's theme. Kept a few
    minutes under everything they are worked out from (the objectives, the plan's options, the
    version of the search index, which changes with any option), so an edit shows at once."""
    objectives = list(zone.objectives.all())
    if not objectives:
        return []
    adopted = sorted(zone.actions.exclude(option=None).values_list("option_id", flat=True))
    worked_from = (
        zone.pk, limit, adopted, search.index_version(),
        [(o.pk, o.title, o.statement, o.theme) for o in objectives],
    )  # fmt: skip
    key = "toolkit:ideas:" + hashlib.sha256(repr(worked_from).encode()).hexdigest()
    ids = cache.get(key)
    if ids is None:
        ids = [option.pk for option in _suggested(objectives, adopted, limit)]
        cache.set(key, ids, SUGGESTIONS_KEPT_SECONDS)
    found = Option.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _suggested(objectives: list[Any], adopted: list[int], limit: int) -> list[Option]:
    themes = {objective.theme for objective in objectives}
    theme_q = Q()
    for theme in themes:
        theme_q |= Q(themes_tags__contains=f",{theme},")
    candidates = Option.objects.exclude(pk__in=adopted).filter(theme_q)
    # The candidates are read once and each objective ranked among them in memory, then the
    # options found are read in one go.
    allowed = set(candidates.values_list("id", flat=True))
    ids = [
        search.ranked_among(f"{objective.title} {objective.statement}", allowed, limit)
        for objective in objectives
    ]
    found = candidates.in_bulk({pk for hits in ids for pk in hits})
    per_objective = [[found[pk] for pk in hits if pk in found] for hits in ids]
    ranked: list[Option] = []
    # Take each objective's best in turn, so every objective gets a suggestion.
    for rank in range(limit):
        for hits in per_objective:
            if rank < len(hits) and hits[rank] not in ranked:
                ranked.append(hits[rank])
    strongest_first = Case(
        *(When(evidence_status=s, then=Value(i)) for i, s in enumerate(reversed(EVIDENCE_ORDER))),
        output_field=IntegerField(),
    )
    for option in candidates.order_by(strongest_first, "title")[: limit * 2]:
        if option not in ranked:
            ranked.append(option)
    return ranked[:limit]
