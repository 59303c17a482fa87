"""Pages every person shares: the dashboard that sends each role to its work, notification
choices, and the site's menu as a page (the header's menu without JavaScript)."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from peoplezones.core import messaging, notify, work
from peoplezones.core.forms import NotificationSettingsForm, render_form
from peoplezones.core.models import Message, NotificationSettings
from peoplezones.core.panels import DASHBOARD
from peoplezones.core.permissions import is_programme_staff, staff_required


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs this person, from every app (core.work), most urgent first; then each app's
    panels (core.panels.DASHBOARD), the programme's pages for staff and the person's account."""
    queue = work.shown_queue(request.user)
    context = {
        "queue": queue,
        "work_total": sum(group.count for group in queue),
        "panels": DASHBOARD.render(request),
        "staff": is_programme_staff(request.user),
    }
    return render(request, "core/dashboard.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """What this person hears about, and how: email, text or letter."""
    held = NotificationSettings.objects.filter(user=request.user).first()
    form = NotificationSettingsForm(
        request.POST or None, instance=held or NotificationSettings(user=request.user),
        user=request.user,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        form.instance.channels = form.channels()
        notify.save_settings(
            form.instance, phone=form.cleaned_data["phone"],
            postal_address=form.cleaned_data["postal_address"],
        )  # fmt: skip
        messages.success(request, _("Your choices are saved."))
        return redirect("core:notifications")
    return render_form(request, "core/notifications.html", {"form": form})


@login_required
def message_log(request: HttpRequest) -> HttpResponse:
    """The messages sent to this person (and only them): when, how, and whether delivered."""
    sent = Message.objects.filter(user=request.user)[:200]
    return render(request, "core/messages.html", {"sent": sent})


@staff_required
def messages_failed(request: HttpRequest) -> HttpResponse:
    """For programme staff: messages that could not be delivered, and why (not what they said)."""
    return render(request, "core/messages_failed.html", {"failed": messaging.failed_recently()})


@csrf_exempt
@require_POST
def notify_callback(request: HttpRequest) -> HttpResponse:
    """GOV.UK Notify's delivery receipts, signed with the bearer token we gave it."""
    expected = settings.PZ_NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return HttpResponse("not signed with our token", status=401, content_type="text/plain")
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse("not JSON", status=400, content_type="text/plain")
    if not isinstance(data, dict):
        return HttpResponse("not a receipt", status=400, content_type="text/plain")
    messaging.receipt(data)
    return HttpResponse(status=204)


def menu(request: HttpRequest) -> HttpResponse:
    """Every part of the site, for small screens without JavaScript (the header's Menu link)."""
    return render(request, "core/menu.html")
