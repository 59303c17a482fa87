"""Who may send what to outcomes."""

from typing import Any

from peoplezones.core.models import Role
from peoplezones.core.permissions import is_programme_staff


def can_send_demand(user: Any) -> bool:
    """Programme staff, and partner agency members for their own organisation's figures."""
    return is_programme_staff(user) or bool(
        user.is_authenticated and user.role == Role.PARTNER and user.organisation_id
    )
