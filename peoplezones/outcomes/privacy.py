"""Outcomes: the personal data held, declared for the register (privacy.register)."""

from peoplezones.privacy.register import (
    AppPrivacy,
    Basis,
    Holding,
    Kept,
    Personal,
    actor,
    not_personal,
)

PRIVACY = AppPrivacy(
    holdings=(
        Holding(
            "outcomes.Batch",
            "Staff who imported",
            (),
            {"imported_by": actor()},
            not_personal(
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
                    Kept("uploaded_files", "{period} after the import"),
                ),
            },
            not_personal(
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
    ),
    no_personal_data={
        "outcomes.Force": "Police force names",
        "outcomes.Crime": "Police open data: locations already anonymised to a map point",
        "outcomes.CrimeOutcome": "Police open data",
        "outcomes.DemandType": "Kinds of partner demand",
        "outcomes.DemandRecord": "Partner demand counts per small area",
        "outcomes.LsoaMonthCount": "Counts per small area",
        "outcomes.ZoneMonthCount": "Counts per Zone",
    },
)
