from django.urls import path

from peoplezones.community import views

app_name = "community"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("events.ics", views.programme_ics, name="programme_ics"),
    path("zones/<slug:slug>/events.ics", views.zone_ics, name="zone_ics"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/book/", views.book, name="book"),
    path("events/<int:pk>/register/", views.take_register, name="register"),
    path("bookings/", views.my_bookings, name="my_bookings"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("certificates/check/", views.certificate_check, name="certificate_check"),
    path("certificates/<str:code>/", views.certificate, name="certificate"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("groups/<slug:slug>/edit/", views.group_edit, name="group_edit"),
    path("groups/<slug:slug>/join/", views.group_join, name="group_join"),
    path("groups/<slug:slug>/leave/", views.group_leave, name="group_leave"),
    path("groups/<slug:slug>/members/", views.group_members, name="group_members"),
    path("groups/<slug:slug>/contact/", views.group_contact, name="group_contact"),
    path("groups/<slug:slug>/messages/", views.group_messages, name="group_messages"),
    path("groups/<slug:slug>/calendar/", views.group_calendar, name="group_calendar"),
    path("groups/<slug:slug>/events.ics", views.group_ics, name="group_ics"),
]
