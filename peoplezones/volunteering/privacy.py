"""Volunteering and safeguarding: the personal data held, declared for the register
(privacy.register), with its retention rules, anonymisers, what withdrawing consent does, and
what to weigh before erasing someone."""

from datetime import datetime

from django.db.models import Max, Q

from peoplezones.core.models import User
from peoplezones.privacy.models import Consent, Purpose
from peoplezones.privacy.register import (
    AppPrivacy,
    Basis,
    Erase,
    Holding,
    Kept,
    Personal,
    Rule,
    actor,
    link,
    not_personal,
)
from peoplezones.privacy.services import ERASED_NAME, erase_records, to_erased_name, to_sector
from peoplezones.volunteering import services
from peoplezones.volunteering.models import (
    Concern,
    ConcernStatus,
    DbsCheck,
    HelpRequest,
    Match,
    MatchStatus,
    RequestStatus,
    Visit,
    VolunteerOffer,
)

SAFEGUARDING = "Safeguarding the person helped and the volunteer"
MATCHING = "Matching a neighbour who asked for help with a volunteer"
AFTER_CLOSING = Kept("closed_help_requests", "{period} after the request closes")


def closed_help_requests(before: datetime) -> int:
    """Requests closed (and every match ended) before the cut-off: the person's details go."""
    rows = (
        HelpRequest.objects.filter(status=RequestStatus.CLOSED, created_at__lt=before)
        .exclude(name=ERASED_NAME)
        .exclude(matches__status=MatchStatus.ACTIVE)
        .annotate(last_ended=Max("matches__ended_at"))
        .filter(Q(last_ended__isnull=True) | Q(last_ended__lt=before))
    )
    return erase_records("volunteering.HelpRequest", rows.iterator())


def visit_notes(before: datetime) -> int:
    rows = Visit.objects.filter(match__ended_at__lt=before).exclude(notes="")
    return erase_records("volunteering.Visit", rows.iterator(), only={"notes"})


def closed_concerns(before: datetime) -> int:
    rows = Concern.objects.filter(status=ConcernStatus.CLOSED, created_at__lt=before)
    return erase_records("volunteering.Concern", rows.exclude(what="").iterator(), only={"what"})


def dbs_numbers(before: datetime) -> int:
    rows = DbsCheck.objects.filter(renew_by__lt=before.date()).exclude(certificate_number="")
    return erase_records("volunteering.DbsCheck", rows.iterator(), only={"certificate_number"})


def reasons_to_pause(person: User) -> list[str]:
    """Open safeguarding concerns may have to be kept; active matches must end first."""
    notes = []
    involved = (
        Q(match__volunteer=person) | Q(match__request__requester=person) | Q(raised_by=person)
    )
    open_concerns = Concern.objects.filter(involved).exclude(status=ConcernStatus.CLOSED)
    if open_concerns.exists():
        notes.append(
            f"{open_concerns.count()} safeguarding concern(s) involving this person are still "
            "open: safeguarding records may have to be kept (refuse, giving the reason, or "
            "close the concerns first)."
        )
    active = Match.objects.filter(
        Q(volunteer=person) | Q(request__requester=person), status=MatchStatus.ACTIVE
    )
    if active.exists():
        notes.append(
            f"{active.count()} volunteering match(es) are active: end them and tell the other "
            "person before erasing."
        )
    return notes


def request_consent_withdrawn(_consent: Consent, request: HelpRequest, _by: User) -> None:
    services.close_request(request)
    erase_records("volunteering.HelpRequest", [request])


def offer_consent_withdrawn(_consent: Consent, offer: VolunteerOffer, _by: User) -> None:
    services.stop_offer(offer)
    erase_records("volunteering.VolunteerOffer", [offer])


