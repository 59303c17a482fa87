"""URLs of applications: the public form and the staff inbox."""

from django.urls import path

from peoplezones.applications import views

app_name = "applications"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.thanks, name="thanks"),
    path("staff/applications/", views.inbox, name="inbox"),
    path("staff/applications/<str:reference>/", views.detail, name="detail"),
    path("staff/applications/<str:reference>/status/", views.change_status, name="change_status"),
    path("staff/applications/<str:reference>/reply/", views.reply, name="reply"),
    path("staff/applications/<str:reference>/call/", views.record_call, name="call"),
]
