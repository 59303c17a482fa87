"""URLs of the shared core."""

from django.urls import path

from peoplezones.core import map_views, views

app_name = "core"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/notifications/", views.notifications, name="notifications"),
    path("menu/", views.menu, name="menu"),
    path("maps/find/", map_views.find, name="find_place"),
    path("maps/tiles/<int:z>/<int:x>/<int:y>.<str:ext>", map_views.tile, name="tile"),
]
