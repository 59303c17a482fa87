"""Messages to one person, by template, honouring their notification settings (what, and by
which channel: core.messaging delivers); the site's address for links in them."""

from typing import Any

from django.conf import settings
from django.db import transaction

from peoplezones.core import messaging
from peoplezones.core.models import NotificationSettings, User


def site_url(path: str) -> str:
    """An absolute link for an email or a feed: PZ_SITE_URL and the path."""
    return settings.PZ_SITE_URL.rstrip("/") + path


@transaction.atomic
def save_settings(
    chosen: NotificationSettings, *, phone: object = None, postal_address: str | None = None
) -> NotificationSettings:
    """A person's choice of messages and channels (their settings row is made on first saving),
    with the mobile number and postal address those channels need."""
    chosen.save()
    person = chosen.user
    if phone is not None or postal_address is not None:
        person.phone = phone or ""
        person.postal_address = (postal_address or "").strip()
        person.save(update_fields=["phone", "postal_address"])
    return chosen


def email_person(
    user: User,
    setting: str | None,
    subject: Any,  # a string, or a lazy one (format_lazy) written in the person's language
    template: str,
    context: dict,
    key: str | None = None,
) -> bool:
    """Tell ``user`` by the channel they chose for `setting` (a NotificationSettings field:
    email unless they chose text or post), unless the account is inactive or they turned it off.
    `setting=None` is for messages about safety: always sent, by the fastest channel they have.
    With ``key`` (what the message is about), asking twice sends once."""
    kind = setting or messaging.SAFETY
    return messaging.tell(user, kind, subject, template, context, key=key) is not None
