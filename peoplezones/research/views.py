"""Community research pages: the survey builder, waves and household cards, the public response
page, paper entry, results, free-text themes and the anonymised export. Thin: check who may,
parse, call a service or query, render."""

import io
import secrets
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.core import audit, csvfile, params, ratelimit
from peoplezones.core.forms import render_form
from peoplezones.core.models import AuditAction
from peoplezones.research import measures, queries, results, services
from peoplezones.research.exporting import anonymised_rows
from peoplezones.research.forms import (
    CodesForm,
    DataEntryForm,
    MeasuresForm,
    QuestionForm,
    ResponseForm,
    SectionForm,
    StandardQuestionForm,
    SurveyForm,
    ThemeForm,
    TranslationForm,
    WaveForm,
)
from peoplezones.research.models import (
    Channel,
    OneResponse,
    Question,
    QuestionKind,
    Response,
    Survey,
    Tag,
    Wave,
)
from peoplezones.research.permissions import (
    can_create_survey,
    can_enter_paper,
    can_manage_survey,
    can_read_free_text,
    can_see_results,
)
from peoplezones.research.translation import language_name, survey_language, translated
from peoplezones.zones.permissions import zones_managed_by

_THANKS_KEY = "research:thanks"
_SENT_KEY = "research:sent_forms"
RTL = {"ar", "ur"}


def _survey(request: HttpRequest, pk: int, *, manage: bool = True) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("zone"), pk=pk)
    if manage and not can_manage_survey(request.user, survey):
        raise PermissionDenied
    return survey


def _wave(request: HttpRequest, pk: int) -> Wave:
    wave = get_object_or_404(Wave.objects.select_related("survey__zone"), pk=pk)
    if not can_manage_survey(request.user, wave.survey):
        raise PermissionDenied
    return wave


def _questions(survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("section", "show_if_question"))


