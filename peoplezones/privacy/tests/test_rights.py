"""Issue 9, acceptance 1: a person with data in every app exports it (every item present), is
erased, and afterwards nothing identifying remains anywhere in the database while every
aggregate the platform publishes is unchanged."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from peoplezones.applications.models import Application
from peoplezones.applications.services import submit_application
from peoplezones.assets import queries as asset_queries
from peoplezones.assets.models import Skill
from peoplezones.assets.services import offer_skills
from peoplezones.community import services as community
from peoplezones.community.models import Booking
from peoplezones.core import audit
from peoplezones.core.models import AuditEvent, NotificationSettings, User
from peoplezones.privacy.models import Consent, ErasureRequest, ErasureStatus, Purpose
from peoplezones.privacy.services import erase
from peoplezones.research import results
from peoplezones.research.models import Question, QuestionKind, Response
from peoplezones.research.services import submit_response
from peoplezones.toolkit.services import propose_option
from peoplezones.volunteering import services as volunteering
from peoplezones.volunteering.models import (
    ConcernStatus,
    DbsCheck,
    DbsLevel,
    HelpRequest,
    Visit,
    VolunteerOffer,
)
from peoplezones.zones import services as zones
from peoplezones.zones.models import Member, Support
from tests import factories

NAME = "Priya Zanzibar-Quill"
EMAIL = "priya.zq@example.org"
PHONE = "07700 900461"
POSTCODE = "LE3 9QZ"
# One marker in every free-text field the person fills in; none may survive erasure.
MARKERS = {
    "application": "Zq-application: the park after dark",
    "skills": "Zq-skills: bicycle repair",
    "answer": "Zq-answer: the alley by number 12",
    "join": "Zq-join: I walk my dog there",
    "message": "Zq-message: can my neighbour come too?",
    "details": "Zq-details: help with shopping after my operation",
    "offer": "Zq-offer: retired nurse",
    "visit": "Zq-visit: she seemed low today",
    "concern": "Zq-concern: bruises on her arm",
    "contact": "Zq-contact: ring twice",
    "credit": "Zq-credit Priya",
}
IDENTIFYING = [NAME, EMAIL, PHONE, POSTCODE, "987654321012", *MARKERS.values()]


def _aggregates(zone, survey, event, group) -> dict:
    """What the platform counts and publishes, read the way its pages read them."""
    waves = list(survey.waves.all())
    return {
        "survey": repr(results.compute(survey, waves)),
        "distributions": repr(results.distributions(survey, waves)),
        "wave_counts": results.wave_counts(waves),
        "skills": repr(asset_queries.skill_counts(zone)),
        "members": Member.objects.filter(zone=zone).count(),
        "supports": Support.objects.count(),
        "applications": sorted(Application.objects.values_list("status", flat=True)),
        "bookings": Booking.objects.filter(event=event).count(),
        "attended": community.completed(Booking.objects.get(event=event)),
        "group_members": group.memberships.count(),
        "requests": HelpRequest.objects.filter(zone=zone).count(),
        "matches": zone.help_requests.filter(matches__isnull=False).count(),
        "visits": list(
            Visit.objects.filter(match__request__zone=zone).values_list("date", "minutes")
        ),
        "offers": VolunteerOffer.objects.filter(zone=zone, active=True).count(),
        "concerns": zone.concerns.filter(status=ConcernStatus.NEW).count(),
        "checks": DbsCheck.objects.count(),
    }


def _everything_in_the_database() -> str:
    """Every value of every row of every table, as text."""
    parts = []
    for model in apps.get_models():
        for row in model._default_manager.all().iterator():
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                parts.append(json.dumps(value, default=str, ensure_ascii=False))
    sessions = [s.get_decoded() for s in Session.objects.all()]
    return "\n".join(parts) + json.dumps(sessions, default=str)


@pytest.fixture
def person_everywhere(db, valid_application_data, django_capture_on_commit_callbacks):
    zone = factories.zone_with_boundary(name="Braunstone", slug="braunstone")
    coordinator = factories.CoordinatorFactory()
    zone.coordinators.add(coordinator)
    person = factories.VolunteerFactory(email=EMAIL, name=NAME)
    # applications
    submit_application(
        data={**valid_application_data, "name": NAME, "email": EMAIL.upper(), "phone": PHONE,
              "postcode": POSTCODE, "wants_to_change": MARKERS["application"],
              "contact_notes": MARKERS["contact"]},
    )  # fmt: skip
    # zones
    zones.join_zone(zone=zone, user=person, connection="live")
    proposal = factories.ProposalFactory(zone=zone)
    zones.toggle_support(proposal=proposal, user=person)
    zones.follow_zone(zone=zone, user=person, frequency="weekly")
    NotificationSettings.objects.create(user=person, reminders=False)
    # toolkit
    revision = propose_option(contributor=person, content=factories.TOOLKIT_CONTENT)
    type(revision).objects.filter(pk=revision.pk).update(credit=MARKERS["credit"])
    # assets: skills with consent
    Skill.objects.get_or_create(slug="cooking", defaults={"name": "Cooking", "phrase": "cook"})
    offer_skills(
        user=person, zone=zone, skills=Skill.objects.filter(slug="cooking"),
        details={"other_skills": MARKERS["skills"], "languages": "Gujarati",
                 "consent_count": True, "consent_match": True},
    )  # fmt: skip
    # research: an account survey, with a free-text and a postcode answer
    survey = factories.make_survey(zone=zone, one_response="account")
    text = Question.objects.create(survey=survey, key="worry", kind=QuestionKind.TEXT,
                                   text="What worries you?", order=90)  # fmt: skip
    where = Question.objects.create(survey=survey, key="where", kind=QuestionKind.POSTCODE,
                                    text="Your postcode", order=91)  # fmt: skip
    wave = survey.waves.get()
    submit_response(
        wave=wave, respondent=person,
        data={"safety_dark": ["fairly_safe"], text.key: [MARKERS["answer"]], where.key: [POSTCODE]},
    )  # fmt: skip
    for n in range(3):
        other = factories.UserFactory()
        answer = ["very_safe", "fairly_safe", "very_unsafe"][n]
        submit_response(wave=wave, respondent=other, data={"safety_dark": [answer]})
    # community: a group, a training course booked, attended, certified
    group = factories.make_group(zone=zone, organisers=[coordinator])
    community.ask_to_join(group, person, MARKERS["join"])
    community.message_organisers(group, person, MARKERS["message"])
    course = factories.make_event(zone=zone, kind="training", title="First aid",
                                  booking_required=True, capacity=10)  # fmt: skip
    booking = community.book(course, person)
    community.take_register(course, booking.occurrence, {booking.pk}, by=coordinator)
    # volunteering: asks for help, offers help, checked, matched, visits, a concern
    asked = factories.make_help_request(
        zone, requester=person, name=NAME, contact=PHONE, details=MARKERS["details"],
        postcode=POSTCODE,
    )  # fmt: skip
    helper = factories.VolunteerFactory()
    factories.make_offer(zone, volunteer=helper)
    DbsCheck.objects.create(volunteer=helper, level=DbsLevel.ENHANCED, certificate_number="001122334400",
                            seen_on=timezone.localdate(),
                            renew_by=timezone.localdate() + timedelta(days=900))  # fmt: skip
    volunteering.confirm_match(asked, helper, by=coordinator)
    factories.make_offer(zone, volunteer=person, skills=MARKERS["offer"], postcode=POSTCODE)
    DbsCheck.objects.create(volunteer=person, level=DbsLevel.ENHANCED, certificate_number="987654321012",
                            seen_on=timezone.localdate(),
                            renew_by=timezone.localdate() + timedelta(days=900))  # fmt: skip
    neighbour = factories.make_help_request(zone, name="Mr Other")
    match = volunteering.confirm_match(neighbour, person, by=coordinator)
    visit = volunteering.check_in(match)
    volunteering.check_out(visit, notes=MARKERS["visit"])
    volunteering.raise_concern(by=person, zone=zone, what=MARKERS["concern"], urgent=False,
                               match=match, visit=visit)  # fmt: skip
    # a signed-in session, and audit entries of what they saw (with their address)
    client = Client(REMOTE_ADDR="203.0.113.77")
    client.force_login(person)
    assert client.get("/account/my-data/").status_code == 200
    audit.record(actor=coordinator, action="viewed", target=asked, detail=f"about {NAME}")
    return {"person": person, "client": client, "zone": zone, "survey": survey,
            "event": course, "group": group, "coordinator": coordinator,
            "helper": helper}  # fmt: skip


def test_export_has_every_item_then_erasure_leaves_nothing_identifying(
    person_everywhere, staff, django_capture_on_commit_callbacks
):
    p = person_everywhere
    person, client = p["person"], p["client"]
    before = _aggregates(p["zone"], p["survey"], p["event"], p["group"])

    download = client.get("/account/my-data.json")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    exported = download.content.decode()
    data = json.loads(exported)
    for value in [NAME, PHONE, POSTCODE, "987654321012", *MARKERS.values()]:
        assert value in exported, f"missing from the export: {value}"
    assert EMAIL.lower() in exported.lower()
    kinds = {record["kind"] for record in data["records"]}
    for kind in ["core.User", "applications.Application", "applications.Message",
                 "zones.Member", "zones.Support", "zones.Follow", "toolkit.Revision",
                 "assets.SkillOffer", "research.Response", "community.Membership",
                 "community.GroupMessage", "community.Booking", "community.Attendance",
                 "community.Certificate", "volunteering.HelpRequest",
                 "volunteering.VolunteerOffer", "volunteering.DbsCheck", "volunteering.Match",
                 "volunteering.Visit", "volunteering.Concern", "privacy.Consent",
                 "core.NotificationSettings", "core.AuditEvent"]:  # fmt: skip
        assert kind in kinds, f"{kind} missing from the export"
    assert person.password not in exported  # not even its hash
    for other in (p["helper"], p["coordinator"]):  # other people are never named
        assert other.name not in exported and other.email not in exported
    purposes = set(Consent.objects.filter(user=person).values_list("purpose", flat=True))
    assert {Purpose.SKILLS_COUNT, Purpose.SKILLS_MATCH} <= purposes
    assert Consent.objects.filter(email__iexact=EMAIL, purpose=Purpose.APPLICATION).exists()

    # The person asks; programme staff decide.
    page = client.post("/account/my-data/", {"reason": "Moving away", "confirm": "on"})
    assert page.status_code == 302
    held = ErasureRequest.objects.get(user=person, status=ErasureStatus.PENDING)
    staff_client = Client()
    staff_client.force_login(staff)
    review = staff_client.get(f"/privacy/erasure/{held.pk}/")
    assert review.status_code == 200
    assert b"still open" in review.content  # the open concern is flagged before erasing
    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(f"/privacy/erasure/{held.pk}/", {"decision": "erase"})
    assert done.status_code == 302
    held.refresh_from_db()
    assert held.status == ErasureStatus.DONE and held.summary["research.Response"] == 1
    assert mail.outbox[-1].to == [EMAIL]

    everything = _everything_in_the_database().lower()
    for value in IDENTIFYING:
        assert value.lower() not in everything, f"still in the database: {value}"
    assert "203.0.113.77" not in everything
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert client.get("/account/my-data/").status_code == 302  # signed out everywhere
    assert HelpRequest.objects.filter(requester=person, lon__isnull=True).count() == 1
    response = Response.objects.get(wave__survey=p["survey"], answers__has_key="where")
    assert response.answers["where"] == "LE3 9" and "worry" not in response.answers

    assert _aggregates(p["zone"], p["survey"], p["event"], p["group"]) == before
    assert audit.verify().ok  # redaction kept the chain whole


def test_erasure_is_refused_with_a_reason_and_the_person_sees_it(staff, db):
    person = factories.UserFactory(email="keep@example.org")
    held = ErasureRequest.objects.create(user=person)
    staff_client = Client()
    staff_client.force_login(staff)
    refused = staff_client.post(f"/privacy/erasure/{held.pk}/", {"decision": "refuse"})
    assert refused.status_code == 400 and b"Give the reason" in refused.content
    staff_client.post(f"/privacy/erasure/{held.pk}/",
                      {"decision": "refuse", "refusal_reason": "A concern is still open."})  # fmt: skip
    held.refresh_from_db()
    assert held.status == ErasureStatus.REFUSED
    assert User.objects.get(pk=person.pk).email == "keep@example.org"
    client = Client()
    client.force_login(person)
    assert b"A concern is still open." in client.get("/account/my-data/").content
    # decided once: a second decision is refused
    again = staff_client.post(f"/privacy/erasure/{held.pk}/", {"decision": "erase"})
    assert again.status_code == 404


def test_erasing_twice_changes_nothing_more(person_everywhere, staff):
    person = person_everywhere["person"]
    erase(person, by=staff)
    snapshot = _everything_in_the_database()
    person.refresh_from_db()
    erase(person, by=staff)
    after = _everything_in_the_database()
    # Only the second erasure's own audit entry is new.
    assert len(after) > len(snapshot)
    assert AuditEvent.objects.filter(action="erased", target_id=str(person.pk)).count() == 2
    assert audit.verify().ok
