"""Volunteering emails (django-tasks): a confirmed match to both sides, concerns to those who
must act on them (never their content: the page holds it, behind sign-in and audit), and the
lone-working alert when a volunteer has not checked out."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from peoplezones.core.models import NotificationSettings, User
from peoplezones.zones.tasks import site_url


def _mail(user: User, subject: str, template: str, context: dict, *, optional: bool) -> bool:
    if not user.is_active or (optional and not NotificationSettings.wants(user, "volunteering")):
        return False
    body = render_to_string(template, {**context, "user": user})
    send_mail(subject, body, None, [user.email])
    return True


@task()
def email_match(match_id: int) -> int:
    from peoplezones.volunteering.models import Match

    match = Match.objects.select_related("request__zone", "request__help_type", "volunteer").get(
        pk=match_id
    )
    url = site_url(match.get_absolute_url())
    sent = _mail(match.volunteer, f"You have been matched: {match.request.help_type.name}",
                 "volunteering/email/match_volunteer.txt", {"match": match, "url": url},
                 optional=True)  # fmt: skip
    requester = match.request.requester
    if requester is not None:
        sent += _mail(requester, "A volunteer has been found", "volunteering/email/match_requester.txt",
                      {"match": match, "url": site_url("/volunteering/")}, optional=True)  # fmt: skip
    return int(sent)


@task()
def email_concern(concern_id: int) -> int:
    from peoplezones.volunteering.models import Concern
    from peoplezones.volunteering.services import safeguarding_recipients

    concern = Concern.objects.select_related("zone").get(pk=concern_id)
    subject = ("URGENT safeguarding concern" if concern.urgent else "Safeguarding concern") + (
        f": {concern.zone.name}"
    )
    url = site_url(concern.get_absolute_url())
    return sum(
        _mail(
            person,
            subject,
            "volunteering/email/concern.txt",
            {"concern": concern, "url": url},
            optional=False,
        )
        for person in safeguarding_recipients(concern.zone)
    )


@task()
def lone_working_alerts() -> int:
    """Tell the Zone's coordinators about every visit not checked out in time; once each."""
    from peoplezones.volunteering.services import overdue_visits

    alerted = 0
    for visit in overdue_visits():
        zone = visit.match.request.zone
        url = site_url(visit.match.get_absolute_url())
        for coordinator in zone.coordinators.filter(is_active=True):
            _mail(coordinator, f"Check on {visit.match.volunteer.get_full_name()}: no check-out",
                  "volunteering/email/lone_working.txt", {"visit": visit, "url": url},
                  optional=False)  # fmt: skip
        type(visit).objects.filter(pk=visit.pk).update(alert_sent_at=timezone.now())
        alerted += 1
    return alerted


@task()
def email_coordinators(kind: str, pk: int) -> int:
    """Tell the Zone's coordinators that someone asked for help ("request") or offered it
    ("offer"): no details by email, a link to the coordinating page."""
    from peoplezones.volunteering.models import HelpRequest, VolunteerOffer

    if kind == "request":
        item = HelpRequest.objects.select_related("zone", "help_type").get(pk=pk)
        subject = f"{item.zone.name}: a request for help ({item.help_type.name.lower()})"
    else:
        item = VolunteerOffer.objects.select_related("zone", "volunteer").get(pk=pk)
        subject = f"{item.zone.name}: {item.volunteer.get_full_name()} offered to help"
    url = site_url(f"/volunteering/zones/{item.zone.slug}/coordinate/")
    return sum(
        _mail(
            person,
            subject,
            "volunteering/email/to_coordinators.txt",
            {"kind": kind, "item": item, "url": url},
            optional=True,
        )
        for person in item.zone.coordinators.filter(is_active=True)
    )
