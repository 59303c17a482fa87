"""Matching with safeguarding: who may be offered for a request (the help they offer, the area
they cover, and a DBS check at the level the help needs, still in date), ranked by fit and
distance; a coordinator confirms; visits with a lone-working check-in; concerns that go only to
the Zone's coordinators and the programme's safeguarding leads."""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from peoplezones.core import audit
from peoplezones.core.models import AuditAction, User
from peoplezones.geography.postcodes import lookup
from peoplezones.privacy import consent
from peoplezones.privacy.models import Purpose
from peoplezones.volunteering import tasks
from peoplezones.volunteering.models import (
    Concern,
    DbsCheck,
    DbsLevel,
    HelpRequest,
    Match,
    MatchStatus,
    RequestStatus,
    Visit,
    VolunteerOffer,
)

# A check this close to its renewal date is flagged to the Zone's coordinators.
EXPIRY_WARNING_DAYS = 60


class MatchRefused(ValueError):
    """A match that may not be made, with the reason in words."""


def valid_check(volunteer: User, level: int, on: date | None = None) -> DbsCheck | None:
    """The volunteer's DBS check at `level` or deeper, still in date, if there is one."""
    if level <= DbsLevel.NONE:
        return None
    on = on or timezone.localdate()
    return (
        DbsCheck.objects.filter(volunteer=volunteer, level__gte=level, renew_by__gte=on)
        .order_by("-renew_by")
        .first()
    )


def may_help(volunteer: User, request: HelpRequest) -> bool:
    needed = request.help_type.dbs_level
    return needed <= DbsLevel.NONE or valid_check(volunteer, needed) is not None


def km_between(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Great-circle distance (haversine) between (lon, lat) points, in kilometres."""
    if a is None or b is None:
        return None
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _words(text: str) -> set[str]:
    return {w.strip().lower() for w in text.replace(";", ",").split(",") if w.strip()}


@dataclass
class Suggestion:
    offer: VolunteerOffer
    km: float | None
    score: float
    reasons: list[str] = field(default_factory=list)
    missing_check: bool = False


def suggestions(request: HelpRequest) -> tuple[list[Suggestion], list[Suggestion]]:
    """Volunteers in the Zone who offer this kind of help and cover the address, best first
    (languages in common, then distance); and, apart, those who would fit but have no DBS check
    in date at the level needed, who are never offered."""
    offers = (
        VolunteerOffer.objects.filter(zone=request.zone, active=True, help_types=request.help_type)
        .exclude(
            volunteer__in=Match.objects.filter(request=request, status=MatchStatus.ACTIVE).values(
                "volunteer"
            )
        )
        .select_related("volunteer")
    )
    wanted_languages = _words(request.languages)
    here = (request.lon, request.lat) if request.lon is not None else None
    ranked, blocked = [], []
    for offer in offers:
        if not offer.volunteer.is_active:
            continue
        km = km_between(here, (offer.lon, offer.lat) if offer.lon is not None else None)
        if km is not None and km > offer.max_distance_km:
            continue
        reasons = [f"offers {request.help_type.name.lower()}"]
        shared = wanted_languages & _words(offer.languages)
        if shared:
            reasons.append("speaks " + ", ".join(sorted(shared)))
        if km is not None:
            reasons.append(f"{km:.1f} km away")
        score = 10 * len(shared) - (km if km is not None else offer.max_distance_km)
        suggestion = Suggestion(offer, km, score, reasons)
        if may_help(offer.volunteer, request):
            ranked.append(suggestion)
        else:
            suggestion.missing_check = True
            blocked.append(suggestion)
    ranked.sort(key=lambda s: (-s.score, s.offer.volunteer.get_full_name()))
    return ranked, blocked


@transaction.atomic
def confirm_match(request: HelpRequest, volunteer: User, by: User) -> Match:
    """The coordinator's confirmation. Refused, whatever the page offered, if the volunteer lacks
    the check the help needs; both sides are told."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if not VolunteerOffer.objects.filter(
        volunteer=volunteer, zone=request.zone, active=True, help_types=request.help_type
    ).exists():
        raise MatchRefused(f"{volunteer.get_full_name()} has not offered this kind of help here.")
    if not may_help(volunteer, request):
        level = DbsLevel(request.help_type.dbs_level).label.lower()
        raise MatchRefused(
            f"{volunteer.get_full_name()} has no {level} DBS check in date: record one first."
        )
    match, _created = Match.objects.get_or_create(
        request=request, volunteer=volunteer, status=MatchStatus.ACTIVE,
        defaults={"confirmed_by": by},
    )  # fmt: skip
    request.status = RequestStatus.MATCHED
    request.save(update_fields=["status"])
    transaction.on_commit(lambda: tasks.email_match.enqueue(match.pk))
    return match


@transaction.atomic
def end_match(match: Match) -> None:
    match.status = MatchStatus.ENDED
    match.ended_at = timezone.now()
    match.save(update_fields=["status", "ended_at"])
    request = match.request
    if not request.matches.filter(status=MatchStatus.ACTIVE).exists():
        request.status = RequestStatus.CLOSED
        request.save(update_fields=["status"])


