"""The demo's neighbours doing things together: local groups in Braunstone Park and Oakham North
(some asking to join, a message to organisers), a weekly walk and a coffee morning, and a
two-session course for community leaders with people booked, one on the waiting list, a register
taken and a certificate earned. Dates are set from today, so the calendar always has things on."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from peoplezones.community import services
from peoplezones.community.models import Certificate, Event, EventKind, Group, Membership
from peoplezones.core.models import User
from peoplezones.zones.models import Zone

GROUPS = [
    # slug, Zone slug, name, kind, when, where, who for, description, organiser
    ("braunstone-park-walkers", "braunstone-park", "Braunstone Park Walkers", "walking",
     "Tuesdays, 10:00 to 11:00", "Meet at the park gates on Hinckley Road", "Everyone; dogs welcome",
     "A gentle hour round the park at the pace of the slowest walker, then tea at the library.",
     "volunteer@example.org"),
    ("braunstone-knit-and-natter", "braunstone-park", "Knit and Natter", "social",
     "Thursdays, 14:00 to 16:00", "Braunstone Library", "Adults; beginners welcome",
     "Bring your knitting or borrow ours. A warm room, a cuppa and good company.",
     "resident@example.org"),
    ("oakham-youth-club", "oakham-north", "Oakham North Youth Club", "youth",
     "Mondays and Wednesdays, 18:00 to 20:30", "Catmose Sports Centre", "Ages 11 to 17",
     "Sport, music, cooking and somewhere warm to be, run by parents with youth workers.",
     "coordinator.oakham@example.org"),
]  # fmt: skip


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_community() -> None:
    if Group.objects.filter(slug=GROUPS[0][0]).exists():
        return  # already loaded
    people = {u.email: u for u in User.objects.all()}
    groups = {}
    for slug, zone_slug, name, kind, when, where, who_for, description, organiser in GROUPS:
        group = Group.objects.create(
            slug=slug, zone=Zone.objects.get(slug=zone_slug), name=name, kind=kind, when=when,
            where=where, who_for=who_for, description=description,
            accessibility="Step-free access and an accessible toilet.",
        )  # fmt: skip
        group.organisers.add(people[organiser])
        groups[slug] = group
    walkers = groups["braunstone-park-walkers"]
    services.ask_to_join(
        walkers, people["resident@example.org"], "I'd like to start walking again."
    )
    Membership.objects.create(group=walkers, user=people["partner.council@example.org"],
                              status="member")  # fmt: skip
    services.message_organisers(walkers, people["resident@example.org"],
                                "Is the route all right for a mobility scooter?")  # fmt: skip
    braunstone = walkers.zone
    coordinator = people["coordinator@example.org"]
    Event.objects.create(
        group=walkers, zone=braunstone, title="Tuesday walk", where=walkers.where,
        starts=_at(_days_to_weekday(1), 10), ends=_at(_days_to_weekday(1), 11),
        rrule="FREQ=WEEKLY;COUNT=12", booking_required=False, created_by=coordinator,
        description="No need to book: just come along.",
    )  # fmt: skip
    coffee = Event.objects.create(
        zone=braunstone, title="Coffee morning with the neighbourhood police team",
        where="Braunstone Library", starts=_at(4, 10), ends=_at(4, 12), capacity=3,
        description="Meet PC Lloyd and the council's community safety officer over a coffee.",
        created_by=coordinator,
    )  # fmt: skip
    course = Event.objects.create(
        kind=EventKind.TRAINING, zone=braunstone, title="Leading a community group",
        where="Braunstone Library, Community Room", starts=_at(-8, 10), ends=_at(-8, 12),
        rrule="FREQ=WEEKLY;COUNT=2", capacity=12, created_by=coordinator,
        skills="Chairing a meeting\nBudgets and small grants\nSafeguarding basics",
        description="Two mornings for anyone who runs, or would like to run, a local group.",
    )  # fmt: skip
    learners = [people["volunteer@example.org"], people["resident@example.org"]]
    for person in learners:  # booked before the course began
        course.bookings.create(occurrence=course.starts, user=person, status="booked")
    first, second = services.occurrences(course)
    booked = list(course.bookings.all())
    services.take_register(course, first, {b.pk for b in booked}, coordinator)
    # The resident missed the second session: no certificate for them yet.
    present = {b.pk for b in booked if b.user.email == "volunteer@example.org"}
    services.take_register(course, second, present, coordinator)
    for email in (
        "volunteer@example.org",
        "resident@example.org",
        "partner@example.org",
        "partner.council@example.org",
    ):  # the last is on the waiting list
        services.book(coffee, people[email])
    if Certificate.objects.filter(booking__event=course).count() != 1:
        raise RuntimeError("the demo course should have issued exactly one certificate")
    Event.objects.create(
        kind=EventKind.TRAINING, title="Safeguarding for volunteers (programme-wide)",
        where="City Hall, Leicester", starts=_at(15, 13), ends=_at(15, 16), capacity=30,
        skills="Recognising abuse and neglect\nWhat to do with a concern\nLone working",
        created_by=people["staff@example.org"],
    )  # fmt: skip


def _days_to_weekday(weekday: int) -> int:
    """Days from today to the next given weekday (Monday 0), at least one."""
    return (weekday - timezone.localdate().weekday() - 1) % 7 + 1
