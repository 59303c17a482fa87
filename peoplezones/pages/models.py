"""A public information page, written in Markdown by programme staff."""

from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Video hosts whose embeds do not track viewers before they press play.
PRIVACY_ENHANCED_HOSTS = {"www.youtube-nocookie.com": "YouTube", "player.vimeo.com": "Vimeo"}


def validate_embed_url(value: str) -> None:
    try:
        parsed = urlparse(value)
        host = parsed.hostname
    except ValueError:  # a malformed address, such as an unclosed [ in the host
        host = None
    if host is None or parsed.scheme != "https" or host not in PRIVACY_ENHANCED_HOSTS:
        raise ValidationError(
            _(
                "Use a privacy-enhanced embed address starting https://www.youtube-nocookie.com/embed/"
                " or https://player.vimeo.com/video/."
            )
        )


class Page(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One sentence shown under the title.")
    )
    body = models.TextField(_("body"), help_text=_("Markdown: ## for headings, - for lists."))
    video_title = models.CharField(_("video title"), max_length=150, blank=True)
    video_embed_url = models.URLField(
        _("video embed address"),
        blank=True,
        validators=[validate_embed_url],
        help_text=_(
            "Privacy-enhanced embed only. Nothing loads from the host until someone presses play."
        ),
    )
    video_transcript = models.TextField(
        _("video transcript"), blank=True, help_text=_("Required with a video. Markdown.")
    )
    # Staff's translations into the site's other languages (core.translation).
    translations = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("page")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pages:page", args=[self.slug])

    def clean(self) -> None:
        if self.video_embed_url and not self.video_transcript.strip():
            raise ValidationError({"video_transcript": _("A video needs a text transcript.")})

    @property
    def video_host(self) -> str:
        return PRIVACY_ENHANCED_HOSTS.get(urlparse(self.video_embed_url).hostname or "", "")

    @property
    def video_origin(self) -> str:
        parsed = urlparse(self.video_embed_url)
        return f"{parsed.scheme}://{parsed.hostname}"

    @property
    def video_player_url(self) -> str:
        """The embed address set to play at once: the person has already chosen to play it."""
        separator = "&" if "?" in self.video_embed_url else "?"
        params = {"autoplay": "1"}
        if urlparse(self.video_embed_url).hostname == "player.vimeo.com":
            params["dnt"] = "1"
        return f"{self.video_embed_url}{separator}{urlencode(params)}"
