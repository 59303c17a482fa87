"""The demo's community assets, residential points and skills offers: a few hundred fictional
assets in and around each demo Zone, loaded through the real CSV importer (so running the demo
again updates rather than duplicates), postcode-like points with populations for gap analysis,
and neighbours' skills offers with their consents."""

import io
import math
import random
from datetime import timedelta

from django.utils import timezone

from peoplezones.assets import importers, points, services
from peoplezones.assets.models import Asset, Skill, SkillOffer
from peoplezones.core import csvfile
from peoplezones.core.models import Role, User
from peoplezones.demo.zones import CENTRES
from peoplezones.zones.models import Zone

POINT_SET = "Demo postcode populations (fictional)"
STREETS = ["Church", "Mill", "Station", "Park", "Victoria", "Albert", "King", "Queen", "Main", "Hinckley", "Narborough", "Melton", "Forest", "Ash", "Beech", "Oak", "Chestnut", "Meadow", "Brook", "Castle"]  # fmt: skip
SAINTS = ["Mary", "Peter", "John", "Andrew", "Margaret", "James", "Luke"]

# category, how many per Zone (roughly), name patterns, audience, cost
KINDS = [
    ("library", 1, ["{place} Library"], "Everyone", "free"),
    ("school", 3, ["{street} Primary School", "{place} Academy"], "Children 4-11", "free"),
    (
        "food-bank",
        1,
        ["{place} Food Bank", "{street} Community Pantry"],
        "Anyone in need, referral or drop-in",
        "free",
    ),
    ("youth-club", 2, ["{place} Youth Club", "{street} Youth Hub"], "Young people 11-18", "low"),
    (
        "sports",
        3,
        ["{place} Leisure Centre", "{street} Boxing Club", "{street} Recreation Ground pitches"],
        "All ages",
        "low",
    ),
    ("health", 1, ["{place} Health Centre"], "Registered patients", "free"),
    ("pharmacy", 2, ["{street} Pharmacy", "{place} Chemist"], "Everyone", "paid"),
    ("gp", 2, ["{street} Medical Practice", "{place} Surgery"], "Registered patients", "free"),
    (
        "community-centre",
        2,
        ["{place} Community Centre", "{street} Village Hall"],
        "Everyone",
        "free",
    ),
    (
        "place-of-worship",
        3,
        ["St {saint}'s Church", "{place} Mosque", "{street} Gurdwara", "{street} Methodist Church"],
        "Everyone",
        "free",
    ),
    ("park", 3, ["{street} Park", "{place} Green", "{street} Allotments"], "Everyone", "free"),
    ("playground", 3, ["{street} Play Area"], "Children under 12", "free"),
    (
        "shop",
        8,
        ["{street} Stores", "{street} Convenience", "{place} Launderette", "{street} Barbers"],
        "Everyone",
        "paid",
    ),
    (
        "cafe-restaurant",
        5,
        ["{street} Cafe", "The {street} Arms", "{place} Community Cafe", "{street} Fish Bar"],
        "Everyone",
        "paid",
    ),
    ("post-office", 1, ["{place} Post Office"], "Everyone", "paid"),
    (
        "support-group",
        4,
        [
            "{place} Walking Group",
            "{place} Carers' Support Group",
            "{street} Knit and Natter",
            "{place} Men's Shed",
            "{place} Parent and Toddler Group",
        ],
        "Everyone",
        "free",
    ),
    (
        "culture",
        2,
        ["{place} Heritage Trail", "{street} Mural", "{place} Arts Collective"],
        "Everyone",
        "free",
    ),
]
OPENING = [
    "Mon-Fri 9:00-17:00",
    "Tue and Thu 10:00-12:00",
    "Daily 7:00-22:00",
    "Sat 10:00-13:00",
    "Fri 18:00-21:00",
    "",
]
LANGUAGES = [
    "English",
    "English, Gujarati",
    "English, Punjabi",
    "English, Polish",
    "English, Somali",
    "English, Urdu",
]
ACCESS = ["Step-free entrance", "Hearing loop", "Accessible toilet", "Steps at the entrance", ""]


def _offset(lon: float, lat: float, east_m: float, north_m: float) -> tuple[float, float]:
    return (
        round(lon + east_m / (111_320 * math.cos(math.radians(lat))), 6),
        round(lat + north_m / 111_320, 6),
    )