# Lists and building -------------------------------------------------------------------------------


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
    survey = _survey(request, pk, manage=False)
    if not can_manage_survey(request.user, survey):
        if can_enter_paper(request.user, survey):
            return redirect("research:paper_choose", pk=survey.pk)
        raise PermissionDenied
    questions = _questions(survey)
    for i, question in enumerate(questions):
        section = question.section_id
        question.can_move_up = i > 0 and questions[i - 1].section_id == section
        question.can_move_down = i + 1 < len(questions) and questions[i + 1].section_id == section
    waves = list(survey.waves.annotate(n=Count("responses")).order_by("opens_at", "id"))
    return render(
        request,
        "research/survey.html",
        {
            "survey": survey,
            "questions": questions,
            "waves": waves,
            "answered_keys": _answered_keys(survey),
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


def _answered_keys(survey: Survey) -> set[str]:
    keys: set[str] = set()
    for answers in Response.objects.filter(wave__survey=survey).values_list("answers", flat=True):
        keys.update(answers)
    return keys


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = SurveyForm(request.POST or None, instance=survey, zones=None, creating=False)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(actor=request.user, action=AuditAction.CHANGED, target=survey, detail="survey")
        messages.success(request, _("Survey details saved."))
        return redirect(survey)
    return render_form(request, "research/survey_form.html", {"form": form, "survey": survey})


@login_required
def measures_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
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
    survey = _survey(request, pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_section(survey=survey, title=form.cleaned_data["title"])
        messages.success(request, _("Section added."))
        return redirect(survey)
    return render_form(request, "research/section_form.html", {"form": form, "survey": survey})


@login_required
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = QuestionForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        services.save_question(
            survey=survey, question=question, options=form.cleaned_data["options"],
            show_if=form.cleaned_data["show_if"],
        )  # fmt: skip
        messages.success(request, _("Question added."))
        return redirect(survey)
    return render_form(request, "research/question_form.html", {"form": form, "survey": survey})


@login_required
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    question = get_object_or_404(survey.questions, pk=question_pk)
    answered = services.answered(question)
    form_class = StandardQuestionForm if question.is_standard else QuestionForm
    form = form_class(request.POST or None, instance=question, survey=survey, answered=answered)
    if request.method == "POST" and form.is_valid():
        services.save_question(
            survey=survey, question=form.save(commit=False),
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
    survey = _survey(request, pk)
    question = get_object_or_404(survey.questions, pk=question_pk)
    services.move_question(question=question, up=request.POST.get("direction") == "up")
    return redirect(f"{survey.get_absolute_url()}#question-{question.pk}")


@login_required
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = _survey(request, pk)
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
    survey = _survey(request, pk)
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
    survey = _survey(request, pk)
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


# Waves ----------------------------------------------------------------------------------------------


@login_required
def wave_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
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


def _public_link(request: HttpRequest, wave: Wave) -> str:
    return request.build_absolute_uri(reverse("research:respond", args=[wave.token]))


@login_required
def wave(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    counts = results.wave_counts([wave])[0]
    return render(
        request,
        "research/wave.html",
        {
            "wave": wave,
            "survey": wave.survey,
            "link": _public_link(request, wave),
            "counts": counts,
            "codes_total": wave.codes.count(),
            "codes_used": wave.codes.filter(used_at__isnull=False).count(),
        },
    )


@login_required
def wave_qr(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    buffer = io.BytesIO()
    segno.make(_public_link(request, wave), error="m").save(
        buffer, kind="svg", scale=8, border=2, title=_("QR code for the survey link"),
    )  # fmt: skip
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
@require_POST
def wave_state(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    if request.POST.get("action") == "close":
        services.close_wave(wave=wave, by=request.user)
        messages.success(request, _("The wave is closed. New answers online are refused."))
    else:
        services.reopen_wave(wave=wave, days=7, by=request.user)
        messages.success(request, _("The wave is open again for 7 days."))
    return redirect("research:wave", pk=wave.pk)


@login_required
def wave_codes(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = services.make_codes(wave=wave, how_many=form.cleaned_data["how_many"])
        audit.record(
            actor=request.user, action=AuditAction.CREATED, target=wave,
            detail=f"{len(made)} household codes",
        )  # fmt: skip
        messages.success(request, _("%(n)s new cards are ready to print.") % {"n": len(made)})
        return redirect("research:wave_codes", pk=wave.pk)
    unused = wave.codes.filter(used_at__isnull=True).order_by("id")
    return render_form(
        request,
        "research/wave_codes.html",
        {
            "wave": wave, "survey": wave.survey, "form": form, "unused": unused[:5000],
            "link": _public_link(request, wave), "used": wave.codes.filter(used_at__isnull=False).count(),
        },
    )  # fmt: skip


# Answering ------------------------------------------------------------------------------------------


def _response_form(
    request: HttpRequest, survey: Survey, language: str, **kwargs: Any
) -> ResponseForm:
    return ResponseForm(
        request.POST or None, survey=survey, questions=_questions(survey), language=language,
        **kwargs,
    )  # fmt: skip


def _answer_context(survey: Survey, language: str) -> dict[str, Any]:
    available = [
        (code, name) for code, name in settings.PZ_SURVEY_LANGUAGES if code in survey.translations
    ]
    return {
        "survey": survey,
        "language": language,
        "direction": "rtl" if language in RTL else ("rtl" if get_language_bidi() else "ltr"),
        "title": translated(survey, "title", language),
        "introduction": translated(survey, "introduction", language),
        "languages": available,
    }


def respond(request: HttpRequest, token: str) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("survey__zone"), token=token)
    survey = wave.survey
    language = survey_language(request.GET.get("lang", ""), survey.translations)
    context = {**_answer_context(survey, language), "wave": wave}
    if not wave.is_open:
        return render(
            request,
            "research/closed.html",
            context,
            status=410 if request.method == "POST" else 200,
        )
    if survey.one_response == OneResponse.ACCOUNT:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if wave.responses.filter(respondent=request.user).exists():
            return render(request, "research/already.html", context)
    form = _response_form(
        request, survey, language, ask_code=survey.one_response == OneResponse.CODE
    )
    # Each rendering of the form carries an id; the same filled-in form sent twice (a double
    # click, or Back and send again) is refused, while a shared device can still take the next
    # neighbour's answers on a fresh form.
    form_id = request.POST.get("form_id", "")[:40] or secrets.token_urlsafe(12)
    context.update(form=form, form_id=form_id)
    if request.method != "POST":
        return render(request, "research/respond.html", context)
    if not ratelimit.allow(scope="survey", request=request, rates=settings.PZ_SURVEY_RATE):
        return render(request, "research/too_many.html", context, status=429)
    sent = request.session.get(_SENT_KEY, [])
    if form_id in sent:
        return render(request, "research/already.html", {**context, "resent": True}, status=409)
    if form.is_spam:
        form.add_error(None, _("We could not accept this form. Leave the last field empty."))
        return render(request, "research/respond.html", context, status=400)
    if not form.is_valid():
        return render(request, "research/respond.html", context, status=400)
    try:
        response = services.submit_response(
            wave=wave, data=form.data_lists(), respondent=request.user if request.user.is_authenticated else None,
            code=form.cleaned_data.get("code", ""),
        )  # fmt: skip
    except services.Refused as refused:
        form.add_error("code" if "code" in form.fields else None, str(refused))
        return render(request, "research/respond.html", context, status=409)
    except services.Invalid as invalid:  # the wave closed or changed while the form was open
        for key, message in invalid.errors.items():
            form.add_error(key if key in form.fields else None, message)
        return render(request, "research/respond.html", context, status=400)
    request.session[_THANKS_KEY] = {"wave": wave.pk, "offer": response.answers.get("offer", [])}
    request.session[_SENT_KEY] = [*sent, form_id][-50:]
    suffix = f"?lang={language}" if language else ""
    return redirect(reverse("research:thanks", args=[wave.token]) + suffix)


def thanks(request: HttpRequest, token: str) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("survey__zone"), token=token)
    done = request.session.get(_THANKS_KEY)
    if not done or done.get("wave") != wave.pk:
        return redirect("research:respond", token=token)
    language = survey_language(request.GET.get("lang", ""), wave.survey.translations)
    offered = [o for o in measures.ITEMS["offer"].options if o.value in done.get("offer", [])]
    offer_url = ""
    if offered and wave.survey.zone:
        offer_url = (
            reverse("assets:skills_offer", args=[wave.survey.zone.slug])
            + "?"
            + "&".join(f"skills={o.value}" for o in offered)
        )
    return render(
        request,
        "research/thanks.html",
        {
            **_answer_context(wave.survey, language),
            "wave": wave,
            "offered": offered,
            "offer_url": offer_url,
        },
    )


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    language = survey_language(request.GET.get("lang", ""), survey.translations)
    form = _response_form(
        request, survey, language, ask_code=survey.one_response == OneResponse.CODE
    )
    if request.method == "POST" and form.is_valid():
        messages.success(request, _("These answers would be accepted. Nothing was stored."))
        return redirect(
            reverse("research:preview", args=[survey.pk])
            + (f"?lang={language}" if language else "")
        )
    return render_form(
        request,
        "research/respond.html",
        {**_answer_context(survey, language), "form": form, "preview": True},
    )


@login_required
def print_form(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, manage=False)
    if not can_enter_paper(request.user, survey):
        raise PermissionDenied
    language = survey_language(request.GET.get("lang", ""), survey.translations)
    form = ResponseForm(survey=survey, questions=_questions(survey), language=language)
    return render(
        request, "research/print.html", {**_answer_context(survey, language), "form": form}
    )


@login_required
def paper_choose(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, manage=False)
    if not can_enter_paper(request.user, survey):
        raise PermissionDenied
    return render(
        request, "research/paper_choose.html", {"survey": survey, "waves": survey.waves.all()}
    )


@login_required
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("survey__zone"), pk=pk)
    survey = wave.survey
    if not can_enter_paper(request.user, survey):
        raise PermissionDenied
    form = _response_form(request, survey, "", paper=True)
    entered = wave.responses.filter(channel=Channel.PAPER)
    context = {
        "wave": wave, "survey": survey, "form": form,
        "entered_by_me": entered.filter(entered_by=request.user).count(), "entered": entered.count(),
    }  # fmt: skip
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["paper_reference"]
        try:
            services.submit_response(
                wave=wave, data=form.data_lists(), channel=Channel.PAPER, entered_by=request.user,
                paper_reference=reference,
            )  # fmt: skip
        except services.Refused as refused:
            form.add_error("paper_reference", str(refused))
        except services.Invalid as invalid:
            for key, message in invalid.errors.items():
                form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(request, _("Form %(ref)s saved. Next form.") % {"ref": reference})
            return redirect("research:paper", pk=wave.pk)
    return render_form(request, "research/paper.html", context)


# Results ---------------------------------------------------------------------------------------------


def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, manage=False)
    if not can_see_results(request.user, survey):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    waves = results.waves_with_answers(survey)
    by_wave = {str(w.pk): w for w in waves}
    before = by_wave.get(request.GET.get("from", ""), waves[0] if waves else None)
    after = by_wave.get(request.GET.get("to", ""), waves[-1] if waves else None)
    compare = (before, after) if before and after and before != after else None
    choices = results.breakdown_choices(survey)
    by = request.GET.get("by", "")
    by = by if by in dict(choices) else ""
    data = results.responses_by_wave(waves)  # read once for every table on the page
    rows = results.compute(survey, waves, compare=compare, by=by, data=data) if waves else []
    return render(
        request,
        "research/results.html",
        {
            "survey": survey,
            "waves": waves,
            "counts": results.wave_counts(waves),
            "rows": rows,
            "changed": [row for row in rows if row.beyond_chance],
            "distributions": results.distributions(survey, waves, data) if waves else [],
            "compare": compare,
            "before": before,
            "after": after,
            "breakdowns": choices,
            "by": by,
            "by_label": dict(choices).get(by, ""),
            "threshold": settings.PZ_SMALL_NUMBER_PEOPLE,
            "can_manage": can_manage_survey(request.user, survey),
            "can_read_free_text": can_read_free_text(request.user, survey),
            "text_questions": survey.questions.filter(kind=QuestionKind.TEXT),
        },
    )


@login_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    rows = anonymised_rows(survey)
    audit.record(
        actor=request.user, action=AuditAction.EXPORTED, target=survey,
        detail=f"anonymised responses: {len(rows) - 1} rows",
    )  # fmt: skip
    return csvfile.attachment(rows, f"{survey.slug}-responses.csv")


@login_required
def free_text(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    survey = _survey(request, pk, manage=False)
    if not can_read_free_text(request.user, survey):
        raise PermissionDenied
    question = get_object_or_404(survey.questions, key=key, kind=QuestionKind.TEXT)
    themes = list(
        survey.themes.annotate(n=Count("tags", filter=Q(tags__question_key=key))).order_by(
            "name", "id"
        )
    )
    theme_form = ThemeForm(survey=survey)
    if request.method == "POST" and "name" in request.POST:
        theme_form = ThemeForm(request.POST, survey=survey)
        if theme_form.is_valid():
            theme = theme_form.save()
            tagged = services.apply_keywords(theme=theme)
            messages.success(
                request, _("Theme added; %(n)s answers tagged from its keywords.") % {"n": tagged}
            )
            return redirect("research:free_text", pk=survey.pk, key=key)
    elif request.method == "POST":
        chosen = {
            rid: params.parse_ids(request.POST.getlist(f"themes-{rid}"))
            for rid in params.parse_ids(request.POST.getlist("response"))
        }
        services.set_tags(survey=survey, key=key, chosen=chosen)
        messages.success(request, _("Themes saved."))
        return redirect("research:free_text", pk=survey.pk, key=key)
    theme_filter = request.GET.get("theme", "")
    answers = services.text_answers(survey, key).order_by("-submitted_at")
    theme_id = params.parse_id(theme_filter)
    if theme_id is not None:
        answers = answers.filter(tags__theme_id=theme_id, tags__question_key=key)
    answers = list(answers[:500])
    tagged = {
        (t.response_id, t.theme_id)
        for t in Tag.objects.filter(response__in=answers, question_key=key)
    }
    audit.record(
        actor=request.user, action=AuditAction.VIEWED, target=survey,
        detail=f"free-text answers to {key}",
    )  # fmt: skip
    return render_form(
        request,
        "research/free_text.html",
        {
            "survey": survey, "question": question, "themes": themes, "form": theme_form,
            "answers": [
                (r, r.answers.get(key, ""), [(t, (r.pk, t.pk) in tagged) for t in themes])
                for r in answers
            ],
            "theme_filter": theme_filter,
        },
    )  # fmt: skip
