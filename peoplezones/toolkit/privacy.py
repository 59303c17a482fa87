"""The Tool Kit: the personal data held, declared for the register (privacy.register)."""

from peoplezones.privacy.register import (
    AppPrivacy,
    Basis,
    Holding,
    Personal,
    actor,
    not_personal,
)

PRIVACY = AppPrivacy(
    holdings=(
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
            not_personal(
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
            not_personal("id", "revision", "kind", "note", "at"),
        ),
        Holding(
            "toolkit.Attachment",
            "Contributors",
            (),
            {"uploaded_by": actor()},
            not_personal("id", "file", "title", "content_type", "size", "public", "created_at"),
        ),
        Holding(
            "toolkit.Experience",
            "Coordinators",
            (),
            {"recorded_by": actor()},
            not_personal(
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
            not_personal("id", "option", "from_status", "to_status", "reason", "at"),
        ),
    ),
    no_personal_data={
        "toolkit.Option": "Published Tool Kit options",
    },
    named_in_exports=frozenset({"toolkit.Option"}),
)
