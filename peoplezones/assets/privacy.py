"""Asset mapping: the personal data held, declared for the register (privacy.register)."""

from peoplezones.assets.services import skills_consent_withdrawn
from peoplezones.privacy.models import Purpose
from peoplezones.privacy.register import (
    AppPrivacy,
    Basis,
    Holding,
    Kept,
    Personal,
    actor,
    link,
    not_personal,
)

PRIVACY = AppPrivacy(
    holdings=(
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
            not_personal(
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
                "feed",
                "unlisted_since",
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
            not_personal(
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
                    Kept("uploaded_files", "{period} after the import"),
                ),
            },
            not_personal(
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
    ),
    no_personal_data={
        "assets.Category": "The list of kinds of asset",
        "assets.PointSet": "Counts of homes or people per small area",
        "assets.ResidentialPoint": "Counts of homes or people per small area",
        "assets.Skill": "The list of kinds of skill",
    },
    on_withdrawal={
        Purpose.SKILLS_CONTACT: skills_consent_withdrawn,
        Purpose.SKILLS_COUNT: skills_consent_withdrawn,
        Purpose.SKILLS_MATCH: skills_consent_withdrawn,
    },
)
