"""iCalendar: our feeds read back by an independent parser (vobject) with repeating dates, dates
called off and cancellations intact; a group's own calendar imported, followed on re-reading
(changes, moved and cancelled dates, removals), and refused whole when it is broken."""

from datetime import UTC, timedelta

import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from peoplezones.community import ical, services
from peoplezones.community.models import Event, EventKind
from tests import background, factories

pytestmark = pytest.mark.django_db


def _parsed(response) -> vobject.base.Component:
    assert response["Content-Type"].startswith("text/calendar")
    return vobject.readOne(response.content.decode())


def test_the_zone_feed_reads_back_with_repeating_dates_exceptions_and_cancellations(client):
    zone = factories.ZoneFactory(is_published=True)
    course = factories.make_event(
        zone, kind=EventKind.TRAINING, title="Community first aid", rrule="FREQ=WEEKLY;COUNT=5",
        where="Braunstone Library",
    )  # fmt: skip
    dates = services.occurrences(course)
    course.skipped = [dates[2].isoformat()]  # the third session called off
    course.save()
    factories.make_event(zone, title="Street party", cancelled=True, days=20)
    factories.make_event(factories.ZoneFactory(), title="Elsewhere")
    calendar = _parsed(client.get(reverse("community:zone_ics", args=[zone.slug])))
    events = {e.summary.value: e for e in calendar.vevent_list}
    assert set(events) == {"Community first aid", "Street party"}
    first_aid = events["Community first aid"]
    expanded = sorted(first_aid.getrruleset(addRDate=True))
    ours = services.occurrences(course)
    assert len(expanded) == 4 and len(ours) == 4
    assert [d.astimezone(UTC) for d in expanded] == [d.astimezone(UTC) for d in ours]
    assert first_aid.location.value == "Braunstone Library"
    assert first_aid.dtstart.value.tzinfo is not None  # local time with its zone, not floating
    assert events["Street party"].status.value == "CANCELLED"
    assert first_aid.url.value.endswith(course.get_absolute_url())


def test_the_programme_and_group_feeds_hold_only_what_the_public_may_see(client):
    group = factories.make_group(factories.ZoneFactory(is_published=True))
    factories.make_event(group.zone, group, title="Walk")
    factories.make_event(factories.ZoneFactory(is_published=False), title="Draft Zone's event")
    hidden = factories.make_group(name="Private club", is_published=False)
    factories.make_event(group=hidden, title="Hidden")
    programme = _parsed(client.get(reverse("community:programme_ics")))
    assert [e.summary.value for e in programme.vevent_list] == ["Walk"]
    assert client.get(reverse("community:group_ics", args=[hidden.slug])).status_code == 404
    feed = _parsed(client.get(reverse("community:group_ics", args=[group.slug])))
    assert [e.summary.value for e in feed.vevent_list] == ["Walk"]


def _calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Walkers//EN\r\n" + body + "END:VCALENDAR\r\n"
    ).encode()


def _when(days: int, hour: int = 10) -> str:
    day = (timezone.localtime() + timedelta(days=days)).date()
    return f"{day:%Y%m%d}T{hour:02d}0000"


WEEKLY = "\r\n".join([
    "UID:walk-1@walkers.example", "SUMMARY:Tuesday walk", "LOCATION:Braunstone Park gates",
    f"DTSTART;TZID=Europe/London:{_when(3)}", f"DTEND;TZID=Europe/London:{_when(3, 11)}",
    "RRULE:FREQ=WEEKLY;COUNT=6", f"EXDATE;TZID=Europe/London:{_when(10)}", "SEQUENCE:0",
])  # fmt: skip
QUIZ = "\r\n".join([
    "UID:quiz@walkers.example", "SUMMARY:Quiz night",
    f"DTSTART;TZID=Europe/London:{_when(5, 19)}", f"DTEND;TZID=Europe/London:{_when(5, 21)}",
])  # fmt: skip


