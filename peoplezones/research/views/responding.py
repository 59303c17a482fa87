"""Answering a survey (residents, no account needed): the public response page and its thanks."""

import secrets

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.core import ratelimit
from peoplezones.research import measures, services, tasks
from peoplezones.research.forms import FollowUpForm
from peoplezones.research.models import FollowUp, OneResponse, Wave
from peoplezones.research.translation import survey_language
from peoplezones.research.views.common import (
    SENT_KEY,
    THANKS_KEY,
    answer_context,
    questions_fingerprint,
    response_form,
)


def respond(request: HttpRequest, token: str) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("survey__zone"), token=token)
    survey = wave.survey
    language = survey_language(request.GET.get("lang", ""), survey.translations)
    context = {**answer_context(survey, language), "wave": wave}
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
    form = response_form(
        request, survey, language, ask_code=survey.one_response == OneResponse.CODE
    )
    # Each rendering of the form carries an id; the same filled-in form sent twice (a double
    # click, or Back and send again) is refused, while a shared device can still take the next
    # neighbour's answers on a fresh form.
    form_id = request.POST.get("form_id", "")[:40] or secrets.token_urlsafe(12)
    context |= {"form": form, "form_id": form_id}
    if request.method != "POST":
        # Drawing the questions is most of the page's work; a fresh form's are the same for
        # everyone, so they are kept (the form id and CSRF token are drawn each time).
        context["questions_key"] = questions_fingerprint(form)
        return render(request, "research/respond.html", context)
    if not ratelimit.allow(scope="survey", request=request, rates=settings.PZ_SURVEY_RATE):
        return render(request, "research/too_many.html", context, status=429)
    sent = request.session.get(SENT_KEY, [])
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
    request.session[THANKS_KEY] = {"wave": wave.pk, "offer": response.answers.get("offer", [])}
    request.session[SENT_KEY] = [*sent, form_id][-50:]
    suffix = f"?lang={language}" if language else ""
    return redirect(reverse("research:thanks", args=[wave.token]) + suffix)


def thanks(request: HttpRequest, token: str) -> HttpResponse:
    wave = get_object_or_404(Wave.objects.select_related("survey__zone"), token=token)
    done = request.session.get(THANKS_KEY)
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
    context = {
        **answer_context(wave.survey, language),
        "wave": wave,
        "offered": offered,
        "offer_url": offer_url,
        "follow_up_form": FollowUpForm(),
        "following": done.get("following", False),
    }
    return render(request, "research/thanks.html", context)


@require_POST
def follow_up(request: HttpRequest, token: str) -> HttpResponse:
    """Someone who has just answered asks to hear what comes of the survey."""
    wave = get_object_or_404(Wave.objects.select_related("survey__zone"), token=token)
    done = request.session.get(THANKS_KEY)
    if not done or done.get("wave") != wave.pk:
        return redirect("research:respond", token=token)
    if not ratelimit.allow(scope="follow_up", request=request):
        return render(request, "research/too_many.html", status=429)
    form = FollowUpForm(request.POST)
    if form.is_spam:
        form.add_error(None, _("We could not accept this form. Leave the last field empty."))
    if form.is_spam or not form.is_valid():
        language = survey_language(request.GET.get("lang", ""), wave.survey.translations)
        context = {**answer_context(wave.survey, language), "wave": wave,
                   "follow_up_form": form}  # fmt: skip
        return render(request, "research/thanks.html", context, status=400)
    services.follow_up(survey=wave.survey, email=form.cleaned_data["email"])
    request.session[THANKS_KEY] = {**done, "following": True}
    return redirect("research:thanks", token=token)


def follow_up_stop(request: HttpRequest, token: str) -> HttpResponse:
    """From the link in each email: stop hearing about a survey (the address is deleted)."""
    try:
        found = signing.loads(token, salt=tasks.STOP_SALT)
    except signing.BadSignature:
        return render(request, "research/follow_up_stop.html", {"invalid": True}, status=400)
    held = FollowUp.objects.filter(pk=found.get("follow_up")).select_related("survey").first()
    if request.method == "POST" and held is not None:
        title = held.survey.title
        services.stop_follow_up(held)
        return render(request, "research/follow_up_stop.html", {"done": True, "title": title})
    return render(request, "research/follow_up_stop.html", {"held": held})
