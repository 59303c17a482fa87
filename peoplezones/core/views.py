"""Pages every signed-in person shares: the dashboard that sends each role to its work."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peoplezones.applications.queries import inbox_summary
from peoplezones.core.permissions import is_programme_staff
from peoplezones.zones.queries import zones_for_coordinator


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"coordinated_zones": zones_for_coordinator(request.user)}
    if is_programme_staff(request.user):
        context["inbox"] = inbox_summary()
    return render(request, "core/dashboard.html", context)
