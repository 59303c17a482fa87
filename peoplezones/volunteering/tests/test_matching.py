"""Matching with safeguarding: nobody is offered, or can be matched, for help that needs a DBS
check they do not have in date; suggestions are ranked by languages in common and distance;
missed check-outs alert the coordinators once; concerns reach only the Zone's coordinators and
the programme's safeguarding leads, and never carry their content by email."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from peoplezones.volunteering import services, tasks
from peoplezones.volunteering.models import DbsCheck, DbsLevel, MatchStatus, RequestStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone():
    return factories.ZoneFactory(coordinators=[factories.CoordinatorFactory()])


def _check(volunteer, level=DbsLevel.ENHANCED, renew_in_days=365):
    today = timezone.localdate()
    return DbsCheck.objects.create(
        volunteer=volunteer, level=level, certificate_number="001234567890",
        seen_on=today - timedelta(days=10), renew_by=today + timedelta(days=renew_in_days),
    )  # fmt: skip


def test_without_an_in_date_check_at_the_level_needed_a_volunteer_is_never_offered(
    zone, django_capture_on_commit_callbacks
):
    request = factories.make_help_request(zone)  # a weekly visit: enhanced
    offer = factories.make_offer(zone)
    coordinator = zone.coordinators.get()
    for check in (None, (DbsLevel.BASIC, 365), (DbsLevel.ENHANCED, -1)):
        if check:
            _check(offer.volunteer, *check)
        ranked, blocked = services.suggestions(request)
        assert ranked == [] and [s.offer for s in blocked] == [offer]
        with pytest.raises(services.MatchRefused, match="no enhanced DBS check in date"):
            services.confirm_match(request, offer.volunteer, coordinator)
    _check(offer.volunteer, DbsLevel.ENHANCED)
    ranked, blocked = services.suggestions(request)
    assert [s.offer for s in ranked] == [offer] and blocked == []
    with django_capture_on_commit_callbacks(execute=True):
        match = services.confirm_match(request, offer.volunteer, coordinator)
    request.refresh_from_db()
    assert request.status == RequestStatus.MATCHED and match.status == MatchStatus.ACTIVE
    assert [m.to for m in mail.outbox] == [[offer.volunteer.email]]
    assert "check in when you arrive" in mail.outbox[0].body


def test_suggestions_rank_by_languages_in_common_then_distance_within_each_ones_reach(zone):
    request = factories.make_help_request(zone, "shopping", languages="English, Gujarati")
    near = factories.make_offer(zone, help_types=["shopping"], km_east=0.5)
    speaks = factories.make_offer(zone, help_types=["shopping"], km_east=2.0,
                                  languages="Gujarati, Hindi")  # fmt: skip
    factories.make_offer(zone, help_types=["shopping"], km_east=5.0)  # beyond their 3 km
    factories.make_offer(zone, help_types=["gardening"], km_east=0.1)  # other help
    for offer in (near, speaks):
        _check(offer.volunteer, DbsLevel.BASIC)
    ranked, _blocked = services.suggestions(request)
    assert [s.offer for s in ranked] == [speaks, near]
    assert ranked[0].reasons == ["offers shopping and errands", "speaks gujarati", "2.0 km away"]
    assert round(ranked[1].km, 1) == 0.5


def test_a_missed_check_out_alerts_the_coordinators_once(zone, settings):
    settings.PZ_CHECKOUT_GRACE_MINUTES = 30
    offer = factories.make_offer(zone)
    _check(offer.volunteer)
    match = services.confirm_match(factories.make_help_request(zone), offer.volunteer,
                                   zone.coordinators.get())  # fmt: skip
    visit = services.check_in(match, expected_minutes=60)
    assert services.check_in(match).pk == visit.pk  # already in
    mail.outbox.clear()
    assert tasks.lone_working_alerts.call() == 0  # not yet due
    type(visit).objects.filter(pk=visit.pk).update(
        checked_in_at=timezone.now() - timedelta(minutes=91)
    )
    assert tasks.lone_working_alerts.call() == 1
    assert [m.to for m in mail.outbox] == [[zone.coordinators.get().email]]
    assert "has not checked out" in mail.outbox[0].body
    assert tasks.lone_working_alerts.call() == 0
    visit.refresh_from_db()
    services.check_out(visit, notes="All well; she enjoyed the garden.")
    assert visit.minutes >= 90 and visit.checked_out_at is not None


def test_a_concern_reaches_only_the_zones_coordinators_and_safeguarding_leads(
    zone, django_capture_on_commit_callbacks
):
    lead = factories.StaffFactory(is_safeguarding_lead=True)
    factories.StaffFactory()  # programme staff who are not safeguarding leads: not told
    factories.ZoneFactory(coordinators=[factories.CoordinatorFactory()])  # another Zone's
    factories.PartnerFactory()
    offer = factories.make_offer(zone)
    _check(offer.volunteer)
    match = services.confirm_match(factories.make_help_request(zone), offer.volunteer,
                                   zone.coordinators.get())  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.raise_concern(by=offer.volunteer, zone=zone, match=match, urgent=True,
                               what="Bruises on her arms; she said her son gets angry.")  # fmt: skip
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [zone.coordinators.get().email, lead.email]
    )
    assert all(m.subject.startswith("URGENT") for m in mail.outbox)
    assert not any("Bruises" in m.body for m in mail.outbox)


def test_checks_near_their_renewal_date_are_flagged_until_renewed(zone):
    offer = factories.make_offer(zone)
    old = _check(offer.volunteer, renew_in_days=20)
    assert list(services.expiring_checks(zone)) == [old]
    _check(offer.volunteer, renew_in_days=3 * 365)
    assert list(services.expiring_checks(zone)) == []


def test_a_volunteer_is_reminded_by_text_to_check_out_before_coordinators_are_alerted(
    zone, settings, notify
):
    from peoplezones.core.models import Message

    settings.PZ_CHECKOUT_GRACE_MINUTES = 30
    offer = factories.make_offer(zone)
    _check(offer.volunteer)
    type(offer.volunteer).objects.filter(pk=offer.volunteer.pk).update(phone="+447700900123")
    coordinator = zone.coordinators.get()
    type(coordinator).objects.filter(pk=coordinator.pk).update(phone="+447700900456")
    match = services.confirm_match(factories.make_help_request(zone), offer.volunteer,
                                   coordinator)  # fmt: skip
    visit = services.check_in(match, expected_minutes=60)
    notify.sent.clear()
    assert tasks.checkout_reminders.call() == 0  # the visit is not over yet
    type(visit).objects.filter(pk=visit.pk).update(
        checked_in_at=timezone.now() - timedelta(minutes=65)
    )
    assert tasks.checkout_reminders.call() == 1
    assert tasks.lone_working_alerts.call() == 0  # still within the grace period
    [text] = notify.sent
    assert text["type"] == "sms" and text["phone_number"] == "+447700900123"
    assert "Please check out when you leave" in text["personalisation"]["body"]
    assert tasks.checkout_reminders.call() == 1 and len(notify.sent) == 1  # asked twice, sent once
    type(visit).objects.filter(pk=visit.pk).update(
        checked_in_at=timezone.now() - timedelta(minutes=95)
    )
    assert tasks.lone_working_alerts.call() == 1
    alert = notify.sent[-1]
    assert alert["type"] == "sms" and alert["phone_number"] == "+447700900456"
    assert "has not checked out" in alert["personalisation"]["body"]
    assert Message.objects.filter(key__startswith="lone-working:").count() == 1
