"""The demo's neighbours helping neighbours in Braunstone Park: requests for help (one matched
with visits logged, one waiting because the only volunteer offering has no DBS check yet),
volunteers' offers and checks (one due for renewal), and a concern for the coordinator."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from peoplezones.core.models import User
from peoplezones.privacy import consent
from peoplezones.privacy.models import ErasureRequest, ErasureStatus, Purpose
from peoplezones.volunteering import services
from peoplezones.volunteering.models import DbsCheck, HelpRequest, HelpType, Visit, VolunteerOffer
from peoplezones.zones.models import Zone

BRAUNSTONE = (-1.1745, 52.6265)


@transaction.atomic
def load_volunteering() -> None:
    zone = Zone.objects.get(slug="braunstone-park")
    if HelpRequest.objects.filter(zone=zone).exists():
        return
    people = {u.email: u for u in User.objects.all()}
    coordinator = people["coordinator@example.org"]
    lead = people["programme.lead@example.org"]
    if not lead.is_safeguarding_lead:
        lead.is_safeguarding_lead = True
        lead.save(update_fields=["is_safeguarding_lead"])
    types = {t.slug: t for t in HelpType.objects.all()}
    today = timezone.localdate()
    joyce = people["volunteer@example.org"]
    offer = VolunteerOffer.objects.create(
        volunteer=joyce, zone=zone, availability="Weekday afternoons", languages="English",
        postcode="LE3 1QP", lon=BRAUNSTONE[0] + 0.01, lat=BRAUNSTONE[1], max_distance_km=3,
        skills="Retired nurse; patient listener.",
    )  # fmt: skip
    offer.help_types.set([types["weekly-visit"], types["shopping"], types["phone-friend"]])
    consent.give(Purpose.VOLUNTEERING, offer, user=joyce)
    DbsCheck.objects.create(
        volunteer=joyce, level=3, certificate_number="001987654321",
        seen_on=today - timedelta(days=1070), renew_by=today + timedelta(days=25),
        recorded_by=coordinator,
    )  # fmt: skip
    kamal = people["resident@example.org"]
    newcomer = VolunteerOffer.objects.create(
        volunteer=kamal, zone=zone, availability="Saturdays", languages="English, Gujarati",
        postcode="LE3 2AB", lon=BRAUNSTONE[0] - 0.005, lat=BRAUNSTONE[1] + 0.004,
    )  # fmt: skip
    newcomer.help_types.set([types["lift-to-appointments"], types["digital-help"]])
    consent.give(Purpose.VOLUNTEERING, newcomer, user=kamal)
    visits = HelpRequest.objects.create(
        zone=zone, help_type=types["weekly-visit"], name="Mrs Edna Cole",
        contact="0116 496 0123", details="A chat and a cup of tea; she has not been out much "
        "since her fall.", when="Tuesday afternoons", postcode="LE3 1QP", lon=BRAUNSTONE[0],
        lat=BRAUNSTONE[1], created_by=coordinator,
    )  # fmt: skip
    consent.give(Purpose.HELP_REQUEST, visits)  # given to the coordinator, by phone
    match = services.confirm_match(visits, joyce, coordinator)
    for weeks_ago in (3, 2, 1):
        Visit.objects.create(
            match=match, date=today - timedelta(weeks=weeks_ago), minutes=75,
            notes="All well." if weeks_ago > 1 else "She seemed low; mentioned her son rarely calls.",
        )  # fmt: skip
    lift = HelpRequest.objects.create(
        zone=zone, help_type=types["lift-to-appointments"], name="Mr Arjun Mistry",
        contact="0116 496 0456", details="A lift to the eye clinic at the Royal Infirmary.",
        when="Thursday mornings", languages="Gujarati", postcode="LE3 2AB",
        lon=BRAUNSTONE[0] - 0.004, lat=BRAUNSTONE[1] + 0.003, created_by=coordinator,
    )  # fmt: skip
    consent.give(Purpose.HELP_REQUEST, lift)
    # Asked nine days ago and still waiting: it heads the coordinator's work queue.
    HelpRequest.objects.filter(pk=lift.pk).update(created_at=timezone.now() - timedelta(days=9))
    # A resident has asked for their data to be erased: it waits for the programme team.
    ErasureRequest.objects.get_or_create(
        user=kamal, status=ErasureStatus.PENDING,
        defaults={"reason": "I am moving away from Leicester."},
    )  # fmt: skip
    services.raise_concern(
        by=joyce, zone=zone, match=match, urgent=False,
        what="Mrs Cole said someone rang claiming to be from her bank and asking for her PIN.",
    )  # fmt: skip
