"""The Data sources page for programme staff, under /data-sources/."""

from django.urls import path

from peoplezones.datasources import views

app_name = "datasources"
urlpatterns = [
    path("", views.index, name="index"),
    path("status.json", views.status, name="status"),
    path("<str:key>/refresh/", views.refresh, name="refresh"),
]
