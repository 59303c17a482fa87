"""iCalendar in and out (the icalendar library). Out: a feed per Zone, per group and for the
programme, with repeating events as RRULEs in local time (so a 10:00 class stays at 10:00 across
the clock change), dates called off as EXDATEs, cancelled events marked CANCELLED. In: a group's
own calendar, matched by UID so changes and cancellations there are followed here."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from peoplezones.community.models import Event, Group
from peoplezones.core import fetch as outbound

MAX_CALENDAR_BYTES = 2_000_000
MAX_EVENTS = 2_000


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def feed(events: list[Event], name: str, base_url: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//People Zones//Groups and events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    host = base_url.split("://", 1)[-1].split("/", 1)[0] or "peoplezones"
    here = local_zone()
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", event.updated_at)
        entry.add("last-modified", event.updated_at)
        entry.add("sequence", event.source_sequence)
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts.astimezone(here))
        entry.add("dtend", event.ends.astimezone(here))
        if event.description:
            entry.add("description", event.description)
        if event.where:
            entry.add("location", event.where)
        entry.add("url", base_url.rstrip("/") + event.get_absolute_url())
        entry.add("categories", ["Training" if event.is_training else "Event"])
        if event.rrule:
            entry.add("rrule", icalendar.vRecur.from_ical(event.rrule))
        for skipped in event.skipped:
            entry.add("exdate", datetime.fromisoformat(skipped).astimezone(here))
        entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        calendar.add_component(entry)
    # The zone's rules only for the years the feed needs: from 1970 they begin with Britain's
    # all-year "British Standard Time" of 1968-71, which some calendar programs misread.
    this_year = timezone.localdate().year
    first = min([this_year - 1] + [e.starts.year for e in events])
    calendar.add_missing_timezones(
        first_date=date(first, 1, 1), last_date=date(this_year + 20, 1, 1)
    )
    return calendar.to_ical()


# Reading a group's own calendar ----------------------------------------------------------------


# What calendar servers label their files as; an HTML page or JSON is not a calendar.
CALENDAR_TYPES = ("text/calendar", "text/plain", "application/octet-stream", "application/ics")


def fetch(url: str) -> bytes:
    """A group's calendar from its address, through the one checked outbound fetch (public
    http(s) addresses only, every redirect checked, at most MAX_CALENDAR_BYTES, 15 s)."""
    try:
        return outbound.fetch(
            url, max_bytes=MAX_CALENDAR_BYTES, accept=CALENDAR_TYPES, timeout=15
        ).body
    except outbound.FetchRefused as refused:
        raise CalendarRefused([f"the calendar could not be fetched: {refused}"]) from None


class CalendarRefused(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Incoming:
    uid: str
    title: str
    starts: datetime
    ends: datetime
    description: str = ""
    where: str = ""
    rrule: str = ""
    skipped: list[str] = field(default_factory=list)
    cancelled: bool = False
    sequence: int = 0
    modified: str = ""


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0


def _aware(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):  # an all-day date
        return datetime.combine(value, time(0), tzinfo=zone)
    return value if value.tzinfo else value.replace(tzinfo=zone)


def read_calendar(data: bytes) -> list[Incoming]:
    """Every event in an iCalendar file, checked; CalendarRefused names each problem by event
    (its number in the file and its UID)."""
    if len(data) > MAX_CALENDAR_BYTES:
        raise CalendarRefused([f"the calendar is over {MAX_CALENDAR_BYTES // 1_000_000} MB"])
    # What the file says is never quoted back: it may come from an address, not from a person.
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR"):
        raise CalendarRefused(["not an iCalendar file (it does not start with BEGIN:VCALENDAR)"])
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        raise CalendarRefused(["not an iCalendar file (a line of it could not be read)"]) from None
    zone = local_zone()
    problems: list[str] = []
    found: dict[str, Incoming] = {}
    overrides = []
    for number, entry in enumerate(calendar.walk("VEVENT"), start=1):
        uid = entry.get("uid", "")
        uid = "" if isinstance(uid, list) else str(uid).strip()
        label = f"event {number}" + (f" ({uid[:60]})" if uid else "")
        try:
            incoming, original = _read_event(entry, uid, zone)
        except _Unreadable as problem:
            problems.append(f"{label}: {problem}")
            continue
        except (AttributeError, TypeError, ValueError, KeyError, IndexError):
            # Whatever else a hostile or broken file does, it is this event's problem.
            problems.append(f"{label}: could not be read")
            continue
        if original is None:
            found[uid] = incoming
        else:
            overrides.append((label, original, incoming))
    # One date of a repeating event changed in the group's calendar (RECURRENCE-ID): that date
    # is called off in the series, and unless it was cancelled it becomes an event of its own.
    for label, original, changed in overrides:
        series = found.get(changed.uid)
        if series is None:
            problems.append(f"{label}: changes one date of an event that is not in the calendar")
            continue
        series.skipped.append(original.isoformat())
        if not changed.cancelled:
            changed.uid = f"{changed.uid[:270]} {original:%Y%m%dT%H%M%S}"
            found[changed.uid] = changed
    if len(found) > MAX_EVENTS:
        problems.append(f"more than {MAX_EVENTS:,} events")
    if problems:
        raise CalendarRefused(problems[:20])
    return list(found.values())


class _Unreadable(ValueError):
    """One event's problem, in words."""


