"""The API: public reads (what the public pages show, as JSON, and Open Referral UK), writes
with a token (progress on actions, demand figures), and the staff page that issues tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from peoplezones.api import serializers, services
from peoplezones.api.auth import TokenAuthentication, TokenRateThrottle
from peoplezones.api.forms import TokenForm
from peoplezones.api.models import Scope, Token
from peoplezones.assets import exporters
from peoplezones.assets.models import Asset
from peoplezones.assets.queries import visible_assets
from peoplezones.community.models import Event
from peoplezones.community.services import upcoming_events
from peoplezones.core.forms import render_form
from peoplezones.core.permissions import is_programme_staff, staff_required
from peoplezones.outcomes import queries as outcome_queries
from peoplezones.outcomes.forms import DemandUploadForm
from peoplezones.outcomes.models import Upload
from peoplezones.outcomes.permissions import can_send_demand
from peoplezones.outcomes.tasks import start_upload
from peoplezones.toolkit.models import Option
from peoplezones.toolkit.models import Visibility as ExperienceVisibility
from peoplezones.zones import services as zone_services
from peoplezones.zones.models import Action, Zone
from peoplezones.zones.permissions import can_update_action
from peoplezones.zones.queries import public_zones


class ZoneViewSet(viewsets.ReadOnlyModelViewSet):
    """Published Zones; one Zone with its boundary, objectives, actions and their progress."""

    lookup_field = "slug"
    filterset_fields = ["stage", "local_authority"]

    def get_queryset(self) -> QuerySet[Zone]:
        zones = public_zones().order_by("name")
        if self.action == "retrieve":
            actions = Action.objects.select_related("organisation").prefetch_related("updates")
            zones = zones.prefetch_related(Prefetch("objectives__actions", queryset=actions))
        return zones

    def get_serializer_class(self) -> type:
        if self.action == "retrieve":
            return serializers.ZoneDetailSerializer
        if self.action == "outcomes":
            return serializers.OutcomesSerializer
        return serializers.ZoneSerializer

    @extend_schema(
        parameters=[OpenApiParameter("category", str, description="'' for all crime, 'asb', "
                                     "a police category code, or 'demand:<type>'")],
        responses={200: serializers.OutcomesSerializer},
    )  # fmt: skip
    @action(detail=True, filter_backends=[], pagination_class=None)
    def outcomes(self, request: Request, slug: str) -> Response:
        """The Zone's monthly crime, anti-social behaviour or partners' figures, as on its
        outcomes page: counts of 1 to the threshold suppressed."""
        zone = self.get_object()
        choices = dict([*outcome_queries.GROUPS.items(), *outcome_queries.categories_seen(zone)])
        category = request.query_params.get("category", "")
        if category not in choices:
            raise ValidationError({"category": f"choose one of: {', '.join(sorted(choices))}"})
        series = outcome_queries.zone_series(zone, category)
        small = settings.PZ_SMALL_NUMBER_RECORDS
        months = [
            {"month": f"{row['month']:%Y-%m}", "count": None if row["hidden"] else row["count"],
             "suppressed": row["hidden"], "rolling_12_months": row["rolling"],
             "rolling_12_months_per_1000": row["rolling_rate"],
             "rolling_withheld": row["rolling_withheld"]}
            for row in series.rows
        ]  # fmt: skip
        return Response({"zone": zone.slug, "category": category, "label": series.label,
                         "threshold": small, "categories": choices, "months": months})  # fmt: skip


class AssetFilter(filters.FilterSet):
    category = filters.CharFilter(field_name="category__slug")
    zone = filters.CharFilter(field_name="zones__slug", distinct=True)

    class Meta:
        model = Asset
        fields = ["kind", "category", "zone", "postcode"]


class AssetViewSet(viewsets.ReadOnlyModelViewSet):
    """Public assets: services, groups, places and businesses on the map."""

    lookup_field = "uid"
    serializer_class = serializers.AssetSerializer
    filterset_class = AssetFilter

    def get_queryset(self) -> QuerySet[Asset]:
        return visible_assets(AnonymousUser()).order_by("name", "id")


class OptionViewSet(viewsets.ReadOnlyModelViewSet):
    """Published Tool Kit options, with their evidence (EMMIE)."""

    lookup_field = "slug"
    serializer_class = serializers.OptionSerializer
    filterset_fields = ["evidence_status", "money_band", "setup_time"]
    queryset = Option.objects.order_by("title")

    @extend_schema(responses={200: serializers.ExperienceSerializer(many=True)})
    @action(detail=True, filter_backends=[])
    def experiences(self, request: Request, slug: str) -> Response:
        """What Zones recorded when they tried this option (the public accounts only)."""
        option = self.get_object()
        found = (
            option.experiences.filter(visibility=ExperienceVisibility.PUBLIC)
            .select_related("zone", "organisation")
            .order_by("-created_at")
        )
        page = self.paginate_queryset(found)
        return self.get_paginated_response(serializers.ExperienceSerializer(page, many=True).data)


class EventFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__slug")

    class Meta:
        model = Event
        fields = ["kind", "zone"]


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Events and training still to come, from Zones and groups the public may see."""

    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter

    def get_queryset(self) -> QuerySet[Event]:
        return (
            upcoming_events()
            .filter(Q(zone__isnull=True) | Q(zone__in=public_zones()))
            .filter(Q(group__isnull=True) | Q(group__is_published=True))
            .select_related("zone", "group")
            .order_by("starts", "id")
        )


