"""A web process warms before its first request (peoplezones.warm, run by peoplezones.wsgi): the
templates compiled, the sentence model read, the search index built; a database that does not
answer yet leaves the index for the first request instead of stopping the process."""

import gc
import logging

import pytest
from django.db import OperationalError, connections
from django.template import engines

from peoplezones import warm
from peoplezones.search import index, minilm

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept_connections(monkeypatch):
    # The test's own transaction must outlive warm(), which closes the connections it used.
    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_templates_model_and_index_are_ready_before_the_first_request(kept_connections):
    minilm.weights.cache_clear()
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    spent = warm.warm()
    assert set(spent) == {"templates", "sentence model", "search index"}
    assert len(loader.get_template_cache) > 300  # the project's and its libraries'
    assert "research/respond.html" in loader.get_template_cache
    assert minilm.weights.cache_info().currsize == 1
    assert index._loaded is not None
    # All of it lives as long as the process: out of the collector's sight.
    assert gc.get_freeze_count() > 100_000
    gc.unfreeze()


def test_a_database_not_answering_leaves_the_index_for_later(kept_connections, monkeypatch, caplog):
    def refused():
        raise OperationalError("connection refused")

    monkeypatch.setattr(index, "current", refused)
    with caplog.at_level(logging.WARNING, logger="peoplezones.warm"):
        spent = warm.warm()
    assert "search index" not in spent and "templates" in spent
    assert "Search index not built before the first request" in caplog.text


def test_a_damaged_sentence_model_leaves_the_rest_warmed(kept_connections, monkeypatch, caplog):
    def damaged():
        raise minilm.ModelMissing("model.safetensors is not all-MiniLM-L6-v2's published weights")

    monkeypatch.setattr(minilm, "weights", damaged)
    with caplog.at_level(logging.WARNING, logger="peoplezones.warm"):
        spent = warm.warm()
    assert "sentence model" not in spent and {"templates", "search index"} <= set(spent)
    assert "Sentence model not read before the first request" in caplog.text
