"""Core's background work (django-tasks): the weekly list of what needs each person, gathered
from every app (core.work), for those who want it and have something to do."""

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import ngettext
from django_tasks import task

from peoplezones.core import work
from peoplezones.core.models import Role, User
from peoplezones.core.notify import email_person

# Who may have work items: the roles that run Zones, and the programme's safeguarding leads.
WORKING = Q(role__in=[Role.COORDINATOR, Role.PARTNER, Role.STAFF]) | Q(is_safeguarding_lead=True)


@task()
def send_work_digests() -> int:
    """One email per person with something to do (nothing is sent to anyone all clear); how many
    were sent."""
    sent = 0
    for person in User.objects.filter(WORKING, is_active=True).order_by("pk"):
        queue = work.queue(person)
        if not queue:
            continue
        total = sum(group.count for group in queue)
        with translation.override(person.language or settings.LANGUAGE_CODE):
            subject = ngettext(
                "People Zones: %(n)s thing needs you this week",
                "People Zones: %(n)s things need you this week",
                total,
            ) % {"n": total}
        sent += email_person(
            person, "work", subject, "core/email/work_digest.txt",
            {"queue": queue, "total": total},
        )  # fmt: skip
    return sent
