"""The platform's own personal data, declared for the register like any app's: accounts and
sign-in, the audit trail, the admin site's log, background tasks and jobs, consents and erasure
requests; with the retention rules for them."""

from datetime import datetime

from allauth.account.models import EmailConfirmation
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db.models import Q
from django_tasks_db.models import DBTaskResult

from peoplezones.core import audit, jobs
from peoplezones.core.models import AuditEvent, Message
from peoplezones.privacy.models import ErasureRequest, ErasureStatus
from peoplezones.privacy.register import (
    ACCOUNT,
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
from peoplezones.privacy.services import erase_records, erased_email, unusable_password

DECIDED = "{period} after it was decided"
TASK_KEPT = Kept("task_results", "{period} after the task finished")
MESSAGE_KEPT = Kept("message_log", "{period} after it was sent")


def audit_addresses(before: datetime) -> int:
    return audit.redact_ip_addresses(before)


def audit_trail(before: datetime) -> int:
    """Entries older than the period keep what was done and when, without names or detail."""
    return audit.redact(AuditEvent.objects.filter(at__lt=before).exclude(redacted=True))


def admin_log(before: datetime) -> int:
    return erase_records("admin.LogEntry", LogEntry.objects.filter(action_time__lt=before))


def sessions(now: datetime) -> int:
    return erase_records("sessions.Session", Session.objects.filter(expire_date__lt=now))


def email_confirmations(before: datetime) -> int:
    return erase_records(
        "account.EmailConfirmation", EmailConfirmation.objects.filter(created__lt=before)
    )


def erasure_requests(before: datetime) -> int:
    rows = ErasureRequest.objects.exclude(status=ErasureStatus.PENDING).filter(
        decided_at__lt=before
    )
    rows = rows.exclude(reason="", refusal_reason="")
    return erase_records(
        "privacy.ErasureRequest", rows.iterator(), only={"reason", "refusal_reason"}
    )


def message_log(before: datetime) -> int:
    return erase_records("core.Message", Message.objects.filter(created_at__lt=before))


MESSAGE_LOG = Rule("message_log", "Messages in the message log deleted", 365, message_log)


def task_results(before: datetime) -> int:
    rows = DBTaskResult.objects.filter(finished_at__lt=before)
    return erase_records("django_tasks_database.DBTaskResult", rows)


def uploaded_files(before: datetime) -> int:
    """Every kind of background job registered with core.jobs keeps its uploaded file until the
    period after it finished; then the file goes and the job's results stay."""
    count = 0
    for kind in jobs.kinds():
        rows = kind.model.objects.filter(
            Q(**{f"{kind.finished_field}__lt": before}) & ~Q(**{kind.file_field: ""})
        )
        count += erase_records(kind.model._meta.label, rows.iterator(), only={kind.file_field})
    return count


PRIVACY = AppPrivacy(
    holdings=(
        Holding(
            "core.User",
            "Everyone with an account",
            ("pk",),
            {
                "email": Personal(
                    "Signing in; emails the person asked for",
                    Basis.CONTRACT,
                    ACCOUNT,
                    Erase.ANONYMISE,
                ),
                "name": Personal(
                    "Shown to coordinators and on work they did", Basis.CONTRACT, ACCOUNT
                ),
                "password": Personal(
                    "Signing in (stored only as a salted hash)",
                    Basis.CONTRACT,
                    ACCOUNT,
                    Erase.ANONYMISE,
                ),
                "last_login": Personal("Security: spotting misuse", Basis.LEGITIMATE, ACCOUNT),
                "organisation": link("Which partner a person works for", Basis.PUBLIC_TASK),
                "role": link("What the person may see and do", Basis.CONTRACT),
                "is_safeguarding_lead": link("Who may read safeguarding concerns", Basis.VITAL),
                "phone": Personal(
                    "Text messages the person chose, and safety messages", Basis.CONSENT, ACCOUNT
                ),
                "postal_address": Personal(
                    "Letters the person chose to get by post", Basis.CONSENT, ACCOUNT
                ),
                "language": Personal(
                    "Writing to the person in the language they chose", Basis.CONSENT, ACCOUNT
                ),
            },
            not_personal(
                "id",
                "is_superuser",
                "is_staff",
                "is_active",
                "date_joined",
                "groups",
                "user_permissions",
            ),
            hidden=not_personal("password"),
        ),
        Holding(
            "account.EmailAddress",
            "Everyone with an account",
            ("user",),
            {
                "email": Personal("Signing in; verifying the address", Basis.CONTRACT, ACCOUNT),
                "user": link("Whose address", Basis.CONTRACT),
            },
            not_personal("id", "verified", "primary"),
            erase_rows="delete",
        ),
        Holding(
            "account.EmailConfirmation",
            "Everyone with an account",
            ("email_address__user",),
            {
                "email_address": link(
                    "Verifying an address",
                    Basis.CONTRACT,
                    Kept("email_confirmations", "Until used or {period}"),
                ),
                "key": Personal(
                    "Verifying an address",
                    Basis.CONTRACT,
                    Kept("email_confirmations", "Until used or {period}"),
                ),
            },
            not_personal("id", "created", "sent"),
            erase_rows="delete",
            hidden=not_personal("key"),
        ),
        Holding(
            "mfa.Authenticator",
            "Staff, coordinators and partners",
            ("user",),
            {
                "user": link("Second sign-in factor", Basis.LEGAL),
                "data": Personal("Second sign-in factor (secret, encrypted)", Basis.LEGAL, ACCOUNT),
                "last_used_at": Personal("Security: spotting misuse", Basis.LEGITIMATE, ACCOUNT),
            },
            not_personal("id", "type", "created_at"),
            erase_rows="delete",
            hidden=not_personal("data"),
        ),
        Holding(
            "sessions.Session",
            "Everyone signed in",
            (),
            {
                "session_data": Personal(
                    "Keeping the person signed in",
                    Basis.CONTRACT,
                    "8 hours (staff: 2 hours idle); expired ones cleared daily",
                )
            },
            not_personal("session_key", "expire_date"),
            erase_rows="delete",
            hidden=not_personal("session_data"),
        ),
        Holding(
            "core.NotificationSettings",
            "Everyone with an account",
            ("user",),
            {"user": link("Which messages the person wants, and how", Basis.CONTRACT)},
            not_personal(
                "id",
                "bookings",
                "reminders",
                "groups",
                "volunteering",
                "work",
                "proposals",
                "channels",
                "updated_at",
            ),
            erase_rows="delete",
        ),
        Holding(
            "core.Message",
            "Everyone sent a message",
            ("user",),
            {
                "user": link("Whose message it was", Basis.CONTRACT),
                "to": Personal(
                    "Where it was sent: address, number or first address line",
                    Basis.CONTRACT,
                    MESSAGE_KEPT,
                ),
                "subject": Personal("The message log", Basis.CONTRACT, MESSAGE_KEPT),
                "body": Personal("The message log", Basis.CONTRACT, MESSAGE_KEPT),
                "error": Personal(
                    "Why it could not be delivered",
                    Basis.CONTRACT,
                    MESSAGE_KEPT,
                ),
            },
            not_personal(
                "id",
                "key",
                "kind",
                "channel",
                "status",
                "attempts",
                "next_attempt_at",
                "taken_at",
                "provider_id",
                "created_at",
                "sent_at",
                "delivered_at",
            ),
            erase_rows="delete",
        ),
        Holding(
            "core.AuditEvent",
            "Anyone who saw or changed personal data, and whose data it was",
            ("actor",),
            {
                "actor": actor("Accountability: who saw or changed personal data"),
                "actor_label": Personal(
                    "Accountability: who saw or changed personal data",
                    Basis.LEGAL,
                    Kept("audit_trail", "{period}; names redacted sooner on erasure"),
                ),
                "target_label": Personal(
                    "Accountability: whose data",
                    Basis.LEGAL,
                    Kept("audit_trail", "{period}; names redacted sooner on erasure"),
                ),
                "detail": Personal(
                    "Accountability: what was done",
                    Basis.LEGAL,
                    Kept("audit_trail", "{period}; redacted sooner on erasure"),
                ),
                "ip_address": Personal(
                    "Security: where from", Basis.LEGITIMATE, Kept("audit_addresses")
                ),
            },
            not_personal(
                "id",
                "at",
                "action",
                "target_type",
                "target_id",
                "personal_digest",
                "prev_hash",
                "hash",
                "redacted",
            ),
            hidden=not_personal("personal_digest", "prev_hash", "hash"),
        ),
        Holding(
            "admin.LogEntry",
            "Staff who used the admin site",
            (),
            {
                "user": actor(),
                "object_repr": Personal(
                    "Accountability: what was changed", Basis.LEGITIMATE, Kept("admin_log")
                ),
            },
            not_personal(
                "id", "action_time", "content_type", "object_id", "action_flag", "change_message"
            ),
            erase_rows="delete",
        ),
        Holding(
            "privacy.Consent",
            "Anyone who gave consent",
            ("user", "email:email"),
            {
                "user": link("Proof of consent", Basis.LEGAL),
                "email": Personal(
                    "Proof of consent given without an account", Basis.LEGAL, "As what it covers"
                ),
                "withdrawn_by": actor(),
            },
            not_personal(
                "id",
                "purpose",
                "notice_version",
                "given_at",
                "withdrawn_at",
                "source_type",
                "source_id",
            ),
        ),
        Holding(
            "privacy.ErasureRequest",
            "Anyone who asked for their data to be erased",
            ("user",),
            {
                "user": link("Acting on the request", Basis.LEGAL),
                "reason": Personal(
                    "Acting on the request", Basis.LEGAL, Kept("erasure_requests", DECIDED)
                ),
                "decided_by": actor(),
                "refusal_reason": Personal(
                    "Telling the person why", Basis.LEGAL, Kept("erasure_requests", DECIDED)
                ),
            },
            not_personal("id", "requested_at", "status", "decided_at", "summary"),
        ),
        Holding(
            "django_tasks_database.DBTaskResult",
            "Anyone an email task was for",
            (),
            {
                "args_kwargs": Personal(
                    "Sending emails later (ids only, no addresses)", Basis.LEGITIMATE, TASK_KEPT
                ),
                "return_value": Personal("Task results", Basis.LEGITIMATE, TASK_KEPT),
                "traceback": Personal("Fixing failed tasks", Basis.LEGITIMATE, TASK_KEPT),
            },
            not_personal(
                "id",
                "status",
                "enqueued_at",
                "started_at",
                "finished_at",
                "priority",
                "task_path",
                "worker_ids",
                "queue_name",
                "backend_name",
                "run_after",
                "exception_class_path",
            ),
            erase_rows="delete",
        ),
    ),
    no_personal_data={
        "auth.Permission": "Django's permission names",
        "auth.Group": "Django's permission groups (unused)",
        "contenttypes.ContentType": "Django's model names",
        "core.Organisation": "Partner organisations: names of bodies, not people",
        "core.RateLimitCounter": "Counts per salted hash of an address, kept for minutes",
        "core.JobBeat": "When a background job's worker was last seen working on it",
        "privacy.RetentionRun": "What the retention task did: counts only",
        "search.Entry": "The site's search index: only what the public may see already (each "
        "app's searchable.py never offers a person's own asset entry or anything private)",
    },
    anonymisers={
        "core.User.email": lambda row, _v: erased_email(row.pk),
        "core.User.password": unusable_password,
    },
    retention=(
        Rule("audit_addresses", "IP addresses in the audit trail redacted", 365, audit_addresses),
        Rule(
            "audit_trail",
            "Audit trail entries: names and detail redacted (what was done, and when, stay)",
            6 * 365,
            audit_trail,
        ),
        Rule("admin_log", "Admin site change log entries deleted", 365, admin_log),
        Rule("sessions", "Expired sign-in sessions deleted", None, sessions),
        Rule(
            "email_confirmations",
            "Unused email confirmation keys deleted",
            3,
            email_confirmations,
        ),
        Rule(
            "erasure_requests",
            "Decided erasure requests: the reasons given erased",
            6 * 365,
            erasure_requests,
        ),
        Rule("task_results", "Finished background task records deleted", 30, task_results),
        MESSAGE_LOG,
        Rule("uploaded_files", "Uploaded import files deleted", 90, uploaded_files),
    ),
)
