"""setup_area against the local publishers: everything loads in order with progress bars and a
summary; run again it changes nothing; a month later refresh_data loads only the new month."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from peoplezones.assets.models import Asset, Source
from peoplezones.datasources import services
from peoplezones.datasources.models import RunStatus, SourceRun
from peoplezones.geography.models import AreaKind, AreaProfile, Postcode, StatisticalArea
from peoplezones.outcomes.models import Batch, Crime, CrimeOutcome
from tests.publishers import CRIMES_IN_AREA, LSOAS

pytestmark = pytest.mark.django_db
AREA_LSOAS = sorted(row[0] for row in LSOAS if row[4] in ("E06000016", "E06000017"))


def setup(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("setup_area", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def held() -> dict:
    """Everything the sources load, with when each row was last written."""
    return {
        "areas": sorted(StatisticalArea.objects.values_list("code", "kind", "name")),
        "profiles": sorted(AreaProfile.objects.values_list("code", "population", "imd_decile")),
        "postcodes": sorted(Postcode.objects.values_list("postcode", "lsoa_code")),
        "batches": sorted(Batch.objects.values_list("pk", "month", "rows", "sha256")),
        "crimes": Crime.objects.count(),
        "assets": sorted(
            Asset.objects.values_list("source", "source_id", "name", "updated_at", "unlisted_since")
        ),
    }


def test_setup_loads_every_source_then_changes_nothing_then_refresh_loads_only_the_new_month(
    publishers, settings, tmp_path
):
    """The shipped LLR example, its publishers' addresses pointed at the local stand-ins."""
    settings.PZ_AREA_FILE = str(publishers.example_area_file(tmp_path))
    out, err = setup()
    assert "Leicester, Leicestershire and Rutland: 9 local authorities" in out
    runs = {r.source: r for r in SourceRun.objects.all()}
    assert {k: r.status for k, r in runs.items()} == {
        "boundaries": "done", "wards": "done", "populations": "done", "deprivation": "done",
        "postcodes": "done", "police": "done", "osm:leicestershire": "done", "osm:rutland": "done",
        "oruk:leicestershire": "done",
    }, {k: r.message for k, r in runs.items()}  # fmt: skip
    # A progress bar per source (tqdm, on stderr) and the summary table.
    for title in ("LSOA 2021 boundaries", "Street-level crime", "Open Referral UK"):
        assert title in err, err
    assert "Result" in out and "What changed" in out

    lsoas = StatisticalArea.objects.filter(kind=AreaKind.LSOA21)
    assert sorted(lsoas.values_list("code", flat=True)) == AREA_LSOAS  # Nottingham's left out
    assert StatisticalArea.objects.filter(kind=AreaKind.WARD).count() == 3
    profiles = {p.code: p for p in AreaProfile.objects.all()}
    assert sorted(profiles) == AREA_LSOAS
    assert profiles["E01013601"].population == 1523 and profiles["E01013601"].imd_decile == 1
    assert sorted(Postcode.objects.values_list("postcode", flat=True)) == [
        "LE15 6AA", "LE3 0AA", "LE3 0AB", "LE3 9ZZ"]  # live, in the area  # fmt: skip
    months = sorted((b.month.strftime("%Y-%m"), b.kind) for b in Batch.objects.all())
    assert months == [("2025-08", "outcomes"), ("2025-08", "street"), ("2025-09", "outcomes"),
                      ("2025-09", "street")]  # fmt: skip
    # Every crime in the area was placed in an LSOA by its location; those outside left out,
    # and the one police.uk could not place kept without a place, as in its own files.
    assert Crime.objects.count() == 2 * (CRIMES_IN_AREA + 1)
    assert Crime.objects.filter(lsoa_code="").count() == 2
    assert Crime.objects.filter(lsoa_code="", lon__isnull=True).count() == 2
    assert set(Crime.objects.values_list("lsoa_code", flat=True)) <= {*AREA_LSOAS, ""}
    outcomes = CrimeOutcome.objects.all()
    assert outcomes.exists() and set(outcomes.values_list("lsoa_code", flat=True)) <= set(
        AREA_LSOAS
    )
    # police.uk refused the whole area (too many crimes in one polygon) and it was split.
    assert len(publishers.requests("police")) > 2
    osm = Asset.objects.filter(source=Source.OSM)
    assert sorted(osm.values_list("name", flat=True)) == [
        "Braunstone Community Centre", "Westcotes Library"]  # fmt: skip
    # The two county extracts overlap at their edge (here, wholly): each place stays with the
    # first extract that listed it, so neither run takes it from the other.
    assert osm.filter(feed="osm:leicestershire").count() == 2
    assert runs["osm:rutland"].changed.startswith("0 added, 0 updated, 0 no longer listed")
    oruk = Asset.objects.filter(source=Source.OPENREFERRAL)
    assert sorted(oruk.values_list("source_id", flat=True)) == [
        "service-0001", "service-0002", "service-0003"]  # fmt: skip
    assert runs["deprivation"].version.startswith("Indices of Deprivation 2019 (2011 LSOAs")
    assert "service-0004" in runs["oruk:leicestershire"].problems  # the bad one, named by its id
    assert "email" in runs["oruk:leicestershire"].problems

    before = held()
    requests_before = len(publishers.seen)
    out, _err = setup()
    again = {
        r.source: r.status
        for r in SourceRun.objects.filter(pk__gt=max(r.pk for r in runs.values()))
    }
    assert set(again.values()) == {RunStatus.UNCHANGED}, again
    assert held() == before
    # The files were not downloaded again: the publisher said they had not changed (304).
    files = [
        p
        for r, p, h in publishers.seen[requests_before:]
        if r in ("deprivation", "postcodes", "osm")
    ]
    assert files and all(h.get("If-None-Match") for r, _p, h in publishers.seen[requests_before:]
                         if r in ("deprivation", "postcodes", "osm"))  # fmt: skip

    # A month later: police.uk has published October, and the weekly and daily sources are due.
    SourceRun.objects.update(finished_at=SourceRun.objects.first().finished_at - timedelta(days=31))
    publishers.months.append("2025-10")
    seen_before, last_run = len(publishers.seen), SourceRun.objects.first().pk
    call_command("refresh_data", stdout=io.StringIO(), stderr=io.StringIO())
    asked = [
        p for r, p, _h in publishers.seen[seen_before:] if r.startswith("police-") or r == "police"
    ]
    asked = [p for p in asked if "date=" in p]
    assert asked and all("date=2025-10" in p for p in asked)
    months = sorted({b.month.strftime("%Y-%m") for b in Batch.objects.all()})
    assert months == ["2025-08", "2025-09", "2025-10"]
    latest = {r.source: r for r in SourceRun.objects.filter(pk__gt=last_run)}
    assert "boundaries" not in latest  # not due for a year
    assert latest["police"].status == RunStatus.DONE and "2025-10" in latest["police"].changed
    after = held()
    assert after["areas"] == before["areas"] and after["assets"] == before["assets"]
    assert set(before["batches"]) < set(after["batches"])  # the earlier months untouched


