"""Applications: the personal data held, declared for the register (privacy.register)."""

from datetime import datetime

from peoplezones.applications import services
from peoplezones.applications.models import Application, Event, Message, Status
from peoplezones.core.models import User
from peoplezones.privacy.models import Consent, Purpose
from peoplezones.privacy.register import (
    AppPrivacy,
    Basis,
    Erase,
    Holding,
    Kept,
    Personal,
    Rule,
    actor,
    not_personal,
)
from peoplezones.privacy.services import (
    ERASED_NAME,
    erase_records,
    erased_email,
    to_erased_name,
    to_sector,
)

APPLYING = "Answering and deciding an application to become a People Zone"


def declined_applications(before: datetime) -> int:
    """Applications declined or withdrawn before the cut-off: contact details, answers, notes
    and messages erased; the counts stay."""
    done = Application.objects.filter(
        status__in=[Status.DECLINED, Status.WITHDRAWN], status_changed_at__lt=before
    ).exclude(name=ERASED_NAME)
    ids = list(done.values_list("pk", flat=True))
    erase_records("applications.Event", Event.objects.filter(application__in=ids).exclude(note=""))
    erase_records(
        "applications.Message", Message.objects.filter(application__in=ids).exclude(body="")
    )
    return erase_records("applications.Application", Application.objects.filter(pk__in=ids))


def consent_withdrawn(_consent: Consent, application: Application, _by: User) -> None:
    services.withdraw_on_request(application)
    erase_records("applications.Application", [application])


PRIVACY = AppPrivacy(
    holdings=(
        Holding(
            "applications.Application",
            "People who applied or asked a question",
            ("email:email",),
            {
                "name": Personal(
                    APPLYING,
                    Basis.CONSENT,
                    Kept(
                        "declined_applications",
                        "Declined or withdrawn: {period}; accepted: while the Zone runs",
                    ),
                    Erase.ANONYMISE,
                ),
                "email": Personal(APPLYING, Basis.CONSENT, "As the name", Erase.ANONYMISE),
                "phone": Personal(APPLYING, Basis.CONSENT, "As the name"),
                "organisation_name": Personal(APPLYING, Basis.CONSENT, "As the name"),
                "postcode": Personal(APPLYING, Basis.CONSENT, "As the name", Erase.ANONYMISE),
                "wants_to_change": Personal(APPLYING, Basis.CONSENT, "As the name"),
                "strengths": Personal(APPLYING, Basis.CONSENT, "As the name"),
                "already_involved": Personal(APPLYING, Basis.CONSENT, "As the name"),
                "contact_notes": Personal(APPLYING, Basis.CONSENT, "As the name"),
                "postal_address": Personal(APPLYING, Basis.CONSENT, "As the name"),
                "consent_given_at": Personal(
                    "Proof of consent", Basis.LEGAL, "As the name", Erase.KEEP
                ),
            },
            not_personal(
                "id",
                "reference",
                "kind",
                "status",
                "applicant_role",
                "area_name",
                "contact_preference",
                "privacy_notice_version",
                "received_at",
                "status_changed_at",
                "zone",
            ),
        ),
        Holding(
            "applications.Event",
            "People who applied",
            ("email:application__email",),
            {"actor": actor(), "note": Personal(APPLYING, Basis.CONSENT, "As the application")},
            not_personal("id", "application", "at", "from_status", "to_status"),
        ),
        Holding(
            "applications.Message",
            "People who applied",
            ("email:to_email",),
            {
                "sender": actor(),
                "to_email": Personal(
                    APPLYING, Basis.CONSENT, "As the application", Erase.ANONYMISE
                ),
                "body": Personal(APPLYING, Basis.CONSENT, "As the application"),
            },
            not_personal("id", "application", "sent_at", "subject", "automatic", "by_post"),
        ),
    ),
    anonymisers={
        "applications.Application.name": to_erased_name,
        "applications.Application.email": lambda row, _v: erased_email(f"application-{row.pk}"),
        "applications.Application.postcode": to_sector,
        "applications.Message.to_email": lambda row, _v: erased_email(f"message-{row.pk}"),
    },
    retention=(
        Rule(
            "declined_applications",
            "Declined or withdrawn applications: contact details and answers erased",
            365,
            declined_applications,
        ),
    ),
    on_withdrawal={Purpose.APPLICATION: consent_withdrawn},
)
