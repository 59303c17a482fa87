"""The personal data register: every field that holds personal data, declared by the app that
holds it.

Each app declares its own in `<app>/privacy.py` as an `AppPrivacy` and registers it from its
AppConfig.ready(); `privacy/platform.py` declares the platform's own (accounts, sign-in, the
audit trail, the admin log, background tasks, consents). For each model that holds personal data:
whose data a row is (`subject`: lookups from the model to the person's account, or to their email
address), and for each personal field its purpose, lawful basis (UK GDPR Article 6), how long it
is kept, and what erasure does to it. Every other field of those models is listed in
`not_personal`, and every model without personal data is named with the reason, so a new field or
model fails `test_register` until someone decides what it is. An app also brings its anonymisers,
what withdrawing a consent it took does, its retention rules and its reasons to pause an erasure.

The register page, the subject access export, erasure, consent withdrawal and the retention job
all read this registry (in the style of pretix's data shredders); privacy imports no app. A period
the job applies is written once, in its `Rule`, and the register prints it from there (`Kept`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class Basis(StrEnum):
    CONSENT = "consent", "Consent (Article 6(1)(a))"
    CONTRACT = "contract", "Contract: the service the person asked for (Article 6(1)(b))"
    LEGAL = "legal_obligation", "Legal obligation (Article 6(1)(c))"
    VITAL = "vital_interests", "Vital interests: keeping someone safe (Article 6(1)(d))"
    PUBLIC_TASK = "public_task", "Public task: partners' community-safety duties (Article 6(1)(e))"
    LEGITIMATE = "legitimate_interests", "Legitimate interests (Article 6(1)(f))"

    def __new__(cls, value: str, label: str) -> Basis:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label  # type: ignore[attr-defined]
        return member


class Erase(StrEnum):
    """What erasure does to a field. Rows are kept (anonymised) so counts stay right, unless the
    holding says `erase_rows="delete"`."""

    CLEAR = "clear"  # emptied ("" or None)
    KEEP = "keep"  # a link to the person's account, which erasure itself anonymises
    ANONYMISE = "anonymise"  # replaced by a non-identifying value (see privacy.erasure)
    DELETE = "delete"  # the whole row goes


@dataclass(frozen=True)
class Kept:
    """A period a retention rule enforces. `text` says it with "{period}", filled in from the
    rule's days (PZ_RETENTION_DAYS or the rule's default), so the register says what the job does."""

    rule: str
    text: str = "{period}"

    def __str__(self) -> str:
        return self.text.format(period=rule(self.rule).period())


@dataclass(frozen=True)
class Personal:
    purpose: str
    basis: Basis
    retention: str | Kept
    erase: Erase = Erase.CLEAR

    @property
    def kept(self) -> str:
        """How long, in words, as published and as applied."""
        return str(self.retention)


@dataclass(frozen=True)
class Holding:
    model: str
    about: str  # whose data, in words
    # Lookups from a row to the User it is *about* (erasure empties its personal fields there);
    # "email:<field>" matches their email address. Rows a person only acted on (their account in
    # an actor field) are exported too, and erasure leaves them linked to the anonymised account.
    subject: tuple[str, ...]
    fields: dict[str, Personal]
    not_personal: frozenset[str] = field(default_factory=frozenset)
    erase_rows: str = "anonymise"  # or "delete"
    hidden: frozenset[str] = field(default_factory=frozenset)  # secrets never shown in an export


def not_personal(*names: str) -> frozenset[str]:
    return frozenset(names)


ACCOUNT = "While the account is open; erased on request"
AS_ACCOUNT = "As the account"


def actor(purpose: str = "Accountability: who did this") -> Personal:
    """A link to whoever acted; after erasure it points at an anonymised account."""
    return Personal(purpose, Basis.LEGITIMATE, AS_ACCOUNT, Erase.KEEP)


def link(purpose: str, basis: Basis, retention: str | Kept = AS_ACCOUNT) -> Personal:
    return Personal(purpose, basis, retention, Erase.KEEP)


def period(days: int) -> str:
    """Days in words, exactly: whole years as years, anything else as days."""
    if days and days % 365 == 0:
        years = days // 365
        return f"{years} year" if years == 1 else f"{years} years"
    return f"{days} day" if days == 1 else f"{days} days"


@dataclass(frozen=True)
class Rule:
    """A retention rule: what it erases, after how long by default, and how. `run` is given the
    cut-off (now less the rule's days; now itself for a rule without a period) and returns how
    many records it erased, going through the register's erasure so every field is treated as
    declared. A rule only touches rows still holding what it erases, so running twice is safe."""

    name: str
    says: str
    default_days: int | None
    run: Callable[[datetime], int]

    def days(self) -> int | None:
        if self.default_days is None:
            return None
        return int(getattr(settings, "PZ_RETENTION_DAYS", {}).get(self.name, self.default_days))

    def period(self) -> str:
        days = self.days()
        return "" if days is None else period(days)


Anonymiser = Callable[[Any, Any], Any]  # (row, old value) -> a non-identifying value
Withdrawal = Callable[[Any, Any, Any], None]  # (consent, the record it covers, who) -> None


@dataclass(frozen=True)
class AppPrivacy:
    """Everything one app declares about the personal data it holds."""

    holdings: tuple[Holding, ...] = ()
    no_personal_data: Mapping[str, str] = field(default_factory=dict)  # model -> why not
    anonymisers: Mapping[str, Anonymiser] = field(default_factory=dict)  # "app.Model.field"
    retention: tuple[Rule, ...] = ()
    on_withdrawal: Mapping[str, Withdrawal] = field(default_factory=dict)  # consent purpose
    reasons_to_pause: Callable[[Any], list[str]] | None = None  # (person) -> what to weigh
    # Models whose rows an export may name (public names: a Zone, a group), not "a match #3".
    named_in_exports: frozenset[str] = field(default_factory=frozenset)
    notice_version: Callable[[], str] | None = None  # the privacy notice in force


_APPS: dict[str, AppPrivacy] = {}


def register(app_label: str, declared: AppPrivacy) -> None:
    """Add an app's declarations (from its AppConfig.ready()); a model, rule, anonymiser or
    consent purpose declared twice is a mistake, named here."""
    if app_label in _APPS:
        if _APPS[app_label] is declared:
            return
        raise ImproperlyConfigured(f"privacy: {app_label} registered twice")
    seen = {
        "model": set(by_model()) | set(no_personal_data()),
        "rule": {r.name for r in rules()},
        "anonymiser": {k for a in _APPS.values() for k in a.anonymisers},
        "consent purpose": {k for a in _APPS.values() for k in a.on_withdrawal},
    }
    mine = {
        "model": [h.model for h in declared.holdings] + list(declared.no_personal_data),
        "rule": [r.name for r in declared.retention],
        "anonymiser": list(declared.anonymisers),
        "consent purpose": list(declared.on_withdrawal),
    }
    for kind, names in mine.items():
        twice = sorted({n for n in names if n in seen[kind] or names.count(n) > 1})
        if twice:
            raise ImproperlyConfigured(f"privacy: {app_label} declares {kind} {twice} again")
    _APPS[app_label] = declared


def apps() -> dict[str, AppPrivacy]:
    return dict(_APPS)


def _declared() -> list[AppPrivacy]:
    """Every app's declarations, the platform's own (registered by privacy) first."""
    return [d for label, d in sorted(_APPS.items(), key=lambda item: item[0] != "privacy")]


def holdings() -> list[Holding]:
    return [h for declared in _declared() for h in declared.holdings]


def by_model() -> dict[str, Holding]:
    return {h.model: h for h in holdings()}


def no_personal_data() -> dict[str, str]:
    return {m: why for declared in _declared() for m, why in declared.no_personal_data.items()}


def anonymisers() -> dict[str, Anonymiser]:
    return {k: f for declared in _declared() for k, f in declared.anonymisers.items()}


def rules() -> list[Rule]:
    return [r for declared in _declared() for r in declared.retention]


def rule(name: str) -> Rule:
    for found in rules():
        if found.name == name:
            return found
    raise KeyError(f"no retention rule {name!r}")


def withdrawal(purpose: str) -> Withdrawal | None:
    for declared in _declared():
        if purpose in declared.on_withdrawal:
            return declared.on_withdrawal[purpose]
    return None


def reasons_to_pause(person: Any) -> list[str]:
    return [
        note
        for declared in _declared()
        if declared.reasons_to_pause is not None
        for note in declared.reasons_to_pause(person)
    ]


def named_in_exports() -> frozenset[str]:
    return frozenset().union(*(d.named_in_exports for d in _declared()))


def notice_version() -> str:
    for declared in _declared():
        if declared.notice_version is not None:
            return declared.notice_version()
    return ""


def problems() -> list[str]:
    """What a system check reports: a period naming no rule, an anonymised field without an
    anonymiser, a PZ_RETENTION_DAYS entry naming no rule."""
    names = {r.name for r in rules()}
    found = []
    known = anonymisers()
    for h in holdings():
        for name, personal in h.fields.items():
            if isinstance(personal.retention, Kept) and personal.retention.rule not in names:
                found.append(
                    f"{h.model}.{name} is kept by rule {personal.retention.rule!r}, "
                    "which no app registers"
                )
            if personal.erase == Erase.ANONYMISE and f"{h.model}.{name}" not in known:
                found.append(
                    f"{h.model}.{name} is anonymised on erasure, but no app registers "
                    "an anonymiser for it"
                )
    unknown = set(getattr(settings, "PZ_RETENTION_DAYS", {})) - names
    if unknown:
        found.append(
            f"PZ_RETENTION_DAYS names rules that do not exist: {sorted(unknown)}; "
            f"the rules are: {', '.join(sorted(names))}"
        )
    return found
