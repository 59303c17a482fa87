"""Only the kinds of help are kept in the admin. Requests, matches, visit notes and concerns are
deliberately not: their pages decide who may see them and record every reading of a concern,
which the admin would bypass."""

from django.contrib import admin

from peoplezones.volunteering.models import HelpType


@admin.register(HelpType)
class HelpTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "dbs_level", "one_to_one"]
    prepopulated_fields = {"slug": ["name"]}
