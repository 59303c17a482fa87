"""Public pages: the personal data held, declared for the register (privacy.register)."""

from peoplezones.pages.models import Page
from peoplezones.privacy.register import (
    AppPrivacy,
    Holding,
    actor,
    not_personal,
)


def notice_version() -> str:
    """The privacy notice in force: the date its page last changed."""
    notice = Page.objects.filter(slug="privacy").only("updated_at").first()
    return notice.updated_at.isoformat() if notice else ""


PRIVACY = AppPrivacy(
    holdings=(
        Holding(
            "pages.Page",
            "Staff",
            (),
            {"updated_by": actor()},
            not_personal(
                "id",
                "slug",
                "title",
                "summary",
                "body",
                "translations",
                "video_title",
                "video_embed_url",
                "video_transcript",
                "updated_at",
            ),
        ),
    ),
    notice_version=notice_version,
)
