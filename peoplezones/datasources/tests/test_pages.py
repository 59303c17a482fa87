"""The Data sources page and its "refresh now", and the licences' words where the data shows."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client

from peoplezones.assets.models import Asset
from peoplezones.assets.queries import visible_assets
from peoplezones.datasources.models import RunStatus, SourceRun
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)  # "Refresh now" runs on commit


def test_the_page_shows_each_source_and_refresh_now_runs_one(publishers, staff_client):
    page = staff_client.get("/data-sources/").content.decode()
    for words in ("Testshire", "LSOA 2021 boundaries", "Office for National Statistics",
                  "Open Government Licence v3.0", "Never loaded", "police.uk (Home Office)",
                  "Open Data Commons Open Database License", "Refresh now"):  # fmt: skip
        assert words in page, words
    response = staff_client.post("/data-sources/deprivation/refresh/", follow=True)
    assert response.redirect_chain[-1][0].endswith("/data-sources/#source-deprivation")
    run = SourceRun.objects.get(source="deprivation")
    assert run.trigger == "button" and run.status == RunStatus.DONE  # tasks run at once here
    page = response.content.decode()
    assert "refresh asked for" in page and "4 areas" in page
    status = staff_client.get("/data-sources/status.json").json()
    assert {s["key"]: s["status"] for s in status["sources"]}["deprivation"] == "done"
    assert status["working"] is False


def test_a_second_click_while_one_waits_does_not_fetch_twice(publishers, staff_client):
    SourceRun.objects.create(source="police", trigger="button", status=RunStatus.QUEUED)
    response = staff_client.post("/data-sources/police/refresh/", follow=True)
    assert "already waiting or running" in response.content.decode()
    assert SourceRun.objects.filter(source="police").count() == 1
    assert staff_client.post("/data-sources/nonsense/refresh/").status_code == 404


def test_the_failure_and_its_message_show_on_the_page(publishers, staff_client):
    publishers.faults["postcodes"] = "notzip"
    staff_client.post("/data-sources/postcodes/refresh/")
    page = staff_client.get("/data-sources/").content.decode()
    assert "Failed" in page and "not a zip file" in page


def test_a_broken_area_file_is_named_on_the_page(publishers, staff_client, settings, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "X"\nslug = "x"\n[local_authorities]\nE06000016 = \n')
    settings.PZ_AREA_FILE = str(broken)
    page = staff_client.get("/data-sources/").content.decode()
    assert "broken.toml: not valid TOML" in page and "line 4" in page


def test_licence_words_show_where_the_data_is_used_once_loaded(publishers):
    anonymous = Client()
    assert "police.uk licensed" not in anonymous.get("/outcomes/").content.decode()
    call_command("setup_area", "--only", "police", "--only", "boundaries", stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    page = anonymous.get("/outcomes/").content.decode()
    assert (
        "Contains public sector information from police.uk licensed under the Open Government Licence v3.0."
        in page
    )
    assert "Contains OS data © Crown copyright and database right" in page
    assert "OpenStreetMap contributors" not in page  # not loaded, and not what this page shows
    call_command(
        "setup_area", "--only", "osm:testshire", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert "© OpenStreetMap contributors" in anonymous.get("/assets/map/").content.decode()


def test_services_a_feed_dropped_leave_the_public_map_but_not_their_keepers_view(publishers):
    call_command(
        "setup_area", "--only", "oruk:testshire", stdout=io.StringIO(), stderr=io.StringIO()
    )
    publishers.services.pop(0)
    call_command(
        "setup_area", "--only", "oruk:testshire", stdout=io.StringIO(), stderr=io.StringIO()
    )
    gone = Asset.objects.get(source_id="service-0001")
    assert gone.unlisted_since is not None
    assert not visible_assets(AnonymousUser()).filter(pk=gone.pk).exists()
    assert visible_assets(factories.StaffFactory()).filter(pk=gone.pk).exists()
    staff = Client()
    staff.force_login(factories.StaffFactory())
    detail = staff.get(gone.get_absolute_url()).content.decode()
    assert "has not listed it since" in detail