_SINGLE = ("uid", "dtstart", "dtend", "duration", "rrule", "recurrence-id", "summary",
           "sequence", "status", "last-modified", "location", "description")  # fmt: skip


def _read_event(entry: Any, uid: str, zone: Any) -> tuple[Incoming, datetime | None]:
    """One VEVENT as an Incoming, and the date it replaces (RECURRENCE-ID) if it changes one
    date of a series."""
    if not uid:
        raise _Unreadable("no UID, so its changes could not be followed")
    for name in _SINGLE:
        if isinstance(entry.get(name), list):
            raise _Unreadable(f"more than one {name.upper()}")
    start = entry.get("dtstart")
    if start is None:
        raise _Unreadable("no start (DTSTART)")
    try:
        starts = _aware(start.dt, zone)
        if entry.get("dtend") is not None:
            ends = _aware(entry.get("dtend").dt, zone)
        elif entry.get("duration") is not None:
            ends = starts + entry.get("duration").dt
        else:
            ends = starts + (timedelta(days=1) if not isinstance(start.dt, datetime)
                             else timedelta(hours=1))  # fmt: skip
    except (AttributeError, TypeError, ValueError, OverflowError):
        raise _Unreadable("a date could not be read (DTSTART, DTEND or DURATION)") from None
    if ends <= starts:
        raise _Unreadable("it ends before it starts")
    original = entry.get("recurrence-id")
    rule = ""
    if entry.get("rrule") is not None and original is None:
        rule = entry.get("rrule").to_ical().decode()
        try:
            rrulestr(rule, dtstart=starts)
        except (ValueError, TypeError):
            raise _Unreadable("its repeat rule (RRULE) is not valid") from None
    skipped = []
    for exdates in _as_list(entry.get("exdate")):
        skipped += [_aware(d.dt, zone).isoformat() for d in exdates.dts]
    try:
        sequence = int(entry.get("sequence", 0) or 0)
    except (TypeError, ValueError):
        raise _Unreadable("its SEQUENCE is not a number") from None
    if not 0 <= sequence < 2**31:
        raise _Unreadable("its SEQUENCE is out of range")
    modified = entry.get("last-modified")
    incoming = Incoming(
        uid=_clean(uid)[:300], title=_clean(entry.get("summary"))[:200] or "Untitled event",
        starts=starts, ends=ends, description=_clean(entry.get("description")),
        where=_clean(entry.get("location"))[:200], rrule=_clean(rule)[:300],
        skipped=skipped, cancelled=str(entry.get("status", "")).upper() == "CANCELLED",
        sequence=sequence,
        modified=_clean(modified.to_ical().decode() if modified is not None else "")[:40],
    )  # fmt: skip
    return incoming, (_aware(original.dt, zone) if original is not None else None)


def _clean(value: object) -> str:
    """Text as we store it: no NUL characters (PostgreSQL refuses them), trimmed."""
    return "" if value is None else str(value).replace("\x00", "").strip()


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@transaction.atomic
def import_calendar(group: Group, data: bytes) -> Imported:
    """The group's calendar into its events, all or nothing: new UIDs are added, changed ones
    updated, and events gone from the calendar (still to come) are cancelled here. Reading the
    same calendar again changes nothing."""
    incoming = read_calendar(data)
    result = Imported()
    held = {e.source_uid: e for e in group.events.exclude(source_uid="")}
    for item in incoming:
        values = {
            "title": item.title, "description": item.description, "where": item.where,
            "starts": item.starts, "ends": item.ends, "rrule": item.rrule,
            "skipped": sorted(set(item.skipped)), "cancelled": item.cancelled,
            "source_sequence": item.sequence, "source_modified": item.modified,
        }  # fmt: skip
        event = held.pop(item.uid, None)
        if event is None:
            Event.objects.create(
                group=group, zone=group.zone, source_uid=item.uid, booking_required=False,
                **values,
            )  # fmt: skip
            result.created += 1
            continue
        changed = {k: v for k, v in values.items() if getattr(event, k) != v}
        if not changed:
            result.unchanged += 1
            continue
        for key, value in changed.items():
            setattr(event, key, value)
        event.save()
        result.updated += 1
    now = timezone.now()
    for event in held.values():  # gone from the group's calendar
        if not event.cancelled and (event.ends >= now or event.rrule):
            event.cancelled = True
            event.save(update_fields=["cancelled", "updated_at"])
            result.cancelled += 1
    group.calendar_checked_at = now
    group.calendar_problem = ""
    group.save(update_fields=["calendar_checked_at", "calendar_problem"])
    return result
