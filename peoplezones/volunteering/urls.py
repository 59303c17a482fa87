from django.urls import path

from peoplezones.volunteering import views

app_name = "volunteering"
urlpatterns = [
    path("", views.home, name="home"),
    path("zones/<slug:slug>/ask/", views.ask, name="ask"),
    path("zones/<slug:slug>/offer/", views.offer, name="offer"),
    path("zones/<slug:slug>/coordinate/", views.coordinate, name="coordinate"),
    path("zones/<slug:slug>/concern/", views.concern_new, name="concern_new"),
    path("zones/<slug:slug>/concerns/", views.concerns, name="concerns"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/match/", views.confirm, name="confirm"),
    path("offers/<int:pk>/dbs/", views.record_check, name="record_check"),
    path("matches/<int:pk>/", views.match_detail, name="match"),
    path("matches/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("matches/<int:pk>/end/", views.end, name="end"),
    path("visits/<int:pk>/check-out/", views.check_out, name="check_out"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern"),
]
