"""Writes for Zones: every state change is a function here that owns its transaction.

Views check *who* may call these (see zones.permissions); these functions check that the change
itself makes sense.
"""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import shape

from peoplezones.core.geo import (
    Boundary,
    BoundaryError,
    check_geometry,
    holes,
    merge,
    parse_boundary,
    pieces,
)
from peoplezones.core.models import Organisation, User
from peoplezones.core.slugs import unique_slug
from peoplezones.geography.models import StatisticalArea
from peoplezones.geography.services import link_zone_areas
from peoplezones.zones.models import (
    Action,
    ActionStatus,
    BoundarySource,
    Follow,
    Member,
    Objective,
    Partnership,
    PartnershipStatus,
    ProgressUpdate,
    Proposal,
    ProposalSource,
    ProposalStatus,
    Stage,
    StageChange,
    Support,
    Zone,
    ZoneUpdate,
)
from peoplezones.zones.signals import boundary_changed, objective_published, zone_launched
from peoplezones.zones.tasks import email_invitation, email_update_to_followers, tell_participants

# Slugs that name pages under /zones/ rather than a Zone.
RESERVED_SLUGS = {"unsubscribe", "partners", "programme", "map"}
_AREA_CODE = re.compile(r"^[EWSN]0[0-9]{7}$")


def _unique_slug(name: str) -> str:
    return unique_slug(
        name, Zone.objects.all(), fallback="zone", max_length=140, reserved=RESERVED_SLUGS
    )


@transaction.atomic
def create_draft_zone(
    *,
    name: str,
    postcode: str = "",
    community_priorities: str = "",
    community_strengths: str = "",
    already_involved: str = "",
) -> Zone:
    """A new, unpublished Zone at the enquiry stage, seen only by staff until it is launched."""
    zone = Zone(
        name=name,
        slug=_unique_slug(name),
        stage=Stage.ENQUIRY,
        postcode=postcode,
        summary=community_priorities[:500],
        community_priorities=community_priorities,
        community_strengths=community_strengths,
        already_involved=already_involved,
        is_published=False,
    )
    zone.full_clean()
    zone.save()
    StageChange.objects.create(
        zone=zone, to_stage=Stage.ENQUIRY, note=_("Created from an application")
    )
    return zone


@transaction.atomic
def update_zone(*, zone: Zone, actor: User, changes: dict[str, Any]) -> Zone:
    """Edit a Zone's details; a change of stage is recorded with who and when."""
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    was_launched = is_launched(zone)
    old_stage = zone.stage
    for field, value in changes.items():
        setattr(zone, field, value)
    if zone.stage != old_stage:
        zone.stage_changed_at = timezone.now()
        StageChange.objects.create(zone=zone, from_stage=old_stage, to_stage=zone.stage, by=actor)
    zone.full_clean()
    zone.save()
    if is_launched(zone) and not was_launched:
        zone_launched.send(sender=Zone, zone=zone, actor=actor)
    return zone


def is_launched(zone: Zone) -> bool:
    """Working with a launch date: from here on, outcomes are compared before and after it."""
    return bool(zone.launch_date) and zone.stage in (Stage.ACTIVE, Stage.SUSTAINING)


def _store_boundary(zone: Zone, boundary: Boundary, source: str, codes: str = "") -> Zone:
    zone.boundary = boundary.geojson
    zone.boundary_source = source
    zone.boundary_area_codes = codes
    zone.boundary_area_m2 = boundary.area_m2
    zone.boundary_bbox = list(boundary.bbox)
    zone.boundary_centre = list(boundary.centre)
    zone.boundary_updated_at = timezone.now()
    zone.save()
    link_zone_areas(zone)
    boundary_changed.send(sender=Zone, zone=zone)
    return zone


def relink_all_zones(**_signal: Any) -> None:
    """New statistical boundaries were loaded: every Zone works out its areas again."""
    for zone in Zone.objects.exclude(boundary=None):
        link_zone_areas(zone)


@transaction.atomic
def set_boundary_from_geojson(*, zone: Zone, geojson: str | bytes, drawn: bool = False) -> Zone:
    """Raises BoundaryError, naming the problem, and stores nothing when the shape is refused."""
    boundary = parse_boundary(geojson)
    return _store_boundary(
        zone, boundary, BoundarySource.DRAWN if drawn else BoundarySource.UPLOADED
    )


def is_area_code(text: str) -> bool:
    return bool(_AREA_CODE.match(text))


def parse_area_codes(text: str) -> list[str]:
    codes = [code.upper() for code in re.split(r"[\s,;]+", text) if code]
    if not codes:
        raise BoundaryError(_("Enter at least one area code, like E01013612."))
    malformed = [code for code in codes if not _AREA_CODE.match(code)]
    if malformed:
        raise BoundaryError(
            _("These are not area codes (like E01013612): %s.") % ", ".join(malformed[:10])
        )
    return list(dict.fromkeys(codes))


