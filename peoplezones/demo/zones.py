"""Demo life inside the Zones: boundaries, proposals and support, objectives, partners, actions in
every status with progress, news and followers. Fictional throughout; the statistical areas are
made up (codes E0190xxxx do not exist)."""

import json
import math
import random
from datetime import timedelta

from django.utils import timezone

from peoplezones.core.models import Organisation, Role, User
from peoplezones.geography.models import StatisticalArea
from peoplezones.zones import services
from peoplezones.zones.models import (
    ActionStatus,
    Follow,
    Partnership,
    PartnershipStatus,
    Stage,
    StageChange,
    Support,
    Zone,
)

CENTRES = {
    "braunstone-park": (-1.1794, 52.6236),
    "bell-foundry-loughborough": (-1.1981, 52.7725),
    "oakham-north": (-0.7310, 52.6745),
    "hinckley-castle-ward": (-1.3728, 52.5387),
}

PLANS = {
    "braunstone-park": {
        "proposals": [
            ("Young people have somewhere to go in the evenings", "youth", 9),
            ("Streets feel safe to walk after dark", "safety", 7),
            ("Older neighbours living alone are visited", "loneliness", 5),
            ("Less fly-tipping behind the shops", "environment", 3),
            ("A community garden on the empty plot", "pride", 2),
        ],
        "objectives": [
            (
                0,
                "Young people have somewhere to go in the evenings",
                "Open a youth club three evenings a week, run with parents and young people.",
                "youth",
                "survey",
                "Perceived problem: teenagers hanging around on the streets",
            ),
            (
                1,
                "Streets feel safe to walk after dark",
                "Better lighting on the park paths and a walking route people trust.",
                "safety",
                "survey",
                "Feeling safe walking alone after dark",
            ),
            (
                None,
                "Fewer people feel lonely",
                "Every older resident who wants one has a weekly visit or a group to go to.",
                "loneliness",
                "survey",
                "ONS loneliness question: often or always lonely",
            ),
            (
                None,
                "Less anti-social behaviour around the shops and the park",
                "Evening patrols, the youth club and a residents' walkabout with the council each month.",
                "safety",
                "crime",
                "Anti-social behaviour",
            ),
        ],
        "partners": [
            (
                "Leicestershire Police",
                PartnershipStatus.ACCEPTED,
                "partner@example.org",
                "A named beat team, two evening patrols a week on the park paths, and crime advice at the youth club.",
            ),
            (
                "Leicester City Council",
                PartnershipStatus.ACCEPTED,
                "partner.council@example.org",
                "Lighting survey and repairs, the community centre rent-free three evenings a week.",
            ),
            (
                "Leicestershire Fire and Rescue Service",
                PartnershipStatus.ACCEPTED,
                "partner.fire@example.org",
                "Safe and well visits for older residents and fire-setting prevention sessions.",
            ),
            (
                "NHS Leicester, Leicestershire and Rutland",
                PartnershipStatus.ACCEPTED,
                "",
                "Social prescribing link worker one day a week at the library.",
            ),
            ("East Midlands Ambulance Service", PartnershipStatus.INVITED, "", ""),
            ("Probation Service, Leicestershire", PartnershipStatus.DECLINED, "", ""),
        ],
        "actions": [
            (
                0,
                "Leicester City Council",
                "Open the community centre three evenings a week for the youth club",
                -40,
                ActionStatus.DONE,
                "",
            ),
            (
                0,
                "Leicestershire Police",
                "Fire-setting and knife-crime awareness sessions at the youth club",
                30,
                ActionStatus.IN_PROGRESS,
                "",
            ),
            (
                1,
                "Leicester City Council",
                "Survey and repair lighting on the park paths",
                -10,
                ActionStatus.IN_PROGRESS,
                "",
            ),
            (
                1,
                "Leicestershire Police",
                "Evening patrols on the park paths, twice a week",
                60,
                ActionStatus.PLANNED,
                "",
            ),
            (
                2,
                "Leicestershire Fire and Rescue Service",
                "Safe and well visits to older residents",
                45,
                ActionStatus.PLANNED,
                "",
            ),
            (
                2,
                "NHS Leicester, Leicestershire and Rutland",
                "Lunch club at the library",
                -5,
                ActionStatus.STOPPED,
                "The library hall is closed for repairs until spring; moving to the church hall.",
            ),
        ],
    },
    "bell-foundry-loughborough": {
        "proposals": [
            ("Cleaner shared spaces around the flats", "environment", 6),
            ("Stop drug dealing near the garages", "crime", 8),
            ("Help new families settle in", "pride", 4),
        ],
        "objectives": [
            (
                1,
                "Stop drug dealing near the garages",
                "Residents can use the garages and the path without being approached by dealers.",
                "crime",
                "crime",
                "Drugs",
            ),
        ],
        "partners": [
            (
                "Leicestershire Police",
                PartnershipStatus.ACCEPTED,
                "partner@example.org",
                "Targeted patrols and a monthly drop-in at the residents' association.",
            ),
            ("Charnwood Borough Council", PartnershipStatus.INVITED, "", ""),
        ],
        "actions": [
            (
                0,
                "Leicestershire Police",
                "Monthly police drop-in at the residents' association",
                20,
                ActionStatus.PLANNED,
                "",
            ),
        ],
    },
    "oakham-north": {
        "proposals": [("Older residents are less isolated", "older", 7)],
        "objectives": [
            (
                0,
                "Older residents are less isolated",
                "A walking club, a larder and a good-neighbour scheme that residents run themselves.",
                "older",
                "count",
                "Number of people visited each week",
            ),
        ],
        "partners": [
            (
                "Rutland County Council",
                PartnershipStatus.ACCEPTED,
                "",
                "Small grants and the library's digital help sessions.",
            ),
            (
                "Oakham Community Larder",
                PartnershipStatus.ACCEPTED,
                "",
                "Runs the larder twice a week.",
            ),
        ],
        "actions": [
            (
                0,
                "Rutland County Council",
                "Start the good-neighbour scheme with ten volunteers",
                -200,
                ActionStatus.DONE,
                "",
            ),
            (
                0,
                "Oakham Community Larder",
                "Open the larder on Saturdays too",
                -90,
                ActionStatus.DONE,
                "",
            ),
        ],
    },
}


