"""Results: the published tables and charts, the anonymised export, and free-text answers with their themes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from peoplezones.core import audit, csvfile, params
from peoplezones.core.forms import render_form
from peoplezones.core.pagecache import public_page
from peoplezones.research import results, services
from peoplezones.research.exporting import anonymised_rows
from peoplezones.research.forms import (
    ThemeForm,
)
from peoplezones.research.models import (
    QuestionKind,
    Tag,
)
from peoplezones.research.permissions import (
    can_manage_survey,
    can_read_free_text,
    can_see_results,
)
from peoplezones.research.views.common import survey_for


@public_page  # published results: kept for the public, fresh for whoever is signed in
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk, manage=False)
    if not can_see_results(request.user, survey):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    # Every table below reads the survey's questions: read once, here.
    prefetch_related_objects([survey], "questions")
    waves, kept = results.kept_waves(survey)  # the kept counts, read once for every table
    by_wave = {str(w.pk): w for w in waves}
    before = by_wave.get(request.GET.get("from", ""), waves[0] if waves else None)
    after = by_wave.get(request.GET.get("to", ""), waves[-1] if waves else None)
    compare = (before, after) if before and after and before != after else None
    choices = results.breakdown_choices(survey)
    by = request.GET.get("by", "")
    by = by if by in dict(choices) else ""
    rows = results.compute(survey, waves, compare=compare, by=by, kept=kept) if waves else []
    return render(
        request,
        "research/results.html",
        {
            "survey": survey,
            "waves": waves,
            "counts": results.channel_counts(waves, kept),
            "rows": rows,
            "changed": [row for row in rows if row.beyond_chance],
            "distributions": results.distributions(survey, waves, kept) if waves else [],
            "compare": compare,
            "before": before,
            "after": after,
            "breakdowns": choices,
            "by": by,
            "by_label": dict(choices).get(by, ""),
            "threshold": settings.PZ_SMALL_NUMBER_PEOPLE,
            "can_manage": can_manage_survey(request.user, survey),
            "can_read_free_text": can_read_free_text(request.user, survey),
            "text_questions": [q for q in survey.questions.all() if q.kind == QuestionKind.TEXT],
        },
    )


@login_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    rows = anonymised_rows(survey)
    audit.viewed(request, survey, f"anonymised responses: {len(rows) - 1} rows", exported=True)
    return csvfile.attachment(rows, f"{survey.slug}-responses.csv")


@login_required
def free_text(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    survey = survey_for(request, pk, manage=False)
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
            _theme, tagged = services.add_theme(theme_form.instance)
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
    audit.viewed(request, survey, f"free-text answers to {key}")
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
