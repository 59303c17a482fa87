"""Pages every person shares: the dashboard that sends each role to its work, notification
choices, and the site's menu as a page (the header's menu without JavaScript)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from peoplezones.applications.queries import inbox_summary
from peoplezones.core.forms import NotificationSettingsForm
from peoplezones.core.models import NotificationSettings
from peoplezones.core.permissions import is_programme_staff
from peoplezones.zones.permissions import partner_organisation_id
from peoplezones.zones.queries import (
    actions_for_organisation,
    invitations_for,
    zones_for_coordinator,
)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation_id = partner_organisation_id(request.user)
    context: dict[str, object] = {
        "coordinated_zones": zones_for_coordinator(request.user),
        "invitations": invitations_for(request.user) if organisation_id else [],
        "organisation_actions": actions_for_organisation(organisation_id),
        "followed": request.user.follows.select_related("zone"),
    }
    if is_programme_staff(request.user):
        context["inbox"] = inbox_summary()
    return render(request, "core/dashboard.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """Which emails this person gets."""
    held, _created = NotificationSettings.objects.get_or_create(user=request.user)
    form = NotificationSettingsForm(request.POST or None, instance=held)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email choices are saved.")
        return redirect("core:notifications")
    return render(request, "core/notifications.html", {"form": form})


def menu(request: HttpRequest) -> HttpResponse:
    """Every part of the site, for small screens without JavaScript (the header's Menu link)."""
    return render(request, "core/menu.html")