@transaction.atomic
def set_boundary_from_areas(*, zone: Zone, codes_text: str) -> Zone:
    """The Zone's boundary as the union of statistical areas (LSOAs, wards, parishes), refused
    (BoundaryError, nothing stored) when a code is unknown, or the areas do not join up into one
    piece, or they leave a gap inside."""
    codes = parse_area_codes(codes_text)
    areas = {area.code: area for area in StatisticalArea.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in areas]
    if missing:
        raise BoundaryError(
            _("We have no boundary for %(codes)s. Check the codes, or ask staff to import them.")
            % {"codes": ", ".join(missing[:10])}
        )
    chosen = [areas[code] for code in codes]
    merged = merge([area.geometry for area in chosen])
    _check_joined_up(merged, chosen)
    _check_no_gaps(merged, chosen)
    return _store_boundary(zone, check_geometry(merged), BoundarySource.AREAS, " ".join(codes))


def _check_joined_up(merged: Any, chosen: list[StatisticalArea]) -> None:
    parts = pieces(merged)
    if len(parts) < 2:
        return
    groups: list[list[str]] = [[] for _part in parts]
    for area in chosen:
        inside = shape(area.geometry).representative_point()
        nearest = min(range(len(parts)), key=lambda i: parts[i].distance(inside))
        groups[nearest].append(area.code)
    raise BoundaryError(
        _(
            "The areas chosen make %(n)s separate pieces that do not touch (%(groups)s). Choose "
            "areas that join up into one, or make a Zone for each piece."
        )
        % {"n": len(parts), "groups": "; ".join(", ".join(g) for g in groups if g)}
    )


def _check_no_gaps(merged: Any, chosen: list[StatisticalArea]) -> None:
    gaps = holes(merged)
    if not gaps:
        return
    left_out = []
    for gap in gaps:
        west, south, east, north = gap.bounds
        candidates = StatisticalArea.objects.filter(
            kind=chosen[0].kind, min_lon__gte=west - 1e-6, max_lon__lte=east + 1e-6,
            min_lat__gte=south - 1e-6, max_lat__lte=north + 1e-6,
        ).exclude(code__in=[a.code for a in chosen])  # fmt: skip
        inside = [a for a in candidates if gap.contains(shape(a.geometry).representative_point())]
        centre = gap.representative_point()
        left_out.append(
            ", ".join(f"{a.code} ({a.name})" for a in inside)
            or _("a gap near latitude %(lat).5f, longitude %(lon).5f")
            % {"lat": centre.y, "lon": centre.x}
        )
    raise BoundaryError(
        _(
            "The areas chosen surround one they leave out, so the boundary would have a hole: "
            "%(gaps)s. Add it, or choose again."
        )
        % {"gaps": "; ".join(left_out)}
    )


# --- Members, proposals and support -------------------------------------------------------------
def join_zone(*, zone: Zone, user: User, connection: str) -> Member:
    member, _created = Member.objects.update_or_create(
        zone=zone, user=user, defaults={"connection": connection}
    )
    return member


@transaction.atomic
def propose_objective(
    *,
    zone: Zone,
    title: str,
    description: str = "",
    theme: str = "",
    proposed_by: User | None,
    meeting: str = "",
    meeting_date: date | None = None,
) -> Proposal:
    """A resident's proposal, or (with `meeting`) what a public meeting agreed, entered by a
    coordinator. A resident's own proposal counts as their support."""
    proposal = Proposal(
        zone=zone,
        title=title,
        description=description,
        theme=theme,
        proposed_by=proposed_by,
        source=ProposalSource.MEETING if meeting else ProposalSource.RESIDENT,
        meeting=meeting,
        meeting_date=meeting_date,
    )
    proposal.full_clean()
    proposal.save()
    if proposed_by is not None and not meeting:
        Support.objects.create(proposal=proposal, user=proposed_by)
    return proposal


def toggle_support(*, proposal: Proposal, user: User) -> bool:
    """Support a proposal, or take support back. Returns whether the person now supports it."""
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal is no longer open for support."))
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=user)
    except IntegrityError:  # a double click: the first one counted
        pass
    return True


@transaction.atomic
def close_proposal(*, proposal: Proposal, reason: str) -> Proposal:
    if not reason.strip():
        raise ValidationError(_("Say why it is not being taken forward."))
    proposal.status = ProposalStatus.NOT_TAKEN
    proposal.status_reason = reason
    proposal.save(update_fields=["status", "status_reason"])
    _tell(proposal, ProposalStatus.NOT_TAKEN)
    return proposal


def _tell(proposal: Proposal, change: str) -> None:
    """Once the change is committed, everyone who took part in the proposal is told of it."""
    transaction.on_commit(lambda: tell_participants.enqueue(proposal.pk, change))


