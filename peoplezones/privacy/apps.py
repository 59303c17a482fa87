"""Personal data: the register, people's rights (access, erasure, consent) and retention."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "peoplezones.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
