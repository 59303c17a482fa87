from django.urls import path

from peoplezones.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/register/", views.register, name="register"),
    path("account/my-data/", views.my_data, name="my_data"),
    path("account/my-data.json", views.my_data_json, name="my_data_json"),
    path("account/consents/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("privacy/erasure/", views.erasure_list, name="erasure_list"),
    path("privacy/erasure/<int:pk>/", views.erasure, name="erasure"),
    path("privacy/audit/", views.audit_log, name="audit"),
]
