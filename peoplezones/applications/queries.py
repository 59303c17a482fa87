"""Reads of applications that the inbox, dashboard and tests share."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from peoplezones.applications.models import AWAITING_STAFF, Application, Status


def overdue_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.PZ_APPLICATION_OVERDUE_DAYS)


def is_overdue(application: Application, now: datetime | None = None) -> bool:
    return application.status in AWAITING_STAFF and application.received_at < overdue_cutoff(now)


def inbox(
    *, status: str = "", overdue: bool = False, kind: str = "", search: str = ""
) -> QuerySet[Application]:
    applications = Application.objects.all()
    if status:
        applications = applications.filter(status=status)
    if overdue:
        applications = applications.filter(
            status__in=AWAITING_STAFF, received_at__lt=overdue_cutoff()
        )
    if kind:
        applications = applications.filter(kind=kind)
    if search:
        applications = applications.filter(
            Q(reference__icontains=search)
            | Q(area_name__icontains=search)
            | Q(name__icontains=search)
            | Q(postcode__icontains=search.replace(" ", "")[:4])
        )
    return applications.order_by("-received_at")


def inbox_summary() -> dict[str, int]:
    return {
        "new": Application.objects.filter(status=Status.NEW).count(),
        "overdue": inbox(overdue=True).count(),
        "more_info": Application.objects.filter(status=Status.MORE_INFO).count(),
    }
