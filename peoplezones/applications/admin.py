"""Admin for applications (read-mostly: the inbox is where staff work)."""

from django.contrib import admin

from peoplezones.applications.models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "area_name", "status", "received_at"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "area_name"]
    readonly_fields = ["reference", "received_at", "consent_given_at", "status_changed_at"]
