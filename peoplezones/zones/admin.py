"""Admin for Zones."""

from django.contrib import admin

from peoplezones.zones.models import Zone


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "stage", "local_authority", "is_published"]
    list_filter = ["stage", "is_published"]
    search_fields = ["name"]
    filter_horizontal = ["coordinators"]
