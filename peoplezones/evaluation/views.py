"""A Zone's evaluation plan (each objective's measure as locked at launch, and every later
version with its reason), changing a measure (programme staff), and the evaluation report of
each measure: a page, a PDF and the data analysed."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.core import csvfile
from peoplezones.core.forms import render_form
from peoplezones.core.permissions import is_programme_staff, staff_required
from peoplezones.evaluation import charts, queries, report, services
from peoplezones.evaluation.forms import ChangeMeasureForm
from peoplezones.evaluation.models import LockedMeasure
from peoplezones.zones.views.common import zone_for


def plan(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    found = queries.plan(zone)
    if not found.launched:  # what each measure could show, for choosing it well
        for row in found.rows:
            if row.draft:
                evaluation = report.before_launch(row.objective, row.draft)
                row.detectable = report.detectable_sentence(evaluation) if evaluation else ""
    return render(
        request,
        "evaluation/plan.html",
        {"zone": zone, "plan": found, "staff": is_programme_staff(request.user)},
    )


@staff_required
@require_POST
def lock(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    try:
        made = services.lock_measures(zone=zone, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s measures locked.") % {"n": len(made)})
    return redirect("evaluation:plan", slug=zone.slug)


def _measure(request: HttpRequest, slug: str, pk: int) -> LockedMeasure:
    zone = zone_for(request, slug)
    return get_object_or_404(
        LockedMeasure.objects.select_related("zone", "objective"), pk=pk, zone=zone
    )


@staff_required
def change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    measure = _measure(request, slug, pk)
    latest = queries.latest(measure.objective)
    if latest.pk != measure.pk:
        return redirect("evaluation:change", slug=slug, pk=latest.pk)
    figures = queries.figure_choices(measure)
    form = ChangeMeasureForm(request.POST or None, measure=measure, figures=figures)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.change_measure(
                measure=measure, by=request.user, changes=form.changes(),
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(v)s of the measure is published.") % {"v": version.version}
            )
            return redirect("evaluation:plan", slug=slug)
    return render_form(
        request, "evaluation/change.html", {"form": form, "measure": measure, "zone": measure.zone}
    )


def _context(request: HttpRequest, slug: str, pk: int) -> dict:
    measure = _measure(request, slug, pk)
    evaluation = report.cached(measure)
    return {
        "zone": measure.zone,
        "measure": measure,
        "versions": list(measure.objective.locked_measures.all()),
        "evaluation": evaluation,
        "sentence": report.sentence(evaluation),
        "detectable": report.detectable_sentence(evaluation),
        "charts": charts.for_report(evaluation),
        "threshold": settings.PZ_SMALL_NUMBER_RECORDS,
        "few_donors": report.FEW_DONORS,
    }


def report_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return render(request, "evaluation/report.html", _context(request, slug, pk))


def report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    context = _context(request, slug, pk)
    response = HttpResponse(report.pdf(context), content_type="application/pdf")
    name = f"{slug}-evaluation-{context['measure'].objective_id}-v{context['measure'].version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_data(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The exact data analysed for programme staff (the evaluators); for everyone else the same
    with small counts suppressed, as everything the site publishes."""
    measure = _measure(request, slug, pk)
    evaluation = report.cached(measure)
    exact = is_programme_staff(request.user)
    rows = report.data_rows(evaluation, 0 if exact else settings.PZ_SMALL_NUMBER_RECORDS)
    name = f"{slug}-evaluation-{measure.objective_id}-v{measure.version}"
    return csvfile.attachment(rows, f"{name}{'' if exact else '-suppressed'}.csv")
