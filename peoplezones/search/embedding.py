"""What a text means, as a vector: all-MiniLM-L6-v2 (``minilm``), with the vectors of texts
seen lately kept, so that a text asked for again (the same query, an unchanged page) costs
nothing."""

from collections import OrderedDict
from collections.abc import Sequence
from threading import Lock

import numpy as np

from peoplezones.search import minilm

DTYPE = np.float16  # as stored in the index: half the bytes, the same ranking
DIMENSIONS = minilm.HIDDEN
KEPT = 4096
BATCH = 32

_kept: OrderedDict[str, np.ndarray] = OrderedDict()
_lock = Lock()


def dimensions() -> int:
    return DIMENSIONS


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length row per text (an empty text is all zeros)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    missing: dict[str, list[int]] = {}
    with _lock:
        for row, text in enumerate(texts):
            if not text.strip():
                continue
            if text in _kept:
                _kept.move_to_end(text)
                out[row] = _kept[text]
            else:
                missing.setdefault(text, []).append(row)
    todo = list(missing)
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        vectors = minilm.encode(chunk)
        with _lock:
            for text, vector in zip(chunk, vectors, strict=True):
                out[missing[text]] = vector
                _kept[text] = vector
                while len(_kept) > KEPT:
                    _kept.popitem(last=False)
    return out


def vocabulary() -> frozenset[str]:
    """The whole words the model knows."""
    return minilm.whole_words()


def forget() -> None:
    """Drop the vectors kept (the benchmark times every query as if new)."""
    with _lock:
        _kept.clear()
