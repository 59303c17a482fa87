"""The site's URL map: each app's URLs under its own prefix."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

# Admin sign-in goes through allauth, so the second factor applies there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = settings.PZ_SITE_NAME

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("translations/strings/", include("rosetta.urls")),
    path("", include("peoplezones.core.urls")),
    path("search/", include("peoplezones.search.urls")),
    path("", include("peoplezones.applications.urls")),
    path("", include("peoplezones.privacy.urls")),
    path("api/v1/", include("peoplezones.api.urls")),
    path("zones/", include("peoplezones.zones.urls")),
    path("toolkit/", include("peoplezones.toolkit.urls")),
    path("assets/", include("peoplezones.assets.urls")),
    path("surveys/", include("peoplezones.research.urls")),
    path("outcomes/", include("peoplezones.outcomes.urls")),
    path("community/", include("peoplezones.community.urls")),
    path("volunteering/", include("peoplezones.volunteering.urls")),
    path("programme/", include("peoplezones.programme.urls")),
    path("evaluation/", include("peoplezones.evaluation.urls")),
    path("data-sources/", include("peoplezones.datasources.urls")),
    path("", include("peoplezones.pages.urls")),
]
