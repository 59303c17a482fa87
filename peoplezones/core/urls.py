"""URLs of the shared core."""

from django.urls import path

from peoplezones.core import views

app_name = "core"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/notifications/", views.notifications, name="notifications"),
]
