"""URLs of the Zone pages: public first, then coordinators' (manage/), then partners'."""

from django.urls import path

from peoplezones.zones.views import manage, partners, public

app_name = "zones"
urlpatterns = [
    path("", public.zone_list, name="list"),
    path("map.geojson", public.zones_geojson, name="map_geojson"),
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("partners/invitations/<int:pk>/", partners.invitation, name="invitation"),
    path("programme/partners/", partners.partnership_matrix, name="partnership_matrix"),
    path("<slug:slug>/", public.zone_detail, name="detail"),
    path("<slug:slug>/boundary.geojson", public.zone_geojson, name="boundary_geojson"),
    path("<slug:slug>/objectives/<int:pk>/", public.objective, name="objective"),
    path("<slug:slug>/proposals/", public.proposals, name="proposals"),
    path("<slug:slug>/proposals/<int:pk>/support/", public.support, name="support"),
    path("<slug:slug>/join/", public.join, name="join"),
    path("<slug:slug>/follow/", public.follow, name="follow"),
    path("<slug:slug>/plan/", public.plan, name="plan"),
    path("<slug:slug>/plan.csv", public.plan_csv, name="plan_csv"),
    path("<slug:slug>/actions/new/", partners.action_new, name="action_new"),
    path("<slug:slug>/actions/<int:pk>/", partners.action, name="action"),
    path(
        "<slug:slug>/actions/<int:pk>/progress/", partners.action_progress, name="action_progress"
    ),
    path("<slug:slug>/manage/", manage.manage, name="manage"),
    path("<slug:slug>/manage/details/", manage.edit, name="edit"),
    path("<slug:slug>/manage/boundary/", manage.boundary, name="boundary"),
    path("<slug:slug>/manage/boundary/areas/", manage.boundary_areas, name="boundary_areas"),
    path("<slug:slug>/manage/proposals/new/", manage.meeting_proposal, name="meeting_proposal"),
    path(
        "<slug:slug>/manage/proposals/<int:pk>/close/", manage.proposal_close, name="proposal_close"
    ),
    path("<slug:slug>/manage/objectives/new/", manage.objective_new, name="objective_new"),
    path("<slug:slug>/manage/objectives/<int:pk>/", manage.objective_edit, name="objective_edit"),
    path("<slug:slug>/manage/partners/invite/", manage.invite, name="invite"),
    path("<slug:slug>/manage/news/new/", manage.news_new, name="news_new"),
]
