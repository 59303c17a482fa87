"""Background work for the Tool Kit (django-tasks): telling contributors what the moderators
decided, and moderators that something is waiting."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from peoplezones.core.models import Role, User
from peoplezones.core.notify import site_url
from peoplezones.toolkit.models import Revision


@task()
def email_contributor(revision_id: int) -> int:
    revision = Revision.objects.select_related("contributor", "option").get(pk=revision_id)
    if revision.contributor is None or not revision.contributor.email:
        return 0
    note = revision.notes.order_by("-at", "-id").first()
    body = render_to_string(
        "toolkit/email/decision.txt",
        {
            "revision": revision,
            "note": note,
            "url": site_url(reverse("toolkit:contribution", args=[revision.pk])),
        },
    )
    send_mail(
        f"Tool Kit: {revision.title} ({revision.get_status_display().lower()})",
        body,
        None,
        [revision.contributor.email],
    )
    return 1


@task()
def email_moderators(revision_id: int) -> int:
    revision = Revision.objects.get(pk=revision_id)
    staff = list(
        User.objects.filter(role=Role.STAFF, is_active=True).values_list("email", flat=True)
    )
    if staff:
        send_mail(
            f"Tool Kit: waiting for moderation: {revision.title}",
            f"A Tool Kit proposal is waiting: {revision.title}\n\n"
            f"{site_url(reverse('toolkit:moderate', args=[revision.pk]))}\n",
            None,
            staff,
        )
    return len(staff)