@transaction.atomic
def publish_objective(
    *, zone: Zone, actor: User, fields: dict[str, Any], proposal: Proposal | None = None
) -> Objective:
    position = (zone.objectives.aggregate(top=Max("position"))["top"] or 0) + 1
    objective = Objective(
        zone=zone, proposal=proposal, published_by=actor, position=position, **fields
    )
    objective.full_clean()
    objective.save()
    if proposal is not None:
        proposal.status = ProposalStatus.ADOPTED
        proposal.save(update_fields=["status"])
        _tell(proposal, ProposalStatus.ADOPTED)
    objective_published.send(sender=Objective, objective=objective)
    return objective


@transaction.atomic
def update_objective(*, objective: Objective, changes: dict[str, Any]) -> Objective:
    for field, value in changes.items():
        setattr(objective, field, value)
    objective.full_clean()
    objective.save()
    return objective


# --- Partnership -------------------------------------------------------------------------------
@transaction.atomic
def invite_partner(
    *, zone: Zone, organisation: Organisation, actor: User, message: str = ""
) -> Partnership:
    partnership, created = Partnership.objects.get_or_create(
        zone=zone,
        organisation=organisation,
        defaults={"invited_by": actor, "invitation": message},
    )
    if not created:
        if partnership.status in (PartnershipStatus.INVITED, PartnershipStatus.ACCEPTED):
            raise ValidationError(
                _("%(org)s is already %(state)s.")
                % {"org": organisation, "state": partnership.get_status_display().lower()}
            )
        partnership.status = PartnershipStatus.INVITED
        partnership.invited_by, partnership.invitation = actor, message
        partnership.invited_at = timezone.now()
        partnership.save()
    transaction.on_commit(lambda: email_invitation.enqueue(partnership.pk))
    return partnership


@transaction.atomic
def respond_to_invitation(
    *,
    partnership: Partnership,
    actor: User,
    accept: bool,
    lead: User | None = None,
    commitment: str = "",
) -> Partnership:
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.status != PartnershipStatus.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    if accept:
        if lead is None or lead.organisation_id != partnership.organisation_id:
            raise ValidationError(_("Name a lead from your own organisation."))
        if not commitment.strip():
            raise ValidationError(_("Say what your organisation commits to."))
    partnership.status = PartnershipStatus.ACCEPTED if accept else PartnershipStatus.DECLINED
    partnership.lead = lead if accept else None
    partnership.commitment = commitment
    partnership.responded_at = timezone.now()
    partnership.responded_by = actor
    partnership.save()
    return partnership


# --- Action plan -------------------------------------------------------------------------------
@transaction.atomic
def create_action(*, zone: Zone, fields: dict[str, Any]) -> Action:
    organisation = fields["organisation"]
    if not zone.partnerships.filter(
        organisation=organisation, status=PartnershipStatus.ACCEPTED
    ).exists():
        raise ValidationError(_("%s is not a partner in this Zone yet.") % organisation)
    if fields["objective"].zone_id != zone.pk:
        raise ValidationError(_("That objective belongs to another Zone."))
    action = Action(zone=zone, **fields)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def record_progress(
    *,
    action: Action,
    actor: User,
    text: str,
    status: str = "",
    is_milestone: bool = False,
    stopped_reason: str = "",
) -> ProgressUpdate:
    """A dated progress note; with `status`, the action moves on (stopping needs a reason)."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if status == ActionStatus.STOPPED and not stopped_reason.strip():
        raise ValidationError(_("Say why the action stopped."))
    update = ProgressUpdate(
        action=action,
        by=actor,
        text=text,
        is_milestone=is_milestone,
        status_to=status if status != action.status else "",
    )
    update.full_clean()
    update.save()
    if status and status != action.status:
        action.status = status
        action.stopped_reason = stopped_reason if status == ActionStatus.STOPPED else ""
        action.completed_at = timezone.now() if status == ActionStatus.DONE else None
        action.save(update_fields=["status", "stopped_reason", "completed_at"])
        proposal = action.objective.proposal
        if proposal is not None:
            _tell(proposal, f"action-{action.pk}-{status}")
    return update


# --- Following and news ------------------------------------------------------------------------
def follow_zone(*, zone: Zone, user: User, frequency: str) -> Follow:
    follow, _created = Follow.objects.update_or_create(
        zone=zone, user=user, defaults={"frequency": frequency}
    )
    return follow


def unfollow_zone(*, zone: Zone, user: User) -> None:
    Follow.objects.filter(zone=zone, user=user).delete()


@transaction.atomic
def post_update(*, zone: Zone, actor: User, title: str, body: str) -> ZoneUpdate:
    """Publish news on the Zone page; instant followers are emailed once the update is saved."""
    update = ZoneUpdate(zone=zone, posted_by=actor, title=title, body=body)
    update.full_clean()
    update.save()
    transaction.on_commit(lambda: email_update_to_followers.enqueue(update.pk))
    return update
