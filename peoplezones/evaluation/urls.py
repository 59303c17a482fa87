from django.urls import path

from peoplezones.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("zones/<slug:slug>/", views.plan, name="plan"),
    path("zones/<slug:slug>/lock/", views.lock, name="lock"),
    path("zones/<slug:slug>/measures/<int:pk>/", views.report_page, name="report"),
    path("zones/<slug:slug>/measures/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("zones/<slug:slug>/measures/<int:pk>/data.csv", views.report_data, name="report_data"),
    path("zones/<slug:slug>/measures/<int:pk>/change/", views.change, name="change"),
]
