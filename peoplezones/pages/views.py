"""Public information pages, and their staff editor."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from peoplezones.core.pagecache import public_page
from peoplezones.core.permissions import staff_required
from peoplezones.pages.forms import PageForm
from peoplezones.pages.models import Page
from peoplezones.pages.services import update_page
from peoplezones.zones.queries import public_zones


@public_page
def home(request: HttpRequest) -> HttpResponse:
    page = Page.objects.filter(slug="home").first()
    guides = Page.objects.filter(
        slug__in=["what-is-a-people-zone", "what-happens", "setting-up", "abcd"]
    ).order_by("id")
    return render(
        request,
        "pages/home.html",
        {"page": page, "guides": guides, "zones": public_zones()[:6]},
    )


@public_page
def page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    # The video host is contacted only after the person asks to play it (?play=1), and only
    # then does the page's policy allow a frame from that one host.
    playing = bool(page.video_embed_url) and request.GET.get("play") == "1"
    response = render(request, "pages/page.html", {"page": page, "playing": playing})
    if playing:
        # django-csp reads this attribute, as its csp_replace decorator would set it.
        response._csp_replace = {"frame-src": [page.video_origin]}
    return response


@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/staff_list.html", {"pages": Page.objects.all()})


@staff_required
def staff_edit(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    form = PageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        update_page(page=page, actor=request.user, changes=form.cleaned_data)
        messages.success(request, _("Page saved. It is live now."))
        return redirect("pages:staff_list")
    return render(request, "pages/staff_edit.html", {"form": form, "page": page})
