"""Writes for the Tool Kit. Each owns its transaction; views decide who may call them.

Two people never silently overwrite each other: an edit names the version it started from and is
refused if another was published since; moderators act on the exact text they read (a lock number
that rises with each amendment), and publishing takes a row lock on the option.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peoplezones.core.models import Organisation, OrganisationType, Theme, User
from peoplezones.core.slugs import unique_slug
from peoplezones.toolkit.models import (
    CONTENT_FIELDS,
    EMMIE_KEYS,
    EVIDENCE_ORDER,
    Attachment,
    EvidenceChange,
    EvidenceStatus,
    Experience,
    ModerationKind,
    ModerationNote,
    Option,
    Outcome,
    Revision,
    RevisionStatus,
    _tags,
)
from peoplezones.toolkit.tasks import email_contributor, email_moderators
from peoplezones.zones import services as zone_services
from peoplezones.zones.models import Action, Zone


class ToolkitConflict(Exception):
    """Someone else changed the thing being edited or moderated; nothing was saved."""


def empty_emmie() -> dict[str, dict[str, Any]]:
    return {key: {"summary": "", "strength": 0} for key in EMMIE_KEYS}


def normalise(content: dict[str, Any]) -> dict[str, Any]:
    """Content in its stored shape: every field present, lists de-duplicated, text trimmed."""
    emmie = empty_emmie()
    for key, value in (content.get("emmie") or {}).items():
        if key in emmie:
            emmie[key] = {
                "summary": str(value.get("summary", "")).strip(),
                "strength": int(value.get("strength", 0)),
            }
    out: dict[str, Any] = {}
    for field in CONTENT_FIELDS:
        value = content.get(field)
        if field in {"themes", "agencies"}:
            out[field] = list(dict.fromkeys(value or []))
        elif field == "attachments":
            out[field] = [int(pk) for pk in (value or [])]
        elif field == "emmie":
            out[field] = emmie
        else:
            out[field] = str(value or "").strip()
    return out


def _search_body(content: dict[str, Any]) -> str:
    labels = [str(Theme(v).label) for v in content["themes"] if v in Theme.values]
    labels += [
        str(OrganisationType(v).label) for v in content["agencies"] if v in OrganisationType.values
    ]
    parts = [
        " ".join(labels),
        content["steps"],
        content["roles"],
        content["people_needed"],
        content["space_needed"],
        content["risks"],
        content["emmie"]["mechanism"]["summary"],
    ]
    return "\n".join(part for part in parts if part)


def _unique_slug(title: str) -> str:
    reserved = {"propose", "moderation", "contributions", "export", "import", "feed"}
    return unique_slug(
        title, Option.objects.all(), fallback="option", max_length=100, reserved=reserved
    )


# Content fields stored on the option as they are; themes and agencies are stored as tags.
_PLAIN_FIELDS = [
    field for field in CONTENT_FIELDS if field not in {"themes", "agencies", "attachments"}
]


def _apply(option: Option, content: dict[str, Any]) -> None:
    for field in _PLAIN_FIELDS:
        setattr(option, field, content[field])
    option.themes_tags = _tags(content["themes"])
    option.agencies_tags = _tags(content["agencies"])
    option.search_body = _search_body(content)


def _note(revision: Revision, kind: str, by: User | None, note: str = "") -> None:
    ModerationNote.objects.create(revision=revision, kind=kind, by=by, note=note)


def _describe(revision: Revision) -> str:
    return _("version %(n)s, published by %(who)s on %(when)s") % {
        "n": revision.number,
        "who": revision.contributor_name,
        "when": date_format(timezone.localtime(revision.published_at), "j F Y, H:i"),
    }


@transaction.atomic
def propose_option(
    *, contributor: User, content: dict[str, Any], change_note: str = ""
) -> Revision:
    """A new option, waiting for moderation."""
    revision = Revision.objects.create(
        content=normalise(content), contributor=contributor, change_note=change_note
    )
    _note(revision, ModerationKind.SUBMITTED, contributor, change_note)
    _tell_moderators(revision)
    return revision


def _tell_moderators(revision: Revision) -> None:
    transaction.on_commit(lambda: email_moderators.enqueue(revision.pk))


@transaction.atomic
def propose_edit(
    *,
    option: Option,
    contributor: User,
    content: dict[str, Any],
    base_id: int | None,
    change_note: str = "",
) -> Revision:
    """An edit to a published option, refused if another version was published meanwhile."""
    option = (
        Option.objects.select_for_update(of=("self",)).select_related("current").get(pk=option.pk)
    )
    if option.current_id != base_id:
        raise ToolkitConflict(
            _(
                "Someone else changed this option while you were editing: %(newer)s. "
                "Your text is below; compare it with the new version and send it again."
            )
            % {"newer": _describe(option.current)}
        )
    content = normalise(content)
    if content == normalise(option.current.content):
        raise ToolkitConflict(_("Nothing has changed: edit at least one field before sending."))
    revision = Revision.objects.create(
        option=option,
        content=content,
        contributor=contributor,
        base=option.current,
        change_note=change_note,
    )
    _note(revision, ModerationKind.SUBMITTED, contributor, change_note)
    _tell_moderators(revision)
    return revision


@transaction.atomic
def amend(*, revision: Revision, contributor: User, content: dict[str, Any], lock: int) -> Revision:
    """The contributor answers a request for changes (or improves a pending proposal)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status not in {RevisionStatus.PENDING, RevisionStatus.CHANGES}:
        raise ToolkitConflict(
            _("This proposal has already been %(status)s, so it can no longer be changed.")
            % {"status": revision.get_status_display().lower()}
        )
    if revision.lock != lock:
        raise ToolkitConflict(
            _("This proposal was changed in another window or tab; reload it to see the latest.")
        )
    revision.content = normalise(content)
    revision.status = RevisionStatus.PENDING
    revision.lock += 1
    revision.updated_at = timezone.now()
    revision.save()
    _note(revision, ModerationKind.AMENDED, contributor)
    _tell_moderators(revision)
    return revision


