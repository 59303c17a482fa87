"""The permission matrix: every URL of ours, for every role, answers the expected status.

A new view fails `test_every_url_is_in_the_matrix` until it gets a row here.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import tiles
from tests.world import build

ROLES = [
    "anonymous",
    "resident",
    "volunteer",
    "partner",
    "coordinator_this_zone",
    "coordinator_other_zone",
    "staff",
]

# url name -> (method, expected status for each role in ROLES order)
# 302 for anonymous on protected pages is the redirect to sign in.
ALL = [200] * 7
STAFF_ONLY = [302, 403, 403, 403, 403, 403, 200]
SIGNED_IN = [302, 200, 200, 200, 200, 200, 200]
POST_ONLY = [302, 405, 405, 405, 405, 405, 405]
# Coordinators manage their own Zone only; staff manage every Zone.
COORDINATOR = [302, 403, 403, 403, 200, 403, 200]
# Safeguarding: the Zone's own coordinators; programme staff only if safeguarding leads.
ZONE_COORDINATOR_ONLY = [302, 403, 403, 403, 200, 403, 403]

MATRIX = {
    "pages:home": ("get", ALL),
    "pages:page": ("get", ALL),
    "pages:staff_list": ("get", STAFF_ONLY),
    "pages:staff_edit": ("get", STAFF_ONLY),
    "applications:apply": ("get", ALL),
    "applications:thanks": ("get", [302] * 7),
    "applications:inbox": ("get", STAFF_ONLY),
    "applications:detail": ("get", STAFF_ONLY),
    "applications:change_status": ("get", [302, 403, 403, 403, 403, 403, 405]),
    "applications:reply": ("get", [302, 403, 403, 403, 403, 403, 405]),
    "applications:call": ("get", [302, 403, 403, 403, 403, 403, 405]),
    "core:dashboard": ("get", SIGNED_IN),
    # The menu page (small screens without JavaScript), finding a place, base map tiles.
    "core:menu": ("get", ALL),
    "core:find_place": ("get", ALL),
    "core:tile": ("get", ALL),
    "zones:list": ("get", ALL),
    "zones:map_geojson": ("get", ALL),
    "zones:unsubscribe": ("get", ALL),
    "zones:invitation": ("get", [302, 403, 403, 200, 403, 403, 200]),
    "zones:partnership_matrix": ("get", STAFF_ONLY),
    "zones:detail": ("get", ALL),
    "zones:boundary_geojson": ("get", ALL),
    "zones:objective": ("get", ALL),
    "zones:proposals": ("get", ALL),
    "zones:support": ("get", POST_ONLY),
    "zones:join": ("get", SIGNED_IN),
    "zones:follow": ("get", SIGNED_IN),
    "zones:plan": ("get", ALL),
    "zones:plan_csv": ("get", ALL),
    # Partner members add actions in Zones where their organisation is a partner.
    "zones:action_new": ("get", [302, 403, 403, 200, 200, 403, 200]),
    "zones:action": ("get", ALL),
    "zones:action_progress": ("get", POST_ONLY),
    "zones:manage": ("get", COORDINATOR),
    "zones:edit": ("get", COORDINATOR),
    "zones:boundary": ("get", COORDINATOR),
    "zones:boundary_areas": ("get", COORDINATOR),
    "zones:meeting_proposal": ("get", COORDINATOR),
    "zones:proposal_close": ("get", POST_ONLY),
    "zones:objective_new": ("get", COORDINATOR),
    "zones:objective_edit": ("get", COORDINATOR),
    "zones:invite": ("get", COORDINATOR),
    "zones:news_new": ("get", COORDINATOR),
    "toolkit:list": ("get", ALL),
    "toolkit:feed": ("get", ALL),
    "toolkit:export": ("get", ALL),
    "toolkit:import": ("get", STAFF_ONLY),
    "toolkit:propose": ("get", SIGNED_IN),
    "toolkit:contributions": ("get", SIGNED_IN),
    # A resident's own proposal: theirs and the moderators' only.
    "toolkit:contribution": ("get", [302, 200, 404, 404, 404, 404, 200]),
    "toolkit:moderation": ("get", STAFF_ONLY),
    "toolkit:moderate": ("get", STAFF_ONLY),
    # A file attached to a proposal not yet published: its uploader and staff only.
    "toolkit:attachment": ("get", [404, 200, 404, 404, 404, 404, 200]),
    "toolkit:option": ("get", ALL),
    "toolkit:edit": ("get", SIGNED_IN),
    "toolkit:history": ("get", ALL),
    "toolkit:version": ("get", ALL),
    "toolkit:revert": ("get", [302, 403, 403, 403, 403, 403, 405]),
    "toolkit:evidence": ("get", STAFF_ONLY),
    # Coordinators adopt options into (and record experience for) their own Zones.
    "toolkit:adopt": ("get", [302, 403, 403, 403, 200, 200, 200]),
    "toolkit:experience_new": ("get", [302, 403, 403, 403, 200, 200, 200]),
    "assets:list": ("get", ALL),
    "assets:map": ("get", ALL),
    "assets:map_geojson": ("get", ALL),
    "assets:download_geojson": ("get", ALL),
    "assets:download_csv": ("get", ALL),
    "assets:download_openreferral": ("get", ALL),
    "assets:csv_template": ("get", ALL),
    "assets:categories": ("get", ALL),
    # Any coordinator may add assets (stewarded by their own Zone); staff anywhere.
    "assets:new": ("get", [302, 403, 403, 403, 200, 200, 200]),
    "assets:import": ("get", [302, 403, 403, 403, 200, 200, 200]),
    "assets:detail": ("get", ALL),
    "assets:edit": ("get", COORDINATOR),
    "assets:verify": ("get", POST_ONLY),
    "assets:delete": ("get", COORDINATOR),
    # An import job: the person who started it, and staff.
    "assets:import_job": ("get", COORDINATOR),
    "assets:import_status": ("get", COORDINATOR),
    "assets:import_run": ("get", POST_ONLY),
    "assets:points": ("get", STAFF_ONLY),
    # Gap analysis: the Zone's coordinators and partners, and staff.
    "assets:gaps": ("get", [302, 403, 403, 200, 200, 403, 200]),
    "assets:gap_cells": ("get", [302, 403, 403, 200, 200, 403, 200]),
    "assets:skills": ("get", ALL),
    "assets:skills_offer": ("get", SIGNED_IN),
    "assets:skills_mine": ("get", SIGNED_IN),
    "assets:skills_withdraw": ("get", POST_ONLY),
    # Names in the skills inventory: the Zone's own coordinators only, not even programme staff.
    "assets:skills_people": ("get", [302, 403, 403, 403, 200, 403, 403]),
    "research:list": ("get", ALL),
    # Any coordinator may build a survey for their own Zones; staff for any.
    "research:new": ("get", [302, 403, 403, 403, 200, 200, 200]),
    # The volunteer typing in paper forms is sent on to the paper entry page.
    "research:survey": ("get", [302, 403, 302, 403, 200, 403, 200]),
    "research:edit": ("get", COORDINATOR),
    "research:measures": ("get", COORDINATOR),
    "research:section_new": ("get", COORDINATOR),
    "research:question_new": ("get", COORDINATOR),
    "research:question_edit": ("get", COORDINATOR),
    "research:question_move": ("get", POST_ONLY),
    "research:question_delete": ("get", COORDINATOR),
    "research:translations": ("get", COORDINATOR),
    "research:data_entry": ("get", POST_ONLY),
    "research:preview": ("get", COORDINATOR),
    "research:wave_new": ("get", COORDINATOR),
    "research:wave": ("get", COORDINATOR),
    "research:wave_qr": ("get", COORDINATOR),
    "research:wave_state": ("get", POST_ONLY),
    "research:wave_codes": ("get", COORDINATOR),
    # Paper forms: the Zone's team and the volunteers they named for data entry.
    "research:print": ("get", [302, 403, 200, 403, 200, 403, 200]),
    "research:paper_choose": ("get", [302, 403, 200, 403, 200, 403, 200]),
    "research:paper": ("get", [302, 403, 200, 403, 200, 403, 200]),
    # The door-step page likewise; its service worker holds no one's data (the page's address
    # and the site's files); sending answers is POST only (test_doorstep checks who may).
    "research:doorstep": ("get", [302, 403, 200, 403, 200, 403, 200]),
    "research:doorstep_worker": ("get", ALL),
    "research:doorstep_sync": ("get", [405] * 7),
    # Results not yet published: the Zone's team; the anonymised export likewise.
    "research:results": ("get", COORDINATOR),
    "research:export_csv": ("get", COORDINATOR),
    # Free-text answers can name people: the Zone's own coordinators only, not even staff.
    "research:free_text": ("get", [302, 403, 403, 403, 200, 403, 403]),
    "research:respond": ("get", ALL),
    "research:thanks": ("get", [302] * 7),
    # Asking to hear what came of a survey: only after answering (else back to the survey).
    "research:follow_up": ("post", [302] * 7),
    "research:follow_up_stop": ("get", ALL),
    "outcomes:programme": ("get", ALL),
    "programme:overview": ("get", STAFF_ONLY),
    "programme:csv": ("get", STAFF_ONLY),
    "programme:geojson": ("get", STAFF_ONLY),
    "programme:where_next": ("get", STAFF_ONLY),
    "programme:report": ("get", STAFF_ONLY),
    "programme:report_pdf": ("get", STAFF_ONLY),
    "programme:where_next_geojson": ("get", STAFF_ONLY),
    "outcomes:zone": ("get", ALL),
    # A Zone's evaluation plan and reports are public (the data download suppresses small counts
    # for all but programme staff); locking and changing a measure: programme staff.
    "evaluation:plan": ("get", ALL),
    "evaluation:lock": ("get", [302, 403, 403, 403, 403, 403, 405]),
    "evaluation:report": ("get", ALL),
    "evaluation:report_pdf": ("get", ALL),
    "evaluation:report_data": ("get", ALL),
    "evaluation:change": ("get", STAFF_ONLY),
    "outcomes:zone_csv": ("get", ALL),
    # Loading police data: programme staff.
    "outcomes:upload": ("get", STAFF_ONLY),
    # A job is seen by whoever started it and by staff; the one here is staff's.
    "outcomes:upload_job": ("get", STAFF_ONLY),
    "outcomes:upload_status": ("get", STAFF_ONLY),
    "outcomes:demand_upload": ("get", [302, 403, 403, 200, 403, 403, 200]),
    # Data sources (boundaries, police.uk, feeds...): programme staff; refresh is a POST.
    "datasources:index": ("get", STAFF_ONLY),
    "datasources:status": ("get", STAFF_ONLY),
    "datasources:refresh": ("get", [302, 403, 403, 403, 403, 403, 405]),
    "core:notifications": ("get", SIGNED_IN),
    # The message log: each person their own. Notify's receipts: POST with its token only.
    "core:messages": ("get", SIGNED_IN),
    "core:notify_callback": ("get", [405] * 7),
    "core:messages_failed": ("get", STAFF_ONLY),
    # Translations: the overview and lists for staff; a Zone's summary also by its coordinators
    # (django-rosetta's string review is checked in test_translations).
    "core:translations": ("get", STAFF_ONLY),
    "core:translation_list": ("get", STAFF_ONLY),
    "core:translation_edit": ("get", COORDINATOR),
    # The site's search holds only what the public may see: the same for everyone.
    "search:results": ("get", ALL),
    "community:calendar": ("get", ALL),
    "community:programme_ics": ("get", ALL),
    "community:zone_ics": ("get", ALL),
    # Events in a Zone: its coordinators (any coordinator may add one to their own Zones).
    "community:event_new": ("get", [302, 403, 403, 403, 200, 200, 200]),
    "community:event": ("get", ALL),
    "community:event_edit": ("get", COORDINATOR),
    "community:event_cancel": ("get", POST_ONLY),
    "community:book": ("get", POST_ONLY),
    "community:register": ("get", COORDINATOR),
    "community:my_bookings": ("get", SIGNED_IN),
    "community:booking_cancel": ("get", POST_ONLY),
    "community:certificate_check": ("get", ALL),
    # A certificate: its holder (the resident here), whoever runs the course, and staff.
    "community:certificate": ("get", [302, 200, 403, 403, 200, 403, 200]),
    "community:groups": ("get", ALL),
    "community:group_new": ("get", [302, 403, 403, 403, 200, 200, 200]),
    "community:group": ("get", ALL),
    # A group in the Zone: its organisers (none of these roles), the Zone's coordinators, staff.
    "community:group_edit": ("get", COORDINATOR),
    "community:group_join": ("get", POST_ONLY),
    "community:group_leave": ("get", POST_ONLY),
    "community:group_members": ("get", COORDINATOR),
    "community:group_contact": ("get", SIGNED_IN),
    "community:group_messages": ("get", COORDINATOR),
    "community:group_calendar": ("get", COORDINATOR),
    "community:group_ics": ("get", ALL),
    "volunteering:home": ("get", ALL),
    "volunteering:ask": ("get", SIGNED_IN),
    "volunteering:offer": ("get", SIGNED_IN),
    "volunteering:concern_new": ("get", SIGNED_IN),
    # People being helped: the Zone's own coordinators (and safeguarding leads), not staff.
    "volunteering:coordinate": ("get", ZONE_COORDINATOR_ONLY),
    "volunteering:request": ("get", ZONE_COORDINATOR_ONLY),
    "volunteering:confirm": ("get", POST_ONLY),
    "volunteering:record_check": ("get", ZONE_COORDINATOR_ONLY),
    # The match: its volunteer (the volunteer here) and the Zone's coordinators.
    "volunteering:match": ("get", [302, 403, 200, 403, 200, 403, 403]),
    "volunteering:check_in": ("get", POST_ONLY),
    "volunteering:end": ("get", POST_ONLY),
    "volunteering:check_out": ("get", POST_ONLY),
    "volunteering:concerns": ("get", ZONE_COORDINATOR_ONLY),
    "volunteering:concern": ("get", ZONE_COORDINATOR_ONLY),
    "privacy:register": ("get", ALL),
    "privacy:my_data": ("get", SIGNED_IN),
    "privacy:my_data_json": ("get", SIGNED_IN),
    "privacy:withdraw": ("get", POST_ONLY),
    "privacy:erasure_list": ("get", STAFF_ONLY),
    "privacy:erasure": ("get", STAFF_ONLY),
    "privacy:audit": ("get", STAFF_ONLY),
    # The public API: read-only, the same for everyone.
    "api:schema": ("get", ALL),
    "api:docs": ("get", ALL),
    "api:api-root": ("get", ALL),
    "api:zone-list": ("get", ALL),
    "api:zone-detail": ("get", ALL),
    "api:asset-list": ("get", ALL),
    "api:asset-detail": ("get", ALL),
    "api:option-list": ("get", ALL),
    "api:option-detail": ("get", ALL),
    "api:event-list": ("get", ALL),
    "api:event-detail": ("get", ALL),
    "api:zone-outcomes": ("get", ALL),
    "api:option-experiences": ("get", ALL),
    "api:tokens": ("get", STAFF_ONLY),
    "api:revoke": ("get", [302, 403, 403, 403, 403, 403, 405]),
    "api:oruk_root": ("get", ALL),
    "api:oruk_services": ("get", ALL),
    "api:oruk_service": ("get", ALL),
    # Writing takes a token (tested in api/tests/test_tokens.py); a session is not enough.
    "api:action_progress": ("get", [401] * 7),
    "api:demand_uploads": ("get", [401] * 7),
    "api:demand_upload": ("get", [401] * 7),
}

OUR_NAMESPACES = {
    "core", "pages", "applications", "zones", "toolkit", "assets", "research", "outcomes",
    "community", "volunteering", "privacy", "api", "programme", "datasources", "evaluation",
    "search",
}  # fmt: skip


def _our_url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            names |= _our_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace in OUR_NAMESPACES:
            names.add(f"{namespace}:{entry.name}")
    return names


def _pattern(url_name: str) -> str:
    namespace, name = url_name.split(":")
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == namespace:
            for pattern in entry.url_patterns:
                if getattr(pattern, "name", None) == name:
                    return str(pattern.pattern)
    return ""


def url_args(url_name: str, args: dict, zone: object) -> list:
    """The arguments the world gives a URL: its own, or the Zone's slug where one is asked for."""
    default = [zone.slug] if "<slug:slug>" in _pattern(url_name) else []  # type: ignore[attr-defined]
    return args.get(url_name, default)


def test_every_url_is_in_the_matrix():
    assert _our_url_names() == set(MATRIX)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PZ_MAP_PMTILES = str(tiles.archive(tmp_path / "t.pmtiles", zooms=range(14, 15)))
    return build()


NAMESPACES = sorted({name.split(":")[0] for name in MATRIX})


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_matrix(world, namespace):
    """Every URL of the namespace as every role; each URL's requests are undone afterwards (a
    savepoint), so one URL's visit never changes what the next finds."""
    people, args, zone = world
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if people[role] is not None:
            clients[role].force_login(people[role])
    wrong = {}
    for url_name in sorted(n for n in MATRIX if n.split(":")[0] == namespace):
        method, expected = MATRIX[url_name]
        url = reverse(url_name, args=url_args(url_name, args, zone))
        with transaction.atomic():
            got = [getattr(clients[role], method)(url).status_code for role in ROLES]
            transaction.set_rollback(True)
        if got != expected:
            wrong[url_name] = {
                r: (g, e) for r, g, e in zip(ROLES, got, expected, strict=True) if g != e
            }
    assert wrong == {}, "URL: {role: (status got, status expected)}"
