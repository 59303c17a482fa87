"""URLs of the shared core."""

from django.urls import path

from peoplezones.core import map_views, translation_views, views

app_name = "core"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/notifications/", views.notifications, name="notifications"),
    path("account/messages/", views.message_log, name="messages"),
    path("messages/failed/", views.messages_failed, name="messages_failed"),
    path("notify/callback/", views.notify_callback, name="notify_callback"),
    path("menu/", views.menu, name="menu"),
    path("translations/", translation_views.overview, name="translations"),
    path(
        "translations/content/<str:key>/", translation_views.content_list, name="translation_list"
    ),
    path(
        "translations/content/<str:key>/<int:pk>/<str:language>/",
        translation_views.content_edit,
        name="translation_edit",
    ),
    path("maps/find/", map_views.find, name="find_place"),
    path("maps/tiles/<int:z>/<int:x>/<int:y>.<str:ext>", map_views.tile, name="tile"),
]
