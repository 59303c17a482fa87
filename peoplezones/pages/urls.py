"""URLs of the public pages."""

from django.urls import path

from peoplezones.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/<slug:slug>/", views.page, name="page"),
    path("staff/pages/", views.staff_list, name="staff_list"),
    path("staff/pages/<slug:slug>/", views.staff_edit, name="staff_edit"),
]
