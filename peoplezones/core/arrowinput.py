"""Bytes handed to Arrow's readers in memory Arrow owns.

Arrow's CSV reader reads ahead on its own I/O threads. Given Python bytes (or a Python file), the
pieces it holds refer to the Python object, and the last one let go on an Arrow thread takes the
interpreter's lock to release it. When a reader gives up early (a refused file) some of those
pieces are still in flight; if the process ends first, that thread meets an interpreter shutting
down, is stopped, and the process aborts with "terminate called without an active exception".
A copy in Arrow's own memory needs no lock to let go of."""

import pyarrow as pa


def owned(*parts: bytes | memoryview) -> pa.Buffer:
    """The parts, one after another, copied into a buffer from Arrow's memory pool."""
    size = sum(len(part) for part in parts)
    buffer = pa.allocate_buffer(size)
    view = memoryview(buffer).cast("B")
    at = 0
    for part in parts:
        view[at : at + len(part)] = part
        at += len(part)
    return buffer


def reader(*parts: bytes | memoryview) -> pa.BufferReader:
    return pa.BufferReader(owned(*parts))
