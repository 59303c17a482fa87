"""Evaluation: the personal data held, declared for the register (privacy.register)."""

from peoplezones.privacy.register import AppPrivacy, Holding, actor, not_personal

PRIVACY = AppPrivacy(
    holdings=(
        Holding(
            "evaluation.LockedMeasure",
            "Staff who locked or changed a measure",
            (),
            {"locked_by": actor()},
            not_personal(
                "id", "zone", "objective", "version", "kind", "figure", "label", "direction",
                "method", "judged_on", "ring_metres", "reason", "locked_at",
            ),
        ),
    ),
)  # fmt: skip
