"""Tool Kit pages: browse and search, read, propose and edit, moderate, history and revert,
experience, adoption into a Zone's plan, exchange (JSON), Atom feed, attachments."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peoplezones.core import paging, params
from peoplezones.core.forms import render_form
from peoplezones.core.pagecache import public_page
from peoplezones.core.permissions import is_programme_staff, staff_required
from peoplezones.core.richtext import render_markdown
from peoplezones.toolkit import exchange, queries, search, services
from peoplezones.toolkit.forms import (
    AdoptForm,
    EvidenceForm,
    ExperienceForm,
    ImportForm,
    ModerationForm,
    OptionForm,
    SearchForm,
)
from peoplezones.toolkit.models import (
    EMMIE,
    LICENCE,
    LICENCE_URL,
    Attachment,
    Option,
    Revision,
    RevisionStatus,
    Strength,
)
from peoplezones.toolkit.permissions import (
    can_record_experience,
    community_group_of,
    zones_user_can_adopt_into,
)
from peoplezones.zones.models import Zone

PAGE_SIZE = 20


# Reading -----------------------------------------------------------------------------------------


@public_page
def option_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, areas=queries.areas_with_experience())
    filters: dict[str, str] = {}
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        filters = {k: v for k, v in form.cleaned_data.items() if k != "q" and v}
    results = queries.find(query, filters)
    page, params = paging.page_of(request, results, PAGE_SIZE)
    return render(
        request,
        "toolkit/list.html",
        {
            "form": form,
            "query": query,
            "filtered": bool(query or filters),
            "page": page,
            "params": params,
            "total": len(results),
            "capped": bool(query) and len(results) >= search.MAX_RESULTS,
        },
    )


def _emmie_rows(emmie: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for key, label, question in EMMIE:
        value = emmie.get(key) or {}
        strength = int(value.get("strength", 0))
        rows.append(
            {
                "label": label,
                "question": question,
                "summary": value.get("summary", ""),
                "strength": strength,
                "strength_label": Strength(strength).label,
            }
        )
    return rows


@public_page
def option_detail(request: HttpRequest, slug: str) -> HttpResponse:
    option = get_object_or_404(Option.objects.select_related("current"), slug=slug)
    experiences = queries.experiences_visible_to(request.user, option)
    can_adopt = zones_user_can_adopt_into(request.user).exists()
    return render(
        request,
        "toolkit/option.html",
        {
            "option": option,
            "emmie": _emmie_rows(option.emmie),
            "attachments": services.attachments_for(option.content().get("attachments", [])),
            "experiences": experiences,
            "outcomes": queries.outcome_counts(experiences),
            "zones_using": queries.zones_using(option),
            "contributors": queries.contributors(option),
            "evidence_changes": option.evidence_changes.all(),
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "can_adopt": can_adopt,
            "can_record": can_record_experience(request.user),
            "can_moderate": is_programme_staff(request.user),
        },
    )


def history(request: HttpRequest, slug: str) -> HttpResponse:
    option = get_object_or_404(Option, slug=slug)
    return render(
        request,
        "toolkit/history.html",
        {"option": option, "versions": queries.published_versions(option)},
    )


def version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    option = get_object_or_404(Option, slug=slug)
    revision = get_object_or_404(
        option.revisions.filter(status=RevisionStatus.PUBLISHED), number=number
    )
    previous = (
        option.revisions.filter(status=RevisionStatus.PUBLISHED, number__lt=number)
        .order_by("-number")
        .first()
    )
    return render(
        request,
        "toolkit/version.html",
        {
            "option": option,
            "revision": revision,
            "previous": previous,
            "changes": queries.diff(previous.content if previous else None, revision.content),
            "can_revert": is_programme_staff(request.user) and revision.pk != option.current_id,
        },
    )


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(Attachment, pk=pk)
    if not (
        item.public
        or is_programme_staff(request.user)
        or (request.user.is_authenticated and item.uploaded_by_id == request.user.pk)
    ):
        raise Http404
    # Always a download, never rendered by the browser as a page.
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.file.name.rsplit("/", 1)[-1],
        content_type=item.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Contributing ------------------------------------------------------------------------------------


def _store_new_file(request: HttpRequest, form: OptionForm) -> Attachment | None:
    upload = form.cleaned_data.get("new_file")
    if not upload:
        return None
    return services.store_attachment(
        upload=upload, title=form.cleaned_data["new_file_title"], by=request.user
    )


@login_required
def propose(request: HttpRequest) -> HttpResponse:
    form = OptionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        revision = services.propose_option(
            contributor=request.user,
            content=form.content(_store_new_file(request, form)),
            change_note=form.cleaned_data["change_note"],
        )
        messages.success(
            request,
            _("Thank you. “%s” is with the moderators; we will email you when they have read it.")
            % revision.title,
        )
        return redirect(revision)
    return render_form(
        request,
        "toolkit/option_form.html",
        {"form": form, "heading": _("Add an option to the Tool Kit")},
    )


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    option = get_object_or_404(Option.objects.select_related("current"), slug=slug)
    current = option.content()
    attachments = services.attachments_for(current.get("attachments", []))
    base_id = option.current_id
    if request.method == "POST":
        base_id = params.parse_id(request.POST.get("base", ""))
    form = OptionForm(
        request.POST or None,
        request.FILES or None,
        initial=OptionForm.initial_from(current),
        attachments=attachments,
    )
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.propose_edit(
                option=option,
                contributor=request.user,
                content=form.content(_store_new_file(request, form)),
                base_id=base_id,
                change_note=form.cleaned_data["change_note"],
            )
        except services.ToolkitConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("Thank you. Your edit is with the moderators."))
            return redirect(revision)
    return render_form(
        request,
        "toolkit/option_form.html",
        {
            "form": form,
            "option": option,
            "base": base_id,
            "heading": _("Suggest a change to “%s”") % option.title,
        },
    )


def _own_or_staff(request: HttpRequest, pk: int) -> Revision:
    revision = get_object_or_404(Revision.objects.select_related("option", "contributor"), pk=pk)
    if revision.contributor_id != request.user.pk and not is_programme_staff(request.user):
        raise Http404
    return revision


@login_required
def my_contributions(request: HttpRequest) -> HttpResponse:
    revisions = Revision.objects.filter(contributor=request.user).select_related("option")
    return render(request, "toolkit/contributions.html", {"revisions": revisions})


@login_required
def contribution(request: HttpRequest, pk: int) -> HttpResponse:
    """The contributor's view of a proposal: its status, the moderators' notes, and amending."""
    revision = _own_or_staff(request, pk)
    can_amend = revision.contributor_id == request.user.pk and revision.status in {
        RevisionStatus.PENDING,
        RevisionStatus.CHANGES,
    }
    attachments = services.attachments_for(revision.content.get("attachments", []))
    form = None
    if can_amend:
        form = OptionForm(
            request.POST or None,
            request.FILES or None,
            initial={**OptionForm.initial_from(revision.content), "licence": True},
            attachments=attachments,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.amend(
                    revision=revision,
                    contributor=request.user,
                    content=form.content(_store_new_file(request, form)),
                    lock=params.parse_id(request.POST.get("lock")) or 0,
                )
            except services.ToolkitConflict as conflict:
                form.add_error(None, str(conflict))
            else:
                messages.success(request, _("Your changes are saved and back with the moderators."))
                return redirect(revision)
    elif request.method == "POST":
        raise PermissionDenied
    return render_form(
        request,
        "toolkit/contribution.html",
        {
            "revision": revision,
            "notes": revision.notes.select_related("by"),
            "form": form,
            "changes": queries.diff(
                revision.base.content if revision.base else None, revision.content
            ),
            "attachments": attachments,
        },
    )


# Moderation --------------------------------------------------------------------------------------


@staff_required
def moderation(request: HttpRequest) -> HttpResponse:
    return render(request, "toolkit/moderation.html", {"queue": queries.moderation_queue()})


@staff_required
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    revision = get_object_or_404(
        Revision.objects.select_related("option", "contributor", "base"), pk=pk
    )
    form = ModerationForm(request.POST or None, initial={"lock": revision.lock})
    if request.method == "POST" and form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        lock = form.cleaned_data["lock"]
        try:
            if decision == "publish":
                option = services.publish(
                    revision=revision, moderator=request.user, lock=lock, note=note
                )
                messages.success(
                    request,
                    _("Published: %(title)s, version %(n)s")
                    % {"title": option.title, "n": option.version},
                )
            elif decision == "changes":
                services.request_changes(
                    revision=revision, moderator=request.user, note=note, lock=lock
                )
                messages.success(request, _("The contributor is asked for changes."))
            else:
                services.reject(revision=revision, moderator=request.user, note=note, lock=lock)
                messages.success(request, _("Rejected, with your reason sent to the contributor."))
        except services.ToolkitConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            services.tell_contributor(revision=revision)
            return redirect("toolkit:moderation")
    return render_form(
        request,
        "toolkit/moderate.html",
        {
            "revision": revision,
            "form": form,
            "notes": revision.notes.select_related("by"),
            "changes": queries.diff(
                revision.base.content if revision.base else None, revision.content
            ),
            "stale": bool(revision.option_id and revision.option.current_id != revision.base_id),
        },
    )


@staff_required
@require_POST
def revert(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    option = get_object_or_404(Option, slug=slug)
    target = get_object_or_404(option.revisions, number=number, status=RevisionStatus.PUBLISHED)
    try:
        option = services.revert(
            option=option,
            to=target,
            moderator=request.user,
            expected_current=params.parse_id(request.POST.get("current")) or 0,
        )
    except services.ToolkitConflict as conflict:
        messages.error(request, str(conflict))
        return redirect("toolkit:version", slug=slug, number=number)
    messages.success(
        request,
        _("Version %(old)s is restored as version %(new)s.")
        % {"old": number, "new": option.version},
    )
    return redirect(option)


@staff_required
def evidence(request: HttpRequest, slug: str) -> HttpResponse:
    option = get_object_or_404(Option, slug=slug)
    form = EvidenceForm(request.POST or None, initial={"status": option.evidence_status})
    if request.method == "POST" and form.is_valid():
        services.set_evidence_status(
            option=option,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, _("Evidence status saved."))
        return redirect(option)
    return render_form(
        request,
        "toolkit/form.html",
        {
            "form": form,
            "option": option,
            "title": _("Evidence status of “%s”") % option.title,
            "intro": _(
                "The status moves up by itself as Zones record measured results. Change it here "
                "when the wider evidence changes, and say why: the reason is shown to everyone."
            ),
            "submit": _("Save evidence status"),
        },
    )


# Experience and adoption -------------------------------------------------------------------------


@login_required
def experience_new(request: HttpRequest, slug: str) -> HttpResponse:
    option = get_object_or_404(Option, slug=slug)
    zones = list(zones_user_can_adopt_into(request.user))
    group = community_group_of(request.user)
    if not zones and group is None:
        raise PermissionDenied
    initial = {}
    adopted = option.actions.filter(zone__in=zones).select_related("objective").first()
    if adopted is not None:
        initial = {"where": f"zone:{adopted.zone_id}", "objective": adopted.objective_id}
    form = ExperienceForm(request.POST or None, zones=zones, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        kind, _sep, pk = form.cleaned_data["where"].partition(":")
        zone = next((z for z in zones if str(z.pk) == pk), None) if kind == "zone" else None
        fields = {name: form.cleaned_data[name] for name in ExperienceForm.Meta.fields}
        services.record_experience(
            option=option,
            recorded_by=request.user,
            zone=zone,
            organisation=group if kind == "group" else None,
            fields=fields,
        )
        messages.success(request, _("Thank you: your experience is on the option's page."))
        return redirect(f"{option.get_absolute_url()}#experience")
    return render_form(
        request,
        "toolkit/form.html",
        {
            "form": form,
            "option": option,
            "title": _("Record your experience of “%s”") % option.title,
            "intro": _(
                "What you tell us helps the next community decide. Say what really happened, "
                "including what did not work."
            ),
            "submit": _("Record experience"),
        },
    )


@login_required
def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    option = get_object_or_404(Option, slug=slug)
    zones = zones_user_can_adopt_into(request.user)
    if not zones.exists():
        raise PermissionDenied
    zone_slug = request.POST.get("zone") or request.GET.get("zone")
    zone: Zone | None = zones.filter(slug=zone_slug).first() if zone_slug else None
    if zone_slug and zone is None:
        raise PermissionDenied  # not a Zone this person runs
    if zone is None and zones.count() == 1:
        zone = zones.first()
    if zone is None:
        return render(request, "toolkit/adopt_choose.html", {"option": option, "zones": zones})
    form = AdoptForm(
        request.POST if "objective" in request.POST else None,
        zone=zone,
        initial={"title": option.title, "description": option.summary},
    )
    if form.is_bound and form.is_valid():
        try:
            action = services.adopt(option=option, zone=zone, fields=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%s” is now in the plan.") % action.title)
            return redirect(action)
    return render_form(
        request,
        "toolkit/form.html",
        {
            "form": form,
            "option": option,
            "zone": zone,
            "title": _("Try “%(option)s” in %(zone)s")
            % {"option": option.title, "zone": zone.name},
            "intro": _(
                "This adds an action to the Zone's plan, linked to the Tool Kit option, so its "
                "progress and your later experience build the option's record."
            ),
            "submit": _("Add to the plan"),
            "hidden": {"zone": zone.slug},
            "empty_partners": not form.fields["organisation"].queryset.exists(),
        },
    )


# Exchange and feed -------------------------------------------------------------------------------


def export_json(request: HttpRequest) -> JsonResponse:
    data = exchange.export(
        Option.objects.all(),
        source=request.get_host(),
        base_url=request.build_absolute_uri("/")[:-1],
    )
    response = JsonResponse(data, json_dumps_params={"indent": 1, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="people-zones-toolkit.json"'
    return response


@staff_required
def import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = exchange.parse(upload.read(exchange.MAX_IMPORT_BYTES + 1), filename=upload.name)
            result = exchange.import_options(data, source=form.cleaned_data["source"])
        except exchange.ImportError_ as error:
            problems = error.problems
            form.add_error(
                "file", _("The file was not imported; nothing has changed. See the problems below.")
            )
    return render_form(
        request, "toolkit/import.html", {"form": form, "problems": problems, "result": result}
    )


class OptionsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("People Zones Tool Kit: new and changed options")
    subtitle = gettext_lazy("Options communities can try, as they are added and improved.")

    def link(self) -> str:
        return reverse("toolkit:list")

    def items(self) -> QuerySet[Revision]:
        return (
            Revision.objects.filter(status=RevisionStatus.PUBLISHED)
            .select_related("option", "contributor")
            .order_by("-published_at")[:50]
        )

    def item_title(self, item: Revision) -> str:
        if item.number == 1:
            return _("New: %s") % item.title
        return _("Changed: %(title)s (version %(n)s)") % {"title": item.title, "n": item.number}

    def item_description(self, item: Revision) -> str:
        # The feed carries HTML: contributors' plain text is escaped, their Markdown sanitised.
        note = format_html("<p>{}</p>", item.change_note) if item.change_note else ""
        summary = format_html("<p>{}</p>", item.content.get("summary", ""))
        return f"{summary}{note}{render_markdown(item.content.get('steps', ''))}"

    def item_link(self, item: Revision) -> str:
        return reverse("toolkit:version", args=[item.option.slug, item.number])

    def item_guid(self, item: Revision) -> str:
        return f"toolkit-revision-{item.pk}"

    def item_pubdate(self, item: Revision):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_updateddate(self, item: Revision):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_author_name(self, item: Revision) -> str:
        return item.contributor_name
