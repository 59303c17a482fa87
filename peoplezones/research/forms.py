"""Forms for community research: building a survey, its waves and translations, answering it
(online or typed in from paper), and tagging free-text answers with themes."""

import re
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peoplezones.core.forms import AccessibleFormMixin
from peoplezones.research import measures
from peoplezones.research.answering import allowed_values, clean_answers
from peoplezones.research.models import (
    OneResponse,
    Question,
    QuestionKind,
    Section,
    Survey,
    Theme,
    WaveKind,
)
from peoplezones.research.translation import standard_words, translated


def measure_choices(exclude: set[str] = frozenset()) -> list[tuple[str, str]]:
    return [(m.key, f"{m.name} ({m.source})") for m in measures.BANK if m.key not in exclude]


class SurveyForm(AccessibleFormMixin, forms.ModelForm):
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("Standard measures to include"),
        help_text=gettext_lazy(
            "Their wording and answers are fixed, so results compare with other Zones and with "
            "later waves. You can add your own questions next."
        ),
        choices=measure_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Survey
        fields = ["zone", "title", "introduction", "one_response", "results_published"]
        widgets = {
            "one_response": forms.RadioSelect,
            "introduction": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"zone": gettext_lazy("Zone")}
        help_texts = {
            "introduction": gettext_lazy(
                "Shown above the questions: who is asking, why, how long it takes, and that "
                "answers are anonymous."
            ),
        }
        error_messages = {"title": {"required": gettext_lazy("Enter a title for the survey")}}

    def __init__(self, *args: Any, zones: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones
        self.fields["zone"].required = True
        self.fields["zone"].empty_label = None
        self.fields["zone"].error_messages["required"] = _("Choose the Zone this survey is for")
        self.fields["one_response"].choices = OneResponse.choices
        if not creating:
            del self.fields["measures"]
            del self.fields["zone"]


class SectionForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title"]
        labels = {"title": gettext_lazy("Section title")}
        error_messages = {"title": {"required": gettext_lazy("Enter a title for the section")}}


class MeasuresForm(AccessibleFormMixin, forms.Form):
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("Standard measures to add"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one measure to add")},
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = set(
            survey.questions.exclude(standard_item="").values_list("standard_item", flat=True)
        )
        self.fields["measures"].choices = [
            (m.key, f"{m.name} ({m.source})")
            for m in measures.BANK
            if not {item.key for item in m.items} <= present
        ]


def show_if_choices(survey: Survey, before: Question | None) -> list[tuple[str, str]]:
    """'question id:value' pairs for skip logic: any earlier question with fixed answers."""
    choices = [("", _("Always ask this question"))]
    questions = survey.questions.all()
    if before is not None and before.pk:
        questions = questions.exclude(pk=before.pk)
    for question in questions:
        if question.kind in {QuestionKind.TEXT, QuestionKind.POSTCODE}:
            continue
        for value, label in allowed_values(question):
            choices.append(
                (
                    f"{question.pk}:{value}",
                    _("Only if '%(question)s' is answered '%(answer)s'")
                    % {"question": question.text, "answer": label},
                )
            )
    return choices


class QuestionForm(AccessibleFormMixin, forms.ModelForm):
    """A Zone's own question. Standard items use StandardQuestionForm: only placement, the
    required flag and skip logic change; wording and answers stay locked."""

    options_text = forms.CharField(
        label=gettext_lazy("Answers to choose from"),
        help_text=gettext_lazy("One answer per line. For 'Choose one' and 'Choose any' questions."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    show_if = forms.ChoiceField(label=gettext_lazy("When to ask it"), required=False)

    class Meta:
        model = Question
        fields = ["section", "kind", "text", "help_text", "required"]
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "text": {"required": gettext_lazy("Enter the question")},
            "kind": {"required": gettext_lazy("Choose what kind of answer the question takes")},
        }

    def __init__(self, *args: Any, survey: Survey, answered: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.answered = answered
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].empty_label = _("No section")
        self.fields["kind"].choices = QuestionKind.choices
        self.fields["show_if"].choices = show_if_choices(survey, self.instance)
        if self.instance.pk:
            self.initial["options_text"] = "\n".join(o["label"] for o in self.instance.options)
            if self.instance.show_if_question_id and self.instance.show_if_values:
                self.initial["show_if"] = (
                    f"{self.instance.show_if_question_id}:{self.instance.show_if_values[0]}"
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        labels = [
            line.strip() for line in cleaned.get("options_text", "").splitlines() if line.strip()
        ]
        if kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE}:
            if len(labels) < 2:
                self.add_error("options_text", _("Give at least two answers, one per line"))
            elif len({label.lower() for label in labels}) != len(labels):
                self.add_error("options_text", _("Each answer must be different"))
            elif any(len(label) > 200 for label in labels):
                self.add_error("options_text", _("Keep each answer under 200 characters"))
        cleaned["options"] = (
            [{"value": _option_value(label, i), "label": label} for i, label in enumerate(labels)]
            if kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
            else []
        )
        if self.answered and self.instance.pk:
            if kind != self.instance.kind:
                self.add_error("kind", _("People have answered this question: keep its kind"))
            elif [o["value"] for o in cleaned["options"]] != [
                o["value"] for o in self.instance.options
            ]:
                self.add_error(
                    "options_text",
                    _("People have answered this question: you can reword answers, not add, "
                      "remove or reorder them"),
                )  # fmt: skip
        return cleaned


def _option_value(label: str, index: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40]
    return slug or f"answer_{index + 1}"


class StandardQuestionForm(AccessibleFormMixin, forms.ModelForm):
    show_if = forms.ChoiceField(label=gettext_lazy("When to ask it"), required=False)

    class Meta:
        model = Question
        fields = ["section", "required"]

    def __init__(self, *args: Any, survey: Survey, answered: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].empty_label = _("No section")
        self.fields["show_if"].choices = show_if_choices(survey, self.instance)
        if self.instance.show_if_question_id and self.instance.show_if_values:
            self.initial["show_if"] = (
                f"{self.instance.show_if_question_id}:{self.instance.show_if_values[0]}"
            )


def _start_of(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class WaveForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("For example 'Baseline, spring 2027' or 'Follow-up 1'."),
        error_messages={"required": gettext_lazy("Enter a name for the wave")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of wave"), choices=WaveKind.choices, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose baseline or follow-up")},
    )  # fmt: skip
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Enter the date the wave opens"),
            "invalid": gettext_lazy("Enter a real date, like 2027-03-01"),
        },
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Last day for answers"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Enter the last day answers are taken"),
            "invalid": gettext_lazy("Enter a real date, like 2027-03-31"),
        },
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        has_baseline = survey.waves.filter(kind=WaveKind.BASELINE).exists()
        if not self.is_bound:
            count = survey.waves.count()
            self.initial.update(
                kind=WaveKind.FOLLOW_UP if has_baseline else WaveKind.BASELINE,
                name=_("Follow-up %(n)s") % {"n": count} if has_baseline else _("Baseline"),
                opens_on=timezone.localdate(),
                closes_on=timezone.localdate() + timedelta(days=28),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The last day must be on or after the opening day"))
        if (
            cleaned.get("kind") == WaveKind.BASELINE
            and self.survey.waves.filter(kind=WaveKind.BASELINE).exists()
        ):
            self.add_error("kind", _("This survey already has a baseline: add a follow-up"))
        if cleaned.get("kind") == WaveKind.FOLLOW_UP and not self.survey.waves.exists():
            self.add_error(
                "kind", _("Start with a baseline, so follow-ups have something to compare with")
            )
        if not self.survey.questions.exists():
            self.add_error(None, _("Add at least one question before opening a wave."))
        if opens and closes:
            cleaned["opens_at"] = _start_of(opens)
            cleaned["closes_at"] = _start_of(closes + timedelta(days=1))
        return cleaned


class CodesForm(AccessibleFormMixin, forms.Form):
    how_many = forms.IntegerField(
        label=gettext_lazy("How many household cards to print"),
        min_value=1,
        max_value=5000,
        error_messages={
            "required": gettext_lazy("Enter how many cards you need"),
            "invalid": gettext_lazy("Enter a whole number, like 200"),
            "min_value": gettext_lazy("Enter at least 1"),
            "max_value": gettext_lazy("Print at most 5,000 cards at a time"),
        },
    )


class DataEntryForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address of the volunteer"),
        help_text=gettext_lazy("They need an account on this site already."),
        error_messages={
            "required": gettext_lazy("Enter the volunteer's email address"),
            "invalid": gettext_lazy("Enter an email address, like name@example.com"),
        },
    )


class ThemeForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "keywords"]
        error_messages = {"name": {"required": gettext_lazy("Enter a name for the theme")}}

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.survey = survey

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.instance.survey.themes.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("This survey already has a theme with that name"))
        return name


class TranslationForm(AccessibleFormMixin, forms.Form):
    """Every piece of a survey's own text in one language: title, introduction, section titles,
    question wording and hints, answer labels. Blank means 'show the English'."""

    def __init__(self, *args: Any, survey: Survey, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.language = language
        self.groups: list[tuple[str, list[str]]] = []
        own = survey.translations.get(language, {})
        self._add("survey", [
            ("survey-title", _("Title: %(text)s") % {"text": survey.title}, own.get("title", "")),
            ("survey-introduction", _("Introduction"), own.get("introduction", "")),
        ], textarea={"survey-introduction"})  # fmt: skip
        for section in survey.sections.all():
            text = section.translations.get(language, {}).get("title", "")
            self._add(_("Section"), [(f"section-{section.pk}", section.title, text)])
        for question in survey.questions.all():
            mine = question.translations.get(language, {})
            entries = [(f"q{question.pk}-text", question.text, mine.get("text", ""))]
            if question.help_text:
                entries.append(
                    (f"q{question.pk}-help", question.help_text, mine.get("help_text", ""))
                )
            if question.kind not in {
                QuestionKind.SCALE_0_10,
                QuestionKind.TEXT,
                QuestionKind.POSTCODE,
            }:
                for value, label in allowed_values(question):
                    entries.append(
                        (f"q{question.pk}-o-{value}", label, mine.get("options", {}).get(value, ""))
                    )
            self._add(question.text, entries)

    def _add(
        self, group: str, entries: Sequence[tuple[str, str, str]], textarea: set[str] = frozenset()
    ) -> None:
        names = []
        for name, label, initial in entries:
            attrs = {"lang": self.language}
            widget = (
                forms.Textarea(attrs={**attrs, "rows": 3}) if name in textarea
                else forms.TextInput(attrs=attrs)
            )  # fmt: skip
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=2000, initial=initial, widget=widget
            )
            names.append(name)
        self.groups.append((group, names))

    def field_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(group, [self[name] for name in names]) for group, names in self.groups]


