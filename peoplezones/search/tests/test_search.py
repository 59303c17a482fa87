"""The site's search: what it holds (only what the public may see), how it keeps in step, how
it reads people's words, and the page with one box for everything. Runs on both databases."""

import re

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from peoplezones.assets.models import Visibility
from peoplezones.search import index, services, text
from peoplezones.search.models import Entry
from tests import factories

pytestmark = pytest.mark.django_db


def titles(query: str, kind: str) -> list[str]:
    answer = index.search(query, limit=50)
    return [e.title for g in answer.groups if g.key == kind for e in g.entries]


def test_a_misspelt_need_finds_an_event_grouped_by_kind_with_counts(client):
    zone = factories.ZoneFactory(name="Braunstone Park")
    factories.make_event(zone, title="Knit and natter for older neighbours",
                         description="A warm room, tea and company for anyone on their own.")  # fmt: skip
    factories.make_group(zone, name="Park walkers", description="A gentle walk for the elderly.")
    response = client.get(reverse("search:results"), {"q": "eldery neigbours"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Knit and natter for older neighbours" in body
    assert 'id="results-event"' in body and 'href="#results-event"' in body
    assert 'Events and courses <span class="count">(1)</span>' in body
    assert re.search("“eldery” as “[a-z /]*elderly[a-z /]*”", body)


def test_only_what_the_public_may_see_is_ever_indexed():
    published = factories.ZoneFactory(name="Open Zone")
    draft = factories.ZoneFactory(name="Draft Zone", is_published=False)
    factories.make_event(published, title="Open allotment day")
    factories.make_event(draft, title="Secret allotment day")
    factories.make_event(published, title="Cancelled allotment day", cancelled=True)
    factories.make_group(draft, name="Draft allotment group", slug="draft-allotment")
    factories.make_asset(name="Public allotment site")
    factories.make_asset(name="Partners' allotment list", visibility=Visibility.PARTNERS)
    factories.make_asset(category="person", name="Pat Jones, allotment expert")
    indexed = set(Entry.objects.values_list("title", flat=True))
    assert {"Open allotment day", "Public allotment site", "Open Zone"} <= indexed
    for private in ("Secret allotment day", "Cancelled allotment day", "Draft allotment group",
                    "Partners' allotment list", "Pat Jones, allotment expert", "Draft Zone"):  # fmt: skip
        assert private not in indexed


def test_the_index_follows_saves_publication_and_deletion():
    zone = factories.ZoneFactory(name="Saffron")
    event = factories.make_event(zone, title="Zumba in the hall")
    assert titles("zumba", "event") == ["Zumba in the hall"]
    event.title = "Salsa in the hall"
    event.save()
    assert titles("zumba", "event") == []
    assert titles("salsa", "event") == ["Salsa in the hall"]
    zone.is_published = False
    zone.save()  # the Zone's events leave the index with it
    assert titles("salsa", "event") == []
    zone.is_published = True
    zone.save()
    assert titles("salsa", "event") == ["Salsa in the hall"]
    event.delete()
    assert titles("salsa", "event") == []


def test_a_rolled_back_change_leaves_the_index_as_it_was():
    factories.make_asset(name="Quiet library")
    index.search("library")  # the engine is built and kept
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.make_asset(name="Loud library")
        assert "Loud library" in titles("library", "asset")
        raise RuntimeError
    assert titles("library", "asset") == ["Quiet library"]


def test_bulk_imports_tell_the_search(tmp_path):
    from peoplezones.assets import importers
    from peoplezones.assets import services as asset_services
    from peoplezones.assets.models import Asset

    csv = tmp_path / "a.csv"
    csv.write_text(
        "name,category,latitude,longitude,description\n"
        "Hope food bank,food-bank,52.62,-1.17,Food parcels and a warm welcome\n",
        encoding="utf-8",
    )
    parsed = importers.read_csv(csv.read_bytes(), "a.csv")
    asset_services.apply_rows(parsed, scope=Asset.objects.all(), user=None, steward_zone=None)
    assert titles("food parcels", "asset") == ["Hope food bank"]


def test_rebuild_writes_every_kind_again_and_shows_progress(capsys):
    factories.make_asset(name="Hall for hire")
    Entry.objects.all().delete()
    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    assert "asset: 1/1" in out and "Search index rebuilt" in out
    assert titles("hall", "asset") == ["Hall for hire"]


def test_rebuild_names_an_unknown_kind():
    with pytest.raises(Exception, match="Unknown kind nonsense: choose from"):
        call_command("rebuild_search_index", "--kind", "nonsense")


def test_one_kind_is_paged_and_every_kind_links_to_its_own_list(client):
    for n in range(23):
        factories.make_asset(name=f"Community hall {n}")
    body = client.get(reverse("search:results"), {"q": "community hall"}).content.decode()
    assert "All 23 in Places and services" in body
    page = client.get(reverse("search:results"), {"q": "community hall", "kind": "asset"})
    text_ = page.content.decode()
    assert "23 results" in text_ and "Page 1 of 2" in text_
    last = client.get(reverse("search:results"), {"q": "hall", "kind": "asset", "page": "99"})
    assert "Page 2 of 2" in last.content.decode()


@pytest.mark.parametrize(
    "query", ["", "   ", "%", "\"'<script>", "a" * 5000, "🙂 " * 300, "NEAR(a b) OR -x*"]
)
def test_any_query_gets_a_page(client, query):
    response = client.get(reverse("search:results"), {"q": query, "kind": "nope", "page": "x"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_the_header_box_works_from_every_page_without_javascript(client):
    body = client.get(reverse("pages:home")).content.decode()
    assert 'role="search"' in body and f'action="{reverse("search:results")}"' in body
    assert 'name="q"' in body


def test_misspellings_are_read_as_the_nearest_known_word():
    factories.make_asset(name="Graffiti wall", description="Legal graffiti and street art.")
    query = index.current().engine.analyse("grafitti")
    assert query.corrections[0] == ("grafitti", "graffiti")
    # Run together, a word is read as the two it is made of.
    factories.make_asset(name="Litter pickers", description="Monthly litter picking.")
    parts = index.current().engine.analyse("litterpicking")
    assert [g.read_as for g in parts.groups] == ["litter", "picking"]


def test_similarity_is_pg_trgm_s(django_db_blocker):
    """The trigram measure spelling reads words by is PostgreSQL's own (pg_trgm's similarity),
    checked on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's")
    pairs = [("grafitti", "graffiti"), ("eldery", "elderly"), ("burgalry", "burglary"),
             ("neighbors", "neighbours"), ("ab", "abc"), ("walk", "talk"), ("x", "yz")]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for a, b in pairs:
            cursor.execute("SELECT similarity(%s, %s)", [a, b])
            ours = dict(text.Lexicon([b]).closest(a, threshold=0.0)).get(b, 0.0)
            assert ours == pytest.approx(cursor.fetchone()[0], abs=1e-6), (a, b)


def test_index_text_is_in_the_site_language_whatever_the_request(client, settings):
    from django.utils import translation

    zone = factories.ZoneFactory()
    with translation.override("pl"):
        event = factories.make_event(zone, title="Tuesday walk")
    entry = Entry.objects.get(kind="event", object_id=event.pk)
    assert "tuesday" in entry.words.split() or "wednesday" in entry.words.split()
    services.refresh("event", [event.pk])


def test_a_large_import_is_found_by_its_words_at_once_and_by_meaning_after_the_task():
    from peoplezones.search import vectors

    for n in range(services.INLINE + 5):
        factories.make_asset(name=f"Hall {n}")
    Entry.objects.all().delete()
    services.refresh("asset", list(factories_asset_ids()))
    waiting = Entry.objects.filter(vector=b"").count()
    assert waiting == services.INLINE + 5  # stored at once, no vector yet
    found = {g.key: g.count for g in index.search("hall").groups}
    assert found["asset"] == waiting  # every one found by its word already
    assert vectors.embed_missing() == waiting
    assert not Entry.objects.filter(vector=b"").exists()
    # A query sharing no word with them still finds some by meaning now.
    assert titles("a room to rent for a party", "asset")


def factories_asset_ids():
    from peoplezones.assets.models import Asset

    return Asset.objects.values_list("pk", flat=True)


@pytest.mark.django_db(transaction=True)
def test_a_large_index_answers_from_the_one_held_while_the_new_one_loads(monkeypatch):
    import time

    monkeypatch.setattr(index, "BACKGROUND_FROM", 1)
    monkeypatch.setattr(index, "_loaded", None)
    factories.make_asset(name="First library")
    assert titles("library", "asset") == ["First library"]  # nothing held yet: loaded at once
    factories.make_asset(name="Second library")
    assert titles("library", "asset") == ["First library"]  # held; the new one loads meanwhile
    for _ in range(100):
        if not index._loading:
            break
        time.sleep(0.05)
    assert sorted(titles("library", "asset")) == ["First library", "Second library"]
    monkeypatch.setattr(index, "_loaded", None)


def test_a_vector_is_worked_out_only_when_the_text_read_changes(monkeypatch, settings):
    from peoplezones.search import embedding, minilm

    settings.PZ_SEARCH_VECTOR_CACHE = ""  # what the model is asked, not what a file kept

    asset = factories.make_asset(name="Quiet library", description="Books and a warm room.")
    factories.ZoneFactory(name="Saffron")
    calls: list[int] = []
    real = minilm.encode
    monkeypatch.setattr(minilm, "encode", lambda texts: calls.append(len(texts)) or real(texts))
    embedding.forget()
    call_command("rebuild_search_index", verbosity=0)
    assert calls == []  # nothing read has changed: every vector kept
    asset.phone = "0116 496 0000"
    asset.save()
    assert calls == []  # a change the model does not read
    asset.description = "Books, a warm room and a cafe."
    asset.save()
    assert calls == [1]


def test_vectors_are_kept_in_a_file_by_their_text(monkeypatch, settings, tmp_path):
    from peoplezones.search import embedding, minilm

    settings.PZ_SEARCH_VECTOR_CACHE = str(tmp_path / "vectors.sqlite3")
    embedding.forget()
    first = embedding.embed(["a warm room and tea on Tuesdays"])
    embedding.forget()  # a new process: nothing in memory
    monkeypatch.setattr(minilm, "encode", lambda texts: pytest.fail("read again"))
    again = embedding.embed(["a warm room and tea on Tuesdays"])
    assert np.array_equal(first, again)


@pytest.mark.django_db(transaction=True)
def test_another_process_s_change_shows_within_a_second(monkeypatch):
    monkeypatch.setattr(index, "_loaded", None)
    factories.make_asset(name="Old library")
    assert titles("library", "asset") == ["Old library"]
    # Another process renames it (straight to the table: this process hears nothing of it).
    Entry.objects.filter(title="Old library").update(title="New library", token=12345)
    assert titles("library", "asset") == ["New library"]  # read back from the table at once...
    monkeypatch.setattr(index, "_checked_at", 0.0)  # ... and a second later the index is reloaded
    assert index.current().fingerprint == index.fingerprint()
    monkeypatch.setattr(index, "_loaded", None)
