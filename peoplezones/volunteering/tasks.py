"""Volunteering emails (django-tasks): a confirmed match to both sides, concerns to those who
must act on them (never their content: the page holds it, behind sign-in and audit), and the
lone-working alert when a volunteer has not checked out."""

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django_tasks import task

from peoplezones.core.notify import email_person, site_url
from peoplezones.volunteering.models import Concern, HelpRequest, Match, VolunteerOffer
from peoplezones.volunteering.queries import overdue_visits, safeguarding_recipients


@task()
def email_match(match_id: int) -> int:

    match = Match.objects.select_related("request__zone", "request__help_type", "volunteer").get(
        pk=match_id
    )
    url = site_url(match.get_absolute_url())
    sent = email_person(
        match.volunteer, "volunteering",
        format_lazy(gettext_lazy("You have been matched: {help}"), help=match.request.help_type.name),
        "volunteering/email/match_volunteer.txt", {"match": match, "url": url},
    )  # fmt: skip
    requester = match.request.requester
    if requester is not None:
        sent += email_person(
            requester, "volunteering", gettext_lazy("A volunteer has been found"),
            "volunteering/email/match_requester.txt",
            {"match": match, "url": site_url("/volunteering/")},
        )  # fmt: skip
    return int(sent)


@task()
def email_concern(concern_id: int) -> int:

    concern = Concern.objects.select_related("zone").get(pk=concern_id)
    subject = format_lazy(
        gettext_lazy("URGENT safeguarding concern: {zone}")
        if concern.urgent
        else gettext_lazy("Safeguarding concern: {zone}"),
        zone=concern.zone.name,
    )
    url = site_url(concern.get_absolute_url())
    return sum(
        email_person(
            person,
            None,
            subject,
            "volunteering/email/concern.txt",
            {"concern": concern, "url": url},
        )
        for person in safeguarding_recipients(concern.zone)
    )


@task()
def lone_working_alerts() -> int:
    """Tell the Zone's coordinators about every visit not checked out in time; once each."""

    alerted = 0
    for visit in overdue_visits():
        zone = visit.match.request.zone
        url = site_url(visit.match.get_absolute_url())
        for coordinator in zone.coordinators.filter(is_active=True):
            email_person(
                coordinator, None,
                format_lazy(gettext_lazy("Check on {name}: no check-out"),
                            name=visit.match.volunteer.get_full_name()),
                "volunteering/email/lone_working.txt", {"visit": visit, "url": url},
                key=f"lone-working:{visit.pk}:{coordinator.pk}",
            )  # fmt: skip
        type(visit).objects.filter(pk=visit.pk).update(alert_sent_at=timezone.now())
        alerted += 1
    return alerted


@task()
def checkout_reminders() -> int:
    """Remind each volunteer whose visit has reached its expected end to check out (or say they
    are staying on), by text when they gave a number: the coordinators are alerted only after the
    grace period. Once per visit."""

    reminded = 0
    for visit in overdue_visits(grace_minutes=0):
        url = site_url(visit.match.get_absolute_url())
        reminded += email_person(
            visit.match.volunteer, None, gettext_lazy("Time to check out: are you safe?"),
            "volunteering/email/checkout_reminder.txt", {"visit": visit, "url": url},
            key=f"checkout-reminder:{visit.pk}",
        )  # fmt: skip
    return reminded


@task()
def email_coordinators(kind: str, pk: int) -> int:
    """Tell the Zone's coordinators that someone asked for help ("request") or offered it
    ("offer"): no details by email, a link to the coordinating page."""

    if kind == "request":
        item = HelpRequest.objects.select_related("zone", "help_type").get(pk=pk)
        subject = format_lazy(
            gettext_lazy("{zone}: a request for help ({help})"),
            zone=item.zone.name,
            help=item.help_type.name.lower(),
        )
    else:
        item = VolunteerOffer.objects.select_related("zone", "volunteer").get(pk=pk)
        subject = format_lazy(
            gettext_lazy("{zone}: {name} offered to help"),
            zone=item.zone.name,
            name=item.volunteer.get_full_name(),
        )
    url = site_url(f"/volunteering/zones/{item.zone.slug}/coordinate/")
    return sum(
        email_person(
            person,
            "volunteering",
            subject,
            "volunteering/email/to_coordinators.txt",
            {"kind": kind, "item": item, "url": url},
        )
        for person in item.zone.coordinators.filter(is_active=True)
    )
