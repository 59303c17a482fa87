"""What a text means, as a vector: all-MiniLM-L6-v2 (``minilm``). Vectors are kept by the text
they came from: the latest few thousand in memory, and every one in a small SQLite file
(``PZ_SEARCH_VECTOR_CACHE``), keyed by the model's weights and the text, so a text read once is
never read again (a demo loaded again, a backup restored, another process)."""

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from django.conf import settings

from peoplezones.search import minilm

DTYPE = np.float16  # as stored in the index: half the bytes, the same ranking
DIMENSIONS = minilm.HIDDEN
KEPT = 4096
BATCH = 32

_kept: OrderedDict[str, np.ndarray] = OrderedDict()
_lock = threading.Lock()
_local = threading.local()


def dimensions() -> int:
    return DIMENSIONS


def _key(text: str) -> bytes:
    return hashlib.sha256(f"{minilm.WEIGHTS_SHA256}:{minilm.MAX_TOKENS}:{text}".encode()).digest()


def _store() -> sqlite3.Connection | None:
    path = settings.PZ_SEARCH_VECTOR_CACHE
    if not path:
        return None
    if getattr(_local, "path", None) != path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS v (key BLOB PRIMARY KEY, vector BLOB)")
        _local.path, _local.connection = path, connection
    return _local.connection


def _from_store(texts: list[str]) -> dict[str, np.ndarray]:
    store = _store()
    if store is None or not texts:
        return {}
    keys = {_key(text): text for text in texts}
    found = {}
    listed = list(keys)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT key, vector FROM v WHERE key IN ({marks})"  # noqa: S608  # nosec B608 - only placeholders
        for key, vector in store.execute(sql, chunk):
            found[keys[key]] = np.frombuffer(vector, dtype=np.float32)
    return found


def _to_store(vectors: dict[str, np.ndarray]) -> None:
    store = _store()
    if store is None or not vectors:
        return
    rows = [(_key(text), vector.astype(np.float32).tobytes()) for text, vector in vectors.items()]
    store.executemany("INSERT OR IGNORE INTO v (key, vector) VALUES (?, ?)", rows)


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
    stored = _from_store(list(missing))
    todo = [text for text in missing if text not in stored]
    worked_out: dict[str, np.ndarray] = {}
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        worked_out.update(zip(chunk, minilm.encode(chunk), strict=True))
    _to_store(worked_out)
    with _lock:
        for text, vector in {**stored, **worked_out}.items():
            out[missing[text]] = vector
            _kept[text] = vector
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return out


def pack(vector: np.ndarray) -> bytes:
    """A vector as the index stores it."""
    return vector.astype(DTYPE).tobytes()


def unpack(stored: bytes) -> np.ndarray:
    """A stored vector (zeros where none has been worked out yet)."""
    return np.frombuffer(stored, dtype=DTYPE) if stored else np.zeros(DIMENSIONS, dtype=DTYPE)


def vocabulary() -> frozenset[str]:
    """The whole words the model knows."""
    return minilm.whole_words()


def forget() -> None:
    """Drop the vectors kept in memory (the benchmark times every query as if new; it sets no
    file)."""
    with _lock:
        _kept.clear()