def _moderatable(revision_pk: int, lock: int) -> Revision:
    revision = Revision.objects.select_for_update().get(pk=revision_pk)
    if revision.status != RevisionStatus.PENDING:
        raise ToolkitConflict(
            _("Another moderator has already dealt with this: it is now “%(status)s”.")
            % {"status": revision.get_status_display()}
        )
    if revision.lock != lock:
        raise ToolkitConflict(
            _(
                "The contributor amended this proposal after you opened it. "
                "Read the new text before deciding."
            )
        )
    return revision


@transaction.atomic
def request_changes(*, revision: Revision, moderator: User, note: str, lock: int) -> Revision:
    revision = _moderatable(revision.pk, lock)
    revision.status = RevisionStatus.CHANGES
    revision.updated_at = timezone.now()
    revision.save(update_fields=["status", "updated_at"])
    _note(revision, ModerationKind.CHANGES, moderator, note)
    return revision


@transaction.atomic
def reject(*, revision: Revision, moderator: User, note: str, lock: int) -> Revision:
    revision = _moderatable(revision.pk, lock)
    revision.status = RevisionStatus.REJECTED
    revision.moderated_by = moderator
    revision.updated_at = timezone.now()
    revision.save(update_fields=["status", "moderated_by", "updated_at"])
    _note(revision, ModerationKind.REJECTED, moderator, note)
    return revision


def _publish(
    revision: Revision, option: Option | None, moderator: User | None, kind: str, note: str
) -> Option:
    now = timezone.now()
    if option is None:
        option = Option(slug=_unique_slug(revision.content["title"]), created_at=now)
    _apply(option, revision.content)
    option.version += 1
    option.updated_at = now
    option.save()
    revision.option = option
    revision.number = option.version
    revision.status = RevisionStatus.PUBLISHED
    revision.published_at = now
    revision.moderated_by = moderator
    revision.updated_at = now
    revision.save()
    option.current = revision
    option.save(update_fields=["current"])
    Attachment.objects.filter(pk__in=revision.content.get("attachments", [])).update(public=True)
    _note(revision, kind, moderator, note)
    return option


@transaction.atomic
def publish(*, revision: Revision, moderator: User, lock: int, note: str = "") -> Option:
    """Approve a proposal: it becomes the option's newest version."""
    revision = _moderatable(revision.pk, lock)
    option = None
    if revision.option_id:
        option = (
            Option.objects.select_for_update(of=("self",))
            .select_related("current")
            .get(pk=revision.option_id)
        )
        if option.current_id != revision.base_id:
            raise ToolkitConflict(
                _(
                    "This edit was written against an older version; since then %(newer)s. "
                    "Publishing it would undo that change: request changes instead, so the "
                    "contributor can bring their edit up to date."
                )
                % {"newer": _describe(option.current)}
            )
    return _publish(revision, option, moderator, ModerationKind.PUBLISHED, note)


