"""Emails to one person, by template, honouring their notification settings; the site's
address for links in them."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from peoplezones.core.models import NotificationSettings, User


def site_url(path: str) -> str:
    """An absolute link for an email or a feed: PZ_SITE_URL and the path."""
    return settings.PZ_SITE_URL.rstrip("/") + path


def save_settings(chosen: NotificationSettings) -> NotificationSettings:
    """A person's choice of emails (their settings row is made on first saving)."""
    chosen.save()
    return chosen


def email_person(
    user: User, setting: str | None, subject: str, template: str, context: dict
) -> bool:
    """Send unless the account is inactive or the person turned `setting` (a NotificationSettings
    field) off. `setting=None` is for messages about safety, which are always sent."""
    if not user.is_active or (setting and not NotificationSettings.wants(user, setting)):
        return False
    body = render_to_string(template, {**context, "user": user, "site_url": site_url("")})
    send_mail(subject, body, None, [user.email])
    return True
