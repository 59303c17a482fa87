"""Geography: the personal data held, declared for the register (privacy.register)."""

from peoplezones.privacy.register import AppPrivacy

PRIVACY = AppPrivacy(
    no_personal_data={
        "geography.StatisticalArea": "Published statistical boundaries",
        "geography.AreaProfile": "Published area statistics",
        "geography.ZoneArea": "Which areas make up a Zone",
        "geography.Postcode": "The published postcode directory",
    },
)