@extend_schema(
    request=serializers.ProgressInSerializer,
    responses={201: serializers.ProgressSerializer},
    description="Post progress on an action, with a token for this Zone with the 'progress' "
    "scope, belonging to someone who may update the action (its organisation, the Zone's "
    "coordinators, programme staff).",
)
class ActionProgressView(generics.GenericAPIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [TokenRateThrottle]
    serializer_class = serializers.ProgressInSerializer

    def post(self, request: Request, slug: str, pk: int) -> Response:
        zone = get_object_or_404(Zone, slug=slug)
        action = get_object_or_404(zone.actions, pk=pk)
        if not request.auth.allows(Scope.PROGRESS, zone):
            raise PermissionDenied("This token may not post progress in this Zone.")
        if not can_update_action(request.user, action):
            raise PermissionDenied("The token's owner may not update this action.")
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            update = zone_services.record_progress(
                action=action, actor=request.user, **given.validated_data
            )
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from None
        return Response(serializers.ProgressSerializer(update).data, status=201)


@csrf_exempt  # any method: a POST to a wrong address is told so, not asked for a CSRF token
def not_found(request: object) -> JsonResponse:
    return JsonResponse({"detail": "No such address in the API: see /api/v1/docs/."}, status=404)


# Open Referral UK -------------------------------------------------------------------------------

ORUK_MAX_PER_PAGE = 200


def _public_service(asset: Asset) -> dict:
    """An asset as an Open Referral UK service, without its contact email and phone numbers:
    the register counts those as personal (they may be a named volunteer's), so they are shown
    on our own pages to people, not handed to harvesting systems."""
    service = exporters.oruk_service(asset)
    service.pop("email", None)
    service.pop("phones", None)
    return service


def _oruk_assets() -> QuerySet[Asset]:
    return exporters.oruk_assets(visible_assets(AnonymousUser())).order_by("name", "id")


@extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["openreferral"])
class OpenReferralRootView(generics.GenericAPIView):
    """Open Referral UK: which version of the standard these endpoints follow."""

    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": exporters.ORUK_VERSION,
                "profile": "https://openreferraluk.org/",
                "openapi_url": request.build_absolute_uri(reverse("api:schema")),
            }
        )


