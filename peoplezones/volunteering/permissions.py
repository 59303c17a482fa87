"""Who sees what about people being helped. Requests, matches and visits: the Zone's own
coordinators and the programme's safeguarding leads, and the matched volunteer for their match;
not programme staff in general, nor partners, nor other Zones' coordinators. Visit notes and
concerns: the Zone's coordinators and the safeguarding leads only."""

from typing import Any

from peoplezones.volunteering.models import Match


def is_safeguarding_lead(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_safeguarding_lead)


def coordinates(user: Any, zone: Any) -> bool:
    return bool(user.is_authenticated and zone.coordinators.filter(pk=user.pk).exists())


def can_coordinate(user: Any, zone: Any) -> bool:
    """Run volunteering in the Zone: see requests, record checks, confirm matches."""
    return coordinates(user, zone) or is_safeguarding_lead(user)


def can_see_match(user: Any, match: Match) -> bool:
    return bool(user.is_authenticated and match.volunteer_id == user.pk) or can_coordinate(
        user, match.request.zone
    )


def can_read_notes_and_concerns(user: Any, zone: Any) -> bool:
    return can_coordinate(user, zone)
