"""Factories for test data: people of each role, organisations, Zones, applications."""

import json
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from peoplezones.applications.models import Application, Status
from peoplezones.core.models import Organisation, OrganisationType, Role, User
from peoplezones.zones.models import (
    Action,
    Objective,
    Partnership,
    PartnershipStatus,
    Proposal,
    Stage,
    Zone,
)

TEST_PASSWORD = "correct-horse-battery-staple"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    type = OrganisationType.POLICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    role = Role.RESIDENT
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def authenticator(self, create: bool, extracted: object, **kwargs: object) -> None:
        # Roles that must use a second factor get one, as they would after first sign-in.
        if create and self.needs_mfa:
            TOTP.activate(self, TEST_TOTP_SECRET)


class StaffFactory(UserFactory):
    role = Role.STAFF


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR


class PartnerFactory(UserFactory):
    role = Role.PARTNER
    organisation = factory.SubFactory(OrganisationFactory)


class VolunteerFactory(UserFactory):
    role = Role.VOLUNTEER


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Zone {n}")
    slug = factory.Sequence(lambda n: f"test-zone-{n}")
    stage = Stage.ACTIVE
    summary = "A test neighbourhood."
    is_published = True

    @factory.post_generation
    def coordinators(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        if create and extracted:
            self.coordinators.add(*extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    reference = factory.Sequence(lambda n: f"PZ-TEST-{n:04d}")
    kind = "apply"
    status = Status.NEW
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"applicant{n}@example.net")
    applicant_role = "resident"
    area_name = factory.Sequence(lambda n: f"Test Estate {n}")
    postcode = "LE3 1AB"
    wants_to_change = "Safer streets after dark."
    strengths = "A library and a youth club."
    already_involved = "Tenants' association."
    contact_preference = "email"
    consent_given_at = factory.LazyFunction(timezone.now)
    received_at = factory.LazyFunction(timezone.now)
    status_changed_at = factory.LazyFunction(timezone.now)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    zone = factory.SubFactory(ZoneFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = PartnershipStatus.ACCEPTED
    commitment = "Evening patrols."


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    zone = factory.SubFactory(ZoneFactory)
    title = factory.Sequence(lambda n: f"Proposal {n}")
    theme = "safety"


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    zone = factory.SubFactory(ZoneFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
    statement = "Streets feel safe after dark."
    theme = "safety"
    indicator_kind = "survey"
    indicator = "Feeling safe walking alone after dark"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    zone = factory.SubFactory(ZoneFactory)
    objective = factory.SubFactory(ObjectiveFactory, zone=factory.SelfAttribute("..zone"))
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


TOOLKIT_CONTENT = {
    "title": "Good neighbour befriending visits",
    "summary": "Volunteers visit isolated older neighbours every week.",
    "themes": ["loneliness", "older"],
    "steps": "1. Find people who would like a visitor.\n2. Recruit and check volunteers.",
    "agencies": ["health", "community_group"],
    "money_band": "low",
    "setup_time": "weeks",
    "risks": "Enhanced DBS checks for visitors.",
}


# Assets -------------------------------------------------------------------------------------------

BRAUNSTONE = (-1.18, 52.627)  # lon, lat of a point in Leicester


def square(lon: float, lat: float, half: float = 0.01) -> dict:
    """A square GeoJSON polygon about 2 km across centred on a point."""
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def zone_with_boundary(lon: float = BRAUNSTONE[0], lat: float = BRAUNSTONE[1], **kwargs):
    from peoplezones.zones import services as zone_services

    zone = ZoneFactory(**kwargs)
    zone_services.set_boundary_from_geojson(zone=zone, geojson=json.dumps(square(lon, lat)))
    zone.refresh_from_db()
    return zone


def make_asset(
    category: str = "library", lon: float = BRAUNSTONE[0], lat: float = BRAUNSTONE[1], **fields
):
    """An asset saved the way the platform saves one (projected, placed in its Zones)."""
    from peoplezones.assets import services as asset_services
    from peoplezones.assets.models import Asset, Category

    category_obj = Category.objects.get(slug=category)
    fields.setdefault("name", f"{category_obj.name} {Asset.objects.count() + 1}")
    fields.setdefault("kind", category_obj.kind)
    asset = Asset(category=category_obj, lon=lon, lat=lat, **fields)
    return asset_services.save_asset(asset=asset, user=None)


def make_survey(zone=None, measure_keys=("safety_dark", "belonging", "better", "offer"), **fields):
    """A survey built the way the builder builds one, with an open baseline wave."""
    from peoplezones.research import services as research_services
    from peoplezones.research.models import Wave

    zone = zone or ZoneFactory()
    fields.setdefault("title", "How is the area?")
    survey = research_services.create_survey(
        fields={"zone": zone, **fields}, measure_keys=list(measure_keys), by=None
    )
    now = timezone.now()
    Wave.objects.create(
        survey=survey, name="Baseline", kind="baseline",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=27),
    )  # fmt: skip
    return survey


def make_event(zone=None, group=None, *, days=7, hours=2, **fields):
    """An event starting `days` from now at 10:00 local time, two hours long."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from peoplezones.community.models import Event

    day = (timezone.localtime() + timedelta(days=days)).date()
    starts = timezone.make_aware(datetime.combine(day, time(10, 0)))
    fields.setdefault("title", "Coffee morning")
    return Event.objects.create(
        zone=zone, group=group, starts=starts, ends=starts + timedelta(hours=hours), **fields
    )


def make_group(zone=None, organisers=(), **fields):
    from peoplezones.community.models import Group

    fields.setdefault("name", "Braunstone Walkers")
    fields.setdefault("slug", fields["name"].lower().replace(" ", "-"))
    fields.setdefault("kind", "walking")
    fields.setdefault("description", "A gentle walk round the park, then tea.")
    group = Group.objects.create(zone=zone, **fields)
    group.organisers.set(organisers or [UserFactory()])
    return group


def make_help_request(zone, help_type="weekly-visit", **fields):
    from peoplezones.volunteering.models import HelpRequest, HelpType

    fields.setdefault("name", "Mrs Edna Cole")
    fields.setdefault("contact", "0116 496 0123")
    fields.setdefault("details", "A chat and a cup of tea; she has not been out since her fall.")
    fields.setdefault("postcode", "LE3 1QP")
    fields.setdefault("lon", BRAUNSTONE[0])
    fields.setdefault("lat", BRAUNSTONE[1])
    return HelpRequest.objects.create(
        zone=zone, help_type=HelpType.objects.get(slug=help_type), **fields
    )


def make_offer(zone, volunteer=None, help_types=("weekly-visit",), km_east=1.0, **fields):
    """A volunteer's offer, living `km_east` kilometres east of the Braunstone point."""
    from peoplezones.volunteering.models import HelpType, VolunteerOffer

    fields.setdefault("availability", "Weekday mornings")
    fields.setdefault("postcode", "LE3 2AB")
    offer = VolunteerOffer.objects.create(
        volunteer=volunteer or VolunteerFactory(), zone=zone,
        lon=BRAUNSTONE[0] + km_east / 68.0, lat=BRAUNSTONE[1], **fields,
    )  # fmt: skip
    offer.help_types.set(HelpType.objects.filter(slug__in=help_types))
    return offer


def area_grid(
    rows: int = 3,
    columns: int = 3,
    *,
    west: float = BRAUNSTONE[0] - 0.018,
    south: float = BRAUNSTONE[1] - 0.012,
    step_lon: float = 0.012,
    step_lat: float = 0.008,
    kind: str = "lsoa21",
    prefix: str = "E010900",
    postcodes: bool = True,
) -> list:
    """Statistical areas in a grid of squares that share their edges (row by row from the south
    west), each with residents, a deprivation decile and two postcodes inside it, as loaded
    from ONS files. Codes run E01090000, E01090001, ...; names "Braunstone 001A", ..."""
    from shapely.geometry import shape

    from peoplezones.core.geo import area_m2
    from peoplezones.geography.models import AreaProfile, Postcode, StatisticalArea

    areas = []
    for number in range(rows * columns):
        row, column = divmod(number, columns)
        w, s = west + column * step_lon, south + row * step_lat
        ring = [[w, s], [w + step_lon, s], [w + step_lon, s + step_lat], [w, s + step_lat], [w, s]]
        geometry = {"type": "Polygon", "coordinates": [ring]}
        code = f"{prefix}{number:02d}"
        areas.append(
            StatisticalArea.objects.create(
                code=code, name=f"Braunstone {number + 1:03d}{'ABCD'[number % 4]}", kind=kind,
                geometry=geometry, area_m2=area_m2(shape(geometry)), min_lon=w, min_lat=s,
                max_lon=w + step_lon, max_lat=s + step_lat,
            )
        )  # fmt: skip
        AreaProfile.objects.create(
            code=code, population=1500 + 10 * number, imd_decile=1 + number % 3
        )
        for n in range(2 if postcodes else 0):
            Postcode.objects.create(
                postcode=f"LE9 {number % 10}{'ABCDEFGHJ'[number // 10]}{'AB'[n]}",
                lat=s + step_lat * (0.3 + 0.4 * n), lon=w + step_lon / 2, lsoa_code=code,
            )  # fmt: skip
    return areas