class ResponseForm(AccessibleFormMixin, forms.Form):
    """One person's answers: a field per question, grouped in sections, in the chosen language.
    Skip logic is applied on the server (a question not asked is never stored), so the form
    works without JavaScript; with it, skipped questions are hidden as you answer."""

    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False)

    def __init__(
        self,
        *args: Any,
        survey: Survey,
        questions: Sequence[Question],
        language: str = "",
        ask_code: bool = False,
        paper: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(questions)
        self.language = language
        self.paper = paper
        if ask_code:
            self.fields["code"] = forms.CharField(
                label=_("The code on your card"),
                help_text=_("Eight letters and numbers, like KX7P2QMR."),
                max_length=20,
                error_messages={"required": _("Enter the code printed on your card")},
            )
            self.fields["code"].widget.attrs.update(autocomplete="off", autocapitalize="characters")
        if paper:
            del self.fields["website"]
            self.fields["paper_reference"] = forms.CharField(
                label=_("Form number"),
                help_text=_("The number written on the paper form, so it is never typed in twice."),
                max_length=40,
                error_messages={"required": _("Enter the number on the paper form")},
            )
            self.fields["paper_reference"].widget.attrs.update(autocomplete="off", autofocus=True)
        else:
            self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        for number, question in enumerate(self.questions, 1):
            self.fields[question.key] = self._field(question, number)

    def _field(self, question: Question, number: int) -> forms.Field:
        text = translated(question, "text", self.language)
        hint = translated(question, "help_text", self.language)
        if question.show_if_question_id:
            trigger = question.show_if_question
            answers = dict(allowed_values(trigger))
            said = _(" or ").join(
                f"'{translated(trigger, 'option', self.language, value=v, default=answers.get(v, v))}'"
                for v in question.show_if_values
            )
            condition = _("Only if you answered %(answer)s to question %(n)s.") % {
                "answer": said,
                "n": self._number_of(trigger),
            }
            hint = f"{condition} {hint}".strip()
        label = f"{number}. {text}"
        choices = [
            (value, translated(question, "option", self.language, value=value, default=label_))
            for value, label_ in allowed_values(question)
        ]
        kind = question.kind
        if self.paper and kind in PAPER_NUMBERED:
            return self._paper_field(question, label, hint, choices)
        if kind == QuestionKind.MULTIPLE:
            field: forms.Field = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple
            )
        elif kind in {QuestionKind.SINGLE, QuestionKind.YES_NO, QuestionKind.SCALE_0_10}:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
            if kind == QuestionKind.SCALE_0_10:
                item = measures.ITEMS.get(question.standard_item)
                if item and item.low_label:
                    hint = f"{hint} " if hint else ""
                    hint += _("0 means '%(low)s' and 10 means '%(high)s'.") % {
                        "low": standard_words(item.low_label, self.language),
                        "high": standard_words(item.high_label, self.language),
                    }
        elif kind == QuestionKind.TEXT:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=None)
        else:
            field = forms.CharField(max_length=12)
            field.widget.attrs.update(autocomplete="postal-code", autocapitalize="characters")
        field.label = label
        field.help_text = hint
        field.required = False  # required answers are checked after skip logic, in clean()
        field.answer_required = question.required  # so the label does not say "(optional)"
        field.widget.attrs["data-kind"] = kind
        return field

    def _paper_field(
        self, question: Question, label: str, hint: str, choices: list[tuple[str, str]]
    ) -> forms.Field:
        """Typed in from paper: the number of the ticked answer (as printed on the form), several
        separated by spaces for 'choose any', the number itself for 0-10. Tab to the next."""
        if question.kind == QuestionKind.SCALE_0_10:
            key = _("Type 0 to 10.")
        else:
            key = " · ".join(f"{i} {text}" for i, (_v, text) in enumerate(choices, 1))
            if question.kind == QuestionKind.MULTIPLE:
                key = _("Type each number ticked, with spaces: %(key)s") % {"key": key}
        field = forms.CharField(label=label, help_text=f"{hint} {key}".strip(), required=False)
        field.answer_required = question.required
        field.widget.attrs.update(
            inputmode="numeric", autocomplete="off", size=8, **{"data-kind": question.kind}
        )
        return field

    def _number_of(self, question: Question) -> int:
        return next((i for i, q in enumerate(self.questions, 1) if q.pk == question.pk), 0)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        answers, errors = clean_answers(self.questions, self.data_lists())
        for key, message in errors.items():
            self.add_error(key, message)
        if not errors and not answers:
            self.add_error(None, _("Answer at least one question."))
        cleaned["answers"] = answers
        return cleaned

    def data_lists(self) -> dict[str, list[str]]:
        lists = {q.key: self.data.getlist(q.key) for q in self.questions}
        if self.paper:
            for question in self.questions:
                if question.kind in PAPER_NUMBERED:
                    lists[question.key] = _from_numbers(question, lists[question.key])
        return lists

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def sections(self) -> list[tuple[str, list[tuple[Question, forms.BoundField]]]]:
        """[(section title in the chosen language, [(question, bound field)])] in order; questions
        without a section sit in an untitled group."""
        groups: list[tuple[Any, list[tuple[Question, forms.BoundField]]]] = []
        for question in self.questions:
            section = question.section
            if not groups or groups[-1][0] != section:
                groups.append((section, []))
            groups[-1][1].append((question, self[question.key]))
        return [
            (translated(section, "title", self.language) if section else "", items)
            for section, items in groups
        ]


