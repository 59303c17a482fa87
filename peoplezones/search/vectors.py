"""Vectors worked out after the fact: the entries a large import stored without one."""

import secrets

from peoplezones.search import embedding, index
from peoplezones.search.models import Entry

# A fresh random token marks every write of an entry (index.fingerprint sums them). Below 2**40
# so that the sum over millions of entries stays inside a 64-bit integer on SQLite.
TOKEN_BITS = 40


def embed_missing(limit: int | None = None) -> int:
    """Work out the vectors of entries stored without one, oldest first, a batch at a time;
    returns how many. An entry written again meanwhile (its token changed) is left to its own
    write."""
    done = 0
    while limit is None or done < limit:
        batch = list(
            Entry.objects.filter(vector=b"")
            .order_by("id")
            .values_list("id", "meaning", "token")[: embedding.BATCH * 8]
        )
        if not batch:
            break
        vectors = embedding.embed([meaning for _id, meaning, _token in batch])
        index.changed()
        for (pk, _meaning, token), vector in zip(batch, vectors, strict=True):
            Entry.objects.filter(pk=pk, token=token).update(
                vector=embedding.pack(vector),
                token=secrets.randbits(TOKEN_BITS),
            )
        done += len(batch)
    return done
