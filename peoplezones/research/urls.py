from django.urls import path

from peoplezones.research.views import builder, doorstep, paper, responding, results

app_name = "research"
urlpatterns = [
    path("", builder.survey_list, name="list"),
    path("new/", builder.survey_new, name="new"),
    path("<int:pk>/", builder.survey, name="survey"),
    path("<int:pk>/edit/", builder.survey_edit, name="edit"),
    path("<int:pk>/measures/", builder.measures_add, name="measures"),
    path("<int:pk>/sections/new/", builder.section_new, name="section_new"),
    path("<int:pk>/questions/new/", builder.question_new, name="question_new"),
    path("<int:pk>/questions/<int:question_pk>/", builder.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_pk>/move/", builder.question_move, name="question_move"),
    path(
        "<int:pk>/questions/<int:question_pk>/delete/",
        builder.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/translations/", builder.translations, name="translations"),
    path("<int:pk>/data-entry/", builder.data_entry, name="data_entry"),
    path("<int:pk>/preview/", paper.preview, name="preview"),
    path("<int:pk>/print/", paper.print_form, name="print"),
    path("<int:pk>/paper/", paper.paper_choose, name="paper_choose"),
    path("<int:pk>/waves/new/", builder.wave_new, name="wave_new"),
    path("<int:pk>/results/", results.results_page, name="results"),
    path("<int:pk>/responses.csv", results.export_csv, name="export_csv"),
    path("<int:pk>/free-text/<slug:key>/", results.free_text, name="free_text"),
    path("waves/<int:pk>/", builder.wave, name="wave"),
    path("waves/<int:pk>/qr.svg", builder.wave_qr, name="wave_qr"),
    path("waves/<int:pk>/state/", builder.wave_state, name="wave_state"),
    path("waves/<int:pk>/codes/", paper.wave_codes, name="wave_codes"),
    path("waves/<int:pk>/paper/", paper.paper, name="paper"),
    path("waves/<int:pk>/doorstep/", doorstep.doorstep, name="doorstep"),
    path("waves/<int:pk>/doorstep/worker.js", doorstep.doorstep_worker, name="doorstep_worker"),
    path("waves/<int:pk>/doorstep/send/", doorstep.doorstep_sync, name="doorstep_sync"),
    path("s/<str:token>/", responding.respond, name="respond"),
    path("s/<str:token>/thanks/", responding.thanks, name="thanks"),
    path("s/<str:token>/follow-up/", responding.follow_up, name="follow_up"),
    path("follow-up/stop/<str:token>/", responding.follow_up_stop, name="follow_up_stop"),
]
