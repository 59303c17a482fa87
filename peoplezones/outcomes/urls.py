from django.urls import path

from peoplezones.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("zones/<slug:slug>/", views.zone_outcomes, name="zone"),
    path("zones/<slug:slug>/outcomes.csv", views.zone_csv, name="zone_csv"),
    path("police/", views.upload, name="upload"),
    path("police/<int:pk>/", views.upload_job, name="upload_job"),
    path("police/<int:pk>/status.json", views.upload_status, name="upload_status"),
    path("demand/", views.demand_upload, name="demand_upload"),
]
