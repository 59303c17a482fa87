"""Community research: surveys built from the standard question bank (and a Zone's own questions),
run in waves (baseline, follow-ups), answered online or entered from paper."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OneResponse(models.TextChoices):
    OPEN = "open", _("Open link (anti-spam checks only)")
    CODE = "code", _("One response per household card code")
    ACCOUNT = "account", _("One response per signed-in account")


class Survey(models.Model):
    zone = models.ForeignKey(
        "zones.Zone", null=True, blank=True, on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    one_response = models.CharField(
        _("who may answer"), max_length=8, choices=OneResponse.choices, default=OneResponse.OPEN
    )
    results_published = models.BooleanField(
        _("publish the results"),
        default=False,
        help_text=_(
            "Anyone may then see the results page. Small groups stay hidden and free-text "
            "answers are never published."
        ),
    )
    # Volunteers the coordinator trusts to type in paper forms.
    data_entry = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="survey_data_entry"
    )
    # {"cy": {"title": ..., "introduction": ...}}: staff-entered; a language listed here is offered.
    translations = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:survey", args=[self.pk])


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    translations = models.JSONField(default=dict, blank=True)  # {"cy": {"title": ...}}

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Choose one")
    MULTIPLE = "multiple", _("Choose any")
    SCALE_0_10 = "scale_0_10", _("0 to 10")
    TEXT = "text", _("Free text")
    POSTCODE = "postcode", _("Postcode")
    YES_NO = "yes_no", _("Yes or no")


class Question(models.Model):
    """One question. A standard item (`standard_item` names it in measures.ITEMS) keeps the bank's
    wording and answers; a Zone's own question has its own. `show_if_*` is the skip logic: ask
    this only when an earlier question was answered with one of these values."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=400)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    options = models.JSONField(default=list, blank=True)  # [{"value": ..., "label": ...}]
    standard_item = models.CharField(max_length=40, blank=True)
    show_if_question = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    show_if_values = models.JSONField(default=list, blank=True)
    # {"cy": {"text": ..., "help_text": ..., "options": {"value": "label"}}}: staff-entered.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        # Section by section (questions without one come last), then within each section.
        ordering = [models.F("section__order").asc(nulls_last=True), "section_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique_in_survey")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_standard(self) -> bool:
        return bool(self.standard_item)


def _new_token() -> str:
    return secrets.token_urlsafe(16)


class WaveKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Wave(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(max_length=10, choices=WaveKind.choices)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    token = models.CharField(max_length=32, unique=True, default=_new_token)

    class Meta:
        ordering = ["opens_at", "id"]

    def __str__(self) -> str:
        return f"{self.survey}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("research:respond", args=[self.token])

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at


def _new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a card
    return "".join(secrets.choice(alphabet) for _ in range(8))


class FollowUp(models.Model):
    """Someone who answered a survey and asked to hear what came of it. Kept apart from their
    answers (nothing links the two), so the answers stay anonymous."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="follow_ups")
    email = models.EmailField(_("email"))
    created_at = models.DateTimeField(default=timezone.now)
    told = models.JSONField(default=list, blank=True)  # the changes already told, each once

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="one_follow_up_per_email")
        ]

    def __str__(self) -> str:
        return f"follow-up {self.pk} of survey {self.survey_id}"


class HouseholdCode(models.Model):
    """A one-time code printed on a household card: one response per code per wave."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=12, unique=True, default=_new_code)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper, entered by a volunteer")
    DOORSTEP = "doorstep", _("On the doorstep, recorded by a volunteer")


class Response(models.Model):
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    submitted_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Only when the survey allows one response per account; erased with the account's data.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="survey_responses",
    )  # fmt: skip
    household_code = models.OneToOneField(
        HouseholdCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    answers = models.JSONField(default=dict)  # {question key: value or [values]}
    paper_reference = models.CharField(max_length=40, blank=True)
    # A door-step answer's idempotency key, made on the volunteer's device when it was recorded:
    # however often the device sends it again, it is stored once.
    client_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        # A wave's newest answer at once: whether its kept tally is current (tallies.py).
        indexes = [models.Index(fields=["wave", "id"], name="research_response_wave_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="one_response_per_account_per_wave",
            ),
            models.UniqueConstraint(
                fields=["wave", "paper_reference"],
                condition=~models.Q(paper_reference=""),
                name="paper_form_entered_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.wave}"


class WaveTally(models.Model):
    """What a wave's results are worked out from, kept up to date as answers arrive (tallies.py):
    counts, never answers. `responses` and `last_response` say which answers it holds."""

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, primary_key=True, related_name="+")
    signature = models.CharField(max_length=64)  # the survey's questions it was counted for
    responses = models.PositiveIntegerField(default=0)
    last_response = models.BigIntegerField(default=0)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Tally of {self.wave} ({self.responses} answers)"


class Theme(models.Model):
    """A theme a coordinator tags free-text answers with ("street lighting", "things for young
    people"). Answers containing one of its keywords are tagged when the theme is made or an
    answer arrives; the coordinator corrects the rest by hand."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=80)
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Separate with commas. Answers containing one are tagged for you."),
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="theme_name_unique_in_survey")
        ]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [k.strip().lower() for k in self.keywords.split(",") if k.strip()]


class Tag(models.Model):
    """One free-text answer (a response's answer to one question) tagged with one theme."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="tags")
    question_key = models.SlugField(max_length=60)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tags")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key", "theme"], name="tag_once_per_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} on response {self.response_id}"
