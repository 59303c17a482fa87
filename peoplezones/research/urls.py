from django.urls import path

from peoplezones.research import views

app_name = "research"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:pk>/", views.survey, name="survey"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/measures/", views.measures_add, name="measures"),
    path("<int:pk>/sections/new/", views.section_new, name="section_new"),
    path("<int:pk>/questions/new/", views.question_new, name="question_new"),
    path("<int:pk>/questions/<int:question_pk>/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question_move"),
    path(
        "<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/translations/", views.translations, name="translations"),
    path("<int:pk>/data-entry/", views.data_entry, name="data_entry"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/print/", views.print_form, name="print"),
    path("<int:pk>/paper/", views.paper_choose, name="paper_choose"),
    path("<int:pk>/waves/new/", views.wave_new, name="wave_new"),
    path("<int:pk>/results/", views.results_page, name="results"),
    path("<int:pk>/responses.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/free-text/<slug:key>/", views.free_text, name="free_text"),
    path("waves/<int:pk>/", views.wave, name="wave"),
    path("waves/<int:pk>/qr.svg", views.wave_qr, name="wave_qr"),
    path("waves/<int:pk>/state/", views.wave_state, name="wave_state"),
    path("waves/<int:pk>/codes/", views.wave_codes, name="wave_codes"),
    path("waves/<int:pk>/paper/", views.paper, name="paper"),
    path("s/<str:token>/", views.respond, name="respond"),
    path("s/<str:token>/thanks/", views.thanks, name="thanks"),
]
