from django.urls import path

from peoplezones.assets import views

app_name = "assets"
urlpatterns = [
    path("", views.asset_list, name="list"),
    path("map/", views.asset_map, name="map"),
    path("map.geojson", views.map_geojson, name="map_geojson"),
    path("download.geojson", views.download_geojson, name="download_geojson"),
    path("download.csv", views.download_csv, name="download_csv"),
    path("download.openreferral.json", views.download_openreferral, name="download_openreferral"),
    path("template.csv", views.csv_template, name="csv_template"),
    path("categories/", views.categories, name="categories"),
    path("new/", views.asset_new, name="new"),
    path("<int:pk>/", views.asset_detail, name="detail"),
    path("<int:pk>/edit/", views.asset_edit, name="edit"),
    path("<int:pk>/verify/", views.asset_verify, name="verify"),
    path("<int:pk>/delete/", views.asset_delete, name="delete"),
    path("import/", views.import_start, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/status.json", views.import_status, name="import_status"),
    path("import/<int:pk>/run/", views.import_run, name="import_run"),
    path("points/", views.points, name="points"),
    path("gaps/<slug:slug>/", views.gap_analysis, name="gaps"),
    path("gaps/<slug:slug>/cells.geojson", views.gap_cells, name="gap_cells"),
    path("skills/mine/", views.skills_mine, name="skills_mine"),
    path("skills/offers/<int:pk>/withdraw/", views.skills_withdraw, name="skills_withdraw"),
    path("skills/<slug:slug>/", views.skills, name="skills"),
    path("skills/<slug:slug>/offer/", views.skills_offer, name="skills_offer"),
    path("skills/<slug:slug>/people/", views.skills_people, name="skills_people"),
]