class OpenReferralServicesView(generics.GenericAPIView):
    """Public services in the Open Referral UK shape (HSDS 3.0 UK profile), page by page, so a
    council directory can harvest them."""

    @extend_schema(
        parameters=[
            OpenApiParameter("page", int, description="Page number, from 1"),
            OpenApiParameter(
                "per_page", int, description=f"Services a page (1 to {ORUK_MAX_PER_PAGE})"
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
        tags=["openreferral"],
        operation_id="openreferral_services_list",
    )
    def get(self, request: Request) -> Response:
        try:
            page = int(request.query_params.get("page") or 1)
            size = int(request.query_params.get("per_page") or 50)
        except ValueError:
            raise ValidationError({"page": "page and per_page are whole numbers"}) from None
        if page < 1 or not 1 <= size <= ORUK_MAX_PER_PAGE:
            raise ValidationError(
                {"per_page": f"page from 1; per_page from 1 to {ORUK_MAX_PER_PAGE}"}
            )
        assets = _oruk_assets()
        total = assets.count()
        # Past the last page the answer is an empty page, found without asking the database (an
        # offset of 10**30 is more than it can hold).
        past_the_end = (page - 1) * size >= total
        chosen = (
            []
            if past_the_end
            else list(assets.select_related("category")[(page - 1) * size : page * size])
        )
        body = exporters.oruk_page(chosen, total=total, page=page, size=size)
        body["contents"] = [_public_service(asset) for asset in chosen]
        return Response(body)


class OpenReferralServiceView(generics.GenericAPIView):
    """One public service in the Open Referral UK shape, by its id."""

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        tags=["openreferral"],
        operation_id="openreferral_services_retrieve",
    )
    def get(self, request: Request, service_id: str) -> Response:
        assets = _oruk_assets().select_related("category")
        direct = assets.filter(source_id=service_id).first()
        if direct is not None and exporters.oruk_id(direct) == service_id:
            return Response(_public_service(direct))
        for asset in assets.iterator(chunk_size=2000):
            if exporters.oruk_id(asset) == service_id:
                return Response(_public_service(asset))
        raise NotFound("No public service has this id.")


# Demand figures ---------------------------------------------------------------------------------


def _upload_status(request: Request, job: Upload) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "phase": job.phase,
        "percent": job.percent,
        "results": job.results,
        "status_url": request.build_absolute_uri(reverse("api:demand_upload", args=[job.pk])),
    }


class DemandUploadsView(generics.GenericAPIView):
    """Send a demand figures file (CSV, or a ZIP of them) with a token with the 'demand' scope;
    it is checked and loaded in the background: follow `status_url`. Figures are agency-wide
    (placed by point, LSOA or postcode), so the token's Zones do not limit them."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [TokenRateThrottle]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"},
            "agency": {"type": "string"}, "demand_type": {"type": "string"}},
            "required": ["file"]}},
        responses={202: OpenApiTypes.OBJECT},
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        if Scope.DEMAND not in request.auth.scopes or request.auth.revoked_at is not None:
            raise PermissionDenied("This token may not send demand figures.")
        if not can_send_demand(request.user):
            raise PermissionDenied("The token's owner may not send demand figures.")
        own = "" if is_programme_staff(request.user) else request.user.organisation.name
        form = DemandUploadForm(request.data, request.FILES, agency=own)
        if not form.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        job = start_upload(
            file=form.cleaned_data["file"], by=request.user, kind="demand",
            agency=own or form.cleaned_data["agency"], demand_type=form.cleaned_data["demand_type"],
        )  # fmt: skip
        return Response(_upload_status(request, job), status=202)


class DemandUploadView(generics.GenericAPIView):
    """How a demand upload sent with this token's owner is getting on."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [TokenRateThrottle]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        job = Upload.objects.filter(pk=pk, kind="demand").first()
        if job is None or (job.created_by_id != request.user.pk
                           and not is_programme_staff(request.user)):  # fmt: skip
            raise NotFound("No demand upload of yours has this number.")
        job.refresh_from_db()
        return Response(_upload_status(request, job))


# Tokens, issued by programme staff -----------------------------------------------------------------


@staff_required
def tokens(request: HttpRequest) -> HttpResponse:
    """Issue a token (its key shown once, on this page) and revoke any."""
    form = TokenForm(request.POST or None)
    key = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _token, key = services.issue_token(
            name=data["name"], user=data["email"], zones=data["zones"],
            scopes=list(data["scopes"]), by=request.user,
        )  # fmt: skip
        form = TokenForm()
    context = {"form": form, "key": key,
               "tokens": Token.objects.select_related("user").prefetch_related("zones")}  # fmt: skip
    return render_form(request, "api/tokens.html", context)


@staff_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(Token, pk=pk, revoked_at=None)
    services.revoke_token(token, by=request.user)
    messages.success(request, f"Revoked: {token}.")
    return redirect("api:tokens")
