"""Keeping assets in step with published feeds (services.sync_feed): good records kept, bad ones
reported, what a feed drops marked (never deleted), and two overlapping feeds never tugging a
record between them."""

import json

import pytest

from peoplezones.assets import importers, services
from peoplezones.assets.models import Asset
from tests.publishers import oruk_service

pytestmark = pytest.mark.django_db


def sync(feed: str, *records: dict) -> services.Synced:
    raw = json.dumps({"contents": list(records)}).encode()
    parsed = importers.read_openreferral(raw, feed, keep_good=True)
    present = {r["id"] for r in records}
    return services.sync_feed(parsed, feed=feed, present=present)


def feed_of(number: int) -> tuple[str, object]:
    asset = Asset.objects.get(source_id=f"service-{number:04d}")
    return asset.feed, asset.unlisted_since


def test_a_record_two_feeds_list_stays_with_the_first_and_moves_when_it_drops_it():
    one, two = oruk_service(1), oruk_service(2)
    first = sync("oruk:city", one, two)
    assert (first.created, first.problems) == (2, [])
    second = sync("oruk:county", one)  # the county lists the city's service too
    assert (second.created, second.updated, second.unlisted) == (0, 0, 0)
    assert feed_of(1) == ("oruk:city", None)
    sync("oruk:city", one, two)
    assert feed_of(1) == ("oruk:city", None)  # nothing moved either way
    # The city drops it: marked; the county still lists it: it moves there, listed again.
    assert sync("oruk:city", two).unlisted == 1
    assert feed_of(1)[1] is not None
    back = sync("oruk:county", one)
    assert back.relisted == 1 and feed_of(1) == ("oruk:county", None)
    assert Asset.objects.count() == 2  # never deleted


def test_a_duplicated_id_keeps_the_first_and_reports_the_second():
    result = sync("oruk:city", oruk_service(1), oruk_service(1, name="Twin"))
    assert result.created == 1 and Asset.objects.get().name == "Community service 1"
    assert [p.field for p in result.problems] == ["id"]