def _polygon(rng: random.Random, lon: float, lat: float, radius_m: float) -> dict:
    points = []
    for i in range(10):
        angle = 2 * math.pi * i / 10
        r = radius_m * rng.uniform(0.75, 1.15)
        points.append(
            [
                round(lon + (r * math.cos(angle)) / (111_320 * math.cos(math.radians(lat))), 6),
                round(lat + (r * math.sin(angle)) / 110_540, 6),
            ]
        )
    points.append(points[0])
    return {"type": "Polygon", "coordinates": [points]}


def _demo_areas(slug: str, lon: float, lat: float, number: int) -> list[str]:
    """Nine made-up statistical areas in a 3 x 3 grid over the Zone, the size of real LSOAs, for
    building a boundary from areas (and the area-code option)."""
    codes = []
    step_lon, step_lat = 0.008, 0.0055
    for i in range(9):
        row, column = divmod(i, 3)
        west, south = lon + (column - 1.5) * step_lon, lat + (row - 1.5) * step_lat
        ring = [
            [west, south],
            [west + step_lon, south],
            [west + step_lon, south + step_lat],
            [west, south + step_lat],
            [west, south],
        ]
        code = f"E0190{number:02d}{i:02d}"
        StatisticalArea.objects.update_or_create(
            code=code,
            defaults={
                "name": f"{slug.replace('-', ' ').title()} demo area {'ABCDEFGHJ'[i]}",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "area_m2": step_lon * 111_320 * math.cos(math.radians(lat)) * step_lat * 110_540,
                "min_lon": west,
                "min_lat": south,
                "max_lon": west + step_lon,
                "max_lat": south + step_lat,
            },
        )
        codes.append(code)
    return codes


def _residents(count: int) -> list[User]:
    people = []
    for n in range(1, count + 1):
        email = f"neighbour{n}@example.org"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, name=f"Demo Neighbour {n}", role=Role.RESIDENT
        )
        people.append(user)
    return people


