"""The API: the personal data held, declared for the register (privacy.register)."""

from peoplezones.privacy.register import (
    AppPrivacy,
    Basis,
    Holding,
    Personal,
    actor,
    link,
    not_personal,
)

PRIVACY = AppPrivacy(
    holdings=(
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
            not_personal(
                "id", "name", "zones", "scopes", "key_hash", "prefix", "created_at", "revoked_at"
            ),
            erase_rows="delete",
            hidden=not_personal("key_hash"),
        ),
    ),
)
