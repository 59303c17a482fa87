"""The numpy forward pass gives the vectors sentence-transformers gives for the same model."""

import json
from pathlib import Path

import numpy as np
import pytest

from peoplezones.search import minilm

REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text("utf-8"))


def test_vectors_match_sentence_transformers():
    ours = minilm.encode(REFERENCE["texts"])
    theirs = np.array(REFERENCE["vectors"], dtype=np.float32)
    cosines = (ours * theirs).sum(axis=1) / np.linalg.norm(theirs, axis=1)
    assert cosines.min() > 0.99999, cosines
    # The longest is cut at the same place: both read 64 tokens of it.
    assert len(minilm.tokenizer().encode(REFERENCE["texts"][2]).ids) == minilm.MAX_TOKENS


def test_weights_that_are_not_the_published_ones_are_refused(tmp_path):
    fake = tmp_path / "model.safetensors"
    fake.write_bytes(b"not the model")
    with pytest.raises(minilm.ModelMissing, match="not all-MiniLM-L6-v2's published weights"):
        minilm._checked(fake)
