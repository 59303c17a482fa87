"""The personal data register: every field that holds personal data, in one place.

For each model that holds personal data: whose data a row is (`subject`: lookups from the model
to the person's account, or to their email address), and for each personal field its purpose,
lawful basis (UK GDPR Article 6), how long it is kept, and what erasure does to it. Every other
field of those models is listed in `not_personal`, and every model without personal data is named
in NO_PERSONAL_DATA with the reason, so a new field or model fails `test_register` until someone
decides what it is.

The subject access export, erasure and the retention task all read this register; the public
page /privacy/register/ prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Basis(StrEnum):
    CONSENT = "consent", "Consent (Article 6(1)(a))"
    CONTRACT = "contract", "Contract: the service the person asked for (Article 6(1)(b))"
    LEGAL = "legal_obligation", "Legal obligation (Article 6(1)(c))"
    VITAL = "vital_interests", "Vital interests: keeping someone safe (Article 6(1)(d))"
    PUBLIC_TASK = "public_task", "Public task: partners' community-safety duties (Article 6(1)(e))"
    LEGITIMATE = "legitimate_interests", "Legitimate interests (Article 6(1)(f))"

    def __new__(cls, value: str, label: str) -> Basis:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label  # type: ignore[attr-defined]
        return member


class Erase(StrEnum):
    """What erasure does to a field. Rows are kept (anonymised) so counts stay right, unless the
    holding says `erase_rows="delete"`."""

    CLEAR = "clear"  # emptied ("" or None)
    KEEP = "keep"  # a link to the person's account, which erasure itself anonymises
    ANONYMISE = "anonymise"  # replaced by a non-identifying value (see privacy.erasure)
    DELETE = "delete"  # the whole row goes


@dataclass(frozen=True)
class Personal:
    purpose: str
    basis: Basis
    retention: str
    erase: Erase = Erase.CLEAR


@dataclass(frozen=True)
class Holding:
    model: str
    about: str  # whose data, in words
    # Lookups from a row to the User it is *about* (erasure empties its personal fields there);
    # "email:<field>" matches their email address. Rows a person only acted on (their account in
    # an actor field) are exported too, and erasure leaves them linked to the anonymised account.
    subject: tuple[str, ...]
    fields: dict[str, Personal]
    not_personal: frozenset[str] = field(default_factory=frozenset)
    erase_rows: str = "anonymise"  # or "delete"


def _np(*names: str) -> frozenset[str]:
    return frozenset(names)


ACCOUNT = "While the account is open; erased on request"
AS_ACCOUNT = "As the account"


def actor(purpose: str = "Accountability: who did this") -> Personal:
    """A link to whoever acted; after erasure it points at an anonymised account."""
    return Personal(purpose, Basis.LEGITIMATE, AS_ACCOUNT, Erase.KEEP)


def link(purpose: str, basis: Basis, retention: str = AS_ACCOUNT) -> Personal:
    return Personal(purpose, basis, retention, Erase.KEEP)


SAFEGUARDING = "Safeguarding the person helped and the volunteer"
MATCHING = "Matching a neighbour who asked for help with a volunteer"
APPLYING = "Answering and deciding an application to become a People Zone"

HOLDINGS: list[Holding] = [
    # --- Accounts ------------------------------------------------------------------------------
    Holding(
        "core.User",
        "Everyone with an account",
        ("pk",),
        {
            "email": Personal(
                "Signing in; emails the person asked for", Basis.CONTRACT, ACCOUNT, Erase.ANONYMISE
            ),
            "name": Personal("Shown to coordinators and on work they did", Basis.CONTRACT, ACCOUNT),
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
        },
        _np(
            "id",
            "is_superuser",
            "is_staff",
            "is_active",
            "date_joined",
            "groups",
            "user_permissions",
        ),
    ),
    Holding(
        "account.EmailAddress",
        "Everyone with an account",
        ("user",),
        {
            "email": Personal("Signing in; verifying the address", Basis.CONTRACT, ACCOUNT),
            "user": link("Whose address", Basis.CONTRACT),
        },
        _np("id", "verified", "primary"),
        erase_rows="delete",
    ),
    Holding(
        "account.EmailConfirmation",
        "Everyone with an account",
        ("email_address__user",),
        {
            "email_address": link("Verifying an address", Basis.CONTRACT, "Until used or 3 days"),
            "key": Personal("Verifying an address", Basis.CONTRACT, "Until used or 3 days"),
        },
        _np("id", "created", "sent"),
        erase_rows="delete",
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
        _np("id", "type", "created_at"),
        erase_rows="delete",
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
        _np("session_key", "expire_date"),
        erase_rows="delete",
    ),
    Holding(
        "core.NotificationSettings",
        "Everyone with an account",
        ("user",),
        {"user": link("Which emails the person wants", Basis.CONTRACT)},
        _np("id", "bookings", "reminders", "groups", "volunteering", "updated_at"),
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
                "6 years; names redacted on erasure",
            ),
            "target_label": Personal(
                "Accountability: whose data", Basis.LEGAL, "6 years; names redacted on erasure"
            ),
            "detail": Personal(
                "Accountability: what was done", Basis.LEGAL, "6 years; redacted on erasure"
            ),
            "ip_address": Personal("Security: where from", Basis.LEGITIMATE, "12 months"),
        },
        _np(
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
    ),
    Holding(
        "admin.LogEntry",
        "Staff who used the admin site",
        (),
        {
            "user": actor(),
            "object_repr": Personal(
                "Accountability: what was changed", Basis.LEGITIMATE, "12 months"
            ),
        },
        _np("id", "action_time", "content_type", "object_id", "action_flag", "change_message"),
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
        _np(
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
            "reason": Personal("Acting on the request", Basis.LEGAL, "6 years"),
            "decided_by": actor(),
            "refusal_reason": Personal("Telling the person why", Basis.LEGAL, "6 years"),
        },
        _np("id", "requested_at", "status", "decided_at", "summary"),
    ),
    # --- Applications ---------------------------------------------------------------------------
    Holding(
        "applications.Application",
        "People who applied or asked a question",
        ("email:email",),
        {
            "name": Personal(
                APPLYING,
                Basis.CONSENT,
                "Declined or withdrawn: 12 months; accepted: while the Zone runs",
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
            "consent_given_at": Personal(
                "Proof of consent", Basis.LEGAL, "As the name", Erase.KEEP
            ),
        },
        _np(
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
        _np("id", "application", "at", "from_status", "to_status"),
    ),
    Holding(
        "applications.Message",
        "People who applied",
        ("email:to_email",),
        {
            "sender": actor(),
            "to_email": Personal(APPLYING, Basis.CONSENT, "As the application", Erase.ANONYMISE),
            "body": Personal(APPLYING, Basis.CONSENT, "As the application"),
        },
        _np("id", "application", "sent_at", "subject", "automatic"),
    ),
    # --- Zones ------------------------------------------------------------------------------------
    Holding(
        "zones.Zone",
        "Coordinators",
        (),
        {"coordinators": link("Who coordinates a Zone (named on its page)", Basis.PUBLIC_TASK)},
        _np(
            "id",
            "name",
            "slug",
            "summary",
            "stage",
            "stage_changed_at",
            "launch_date",
            "local_authority",
            "postcode",
            "community_priorities",
            "community_strengths",
            "already_involved",
            "is_published",
            "boundary",
            "boundary_source",
            "boundary_area_codes",
            "boundary_area_m2",
            "boundary_bbox",
            "boundary_centre",
            "boundary_updated_at",
            "created_at",
        ),
    ),
    Holding(
        "zones.Member",
        "Residents who joined a Zone",
        ("user",),
        {"user": link("Who belongs to a Zone (counted, never listed publicly)", Basis.CONSENT)},
        _np("id", "zone", "connection", "joined_at"),
    ),
    Holding(
        "zones.Proposal",
        "Residents who proposed an objective",
        (),
        {"proposed_by": link("Who proposed it (not published)", Basis.CONSENT)},
        _np(
            "id",
            "zone",
            "title",
            "description",
            "theme",
            "source",
            "meeting",
            "meeting_date",
            "status",
            "status_reason",
            "created_at",
        ),
    ),
    Holding(
        "zones.Support",
        "Residents who supported a proposal",
        ("user",),
        {"user": link("Counting support once per person", Basis.CONSENT)},
        _np("id", "proposal", "created_at"),
    ),
    Holding(
        "zones.Follow",
        "People following a Zone",
        ("user",),
        {"user": link("Sending the updates they asked for", Basis.CONSENT, "Until they unfollow")},
        _np("id", "zone", "frequency", "created_at", "last_digest_at"),
        erase_rows="delete",
    ),
    Holding(
        "zones.StageChange",
        "Staff",
        (),
        {"by": actor()},
        _np("id", "zone", "from_stage", "to_stage", "at", "note"),
    ),
    Holding(
        "zones.Objective",
        "Staff and coordinators",
        (),
        {"published_by": actor()},
        _np(
            "id",
            "zone",
            "title",
            "statement",
            "theme",
            "indicator_kind",
            "indicator",
            "survey",
            "survey_result",
            "proposal",
            "agreed_at",
            "agreed_on",
            "position",
            "published_at",
        ),
    ),
    Holding(
        "zones.Partnership",
        "Partners' staff",
        (),
        {
            "invited_by": actor(),
            "responded_by": actor(),
            "lead": link("Who leads for the partner in this Zone", Basis.PUBLIC_TASK),
        },
        _np(
            "id",
            "zone",
            "organisation",
            "status",
            "invitation",
            "invited_at",
            "commitment",
            "responded_at",
        ),
    ),
    Holding(
        "zones.Action",
        "Partners' staff",
        (),
        {"owner": link("Who is responsible for an action", Basis.PUBLIC_TASK)},
        _np(
            "id",
            "zone",
            "objective",
            "organisation",
            "option",
            "title",
            "description",
            "due_date",
            "status",
            "stopped_reason",
            "created_at",
            "completed_at",
        ),
    ),
    Holding(
        "zones.ProgressUpdate",
        "Partners' staff",
        (),
        {"by": actor()},
        _np("id", "action", "at", "text", "is_milestone", "status_to"),
    ),
    Holding(
        "zones.ZoneUpdate",
        "Coordinators",
        (),
        {"posted_by": actor()},
        _np("id", "zone", "title", "body", "posted_at"),
    ),
    Holding(
        "pages.Page",
        "Staff",
        (),
        {"updated_by": actor()},
        _np(
            "id",
            "slug",
            "title",
            "summary",
            "body",
            "video_title",
            "video_embed_url",
            "video_transcript",
            "updated_at",
        ),
    ),
    # --- Tool Kit -----------------------------------------------------------------------------------
    Holding(
        "toolkit.Revision",
        "Contributors to the Tool Kit",
        ("contributor",),
        {
            "contributor": actor(),
            "credit": Personal(
                "Crediting the contributor, if they chose to be named",
                Basis.CONSENT,
                "While the revision is published",
            ),
            "moderated_by": actor(),
        },
        _np(
            "id",
            "option",
            "number",
            "content",
            "change_note",
            "status",
            "base",
            "reverted_from",
            "lock",
            "created_at",
            "updated_at",
            "published_at",
        ),
    ),
    Holding(
        "toolkit.ModerationNote",
        "Moderators",
        (),
        {"by": actor()},
        _np("id", "revision", "kind", "note", "at"),
    ),
    Holding(
        "toolkit.Attachment",
        "Contributors",
        (),
        {"uploaded_by": actor()},
        _np("id", "file", "title", "content_type", "size", "public", "created_at"),
    ),
    Holding(
        "toolkit.Experience",
        "Coordinators",
        (),
        {"recorded_by": actor()},
        _np(
            "id",
            "option",
            "zone",
            "organisation",
            "objective",
            "started_on",
            "what_they_did",
            "who_involved",
            "what_happened",
            "cost",
            "do_differently",
            "outcome",
            "measured",
            "results",
            "visibility",
            "created_at",
        ),
    ),
    Holding(
        "toolkit.EvidenceChange",
        "Staff",
        (),
        {"by": actor()},
        _np("id", "option", "from_status", "to_status", "reason", "at"),
    ),
    # --- Assets and skills ----------------------------------------------------------------------------
    Holding(
        "assets.Asset",
        "Contacts of services and groups (work details)",
        (),
        {
            "phone": Personal(
                "Publishing how to reach a service",
                Basis.LEGITIMATE,
                "While the asset is listed; checked yearly",
            ),
            "email": Personal(
                "Publishing how to reach a service",
                Basis.LEGITIMATE,
                "While the asset is listed; checked yearly",
            ),
            "created_by": actor(),
        },
        _np(
            "id",
            "uid",
            "kind",
            "category",
            "name",
            "description",
            "audience",
            "min_age",
            "max_age",
            "languages",
            "accessibility",
            "cost",
            "cost_detail",
            "opening_times",
            "website",
            "organisation_name",
            "address",
            "postcode",
            "lon",
            "lat",
            "x",
            "y",
            "visibility",
            "source",
            "source_id",
            "last_verified",
            "steward_zone",
            "created_at",
            "updated_at",
            "zones",
        ),
    ),
    Holding(
        "assets.SkillOffer",
        "Residents offering their skills",
        ("user",),
        {
            "user": link("Whose offer", Basis.CONSENT),
            "other_skills": Personal(
                "Skills inventory and matching", Basis.CONSENT, "Until consent is withdrawn"
            ),
            "interests": Personal(
                "Skills inventory and matching", Basis.CONSENT, "Until consent is withdrawn"
            ),
            "time_offered": Personal("Matching", Basis.CONSENT, "Until consent is withdrawn"),
            "languages": Personal("Matching", Basis.CONSENT, "Until consent is withdrawn"),
        },
        _np(
            "id",
            "zone",
            "consent_contact",
            "consent_count",
            "consent_match",
            "consent_notice_version",
            "consent_given_at",
            "updated_at",
            "skills",
        ),
    ),
    Holding(
        "assets.ImportJob",
        "Staff who imported",
        (),
        {
            "created_by": actor(),
            "file": Personal(
                "Importing assets (the file may name contacts)",
                Basis.LEGITIMATE,
                "90 days after the import",
                Erase.KEEP,
            ),
        },
        _np(
            "id",
            "format",
            "original_name",
            "zone",
            "point_set_name",
            "status",
            "rows_total",
            "rows_done",
            "phase",
            "preview",
            "problems",
            "result",
            "created_at",
            "finished_at",
        ),
    ),
    # --- Research -------------------------------------------------------------------------------
    Holding(
        "research.Survey",
        "Staff",
        (),
        {"created_by": actor(), "data_entry": actor("Who may type in paper forms")},
        _np(
            "id",
            "zone",
            "title",
            "slug",
            "introduction",
            "one_response",
            "results_published",
            "translations",
            "created_at",
        ),
    ),
    Holding(
        "research.Response",
        "Residents who answered a survey with their account",
        ("respondent",),
        {
            "respondent": Personal(
                "One response per person, when the survey asks it",
                Basis.CONSENT,
                "Until the survey closes",
                Erase.CLEAR,
            ),
            "answers": Personal(
                "Community research (published only as suppressed figures)",
                Basis.CONSENT,
                "Free text and full postcodes: erased on request; figures kept",
                Erase.ANONYMISE,
            ),
            "entered_by": actor("Who typed in a paper form"),
        },
        _np("id", "wave", "channel", "submitted_at", "household_code", "paper_reference"),
    ),
    # --- Outcomes -------------------------------------------------------------------------------
    Holding(
        "outcomes.Batch",
        "Staff who imported",
        (),
        {"imported_by": actor()},
        _np(
            "id",
            "kind",
            "force",
            "agency",
            "month",
            "last_month",
            "rows",
            "without_location",
            "file_name",
            "sha256",
            "imported_at",
        ),
    ),
    Holding(
        "outcomes.Upload",
        "Staff and partners who uploaded",
        (),
        {
            "created_by": actor(),
            "file": Personal(
                "Importing demand data (files are counts, but kept briefly)",
                Basis.PUBLIC_TASK,
                "90 days after the import",
                Erase.KEEP,
            ),
        },
        _np(
            "id",
            "original_name",
            "kind",
            "agency",
            "demand_type",
            "status",
            "files_total",
            "files_done",
            "phase",
            "results",
            "created_at",
            "finished_at",
        ),
    ),
    # --- Groups and events ----------------------------------------------------------------------
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
        _np(
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
            "message": Personal("Asking to join", Basis.CONSENT, "24 months"),
        },
        _np("id", "group", "status", "created_at", "decided_at"),
    ),
    Holding(
        "community.GroupMessage",
        "People who messaged a group's organisers",
        ("sender",),
        {
            "sender": link("Replying to the sender", Basis.CONSENT),
            "body": Personal("Passing a message to the organisers", Basis.CONSENT, "24 months"),
        },
        _np("id", "group", "created_at"),
    ),
    Holding(
        "community.Event",
        "Organisers",
        (),
        {"created_by": actor()},
        _np(
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
        _np(
            "id", "event", "occurrence", "status", "created_at", "cancelled_at", "reminder_sent_at"
        ),
    ),
    Holding(
        "community.Attendance",
        "People who attended training",
        ("booking__user",),
        {"recorded_by": actor("Who took the register")},
        _np("id", "booking", "session", "present", "recorded_at"),
    ),
    Holding(
        "community.Certificate",
        "People who completed training",
        ("booking__user",),
        {},
        _np("id", "booking", "code", "issued_at"),
    ),
    # --- Volunteering ---------------------------------------------------------------------------
    Holding(
        "volunteering.HelpRequest",
        "Neighbours asking for help",
        ("requester",),
        {
            "requester": link(MATCHING, Basis.CONSENT),
            "name": Personal(
                MATCHING, Basis.CONSENT, "12 months after the request closes", Erase.ANONYMISE
            ),
            "contact": Personal(MATCHING, Basis.CONSENT, "12 months after the request closes"),
            "details": Personal(MATCHING, Basis.CONSENT, "12 months after the request closes"),
            "when": Personal(MATCHING, Basis.CONSENT, "12 months after the request closes"),
            "languages": Personal(MATCHING, Basis.CONSENT, "12 months after the request closes"),
            "postcode": Personal(
                MATCHING, Basis.CONSENT, "12 months after the request closes", Erase.ANONYMISE
            ),
            "lon": Personal(MATCHING, Basis.CONSENT, "12 months after the request closes"),
            "lat": Personal(MATCHING, Basis.CONSENT, "12 months after the request closes"),
            "created_by": actor("Coordinator who entered it on the person's behalf"),
        },
        _np("id", "zone", "help_type", "status", "created_at"),
    ),
    Holding(
        "volunteering.VolunteerOffer",
        "Volunteers",
        ("volunteer",),
        {
            "volunteer": link(MATCHING, Basis.CONSENT),
            "skills": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
            "languages": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
            "availability": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
            "postcode": Personal(MATCHING, Basis.CONSENT, "Until withdrawn", Erase.ANONYMISE),
            "lon": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
            "lat": Personal(MATCHING, Basis.CONSENT, "Until withdrawn"),
        },
        _np("id", "zone", "max_distance_km", "active", "created_at", "help_types"),
    ),
    Holding(
        "volunteering.DbsCheck",
        "Volunteers",
        ("volunteer",),
        {
            "volunteer": link(SAFEGUARDING, Basis.LEGAL),
            "certificate_number": Personal(
                SAFEGUARDING, Basis.LEGAL, "12 months after the renewal date"
            ),
            "recorded_by": actor(),
        },
        _np("id", "level", "seen_on", "renew_by", "recorded_at"),
    ),
    Holding(
        "volunteering.Match",
        "Volunteers and the people they help",
        ("volunteer", "request__requester"),
        {"volunteer": link(MATCHING, Basis.CONSENT), "confirmed_by": actor()},
        _np("id", "request", "status", "confirmed_at", "ended_at"),
    ),
    Holding(
        "volunteering.Visit",
        "Volunteers and the people they help",
        ("match__volunteer", "match__request__requester"),
        {"notes": Personal(SAFEGUARDING, Basis.VITAL, "12 months after the match ends")},
        _np(
            "id",
            "match",
            "date",
            "minutes",
            "checked_in_at",
            "expected_minutes",
            "checked_out_at",
            "alert_sent_at",
            "created_at",
        ),
    ),
    Holding(
        "volunteering.Concern",
        "Volunteers, the people they help, and whoever raised it",
        ("match__volunteer", "match__request__requester"),
        {
            "raised_by": actor("Who raised the concern"),
            "what": Personal(SAFEGUARDING, Basis.VITAL, "6 years after it is closed"),
        },
        _np("id", "zone", "match", "visit", "urgent", "status", "created_at"),
    ),
    # --- API -----------------------------------------------------------------------------------
    Holding(
        "api.Token",
        "Partners' and staff's systems writing for them",
        ("user",),
        {
            "user": link(
                "Whose system writes, with their permissions",
                Basis.PUBLIC_TASK,
                "Until revoked; deleted on erasure",
            ),
            "last_used_at": Personal(
                "Security: spotting misuse", Basis.LEGITIMATE, "Until revoked"
            ),
            "created_by": actor(),
        },
        _np("id", "name", "zones", "scopes", "key_hash", "prefix", "created_at", "revoked_at"),
        erase_rows="delete",
    ),
    # --- Background tasks -------------------------------------------------------------------------
    Holding(
        "django_tasks_database.DBTaskResult",
        "Anyone an email task was for",
        (),
        {
            "args_kwargs": Personal(
                "Sending emails later (ids only, no addresses)",
                Basis.LEGITIMATE,
                "30 days after the task finished",
                Erase.KEEP,
            ),
            "return_value": Personal(
                "Task results", Basis.LEGITIMATE, "30 days after the task finished", Erase.KEEP
            ),
            "traceback": Personal(
                "Fixing failed tasks",
                Basis.LEGITIMATE,
                "30 days after the task finished",
                Erase.KEEP,
            ),
        },
        _np(
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
    ),
]

NO_PERSONAL_DATA: dict[str, str] = {
    "auth.Permission": "Django's permission names",
    "auth.Group": "Django's permission groups (unused)",
    "contenttypes.ContentType": "Django's model names",
    "core.Organisation": "Partner organisations: names of bodies, not people",
    "core.RateLimitCounter": "Counts per salted hash of an address, kept for minutes",
    "geography.StatisticalArea": "Published statistical boundaries",
    "geography.AreaProfile": "Published area statistics",
    "geography.ZoneArea": "Which areas make up a Zone",
    "geography.Postcode": "The published postcode directory",
    "toolkit.Option": "Published Tool Kit options",
    "assets.Category": "The list of kinds of asset",
    "assets.PointSet": "Counts of homes or people per small area",
    "assets.ResidentialPoint": "Counts of homes or people per small area",
    "assets.Skill": "The list of kinds of skill",
    "research.Section": "Survey wording",
    "research.Question": "Survey wording",
    "research.Wave": "When a survey runs",
    "research.HouseholdCode": "Random codes posted to homes; the list of addresses is kept "
    "outside the platform",
    "research.Theme": "Themes coordinators tag answers with",
    "research.Tag": "Which theme an answer was tagged with",
    "outcomes.Force": "Police force names",
    "outcomes.Crime": "Police open data: locations already anonymised to a map point",
    "outcomes.CrimeOutcome": "Police open data",
    "outcomes.DemandType": "Kinds of partner demand",
    "outcomes.DemandRecord": "Partner demand counts per small area",
    "outcomes.LsoaMonthCount": "Counts per small area",
    "outcomes.ZoneMonthCount": "Counts per Zone",
    "volunteering.HelpType": "The list of kinds of help",
    "privacy.RetentionRun": "What the retention task did: counts only",
}

BY_MODEL: dict[str, Holding] = {holding.model: holding for holding in HOLDINGS}