@transaction.atomic
def revert(*, option: Option, to: Revision, moderator: User, expected_current: int) -> Option:
    """Publish an earlier version's content again, as a new version."""
    option = Option.objects.select_for_update().get(pk=option.pk)
    if option.current_id != expected_current:
        raise ToolkitConflict(
            _("The option changed while you were looking at its history; look again.")
        )
    if to.option_id != option.pk or to.status != RevisionStatus.PUBLISHED:
        raise ToolkitConflict(_("Only a published version of this option can be restored."))
    revision = Revision.objects.create(
        option=option,
        content=to.content,
        contributor=moderator,
        base_id=option.current_id,
        reverted_from=to,
        change_note=_("Restored version %(n)s") % {"n": to.number},
    )
    return _publish(revision, option, moderator, ModerationKind.REVERTED, revision.change_note)


@transaction.atomic
def publish_directly(
    *, content: dict[str, Any], credit: str, change_note: str, slug: str | None = None
) -> Option:
    """Seed and imported content: published without moderation, credited to its source."""
    content = normalise(content)
    option = Option.objects.select_for_update().filter(slug=slug).first() if slug else None
    revision = Revision.objects.create(
        option=option,
        content=content,
        credit=credit,
        base_id=option.current_id if option else None,
        change_note=change_note,
    )
    if option is None and slug:
        option = Option(slug=slug, created_at=timezone.now())
    return _publish(revision, option, None, ModerationKind.PUBLISHED, change_note)


def tell_contributor(*, revision: Revision) -> None:
    """After a moderation decision, email the contributor once the decision is committed."""

    transaction.on_commit(lambda: email_contributor.enqueue(revision.pk))


def store_attachment(*, upload: Any, title: str, by: User) -> Attachment:
    return Attachment.objects.create(
        file=upload,
        title=title,
        content_type=getattr(upload, "pz_content_type", "application/octet-stream"),
        size=upload.size,
        uploaded_by=by,
    )


def attachments_for(ids: Iterable[int]) -> list[Attachment]:
    by_id = Attachment.objects.in_bulk(list(ids))
    return [by_id[pk] for pk in ids if pk in by_id]


# Evidence ladder ---------------------------------------------------------------------------------

EVIDENCED_PLACES = 3


def _measured_places(option: Option) -> tuple[set[str], int]:
    improved: set[str] = set()
    other = 0
    for experience in option.experiences.filter(measured=True).select_related(
        "zone", "organisation"
    ):
        if experience.outcome == Outcome.IMPROVED:
            improved.add(experience.place)
        elif experience.outcome in {Outcome.NO_CHANGE, Outcome.WORSE, Outcome.MIXED}:
            other += 1
    return improved, other


def step_evidence(option: Option, to: str, reason: str, by: User | None) -> None:
    EvidenceChange.objects.create(
        option=option, from_status=option.evidence_status, to_status=to, reason=reason, by=by
    )
    option.evidence_status = to
    option.save(update_fields=["evidence_status"])


def review_evidence(option: Option) -> None:
    """Move the option up the ladder when Zones' measured experience supports it (never down:
    stepping down is a judgement programme staff make, with a reason)."""
    improved, other = _measured_places(option)
    target = EvidenceStatus.UNTESTED
    if len(improved) >= EVIDENCED_PLACES and len(improved) > other:
        target = EvidenceStatus.EVIDENCED
    elif improved:
        target = EvidenceStatus.PROMISING
    if EVIDENCE_ORDER.index(target) <= EVIDENCE_ORDER.index(option.evidence_status):
        return
    places = ", ".join(sorted(improved))
    reason = _(
        "%(n)s place(s) measured an improvement after trying it (%(places)s); "
        "%(other)s measured experience(s) found no clear or a mixed change."
    ) % {"n": len(improved), "places": places, "other": other}
    step_evidence(option, target, reason, None)


@transaction.atomic
def set_evidence_status(*, option: Option, status: str, reason: str, by: User) -> None:
    option = Option.objects.select_for_update().get(pk=option.pk)
    if status != option.evidence_status:
        step_evidence(option, status, reason, by)


# Experience and adoption -------------------------------------------------------------------------


@transaction.atomic
def record_experience(
    *,
    option: Option,
    recorded_by: User,
    zone: Zone | None,
    organisation: Organisation | None,
    fields: dict[str, Any],
) -> Experience:
    experience = Experience(
        option=option, zone=zone, organisation=organisation, recorded_by=recorded_by, **fields
    )
    experience.full_clean()
    experience.save()
    review_evidence(option)
    return experience


def adopt(*, option: Option, zone: Zone, fields: dict[str, Any]) -> Action:
    """Put an option into a Zone's action plan, linked to it (the Zone's own checks apply)."""

    return zone_services.create_action(zone=zone, fields={**fields, "option": option})
