"""URLs of the Tool Kit: reading first, then contributing, moderation, exchange."""

from django.urls import path

from peoplezones.toolkit import views

app_name = "toolkit"
urlpatterns = [
    path("", views.option_list, name="list"),
    path("feed/", views.OptionsFeed(), name="feed"),
    path("export.json", views.export_json, name="export"),
    path("import/", views.import_view, name="import"),
    path("propose/", views.propose, name="propose"),
    path("contributions/", views.my_contributions, name="contributions"),
    path("contributions/<int:pk>/", views.contribution, name="contribution"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<slug:slug>/", views.option_detail, name="option"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/history/<int:number>/", views.version, name="version"),
    path("<slug:slug>/history/<int:number>/restore/", views.revert, name="revert"),
    path("<slug:slug>/evidence/", views.evidence, name="evidence"),
    path("<slug:slug>/adopt/", views.adopt, name="adopt"),
    path("<slug:slug>/experiences/new/", views.experience_new, name="experience_new"),
]
