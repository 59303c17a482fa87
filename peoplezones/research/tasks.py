"""Research's background emails (django-tasks): telling residents who asked, after answering a
survey, what came of it: its results published, an objective the Zone then agreed."""

from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from peoplezones.core.notify import site_url
from peoplezones.research.models import FollowUp, Survey
from peoplezones.zones.models import Objective

STOP_SALT = "research.follow_up.stop"


def stop_url(follow_up: FollowUp) -> str:
    token = signing.dumps({"follow_up": follow_up.pk}, salt=STOP_SALT)
    return site_url(reverse("research:follow_up_stop", args=[token]))


@task()
def tell_follow_ups(survey_id: int, change: str) -> int:
    """Each person who asked hears of each change once; how many were told."""
    survey = Survey.objects.select_related("zone").get(pk=survey_id)
    objective = None
    if change.startswith("objective-"):
        objective = Objective.objects.filter(pk=int(change.removeprefix("objective-"))).first()
        if objective is None:
            return 0
    url = site_url(
        objective.get_absolute_url() if objective else reverse("research:results", args=[survey.pk])
    )
    told = 0
    for follow_up in survey.follow_ups.all():
        if change in follow_up.told:
            continue
        body = render_to_string(
            "research/email/follow_up.txt",
            {"survey": survey, "objective": objective, "url": url, "stop_url": stop_url(follow_up)},
        )
        send_mail(f"What came of “{survey.title}”", body, None, [follow_up.email])
        FollowUp.objects.filter(pk=follow_up.pk).update(told=[*follow_up.told, change])
        told += 1
    return told
