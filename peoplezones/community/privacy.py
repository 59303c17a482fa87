"""Community groups and events: the personal data held, declared for the register (privacy.register)."""

from datetime import datetime

from peoplezones.community.models import GroupMessage, Membership
from peoplezones.privacy.register import (
    AppPrivacy,
    Basis,
    Erase,
    Holding,
    Kept,
    Personal,
    Rule,
    actor,
    link,
    not_personal,
)
from peoplezones.privacy.services import erase_records


def group_messages(before: datetime) -> int:
    """Messages to organisers, and the notes sent with a request to join, erased."""
    old = GroupMessage.objects.filter(created_at__lt=before).exclude(body="")
    asked = Membership.objects.filter(created_at__lt=before).exclude(message="")
    return erase_records("community.GroupMessage", old.iterator(), only={"body"}) + erase_records(
        "community.Membership", asked.iterator(), only={"message"}
    )


PRIVACY = AppPrivacy(
    holdings=(
        Holding(
            "community.Group",
            "Group organisers who publish a contact",
            (),
            {
                "public_contact": Personal(
                    "How to reach a group, if the group publishes it",
                    Basis.CONSENT,
                    "While the group is listed",
                    Erase.KEEP,
                ),
                "organisers": link(
                    "Who runs the group (contacted through the platform)", Basis.CONSENT
                ),
            },
            not_personal(
                "id",
                "zone",
                "name",
                "slug",
                "kind",
                "description",
                "where",
                "asset",
                "when",
                "who_for",
                "accessibility",
                "cost",
                "calendar_url",
                "calendar_checked_at",
                "calendar_problem",
                "is_published",
                "created_at",
                "toolkit_options",
            ),
        ),
        Holding(
            "community.Membership",
            "Members of groups",
            ("user",),
            {
                "user": link("Who belongs to a group", Basis.CONSENT),
                "message": Personal("Asking to join", Basis.CONSENT, Kept("group_messages")),
            },
            not_personal("id", "group", "status", "created_at", "decided_at"),
        ),
        Holding(
            "community.GroupMessage",
            "People who messaged a group's organisers",
            ("sender",),
            {
                "sender": link("Replying to the sender", Basis.CONSENT),
                "body": Personal(
                    "Passing a message to the organisers", Basis.CONSENT, Kept("group_messages")
                ),
            },
            not_personal("id", "group", "created_at"),
        ),
        Holding(
            "community.Event",
            "Organisers",
            (),
            {"created_by": actor()},
            not_personal(
                "id",
                "zone",
                "group",
                "kind",
                "title",
                "description",
                "where",
                "starts",
                "ends",
                "rrule",
                "skipped",
                "capacity",
                "booking_required",
                "skills",
                "cancelled",
                "source_uid",
                "source_sequence",
                "source_modified",
                "created_at",
                "updated_at",
            ),
        ),
        Holding(
            "community.Booking",
            "People who booked",
            ("user",),
            {"user": link("Booking a place; reminders", Basis.CONTRACT)},
            not_personal(
                "id",
                "event",
                "occurrence",
                "status",
                "created_at",
                "cancelled_at",
                "reminder_sent_at",
            ),
        ),
        Holding(
            "community.Attendance",
            "People who attended training",
            ("booking__user",),
            {"recorded_by": actor("Who took the register")},
            not_personal("id", "booking", "session", "present", "recorded_at"),
        ),
        Holding(
            "community.Certificate",
            "People who completed training",
            ("booking__user",),
            {},
            not_personal("id", "booking", "code", "issued_at"),
        ),
    ),
    retention=(Rule("group_messages", "Messages to group organisers erased", 730, group_messages),),
    named_in_exports=frozenset({"community.Group", "community.Event"}),
)
