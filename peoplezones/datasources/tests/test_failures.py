"""Real-world failures, one by one: each gives its own clear message, and the database is as it
was before that source ran (the source loaded once first, so "as before" holds something)."""

import contextlib
import io

import pytest
from django.core.management import CommandError, call_command

from peoplezones.assets.models import Asset
from peoplezones.datasources.models import RunStatus, SourceRun
from peoplezones.geography.models import AreaProfile, Postcode, StatisticalArea
from peoplezones.outcomes.models import Batch, Crime, LsoaMonthCount
from tests import publishers as publishers_module

pytestmark = pytest.mark.django_db


def run(*only: str) -> SourceRun:
    args = [a for key in only for a in ("--only", key)]
    with contextlib.suppress(CommandError):
        call_command("setup_area", *args, stdout=io.StringIO(), stderr=io.StringIO())
    return SourceRun.objects.first()


def snapshot() -> dict:
    return {
        "areas": sorted(StatisticalArea.objects.values_list("code", "kind", "name", "area_m2")),
        "profiles": sorted(AreaProfile.objects.values_list("code", "population", "imd_score")),
        "postcodes": sorted(Postcode.objects.values_list("postcode", "lsoa_code")),
        "batches": sorted(Batch.objects.values_list("pk", "month", "sha256")),
        "crimes": Crime.objects.count(),
        "counts": LsoaMonthCount.objects.count(),
        "assets": sorted(Asset.objects.values_list("source_id", "updated_at", "unlisted_since")),
    }


@pytest.fixture
def loaded(publishers):
    """Every source loaded once, then a month later police.uk and the feeds have news."""
    assert run().status == RunStatus.DONE
    publishers.months.append("2025-10")
    publishers.services.append(publishers.services[0] | {"id": "service-0099", "name": "New"})
    return publishers


def fails(publishers, key: str, fault_route: str, fault: str, says: str) -> SourceRun:
    before = snapshot()
    publishers.faults[fault_route] = fault
    result = run(key)
    assert result.source == key and result.status == RunStatus.FAILED, (
        result.status,
        result.changed,
    )
    assert says in result.message, result.message
    assert snapshot() == before
    return result


def test_a_publisher_that_does_not_answer_in_time(loaded, settings):
    settings.PZ_SOURCE_TIMEOUT = 0.5
    loaded.months.remove("2025-10")  # the police source would otherwise have news
    result = fails(
        loaded, "deprivation", "deprivation", "timeout", "did not answer within 0.5 seconds"
    )
    assert "English Indices of Deprivation" in result.message
    assert len(loaded.requests("deprivation")) >= 3  # the original run, then tried twice


def test_too_many_requests_is_waited_out_as_asked(loaded):
    loaded.faults["oruk"] = "429"  # once, with Retry-After: 1
    result = run("oruk:testshire")
    assert result.status == RunStatus.DONE, result.message
    assert Asset.objects.filter(source_id="service-0099").exists()


def test_a_publisher_busy_for_longer_than_we_wait(loaded):
    result = fails(loaded, "police", "police-dates", "busy", "asked us to wait 86,400 seconds")
    assert "tried again at the next refresh" in result.message


def test_a_download_cut_off_half_way_is_resumed_next_time(loaded):
    loaded.faults["postcodes"] = "cut"
    # A new edition at the same address, so the download is not a 304.
    held = len(publishers_module.POSTCODES)
    publishers_module.POSTCODES.append(("LE3 1ZZ", "", "E06000016", "E01013601", 52.624, -1.19))
    try:
        result = fails(loaded, "postcodes", "postcodes", "cut", "cut off")
        assert "next try resumes" in result.message
        del loaded.faults["postcodes"]
        seen = len(loaded.seen)
        result = run("postcodes")
        assert result.status == RunStatus.DONE, result.message
        ranges = [h.get("Range") for r, _p, h in loaded.seen[seen:] if r == "postcodes"]
        assert ranges and ranges[0] and ranges[0].startswith("bytes=") and ranges[0] != "bytes=0-"
        assert Postcode.objects.filter(postcode="LE3 1ZZ").exists()
    finally:
        del publishers_module.POSTCODES[held:]


def test_a_zip_that_is_not_one(loaded):
    fails(loaded, "postcodes", "postcodes", "notzip", "not a zip file")


@pytest.mark.parametrize(
    ("key", "route", "says"),
    [
        ("boundaries", "lookup", "no LSOA21CD field"),
        ("populations", "populations", "no OBS_VALUE column"),
        ("deprivation", "deprivation", "needs an 'LSOA code' column"),
        ("postcodes", "postcodes", "missing column lad_code"),
    ],
)
def test_a_publisher_that_renamed_a_column(loaded, key, route, says):
    fails(loaded, key, route, "rename", says)


def test_an_arcgis_error_answer(loaded):
    fails(loaded, "wards", "wards", "error", "refused the query: Invalid query parameters")


def test_an_empty_month_is_not_loaded(loaded):
    result = fails(loaded, "police", "police", "empty", "has no crimes for it anywhere in the area")
    assert "2025-10" in result.message


def test_a_feed_that_pages_forever(loaded):
    fails(loaded, "oruk:testshire", "oruk", "forever", "repeats page 1: the feed pages forever")


def test_a_feed_that_keeps_sending_new_pages_stops_at_its_limit(loaded, settings, tmp_path):
    settings.PZ_AREA_FILE = str(loaded.area_file(tmp_path).rename(tmp_path / "a.toml"))
    text = (tmp_path / "a.toml").read_text().replace("per_page = 2", "per_page = 1\nmax_pages = 3")
    (tmp_path / "a.toml").write_text(text)
    fails(loaded, "oruk:testshire", "oruk", "", "kept sending pages past 3 (max_pages)")


def test_a_failed_source_does_not_stop_the_others_and_the_command_says_so(loaded):
    loaded.faults["postcodes"] = "notzip"
    with pytest.raises(CommandError, match="1 of 8 sources failed"):
        call_command("setup_area", stdout=io.StringIO(), stderr=io.StringIO())
    assert Batch.objects.filter(month__year=2025, month__month=10).exists()  # police went on


def test_a_cut_off_download_is_fetched_whole_when_the_file_changed_meanwhile(loaded):
    held = len(publishers_module.POSTCODES)
    publishers_module.POSTCODES.append(("LE3 1ZZ", "", "E06000016", "E01013601", 52.624, -1.19))
    try:
        fails(loaded, "postcodes", "postcodes", "cut", "cut off")
        del loaded.faults["postcodes"]
        # A new edition appears before the next try: If-Range no longer matches, so the
        # publisher sends the whole new file, never its tail glued to the old one's head.
        publishers_module.POSTCODES.append(("LE3 2ZZ", "", "E06000016", "E01013601", 52.623, -1.19))
        seen = len(loaded.seen)
        result = run("postcodes")
        assert result.status == RunStatus.DONE, result.message
        asked = [h for r, _p, h in loaded.seen[seen:] if r == "postcodes"]
        assert asked[0].get("Range") and asked[0].get("If-Range")
        assert Postcode.objects.filter(postcode__in=["LE3 1ZZ", "LE3 2ZZ"]).count() == 2
    finally:
        del publishers_module.POSTCODES[held:]
