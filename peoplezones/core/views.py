"""Pages every person shares: the dashboard that sends each role to its work, notification
choices, and the site's menu as a page (the header's menu without JavaScript)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from peoplezones.core import notify, work
from peoplezones.core.forms import NotificationSettingsForm
from peoplezones.core.models import NotificationSettings
from peoplezones.core.panels import DASHBOARD
from peoplezones.core.permissions import is_programme_staff


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs this person, from every app (core.work), most urgent first; then each app's
    panels (core.panels.DASHBOARD), the programme's pages for staff and the person's account."""
    queue = work.queue(request.user)
    context = {
        "queue": queue,
        "work_total": sum(group.count for group in queue),
        "panels": DASHBOARD.render(request),
        "staff": is_programme_staff(request.user),
    }
    return render(request, "core/dashboard.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """Which emails this person gets."""
    held = NotificationSettings.objects.filter(user=request.user).first()
    form = NotificationSettingsForm(
        request.POST or None, instance=held or NotificationSettings(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        notify.save_settings(form.instance)
        messages.success(request, "Your email choices are saved.")
        return redirect("core:notifications")
    return render(request, "core/notifications.html", {"form": form})


def menu(request: HttpRequest) -> HttpResponse:
    """Every part of the site, for small screens without JavaScript (the header's Menu link)."""
    return render(request, "core/menu.html")
