"""Builds the demo: organisations, people of every role, Zones at each stage, applications in every
state. Every record is keyed on a natural key, so running it again changes nothing."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from peoplezones.applications.models import Application, Event, Message, Status
from peoplezones.applications.services import change_status
from peoplezones.core.models import Organisation, OrganisationType, Role, User
from peoplezones.demo.assets import load_assets
from peoplezones.demo.community import load_community
from peoplezones.demo.evaluation import load_evaluation
from peoplezones.demo.outcomes import load_outcomes
from peoplezones.demo.research import load_research
from peoplezones.demo.toolkit import load_toolkit
from peoplezones.demo.volunteering import load_volunteering
from peoplezones.demo.zones import load_zone_life
from peoplezones.pages.models import Page
from peoplezones.privacy.models import Consent, Purpose
from peoplezones.zones.models import Stage, Zone

SEED = 20261122
DEMO_PASSWORD = "demo-zones-2026"  # nosec B105 # noqa: S105 - published demo login
# Base32; everyone's demo authenticator shares it. `manage.py totp_code EMAIL` prints the code.
DEMO_TOTP_SECRET = "PEOPLEZONESDEMO2"  # nosec B105 # noqa: S105 - published demo key

ORGANISATIONS = [
    ("Leicestershire Police", OrganisationType.POLICE),
    ("Leicester City Council", OrganisationType.LOCAL_AUTHORITY),
    ("Charnwood Borough Council", OrganisationType.LOCAL_AUTHORITY),
    ("Rutland County Council", OrganisationType.LOCAL_AUTHORITY),
    ("Hinckley and Bosworth Borough Council", OrganisationType.LOCAL_AUTHORITY),
    ("Leicestershire Fire and Rescue Service", OrganisationType.FIRE_RESCUE),
    ("East Midlands Ambulance Service", OrganisationType.AMBULANCE),
    ("NHS Leicester, Leicestershire and Rutland", OrganisationType.HEALTH),
    ("Probation Service, Leicestershire", OrganisationType.PROBATION),
    ("Braunstone Park Neighbours Network", OrganisationType.COMMUNITY_GROUP),
    ("Bell Foundry Residents' Association", OrganisationType.COMMUNITY_GROUP),
    ("Oakham Community Larder", OrganisationType.COMMUNITY_GROUP),
    ("Winstanley Community College", OrganisationType.SCHOOL),
    ("Loughborough Interfaith Forum", OrganisationType.FAITH_GROUP),
    ("Narborough Road Traders", OrganisationType.BUSINESS),
]


@dataclass(frozen=True)
class DemoZone:
    name: str
    stage: str
    local_authority: str
    postcode: str
    launched: date | None
    summary: str
    priorities: str
    strengths: str


ZONES = [
    DemoZone(
        "Braunstone Park",
        Stage.ACTIVE,
        "Leicester",
        "LE3 1QF",
        date(2025, 3, 1),
        "Neighbours, the council and the police working on safer streets, more for young people "
        "to do, and fewer people feeling alone.",
        "Safer walking routes after dark; more for teenagers to do in the evenings; less fly-tipping "
        "behind the shops; reaching older people who live alone.",
        "A busy library and community centre, two youth football clubs, a food bank at the church, "
        "a park with a cafe, and many residents with trade skills.",
    ),
    DemoZone(
        "Bell Foundry, Loughborough",
        Stage.FORMING,
        "Charnwood",
        "LE11 1AF",
        None,
        "Residents are shaping their first objectives with the residents' association and partners.",
        "Cleaner shared spaces; tackling drug dealing near the garages; helping new families settle.",
        "Residents' association with 60 members, an interfaith forum, allotments, a primary school "
        "that opens its hall in the evenings.",
    ),
    DemoZone(
        "Oakham North",
        Stage.SUSTAINING,
        "Rutland",
        "LE15 6AB",
        date(2023, 9, 1),
        "Two years on, residents run the walking club, the larder and the good-neighbour scheme "
        "themselves, with partners on call.",
        "Reducing isolation among older residents; keeping the town centre welcoming in the evening.",
        "Community larder, walking club, good-neighbour scheme, a library with digital help sessions.",
    ),
]

PEOPLE = [
    # email, name, role, organisation name or "", zones coordinated
    ("staff@example.org", "Sam Okafor", Role.STAFF, "", []),
    ("programme.lead@example.org", "Helen Marsh", Role.STAFF, "", []),
    ("coordinator@example.org", "Priya Desai", Role.COORDINATOR, "", ["Braunstone Park"]),
    (
        "coordinator.bell@example.org",
        "Tom Hewitt",
        Role.COORDINATOR,
        "",
        ["Bell Foundry, Loughborough"],
    ),
    ("coordinator.oakham@example.org", "Rachel Dunn", Role.COORDINATOR, "", ["Oakham North"]),
    ("partner@example.org", "PC Gareth Lloyd", Role.PARTNER, "Leicestershire Police", []),
    ("partner.council@example.org", "Amina Yusuf", Role.PARTNER, "Leicester City Council", []),
    (
        "partner.fire@example.org",
        "Dan Whitfield",
        Role.PARTNER,
        "Leicestershire Fire and Rescue Service",
        [],
    ),
    ("volunteer@example.org", "Joyce Bennett", Role.VOLUNTEER, "", []),
    ("resident@example.org", "Kamal Patel", Role.RESIDENT, "", []),
]

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Farah",
    "George",
    "Hannah",
    "Imran",
    "Jade",
]
LAST_NAMES = ["Allen", "Begum", "Clarke", "Dhillon", "Evans", "Foster", "Gill", "Hussain", "Iqbal"]

APPLICATIONS = [
    # area, postcode, status, days ago, kind, what they want
    (
        "Saffron Lane estate",
        "LE2 6AA",
        Status.NEW,
        2,
        "apply",
        "Young people have nowhere to go in the evenings and parents worry about knife crime.",
    ),
    (
        "Eyres Monsell",
        "LE2 9AB",
        Status.NEW,
        14,
        "apply",
        "Speeding cars and drug dealing near the shops; older residents feel unsafe after dark.",
    ),
    (
        "Market Harborough town centre",
        "LE16 7AA",
        Status.NEW,
        5,
        "ask",
        "Could a People Zone cover a town centre rather than a housing estate?",
    ),
    (
        "Coalville, Greenhill",
        "LE67 4AA",
        Status.IN_REVIEW,
        8,
        "apply",
        "Loneliness among older people and a lack of activities for children in the holidays.",
    ),
    (
        "Melton Egerton",
        "LE13 0AA",
        Status.IN_REVIEW,
        21,
        "apply",
        "Anti-social behaviour in the park and litter; we want to make it a place families use again.",
    ),
    (
        "Wigston Fields",
        "LE18 3AA",
        Status.MORE_INFO,
        12,
        "apply",
        "Burglaries have gone up and neighbours no longer know each other.",
    ),
    (
        "Hinckley Castle ward",
        "LE10 1AA",
        Status.ACCEPTED,
        40,
        "apply",
        "Shop theft and rowdiness in the evening; residents want a safer, friendlier town centre.",
    ),
    (
        "Uppingham Road flats",
        "LE5 4AA",
        Status.DECLINED,
        30,
        "apply",
        "Repairs to the flats and better lighting in the stairwells.",
    ),
    (
        "Shepshed west",
        "LE12 9AA",
        Status.WITHDRAWN,
        25,
        "ask",
        "Interested in how the programme works for a village.",
    ),
]


def _people(rng: random.Random, log: list[str]) -> dict[str, User]:
    organisations = {}
    for name, kind in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "type": kind}
        )
    users = {}
    for email, name, role, organisation, _zones in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                name=name,
                role=role,
                organisation=organisations.get(organisation),
            )
            log.append(f"created {role} {email}")
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if (
            user.needs_mfa
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        users[email] = user
    return users


def _zones(users: dict[str, User]) -> None:
    now = timezone.now()
    for demo in ZONES:
        zone, created = Zone.objects.get_or_create(
            slug=slugify(demo.name),
            defaults={
                "name": demo.name,
                "stage": demo.stage,
                "local_authority": demo.local_authority,
                "postcode": demo.postcode,
                "launch_date": demo.launched,
                "summary": demo.summary,
                "community_priorities": demo.priorities,
                "community_strengths": demo.strengths,
                "is_published": True,
            },
        )
        if created:
            zone.stage_changed_at = now - timedelta(days=60)
            zone.save(update_fields=["stage_changed_at"])
    for email, _name, _role, _org, coordinated in PEOPLE:
        for zone_name in coordinated:
            Zone.objects.get(slug=slugify(zone_name)).coordinators.add(users[email])


def _applications(rng: random.Random, staff: User) -> None:
    now = timezone.now()
    for area, postcode, status, days_ago, kind, wants in APPLICATIONS:
        reference = "PZ-" + "".join(
            rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8)
        )
        reference = f"{reference[:7]}-{reference[7:]}"
        # Draw every random value before deciding to skip, so reruns see the same sequence.
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        hours = rng.randint(0, 8)
        if Application.objects.filter(reference=reference).exists():
            continue
        received = now - timedelta(days=days_ago, hours=hours)
        application = Application.objects.create(
            reference=reference,
            kind=kind,
            status=Status.NEW,
            name=f"{first} {last}",
            email=f"{first}.{last}@example.net".lower(),
            applicant_role="resident",
            area_name=area,
            postcode=postcode,
            wants_to_change=wants,
            strengths="A community centre, a primary school and a few neighbours who already help out.",
            already_involved="Our tenants' association and the local ward councillor.",
            contact_preference="email",
            consent_given_at=received,
            received_at=received,
            status_changed_at=received,
        )
        Event.objects.create(application=application, to_status=Status.NEW, note="Received")
        Consent.objects.create(
            email=application.email, purpose=Purpose.APPLICATION, given_at=received,
            source_type="applications.Application", source_id=str(application.pk),
        )  # fmt: skip
        Message.objects.create(
            application=application,
            to_email=application.email,
            automatic=True,
            subject=f"We have your People Zones application: {reference}",
            body="Thank you for getting in touch with People Zones.",
        )
        path = {
            Status.NEW: [],
            Status.IN_REVIEW: [Status.IN_REVIEW],
            Status.MORE_INFO: [Status.IN_REVIEW, Status.MORE_INFO],
            Status.ACCEPTED: [Status.IN_REVIEW, Status.ACCEPTED],
            Status.DECLINED: [Status.IN_REVIEW, Status.DECLINED],
            Status.WITHDRAWN: [Status.WITHDRAWN],
        }[status]
        for step in path:
            note = {
                Status.DECLINED: "The issues raised are housing repairs; we have passed them to the "
                "landlord and the council's housing team.",
                Status.WITHDRAWN: "The applicant said by phone that the village will apply next year.",
                Status.MORE_INFO: "Asked how many residents support the application.",
            }.get(step, "")
            change_status(application=application, to_status=step, actor=staff, note=note)
        _spread_history(application, received, now)


def _spread_history(application: Application, received: datetime, now: datetime) -> None:
    """Give the history believable dates between receipt and today, instead of all 'now'."""
    events = list(application.events.order_by("id"))
    step = (now - received) / (len(events) + 1)
    for i, event in enumerate(events):
        event.at = received + step * i
        event.save(update_fields=["at"])
    application.messages.update(sent_at=received + timedelta(minutes=1))
    application.status_changed_at = events[-1].at
    application.save(update_fields=["status_changed_at"])


@transaction.atomic
def load_demo(*, seed: int = SEED) -> list[str]:
    """Create (or complete) the demo. Returns lines describing what was created."""
    rng = random.Random(seed)  # nosec B311 # fictional demo data, not security
    log: list[str] = []
    users = _people(rng, log)
    _zones(users)
    _applications(rng, users["staff@example.org"])
    load_zone_life(rng=rng, staff=users["staff@example.org"])
    load_toolkit(users)
    load_assets(random.Random(seed + 5))  # nosec B311 # fictional demo data, not security
    load_research(random.Random(seed + 6))  # nosec B311 # fictional demo data, not security
    load_outcomes(random.Random(seed + 7))  # nosec B311 # fictional demo data, not security
    load_evaluation(users["staff@example.org"])
    load_community()
    load_volunteering()
    video = Page.objects.filter(slug="what-is-a-people-zone").first()
    if video and not video.video_embed_url:
        video.video_title = "People Zones in two minutes (demo video slot)"
        video.video_embed_url = "https://www.youtube-nocookie.com/embed/demo-people-zones"
        video.video_transcript = (
            "**Narrator:** A People Zone starts with the people who live there.\n\n"
            "**Resident:** We said we wanted somewhere for the kids to go. Now there's a youth "
            "club three nights a week, run by parents, with the police and the council helping.\n\n"
            "**Narrator:** The community chooses. The agencies join up. Everyone sees the progress."
        )
        video.save()
    return log
