"""Paper and household cards: one-time codes to post, the printable form, its preview, and entering paper answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from peoplezones.core.forms import render_form
from peoplezones.research import services
from peoplezones.research.forms import (
    CodesForm,
    ResponseForm,
)
from peoplezones.research.models import (
    Channel,
    OneResponse,
    Wave,
)
from peoplezones.research.permissions import (
    can_enter_paper,
)
from peoplezones.research.translation import survey_language
from peoplezones.research.views.common import (
    answer_context,
    public_link,
    questions_of,
    response_form,
    survey_for,
    wave_for,
)


@login_required
def wave_codes(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_for(request, pk)
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = services.make_codes(
            wave=wave, how_many=form.cleaned_data["how_many"], by=request.user
        )
        messages.success(request, _("%(n)s new cards are ready to print.") % {"n": len(made)})
        return redirect("research:wave_codes", pk=wave.pk)
    unused = wave.codes.filter(used_at__isnull=True).order_by("id")
    return render_form(
        request,
        "research/wave_codes.html",
        {
            "wave": wave, "survey": wave.survey, "form": form, "unused": unused[:5000],
            "link": public_link(request, wave), "used": wave.codes.filter(used_at__isnull=False).count(),
        },
    )  # fmt: skip


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    language = survey_language(request.GET.get("lang", ""), survey.translations)
    form = response_form(
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
        {**answer_context(survey, language), "form": form, "preview": True},
    )


@login_required
def print_form(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk, manage=False)
    if not can_enter_paper(request.user, survey):
        raise PermissionDenied
    language = survey_language(request.GET.get("lang", ""), survey.translations)
    form = ResponseForm(survey=survey, questions=questions_of(survey), language=language)
    return render(
        request, "research/print.html", {**answer_context(survey, language), "form": form}
    )


@login_required
def paper_choose(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk, manage=False)
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
    form = response_form(request, survey, "", paper=True)
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
