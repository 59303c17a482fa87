from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from peoplezones.api import views

router = DefaultRouter()
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("assets", views.AssetViewSet, basename="asset")
router.register("toolkit/options", views.OptionViewSet, basename="option")
router.register("events", views.EventViewSet, basename="event")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path(
        "zones/<slug:slug>/actions/<int:pk>/progress/",
        views.ActionProgressView.as_view(),
        name="action_progress",
    ),
    path("demand/uploads/", views.DemandUploadsView.as_view(), name="demand_uploads"),
    path("demand/uploads/<int:pk>/", views.DemandUploadView.as_view(), name="demand_upload"),
    path("openreferral/", views.OpenReferralRootView.as_view(), name="oruk_root"),
    path("openreferral/services/", views.OpenReferralServicesView.as_view(), name="oruk_services"),
    path(
        "openreferral/services/<str:service_id>/",
        views.OpenReferralServiceView.as_view(),
        name="oruk_service",
    ),
    path("", include(router.urls)),
    # Anything else under /api/v1/ is answered in JSON too, never with the site's HTML page
    # (line breaks included: a plain `.` stops at one, and the site's page answered).
    re_path(r"^[\s\S]*$", views.not_found),
]
