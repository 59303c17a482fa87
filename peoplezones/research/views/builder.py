"""Building a survey (coordinators and staff): the list, questions, standard measures, translations, who may enter paper forms, and its waves."""

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.core import params
from peoplezones.core.forms import render_form
from peoplezones.research import measures, queries, results, services, tallies
from peoplezones.research.forms import (
    DataEntryForm,
    MeasuresForm,
    QuestionForm,
    SectionForm,
    StandardQuestionForm,
    SurveyForm,
    TranslationForm,
    WaveForm,
)
from peoplezones.research.models import QuestionKind, Survey
from peoplezones.research.permissions import (
    can_create_survey,
    can_enter_paper,
    can_manage_survey,
    can_read_free_text,
)
from peoplezones.research.translation import language_name
from peoplezones.research.views.common import public_link, questions_of, survey_for, wave_for
from peoplezones.zones.permissions import zones_managed_by


def survey_list(request: HttpRequest) -> HttpResponse:
    published = Survey.objects.filter(results_published=True).select_related("zone")
    mine = Survey.objects.none()
    if can_create_survey(request.user):
        mine = (
            Survey.objects.filter(zone__in=zones_managed_by(request.user))
            .select_related("zone")
            .annotate(responses=Count("waves__responses"))
            .order_by("-created_at", "-id")
        )
    entering = (
        Survey.objects.filter(data_entry=request.user).exclude(pk__in=mine)
        if request.user.is_authenticated
        else Survey.objects.none()
    )
    return render(
        request,
        "research/list.html",
        {
            "open_waves": queries.open_waves(),
            "published": published,
            "mine": mine,
            "entering": entering,
            "can_create": can_create_survey(request.user),
        },
    )


@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    zones = zones_managed_by(request.user)
    if not zones.exists():
        raise PermissionDenied
    form = SurveyForm(
        request.POST or None, zones=zones, creating=True,
        initial={"zone": request.GET.get("zone"), "measures": ["safety_dark", "belonging", "lonely_direct", "better", "offer"]},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "measures"}
        survey = services.create_survey(
            fields=fields, measure_keys=form.cleaned_data["measures"], by=request.user
        )
        messages.success(request, _("Survey created. Add your own questions, then open a wave."))
        return redirect(survey)
    return render_form(request, "research/survey_form.html", {"form": form})