PRIVACY = AppPrivacy(
    holdings=(
        Holding(
            "volunteering.HelpRequest",
            "Neighbours asking for help",
            ("requester",),
            {
                "requester": link(MATCHING, Basis.CONSENT),
                "name": Personal(MATCHING, Basis.CONSENT, AFTER_CLOSING, Erase.ANONYMISE),
                "contact": Personal(MATCHING, Basis.CONSENT, AFTER_CLOSING),
                "details": Personal(MATCHING, Basis.CONSENT, AFTER_CLOSING),
                "when": Personal(MATCHING, Basis.CONSENT, AFTER_CLOSING),
                "languages": Personal(MATCHING, Basis.CONSENT, AFTER_CLOSING),
                "postcode": Personal(MATCHING, Basis.CONSENT, AFTER_CLOSING, Erase.ANONYMISE),
                "lon": Personal(MATCHING, Basis.CONSENT, AFTER_CLOSING),
                "lat": Personal(MATCHING, Basis.CONSENT, AFTER_CLOSING),
                "created_by": actor("Coordinator who entered it on the person's behalf"),
            },
            not_personal("id", "zone", "help_type", "status", "created_at"),
        ),
        Holding(
            "volunteering.VolunteerOffer",
            "Volunteers",
            ("volunteer",),
            {
                "volunteer": link(MATCHING, Basis.CONSENT),
                "skills": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
                "languages": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
                "availability": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
                "postcode": Personal(MATCHING, Basis.CONSENT, "Until withdrawn", Erase.ANONYMISE),
                "lon": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
                "lat": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
            },
            not_personal("id", "zone", "max_distance_km", "active", "created_at", "help_types"),
        ),
        Holding(
            "volunteering.DbsCheck",
            "Volunteers",
            ("volunteer",),
            {
                "volunteer": link(SAFEGUARDING, Basis.LEGAL),
                "certificate_number": Personal(
                    SAFEGUARDING,
                    Basis.LEGAL,
                    Kept("dbs_numbers", "{period} after the renewal date"),
                ),
                "recorded_by": actor(),
            },
            not_personal("id", "level", "seen_on", "renew_by", "recorded_at"),
        ),
        Holding(
            "volunteering.Match",
            "Volunteers and the people they help",
            ("volunteer", "request__requester"),
            {"volunteer": link(MATCHING, Basis.CONSENT), "confirmed_by": actor()},
            not_personal("id", "request", "status", "confirmed_at", "ended_at"),
        ),
        Holding(
            "volunteering.Visit",
            "Volunteers and the people they help",
            ("match__volunteer", "match__request__requester"),
            {
                "notes": Personal(
                    SAFEGUARDING, Basis.VITAL, Kept("visit_notes", "{period} after the match ends")
                )
            },
            not_personal(
                "id",
                "match",
                "date",
                "minutes",
                "checked_in_at",
                "expected_minutes",
                "checked_out_at",
                "alert_sent_at",
                "created_at",
            ),
        ),
        Holding(
            "volunteering.Concern",
            "Volunteers, the people they help, and whoever raised it",
            ("match__volunteer", "match__request__requester"),
            {
                "raised_by": actor("Who raised the concern"),
                "what": Personal(
                    SAFEGUARDING,
                    Basis.VITAL,
                    Kept("closed_concerns", "{period} after it is closed"),
                ),
            },
            not_personal("id", "zone", "match", "visit", "urgent", "status", "created_at"),
        ),
    ),
    no_personal_data={
        "volunteering.HelpType": "The list of kinds of help",
    },
    anonymisers={
        "volunteering.HelpRequest.name": to_erased_name,
        "volunteering.HelpRequest.postcode": to_sector,
        "volunteering.VolunteerOffer.postcode": to_sector,
    },
    retention=(
        Rule(
            "closed_help_requests",
            "Closed requests for help: the person's details erased",
            365,
            closed_help_requests,
        ),
        Rule("visit_notes", "Visit notes of ended matches erased", 365, visit_notes),
        Rule(
            "closed_concerns",
            "Closed safeguarding concerns: what was written erased",
            6 * 365,
            closed_concerns,
        ),
        Rule("dbs_numbers", "DBS certificate numbers of lapsed checks erased", 365, dbs_numbers),
    ),
    on_withdrawal={
        Purpose.HELP_REQUEST: request_consent_withdrawn,
        Purpose.VOLUNTEERING: offer_consent_withdrawn,
    },
    reasons_to_pause=reasons_to_pause,
)