def _asset_csv(rng: random.Random) -> str:
    out = io.StringIO()
    writer = csvfile.Writer(out)
    writer.writerow(["id", "name", "category", "description", "audience", "languages", "accessibility", "cost", "opening_times", "phone", "website", "address", "postcode", "latitude", "longitude", "visibility", "last_verified"])  # fmt: skip
    today = timezone.localdate()
    for slug, (lon, lat) in CENTRES.items():
        place = Zone.objects.filter(slug=slug).values_list("name", flat=True).first() or slug
        place = place.split()[0]
        district = rng.choice(["LE3", "LE11", "LE15", "LE10"])
        for category, per_zone, patterns, audience, cost in KINDS:
            # Food banks are deliberately scarce: gap analysis has something to find.
            if category == "food-bank":
                count = 1 if slug in ("braunstone-park", "oakham-north") else 0
            else:
                count = per_zone + rng.randint(0, per_zone)
            for i in range(count):
                street = rng.choice(STREETS)
                name = rng.choice(patterns).format(
                    place=place, street=street, saint=rng.choice(SAINTS)
                )
                distance = rng.uniform(0, 1400)
                angle = rng.uniform(0, 2 * math.pi)
                a_lon, a_lat = _offset(
                    lon, lat, distance * math.cos(angle), distance * math.sin(angle)
                )
                verified = today - timedelta(days=rng.choice([20, 90, 200, 300, 420, 700]))
                writer.writerow([
                    f"demo-{slug}-{category}-{i}", name, category,
                    f"A fictional {category.replace('-', ' ')} for the demonstration.", audience,
                    rng.choice(LANGUAGES), rng.choice(ACCESS), cost, rng.choice(OPENING),
                    f"0116 496 {rng.randint(0, 9999):04d}", "",
                    f"{rng.randint(1, 200)} {street} Road", f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
                    a_lat, a_lon, "partners" if category == "support-group" and i == 0 else "public",
                    verified.isoformat(),
                ])  # fmt: skip
    return out.getvalue()


def _points_csv(rng: random.Random) -> str:
    lines = ["postcode,lat,long,population"]
    for number, (lon, lat) in enumerate(CENTRES.values()):
        for i in range(90):
            east, north = rng.uniform(-1300, 1300), rng.uniform(-1300, 1300)
            p_lon, p_lat = _offset(lon, lat, east, north)
            lines.append(
                f"ZZ{number} {i // 20}{'ABDEFGHJ'[i % 8]}{'LNPQRSTU'[i // 8 % 8]},{p_lat},{p_lon},{rng.randint(8, 60)}"
            )
    return "\n".join(lines) + "\n"


def _offers(rng: random.Random) -> None:
    skills = list(Skill.objects.all())
    for number, slug in enumerate(CENTRES):
        zone = Zone.objects.filter(slug=slug).first()
        if zone is None or zone.skill_offers.exists():
            continue
        for i in range(24 if number == 0 else 12):
            email = f"skills.{slug}.{i}@example.org"
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email, name=f"Demo Helper {number}-{i}", role=Role.RESIDENT
            )
            chosen = rng.sample(skills, rng.randint(1, 3))
            if number == 0 and i < 14:
                chosen = list({*chosen, next(s for s in skills if s.slug == "cooking")})
            details = {
                "interests": rng.choice(
                    ["Gardening, local history", "Football", "Reading with children", ""]
                ),
                "time_offered": rng.choice(["hour_week", "hours_month", "occasional"]),
                "languages": rng.choice(LANGUAGES),
                "consent_contact": rng.random() < 0.7,
                "consent_count": True,
                "consent_match": rng.random() < 0.5,
            }
            services.offer_skills(user=user, zone=zone, skills=chosen, details=details)


def load_assets(rng: random.Random) -> None:
    point_rows = points.read_points(_points_csv(rng).encode(), "demo-points.csv")
    points.store_points(point_rows, name=POINT_SET, source_note="generated for the demo")
    parsed = importers.read_csv(_asset_csv(rng).encode(), "demo-assets.csv")
    if parsed.problems:
        raise ValueError("; ".join(str(p) for p in parsed.problems[:5]))
    for slug in CENTRES:
        zone = Zone.objects.filter(slug=slug).first()
        rows = [r for r in parsed.rows if r.source_id.startswith(f"demo-{slug}-")]
        services.apply_rows(
            importers.Parsed(rows=rows), scope=Asset.objects.all(), user=None, steward_zone=zone
        )
    if not SkillOffer.objects.exists():
        _offers(rng)
