from django.db import models


class Entry(models.Model):
    """One public thing anyone can find, as the search keeps it: what to show, the terms to match
    and the vector of what it means. Only what the public may see is ever written here
    (``registry.Kind.public``), so the index holds nobody's private data."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    detail = models.CharField(max_length=300, blank=True)  # when, where, which Zone
    url = models.CharField(max_length=500)
    # Weighted stems (title three times, summary twice) and distinct words, space-separated.
    terms = models.TextField()
    words = models.TextField()
    # What the sentence model reads (its first 64 tokens count), and its vector: float16, unit
    # length; empty until worked out (a large import is embedded by a task after it commits).
    meaning = models.TextField()
    vector = models.BinaryField(blank=True)
    # A fresh random number at every write: the count and sum over all entries change whenever
    # anything does, in every transaction's own view (search.index compares them).
    token = models.BigIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_thing")
        ]
        indexes = [models.Index(fields=["token"], name="search_entry_token")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
