"""Data sources: the personal data held, declared for the register (privacy.register). A source's
runs say what was fetched and loaded, never who asked."""

from peoplezones.privacy.register import AppPrivacy

PRIVACY = AppPrivacy(
    no_personal_data={
        "datasources.SourceRun": "When each published data source was fetched, and what changed",
    },
)
