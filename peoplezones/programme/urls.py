"""The programme's pages, under /programme/."""

from django.urls import path

from peoplezones.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("zones.csv", views.overview_csv, name="csv"),
    path("zones.geojson", views.zones_geojson, name="geojson"),
    path("report/", views.report_page, name="report"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("where-next/", views.where_next, name="where_next"),
    path("where-next/areas.geojson", views.where_next_geojson, name="where_next_geojson"),
]