@transaction.atomic
def close_request(request: HelpRequest) -> None:
    """Every active match ends and the request closes (its consent was withdrawn)."""
    for match in request.matches.filter(status=MatchStatus.ACTIVE):
        end_match(match)
    HelpRequest.objects.filter(pk=request.pk).update(status=RequestStatus.CLOSED)


def stop_offer(offer: VolunteerOffer) -> None:
    """The offer is no longer made to anyone (its consent was withdrawn)."""
    VolunteerOffer.objects.filter(pk=offer.pk).update(active=False)


def check_in(match: Match, expected_minutes: int = 90) -> Visit:
    """The volunteer arrives: a visit opens, due to be checked out within `expected_minutes`."""
    if match.status != MatchStatus.ACTIVE:
        raise MatchRefused("This match has ended.")
    open_visit = match.visits.filter(checked_in_at__isnull=False, checked_out_at=None).first()
    if open_visit:
        return open_visit
    now = timezone.now()
    return Visit.objects.create(
        match=match, date=timezone.localdate(), checked_in_at=now,
        expected_minutes=expected_minutes,
    )  # fmt: skip


def check_out(visit: Visit, notes: str = "") -> Visit:
    now = timezone.now()
    visit.checked_out_at = now
    visit.minutes = max(1, round((now - visit.checked_in_at).total_seconds() / 60))
    if notes:
        visit.notes = notes
    visit.save(update_fields=["checked_out_at", "minutes", "notes"])
    return visit


@transaction.atomic
def raise_concern(
    *, by: User, zone: object, what: str, urgent: bool, match: Match | None = None,
    visit: Visit | None = None,
) -> Concern:  # fmt: skip
    concern = Concern.objects.create(
        zone=zone, match=match, visit=visit, raised_by=by, what=what, urgent=urgent
    )
    transaction.on_commit(lambda: tasks.email_concern.enqueue(concern.pk))
    return concern


def expiring_checks(zone: object, on: date | None = None) -> QuerySet[DbsCheck]:
    """Checks of the Zone's volunteers expired or due for renewal within EXPIRY_WARNING_DAYS,
    latest per volunteer and level."""
    on = on or timezone.localdate()
    horizon = on + timedelta(days=EXPIRY_WARNING_DAYS)
    renewed = DbsCheck.objects.filter(
        volunteer=OuterRef("volunteer"), level__gte=OuterRef("level"), renew_by__gt=horizon
    )
    volunteers = VolunteerOffer.objects.filter(zone=zone).values("volunteer")
    return (
        DbsCheck.objects.filter(volunteer__in=volunteers, renew_by__lte=horizon)
        .filter(~Exists(renewed))
        .select_related("volunteer")
        .order_by("renew_by")
    )


@transaction.atomic
def ask_for_help(
    help_request: HelpRequest, *, zone: object, by: User, on_behalf: bool
) -> HelpRequest:
    """A request for help (the person's own, or a coordinator's for a neighbour without an
    account), with its consent; the Zone's coordinators are told."""
    help_request.zone = zone
    help_request.created_by = by
    help_request.requester = None if on_behalf else by
    place(help_request)
    help_request.save()
    consent.give(Purpose.HELP_REQUEST, help_request, user=help_request.requester)
    transaction.on_commit(lambda: tasks.email_coordinators.enqueue("request", help_request.pk))
    return help_request


@transaction.atomic
def offer_to_volunteer(offer: VolunteerOffer, *, help_types: object) -> VolunteerOffer:
    """A new or changed offer, active again, with its consent; coordinators hear of new ones."""
    new = offer.pk is None
    offer.active = True
    place(offer)
    offer.save()
    offer.help_types.set(help_types)
    if not consent.for_source(offer).filter(withdrawn_at__isnull=True).exists():
        consent.give(Purpose.VOLUNTEERING, offer, user=offer.volunteer)
    if new:
        transaction.on_commit(lambda: tasks.email_coordinators.enqueue("offer", offer.pk))
    return offer


@transaction.atomic
def record_check(check: DbsCheck, *, volunteer: User, by: User) -> DbsCheck:
    """A DBS certificate a coordinator has seen."""
    check.volunteer = volunteer
    check.recorded_by = by
    check.save()
    audit.record(actor=by, action=AuditAction.CREATED, target=check)
    return check


def log_visit(visit: Visit, *, match: Match) -> Visit:
    """A visit the volunteer logs afterwards (without checking in and out)."""
    visit.match = match
    visit.save()
    return visit


@transaction.atomic
def set_concern_status(concern: Concern, status: str, *, by: User) -> Concern:
    concern.status = status
    concern.save(update_fields=["status"])
    audit.record(actor=by, action=AuditAction.CHANGED, target=concern, detail=f"status: {status}")
    return concern


def place(obj: HelpRequest | VolunteerOffer) -> None:
    """Its point from its postcode, when the postcode directory knows it (distance is then
    used in ranking; without it, each volunteer's whole reach is assumed)."""

    found = lookup([obj.postcode]).get(obj.postcode)
    obj.lon, obj.lat = (found.lon, found.lat) if found else (None, None)
