"""Background work for Zones (django-tasks): invitation emails, news to followers, weekly digests
and the overdue-actions digest. Run at once in development and tests; queued in production."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django_tasks import task

from peoplezones.core.models import Role, User
from peoplezones.core.notify import email_person, site_url
from peoplezones.zones.models import (
    Action,
    Follow,
    FollowFrequency,
    Partnership,
    Proposal,
    Told,
    ZoneUpdate,
)
from peoplezones.zones.queries import overdue_actions, recent_progress

UNSUBSCRIBE_SALT = "zones.follow.unsubscribe"


def unsubscribe_url(follow: Follow) -> str:
    token = signing.dumps({"follow": follow.pk, "user": follow.user_id}, salt=UNSUBSCRIBE_SALT)
    return site_url(reverse("zones:unsubscribe", args=[token]))


def _send_to_follower(follow: Follow, subject: str, body: str) -> None:
    link = unsubscribe_url(follow)
    message = EmailMessage(
        subject,
        f"{body}\n\n--\nYou follow {follow.zone.name} on People Zones. Unsubscribe: {link}\n",
        to=[follow.user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


@task()
def email_invitation(partnership_id: int) -> int:
    partnership = Partnership.objects.select_related("zone", "organisation").get(pk=partnership_id)
    recipients = list(
        User.objects.filter(
            organisation=partnership.organisation, role=Role.PARTNER, is_active=True
        ).values_list("email", flat=True)
    )
    if recipients:
        body = render_to_string(
            "zones/email/invitation.txt",
            {
                "partnership": partnership,
                "url": site_url(reverse("zones:invitation", args=[partnership.pk])),
            },
        )
        send_mail(
            f"Invitation to join {partnership.zone.name} as a partner", body, None, recipients
        )
    return len(recipients)


@task()
def email_update_to_followers(update_id: int) -> int:
    update = ZoneUpdate.objects.select_related("zone").get(pk=update_id)
    follows = Follow.objects.filter(
        zone=update.zone, frequency=FollowFrequency.INSTANT
    ).select_related("user", "zone")
    url = site_url(update.zone.get_absolute_url())
    for follow in follows:
        _send_to_follower(
            follow, f"{update.zone.name}: {update.title}", f"{update.body}\n\nRead more: {url}"
        )
    return len(follows)


@task()
def send_weekly_digests() -> int:
    """News and progress from the past week, to everyone who chose a weekly digest."""

    sent = 0
    now = timezone.now()
    for follow in Follow.objects.filter(frequency=FollowFrequency.WEEKLY).select_related(
        "user", "zone"
    ):
        since = follow.last_digest_at or now - timedelta(days=7)
        news = list(follow.zone.news.filter(posted_at__gte=since))
        progress = list(recent_progress(follow.zone, since))
        if news or progress:
            body = render_to_string(
                "zones/email/weekly_digest.txt",
                {
                    "zone": follow.zone,
                    "news": news,
                    "progress": progress,
                    "url": site_url(follow.zone.get_absolute_url()),
                },
            )
            _send_to_follower(follow, f"This week in {follow.zone.name}", body)
            sent += 1
        follow.last_digest_at = now
        follow.save(update_fields=["last_digest_at"])
    return sent


@task()
def send_overdue_action_digests() -> int:
    """One email per person: overdue actions they own, their organisation owns, or in Zones they
    coordinate."""
    per_person: dict[str, list] = defaultdict(list)
    for action in overdue_actions():
        owners = (
            [action.owner]
            if action.owner
            else list(
                User.objects.filter(
                    organisation=action.organisation, role=Role.PARTNER, is_active=True
                )
            )
        )
        for person in [*owners, *action.zone.coordinators.filter(is_active=True)]:
            if action not in per_person[person.email]:
                per_person[person.email].append(action)
    for email, actions in per_person.items():
        body = render_to_string(
            "zones/email/overdue_digest.txt",
            {"actions": actions, "site_url": settings.PZ_SITE_URL.rstrip("/")},
        )
        send_mail(f"{len(actions)} overdue People Zones action(s)", body, None, [email])
    return len(per_person)


def participants(proposal: Proposal) -> list[User]:
    """Everyone who took part in a proposal: who made it, and everyone who supported it."""
    ids = set(proposal.supports.values_list("user_id", flat=True))
    if proposal.proposed_by_id:
        ids.add(proposal.proposed_by_id)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


@task()
def tell_participants(proposal_id: int, change: str) -> int:
    """Tell each person who took part what became of their proposal, once per change, if they
    want such emails; how many were told."""
    proposal = Proposal.objects.select_related("zone").get(pk=proposal_id)
    action = None
    if change.startswith("action-"):
        action = Action.objects.filter(pk=int(change.split("-")[1])).first()
        if action is None:
            return 0
    objective = getattr(proposal, "objective", None)
    context = {
        "proposal": proposal, "change": change, "action": action, "objective": objective,
        "action_status": change.rsplit("-", 1)[-1] if action else "",
        "url": site_url(
            action.get_absolute_url() if action
            else objective.get_absolute_url() if objective
            else proposal.zone.get_absolute_url()
        ),
    }  # fmt: skip
    subject = format_lazy(
        gettext_lazy("{zone}: what became of “{title}”"),
        zone=proposal.zone.name,
        title=proposal.title,
    )
    already = set(
        Told.objects.filter(proposal=proposal, change=change).values_list("person_id", flat=True)
    )
    told = 0
    for person in participants(proposal):
        if person.pk in already:
            continue
        if email_person(person, "proposals", subject, "zones/email/told.txt", context):
            Told.objects.get_or_create(proposal=proposal, person=person, change=change)
            told += 1
    return told