def load_zone_life(*, rng: random.Random, staff: User) -> None:
    residents = _residents(10)
    now = timezone.now()
    for number, (slug, (lon, lat)) in enumerate(CENTRES.items(), start=1):
        zone = Zone.objects.filter(slug=slug).first()
        if zone is None:
            continue
        codes = _demo_areas(slug, lon, lat, number)
        if zone.boundary is None:
            if slug == "oakham-north":
                services.set_boundary_from_areas(zone=zone, codes_text=" ".join(codes))
            else:
                services.set_boundary_from_geojson(
                    zone=zone, geojson=_json(_polygon(rng, lon, lat, 900)), drawn=True
                )
        if not zone.stage_changes.exists():
            path = [Stage.ENQUIRY, Stage.FORMING, Stage.ACTIVE, Stage.SUSTAINING]
            steps = path[: path.index(zone.stage) + 1] if zone.stage in path else [zone.stage]
            for i, stage in enumerate(steps):
                StageChange.objects.create(
                    zone=zone,
                    from_stage=steps[i - 1] if i else "",
                    to_stage=stage,
                    by=staff,
                    at=now - timedelta(days=400 - 120 * i),
                )
        plan = PLANS.get(slug)
        if plan is None or zone.proposals.exists():
            continue
        _fill_zone(zone, plan, residents, staff, now)


def _json(data: dict) -> str:
    return json.dumps(data)


def _fill_zone(zone: Zone, plan: dict, residents: list[User], staff: User, now) -> None:  # type: ignore[no-untyped-def]
    for person in residents:
        services.join_zone(zone=zone, user=person, connection="live")
    proposals = []
    for i, (title, theme, supporters) in enumerate(plan["proposals"]):
        proposal = services.propose_objective(
            zone=zone,
            title=title,
            theme=theme,
            proposed_by=residents[i % len(residents)],
            description="Raised by neighbours at the door-step conversations.",
        )
        proposal.created_at = now - timedelta(days=200 - i)
        proposal.save(update_fields=["created_at"])
        for person in residents[1:supporters]:
            Support.objects.get_or_create(proposal=proposal, user=person)
        proposals.append(proposal)
    coordinator = zone.coordinators.first() or staff
    objectives = []
    for index, title, statement, theme, kind, indicator in plan["objectives"]:
        objective = services.publish_objective(
            zone=zone,
            actor=coordinator,
            proposal=proposals[index] if index is not None else None,
            fields={
                "title": title,
                "statement": statement,
                "theme": theme,
                "indicator_kind": kind,
                "indicator": indicator,
                "agreed_at": "Community meeting at the community centre",
                "agreed_on": (now - timedelta(days=150)).date(),
            },
        )
        objective.published_at = now - timedelta(days=148)
        objective.save(update_fields=["published_at"])
        objectives.append(objective)
    for org_name, status, lead_email, commitment in plan["partners"]:
        organisation = Organisation.objects.get(name=org_name)
        Partnership.objects.get_or_create(
            zone=zone,
            organisation=organisation,
            defaults={
                "status": status,
                "invited_by": coordinator,
                "commitment": commitment,
                "lead": User.objects.filter(email=lead_email).first(),
                "invited_at": now - timedelta(days=140),
                "responded_at": None
                if status == PartnershipStatus.INVITED
                else now - timedelta(days=135),
            },
        )
    for objective_index, org_name, title, due_in_days, status, reason in plan["actions"]:
        organisation = Organisation.objects.get(name=org_name)
        action = services.create_action(
            zone=zone,
            fields={
                "objective": objectives[objective_index],
                "organisation": organisation,
                "title": title,
                "due_date": (now + timedelta(days=due_in_days)).date(),
                "owner": User.objects.filter(organisation=organisation, role=Role.PARTNER).first(),
            },
        )
        action.created_at = now - timedelta(days=130)
        action.save(update_fields=["created_at"])
        actor = action.owner or coordinator
        if status in (ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.STOPPED):
            services.record_progress(
                action=action,
                actor=actor,
                text="Started: first meeting held with residents.",
                status=ActionStatus.IN_PROGRESS,
            )
        if status == ActionStatus.DONE:
            services.record_progress(
                action=action,
                actor=actor,
                text="Completed and running every week.",
                status=ActionStatus.DONE,
                is_milestone=True,
            )
        if status == ActionStatus.STOPPED:
            services.record_progress(
                action=action,
                actor=actor,
                text="Paused.",
                status=ActionStatus.STOPPED,
                stopped_reason=reason,
            )
        for step, update in enumerate(action.updates.all()):
            update.at = now - timedelta(days=100 - 30 * step)
            update.save(update_fields=["at"])
    services.post_update(
        zone=zone,
        actor=coordinator,
        title="Thank you for coming to the community meeting",
        body="Over sixty of you came. The objectives you agreed are now on this page, with the partners "
        "who will work on each one.",
    )
    resident = User.objects.filter(email="resident@example.org").first()
    if resident is not None:
        Follow.objects.get_or_create(zone=zone, user=resident)
