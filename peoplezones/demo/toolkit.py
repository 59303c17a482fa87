"""The demo's Tool Kit: the seed options, an edit with history, proposals waiting for moderation
(one sent back for changes), options adopted into Zones' plans and the experience recorded."""

from datetime import date, timedelta

from django.utils import timezone

from peoplezones.core.models import User
from peoplezones.toolkit import exchange, services
from peoplezones.toolkit.management.commands.import_toolkit import SEED
from peoplezones.toolkit.models import Option, Outcome, Revision, Visibility
from peoplezones.zones.models import PartnershipStatus, Zone

SEED_SOURCE = "People Zones Tool Kit"

EXPERIENCES = [
    # zone slug, option slug, months ago, outcome, measured, visibility, what they did, results
    (
        "braunstone-park",
        "youth-sport-diversion",
        14,
        Outcome.IMPROVED,
        True,
        Visibility.PUBLIC,
        "Friday and Saturday football and boxing at the leisure centre, 7 to 10pm, with food.",
        "Anti-social behaviour reports near the park fell from 41 to 27 in the same six months "
        "a year later; 60 young people came at least once.",
    ),
    (
        "bell-foundry-loughborough",
        "youth-sport-diversion",
        10,
        Outcome.MIXED,
        True,
        Visibility.PUBLIC,
        "Tuesday evening multi-sport in the school hall, run by the county sports partnership.",
        "Good turnout in term time, but it stopped over the summer, when reports rose again.",
    ),
    (
        "braunstone-park",
        "good-neighbour-befriending-visits",
        12,
        Outcome.IMPROVED,
        True,
        Visibility.PUBLIC,
        "Eighteen volunteers visited 22 older residents weekly, referred by the GP practice.",
        "Average UCLA loneliness score of visited residents fell from 7.1 to 5.8 after six months.",
    ),
    (
        "oakham-north",
        "community-speed-watch",
        8,
        Outcome.TOO_EARLY,
        False,
        Visibility.PUBLIC,
        "Nine trained residents ran sessions on Braunston Road twice a week.",
        "",
    ),
    (
        "bell-foundry-loughborough",
        "alley-gating",
        9,
        Outcome.IMPROVED,
        False,
        Visibility.PARTNERSHIP,
        "Gated four alleys behind the terraces after a burglary series, with residents' consent.",
        "Police say the series stopped; figures to follow once the year is complete.",
    ),
]


def load_toolkit(users: dict[str, User]) -> None:
    data = exchange.parse(SEED.read_bytes(), filename=SEED.name)
    exchange.import_options(data, source=SEED_SOURCE)
    if Revision.objects.exclude(credit=SEED_SOURCE).exists():
        return  # the demo's own contributions are already there
    coordinator = users["coordinator@example.org"]
    resident = users["resident@example.org"]
    volunteer = users["volunteer@example.org"]
    staff = users["staff@example.org"]

    # An edit by a coordinator, published: the option has a version 2 and a readable diff.
    walking = Option.objects.get(slug="community-walking-group")
    content = dict(walking.content())
    content["steps"] += (
        "\n7. Once the group is settled, ask a walker to become a leader, so it does not depend "
        "on the same two people."
    )
    edit = services.propose_edit(
        option=walking,
        contributor=coordinator,
        content=content,
        base_id=walking.current_id,
        change_note="Added what we learned in Braunstone Park about sharing leadership.",
    )
    services.publish(revision=edit, moderator=staff, lock=edit.lock)

    # New proposals: one waiting, one sent back for changes.
    services.propose_option(
        contributor=resident,
        content={
            "title": "Bulb swap for older neighbours",
            "summary": "Volunteers fit brighter, cheaper LED bulbs and outside lights for older residents.",
            "themes": ["safety", "older"],
            "steps": "1. Ask residents who would like it.\n2. Volunteers visit in pairs and fit bulbs.",
            "money_band": "low",
            "setup_time": "weeks",
        },
        change_note="We did this on our street and people loved it.",
    )
    sent_back = services.propose_option(
        contributor=volunteer,
        content={
            "title": "Dog walkers' watch",
            "summary": "Dog walkers look out for problems on their daily walks and report them.",
            "themes": ["safety", "environment"],
            "steps": "1. Sign up dog walkers.\n2. Report problems.",
            "money_band": "none",
            "setup_time": "days",
        },
    )
    services.request_changes(
        revision=sent_back,
        moderator=staff,
        lock=sent_back.lock,
        note="Please add how reports reach the police and council, and the safeguarding notes.",
    )

    # Options adopted into plans, and experience recorded.
    today = timezone.localdate()
    for slug, option_slug, months, outcome, measured, visibility, did, results in EXPERIENCES:
        zone = Zone.objects.get(slug=slug)
        option = Option.objects.get(slug=option_slug)
        objective = zone.objectives.first()
        partner = zone.partnerships.filter(status=PartnershipStatus.ACCEPTED).first()
        if objective and partner and not zone.actions.filter(option=option).exists():
            services.adopt(
                option=option,
                zone=zone,
                fields={
                    "objective": objective,
                    "organisation": partner.organisation,
                    "owner": None,
                    "title": f"Try: {option.title}",
                    "description": option.summary,
                    "due_date": today + timedelta(days=60),
                },
            )
        services.record_experience(
            option=option,
            recorded_by=zone.coordinators.first() or staff,
            zone=zone,
            organisation=None,
            fields={
                "objective": objective,
                "started_on": date(today.year, today.month, 1) - timedelta(days=30 * months),
                "what_they_did": did,
                "who_involved": "The Zone's residents and partners.",
                "what_happened": did,
                "cost": "",
                "do_differently": "Start planning for the summer holidays earlier.",
                "outcome": outcome,
                "measured": measured,
                "results": results,
                "visibility": visibility,
            },
        )