PAPER_NUMBERED = {
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.YES_NO,
    QuestionKind.SCALE_0_10,
}


def _from_numbers(question: Question, typed: list[str]) -> list[str]:
    """'2' -> the second answer's value; '1 3' -> two values; a number out of range is kept as
    typed, so the answer check refuses it and names the question."""
    text = " ".join(typed).replace(",", " ")
    if question.kind == QuestionKind.SCALE_0_10:
        return text.split()
    values = [value for value, _label in allowed_values(question)]
    picked = []
    for token in text.split():
        picked.append(
            values[int(token) - 1] if token.isdigit() and 1 <= int(token) <= len(values) else token
        )
    return picked


def language_choices() -> list[tuple[str, str]]:
    return list(settings.PZ_SURVEY_LANGUAGES)


class FollowUpForm(AccessibleFormMixin, forms.Form):
    """After answering: an email address to hear what came of the survey, with consent."""

    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Kept apart from your answers, which stay anonymous."),
        error_messages={"required": _("Enter your email address"),
                        "invalid": _("Enter an email address like name@example.org")},
    )  # fmt: skip
    agree = forms.BooleanField(
        label=_("Email me when the survey's results are published and when the Zone agrees what to "
                "do. I can stop these emails at any time from a link in each."),
        error_messages={"required": _("Tick the box to say we may email you")},
    )  # fmt: skip
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