def survey(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    survey = survey_for(request, pk, manage=False)
    if not can_manage_survey(request.user, survey):
        if can_enter_paper(request.user, survey):
            return redirect("research:paper_choose", pk=survey.pk)
        raise PermissionDenied
    questions = questions_of(survey)
    for i, question in enumerate(questions):
        section = question.section_id
        question.can_move_up = i > 0 and questions[i - 1].section_id == section
        question.can_move_down = i + 1 < len(questions) and questions[i + 1].section_id == section
    waves = list(survey.waves.order_by("opens_at", "id"))
    # The waves' kept counts, not their answers: how many answered, and which questions.
    kept = tallies.for_waves(survey, waves, tallies.layout(survey, questions))
    for wave in waves:
        wave.n = kept[wave.pk].responses
    return render(
        request,
        "research/survey.html",
        {
            "survey": survey,
            "questions": questions,
            "waves": waves,
            "answered_keys": tallies.answered_keys(kept),
            "data_entry": survey.data_entry.all(),
            "data_entry_form": DataEntryForm(),
            "languages": [
                (code, name, code in survey.translations)
                for code, name in settings.PZ_SURVEY_LANGUAGES
            ],
            "text_questions": [q for q in questions if q.kind == QuestionKind.TEXT],
            "can_read_free_text": can_read_free_text(request.user, survey),
        },
    )


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    form = SurveyForm(request.POST or None, instance=survey, zones=None, creating=False)
    if request.method == "POST" and form.is_valid():
        services.update_survey(form.instance, by=request.user)
        messages.success(request, _("Survey details saved."))
        return redirect(survey)
    return render_form(request, "research/survey_form.html", {"form": form, "survey": survey})


@login_required
def measures_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    form = MeasuresForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        added = services.add_measures(survey=survey, measure_keys=form.cleaned_data["measures"])
        messages.success(request, _("%(n)s standard questions added.") % {"n": len(added)})
        return redirect(survey)
    return render_form(
        request, "research/measures.html", {"form": form, "survey": survey, "bank": measures.BANK}
    )


@login_required
def section_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_section(survey=survey, title=form.cleaned_data["title"])
        messages.success(request, _("Section added."))
        return redirect(survey)
    return render_form(request, "research/section_form.html", {"form": form, "survey": survey})


@login_required
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    form = QuestionForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        services.save_question(
            survey=survey, question=form.instance, options=form.cleaned_data["options"],
            show_if=form.cleaned_data["show_if"],
        )  # fmt: skip
        messages.success(request, _("Question added."))
        return redirect(survey)
    return render_form(request, "research/question_form.html", {"form": form, "survey": survey})


@login_required
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    question = get_object_or_404(survey.questions, pk=question_pk)
    answered = services.answered(question)
    form_class = StandardQuestionForm if question.is_standard else QuestionForm
    form = form_class(request.POST or None, instance=question, survey=survey, answered=answered)
    if request.method == "POST" and form.is_valid():
        services.save_question(
            survey=survey, question=form.instance,
            options=form.cleaned_data.get("options", []), show_if=form.cleaned_data["show_if"],
        )  # fmt: skip
        messages.success(request, _("Question saved."))
        return redirect(survey)
    return render_form(
        request,
        "research/question_form.html",
        {"form": form, "survey": survey, "question": question, "answered": answered},
    )


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    question = get_object_or_404(survey.questions, pk=question_pk)
    services.move_question(question=question, up=request.POST.get("direction") == "up")
    return redirect(f"{survey.get_absolute_url()}#question-{question.pk}")


@login_required
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    question = get_object_or_404(survey.questions, pk=question_pk)
    if request.method == "POST":
        try:
            services.delete_question(question=question)
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Question removed."))
        return redirect(survey)
    return render(
        request,
        "research/question_delete.html",
        {"survey": survey, "question": question, "answered": services.answered(question)},
    )


@login_required
def translations(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    language = request.GET.get("language", "")
    if language not in dict(settings.PZ_SURVEY_LANGUAGES):
        return render(
            request,
            "research/translations.html",
            {"survey": survey, "languages": settings.PZ_SURVEY_LANGUAGES},
        )
    form = TranslationForm(request.POST or None, survey=survey, language=language)
    if request.method == "POST" and form.is_valid():
        services.save_translations(
            survey=survey, language=language, data=form.cleaned_data, by=request.user
        )
        messages.success(
            request, _("%(language)s text saved.") % {"language": language_name(language)}
        )
        return redirect(survey)
    return render_form(
        request,
        "research/translations.html",
        {
            "survey": survey,
            "form": form,
            "language": language,
            "language_name": language_name(language),
        },
    )


@login_required
@require_POST
def data_entry(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    if request.POST.get("remove"):
        leaving = params.object_or_404(survey.data_entry.all(), request.POST["remove"])
        survey.data_entry.remove(leaving)
        messages.success(request, _("Removed from paper entry."))
        return redirect(survey)
    form = DataEntryForm(request.POST)
    if form.is_valid():
        try:
            user = services.add_data_entry(survey=survey, email=form.cleaned_data["email"])
        except services.Refused as refused:
            form.add_error("email", str(refused))
        else:
            messages.success(
                request,
                _("%(name)s can now type in paper forms.")
                % {"name": user.get_full_name() or user.email},
            )
            return redirect(survey)
    return render_form(request, "research/data_entry.html", {"survey": survey, "form": form})


@login_required
def wave_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    form = WaveForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wave = services.open_wave(
            survey=survey, name=data["name"], kind=data["kind"], opens_at=data["opens_at"],
            closes_at=data["closes_at"], by=request.user,
        )  # fmt: skip
        messages.success(request, _("Wave added. Share the link or print the QR code."))
        return redirect("research:wave", pk=wave.pk)
    return render_form(request, "research/wave_form.html", {"form": form, "survey": survey})


@login_required
def wave(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_for(request, pk)
    counts = results.wave_counts([wave])[0]
    return render(
        request,
        "research/wave.html",
        {
            "wave": wave,
            "survey": wave.survey,
            "link": public_link(request, wave),
            "counts": counts,
            "codes_total": wave.codes.count(),
            "codes_used": wave.codes.filter(used_at__isnull=False).count(),
        },
    )


@login_required
def wave_qr(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_for(request, pk)
    buffer = io.BytesIO()
    segno.make(public_link(request, wave), error="m").save(
        buffer, kind="svg", scale=8, border=2, title=_("QR code for the survey link"),
    )  # fmt: skip
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
@require_POST
def wave_state(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_for(request, pk)
    if request.POST.get("action") == "close":
        services.close_wave(wave=wave, by=request.user)
        messages.success(request, _("The wave is closed. New answers online are refused."))
    else:
        services.reopen_wave(wave=wave, days=7, by=request.user)
        messages.success(request, _("The wave is open again for 7 days."))
    return redirect("research:wave", pk=wave.pk)