def test_a_groups_own_calendar_is_imported_and_its_changes_followed():
    group = factories.make_group()
    first = ical.import_calendar(group, _calendar(WEEKLY, QUIZ))
    assert (first.created, first.updated, first.cancelled) == (2, 0, 0)
    walk = group.events.get(source_uid="walk-1@walkers.example")
    dates = services.occurrences(walk)
    assert len(dates) == 5 and all(timezone.localtime(d).hour == 10 for d in dates)
    assert not walk.booking_required  # a drop-in: the group's own calendar takes no bookings
    again = ical.import_calendar(group, _calendar(WEEKLY, QUIZ))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    # The group moves one walk to the afternoon, calls another off, renames the series and
    # drops the quiz from its calendar.
    moved = "\r\n".join([
        "UID:walk-1@walkers.example", "SUMMARY:Tuesday walk (moved)",
        f"RECURRENCE-ID;TZID=Europe/London:{_when(17)}",
        f"DTSTART;TZID=Europe/London:{_when(17, 14)}", f"DTEND;TZID=Europe/London:{_when(17, 15)}",
    ])  # fmt: skip
    off = "\r\n".join([
        "UID:walk-1@walkers.example", "STATUS:CANCELLED",
        f"RECURRENCE-ID;TZID=Europe/London:{_when(24)}",
        f"DTSTART;TZID=Europe/London:{_when(24)}", f"DTEND;TZID=Europe/London:{_when(24, 11)}",
    ])  # fmt: skip
    renamed = WEEKLY.replace("SUMMARY:Tuesday walk", "SUMMARY:Tuesday health walk").replace(
        "SEQUENCE:0", "SEQUENCE:1"
    )
    later = ical.import_calendar(group, _calendar(renamed, moved, off))
    assert (later.created, later.updated, later.cancelled) == (1, 1, 1)
    walk.refresh_from_db()
    assert walk.title == "Tuesday health walk" and walk.source_sequence == 1
    assert len(services.occurrences(walk)) == 3  # 6, less the one off before and the two now
    afternoon = group.events.get(title="Tuesday walk (moved)")
    assert timezone.localtime(afternoon.starts).hour == 14
    assert group.events.get(title="Quiz night").cancelled


def test_a_broken_calendar_is_refused_whole_naming_each_event():
    group = factories.make_group()
    ical.import_calendar(group, _calendar(QUIZ))
    no_start = "UID:broken@walkers.example\r\nSUMMARY:No start"
    backwards = QUIZ.replace("quiz@", "backwards@").replace(
        f"DTEND;TZID=Europe/London:{_when(5, 21)}", f"DTEND;TZID=Europe/London:{_when(4)}"
    )
    with pytest.raises(ical.CalendarRefused) as refused:
        ical.import_calendar(group, _calendar(WEEKLY, no_start, backwards))
    assert refused.value.problems == [
        "event 2 (broken@walkers.example): no start (DTSTART)",
        "event 3 (backwards@walkers.example): it ends before it starts",
    ]
    assert list(group.events.values_list("title", flat=True)) == ["Quiz night"]  # unchanged
    with pytest.raises(ical.CalendarRefused, match="not an iCalendar file"):
        ical.read_calendar(b"<html>not a calendar</html>")


def test_fetching_refuses_addresses_inside_our_own_network(settings):
    settings.PZ_FETCH_ALLOW_NETWORKS = []
    for url in ("http://127.0.0.1/cal.ics", "file:///etc/passwd", "http://localhost:8000/x"):
        with pytest.raises(ical.CalendarRefused):
            ical.fetch(url)
    assert Event.objects.count() == 0


def test_groups_calendars_are_read_again_on_schedule_from_their_address(settings):
    import http.server

    from peoplezones.community import tasks

    served = {"body": _calendar(WEEKLY, QUIZ)}

    class Calendar(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()
            self.wfile.write(served["body"])

        def log_message(self, *args):  # quiet
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Calendar)
    background.serve(server)
    settings.PZ_FETCH_ALLOW_NETWORKS = ["127.0.0.1/32"]  # the test's server is on this machine
    try:
        url = f"http://127.0.0.1:{server.server_port}/walkers.ics"
        group = factories.make_group(calendar_url=url)
        assert tasks.refresh_calendars.call() == 1
        assert group.events.count() == 2
        assert tasks.refresh_calendars.call() == 0  # read recently: not again yet
        served["body"] = _calendar(WEEKLY)  # the quiz is dropped; and then the feed breaks
        group.refresh_from_db()
        group.calendar_checked_at = timezone.now() - timedelta(hours=7)
        group.save()
        assert tasks.refresh_calendars.call() == 1
        assert group.events.get(title="Quiz night").cancelled
        served["body"] = b"<html>gone</html>"
        type(group).objects.filter(pk=group.pk).update(calendar_checked_at=None)
        assert tasks.refresh_calendars.call() == 0
        group.refresh_from_db()
        assert "not an iCalendar file" in group.calendar_problem
        assert group.events.filter(cancelled=False).count() == 1  # kept as they were
    finally:
        server.shutdown()