def test_a_dry_run_says_what_would_be_fetched_and_changes_nothing(publishers):
    out, _err = setup("--dry-run")
    assert "LSOA 2021 boundaries: 4 lookup rows" in out
    assert "2 of 2 months still to load" in out
    assert "one request per tile of the area a month, once boundaries are loaded" in out
    assert "MB" in out and "Dry run: nothing was fetched or changed." in out
    assert not SourceRun.objects.exists()
    assert not StatisticalArea.objects.exists() and not Asset.objects.exists()
    # Files were asked for their first byte only.
    for route in ("deprivation", "postcodes"):
        assert [h.get("Range") for _p, h in publishers.requests(route)] == ["bytes=0-0"]
    # With the boundaries loaded, police.uk's requests can be counted.
    setup("--only", "boundaries")
    out, _err = setup("--dry-run", "--only", "police")
    assert "2 of 2 months still to load (2025-08, 2025-09), 1 tile a month" in out
    assert "about 6 requests" in out


def test_a_source_left_out_of_a_feed_is_marked_not_deleted_and_comes_back(publishers):
    setup("--only", "oruk:testshire")
    gone = publishers.services.pop(0)
    setup("--only", "oruk:testshire")
    asset = Asset.objects.get(source_id=gone["id"])
    assert asset.unlisted_since is not None
    run = SourceRun.objects.first()
    assert "1 no longer listed" in run.changed
    publishers.services.insert(0, gone)
    setup("--only", "oruk:testshire")
    asset.refresh_from_db()
    assert asset.unlisted_since is None and "1 listed again" in SourceRun.objects.first().changed
    # Still listed but sent badly this time: the version held stays, listed, and the bad record
    # is reported by its id.
    publishers.services[1] = publishers.services[1] | {"email": "not an address"}
    setup("--only", "oruk:testshire")
    run = SourceRun.objects.first()
    assert "service-0002" in run.problems and "0 no longer listed" in run.changed
    kept = Asset.objects.get(source_id="service-0002")
    assert kept.unlisted_since is None and kept.email == "service2@example.org"


def test_one_run_of_a_source_at_a_time_whoever_asks(publishers):
    first = services.queue("police", "schedule")
    assert first is not None and services.queue("police", "button") is None
    _out, err = setup("--only", "police", "--only", "boundaries")
    assert "Street-level crime and outcomes: another run of it is under way" in err
    assert SourceRun.objects.filter(source="police").count() == 1
    assert SourceRun.objects.get(source="boundaries").status == RunStatus.DONE
