"""URLs of the Zone pages."""

from django.urls import path

from peoplezones.zones import views

app_name = "zones"
urlpatterns = [
    path("", views.zone_list, name="list"),
    path("<slug:slug>/", views.zone_detail, name="detail"),
]
