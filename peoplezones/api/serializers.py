"""What the public API shows. Only public fields: never a person's name, contact or account
(test_public_api_has_no_personal_data scans every response for the register's personal fields)."""

from rest_framework import serializers

from peoplezones.assets.models import Asset
from peoplezones.community.models import Event
from peoplezones.toolkit.models import Experience, Option
from peoplezones.zones.models import Action, ActionStatus, Objective, ProgressUpdate, Zone


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressUpdate
        fields = ["at", "text", "is_milestone", "status_to"]


class ActionSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    progress = ProgressSerializer(source="updates", many=True)

    class Meta:
        model = Action
        fields = ["id", "title", "description", "organisation", "status", "due_date",
                  "completed_at", "progress"]  # fmt: skip


class ObjectiveSerializer(serializers.ModelSerializer):
    actions = ActionSerializer(many=True)

    class Meta:
        model = Objective
        fields = ["id", "title", "statement", "theme", "indicator_kind", "indicator", "actions"]


class ZoneSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:zone-detail", lookup_field="slug")
    page = serializers.SerializerMethodField()

    class Meta:
        model = Zone
        fields = ["slug", "url", "page", "name", "summary", "stage", "launch_date",
                  "local_authority", "boundary_area_m2", "boundary_centre"]  # fmt: skip

    def get_page(self, zone: Zone) -> str:
        return self.context["request"].build_absolute_uri(zone.get_absolute_url())


class ZoneDetailSerializer(ZoneSerializer):
    boundary = serializers.JSONField(help_text="GeoJSON geometry (WGS84)")
    objectives = ObjectiveSerializer(many=True)

    class Meta(ZoneSerializer.Meta):
        fields = [*ZoneSerializer.Meta.fields, "community_priorities", "boundary", "objectives"]


class AssetSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.slug")
    category_name = serializers.CharField(source="category.name")

    class Meta:
        model = Asset
        fields = ["uid", "name", "kind", "category", "category_name", "description", "audience",
                  "min_age", "max_age", "languages", "accessibility", "cost", "cost_detail",
                  "opening_times", "website", "organisation_name", "address", "postcode",
                  "lon", "lat", "last_verified", "updated_at"]  # fmt: skip


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["slug", "title", "summary", "themes_tags", "agencies_tags", "steps", "roles",
                  "people_needed", "money_band", "space_needed", "setup_time", "risks", "links",
                  "emmie", "evidence_status", "version", "updated_at"]  # fmt: skip


class EventSerializer(serializers.ModelSerializer):
    zone = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group = serializers.CharField(source="group.name", allow_null=True, default=None)

    class Meta:
        model = Event
        fields = ["id", "title", "kind", "description", "where", "starts", "ends", "rrule",
                  "skipped", "cancelled", "capacity", "booking_required", "zone", "group"]  # fmt: skip


class ProgressInSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    status = serializers.ChoiceField(
        choices=ActionStatus.choices, required=False, allow_blank=True, default=""
    )
    is_milestone = serializers.BooleanField(default=False)
    stopped_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class ExperienceSerializer(serializers.ModelSerializer):
    zone = serializers.CharField(source="zone.name", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)

    class Meta:
        model = Experience
        fields = ["id", "zone", "organisation", "started_on", "what_they_did", "who_involved",
                  "what_happened", "cost", "do_differently", "outcome", "measured", "results",
                  "created_at"]  # fmt: skip


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    count = serializers.IntegerField(allow_null=True, help_text="null when suppressed")
    suppressed = serializers.BooleanField(help_text="1 to threshold-1 records: not published")
    rolling_12_months = serializers.IntegerField(
        allow_null=True, help_text="null before 12 months are loaded, or when withheld"
    )
    rolling_12_months_per_1000 = serializers.FloatField(allow_null=True)
    rolling_withheld = serializers.BooleanField(
        help_text="a month of the 12 is suppressed, so their total is not published either"
    )


class OutcomesSerializer(serializers.Serializer):
    zone = serializers.CharField()
    category = serializers.CharField()
    label = serializers.CharField()
    threshold = serializers.IntegerField(help_text="counts from 1 to this minus 1 are suppressed")
    categories = serializers.DictField(child=serializers.CharField())
    months = MonthSerializer(many=True)
