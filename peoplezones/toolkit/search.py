"""Plain-words search of the Tool Kit on the database's own full-text index.

A query is split into words; stop words are dropped; each remaining word becomes a group of
itself and its synonyms (``synonyms.txt``). An option matches if it contains any term; it ranks
first by how many of the person's words it answers, then by the database's relevance score
(PostgreSQL ``ts_rank_cd``, SQLite FTS5 ``bm25``), with title above summary above body.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from peoplezones.toolkit.models import Option

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOP_WORDS = frozenset(Path(__file__).with_name("stopwords.txt").read_text("utf-8").split())
MAX_GROUPS = 8
# More than a person would read: beyond this, the page asks them to narrow the search.
MAX_RESULTS = 200


@cache
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Each word in the maintained list, mapped to its whole group."""
    groups: dict[str, tuple[str, ...]] = {}
    path = Path(__file__).with_name("synonyms.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = tuple(
            dict.fromkeys(word.strip().lower() for word in line.split(",") if word.strip())
        )
        for word in words:
            groups[word] = tuple(dict.fromkeys(groups.get(word, ()) + words))
    return groups


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def term_groups(query: str) -> list[tuple[str, ...]]:
    """The query as groups of alternative terms, one group per meaningful word."""
    groups: list[tuple[str, ...]] = []
    seen: set[str] = set()
    synonyms = synonym_groups()
    for word in _WORD.findall(query.lower()):
        if word in STOP_WORDS or len(word) < 2 or word in seen:
            continue
        seen.add(word)
        group = synonyms.get(word) or synonyms.get(_singular(word)) or (word,)
        group = (word, *(term for term in group if term != word))  # the person's own word first
        if not any(set(group) == set(other) for other in groups):
            groups.append(group)  # "unemployed" and "work" ask for one thing, not two
    return groups[:MAX_GROUPS]


def _parts(term: str) -> list[str]:
    return [part for part in term.split("-") if part]


def _fts5(terms: tuple[str, ...]) -> str:
    # Each term is a quoted phrase, so nothing a person types is read as FTS5 syntax.
    return " OR ".join('"' + " ".join(_parts(term)) + '"' for term in terms)


def _tsquery(terms: tuple[str, ...]) -> str:
    return " | ".join(
        "(" + " <-> ".join(f"'{part}'" for part in _parts(term)) + ")" for term in terms
    )


@dataclass(frozen=True)
class Hit:
    option_id: int
    matched_words: int
    own_words_score: float
    score: float


def _postgres(
    groups: list[tuple[str, ...]], subquery: str, sub_params: Any, limit: int
) -> list[tuple]:
    everything = _tsquery(tuple(term for group in groups for term in group))
    own = _tsquery(tuple(group[0] for group in groups))
    matched = " + ".join("(o.search @@ to_tsquery('english', %s))::int" for _group in groups)
    sql = (
        f"SELECT o.id, {matched}, "  # nosec B608 # noqa: S608 - only placeholders are interpolated
        "ts_rank(o.search, to_tsquery('english', %s)), "
        "ts_rank(o.search, to_tsquery('english', %s)) "
        "FROM toolkit_option o "
        f"WHERE o.search @@ to_tsquery('english', %s) AND o.id IN ({subquery}) "
        "ORDER BY 2 DESC, 3 DESC, 4 DESC, o.id LIMIT %s"
    )
    params = [
        *(_tsquery(group) for group in groups),
        own,
        everything,
        everything,
        *sub_params,
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _sqlite(
    groups: list[tuple[str, ...]], subquery: str, sub_params: Any, limit: int
) -> list[tuple]:
    everything = _fts5(tuple(term for group in groups for term in group))
    own = _fts5(tuple(group[0] for group in groups))
    matched = " + ".join(
        "(o.id IN (SELECT rowid FROM toolkit_option_fts WHERE toolkit_option_fts MATCH %s))"
        for _group in groups
    )
    # FTS5's bm25() is lower for better matches, and is only defined for the MATCH in its own
    # query, so the score of the person's own words comes from a second query.
    scored = (
        "SELECT rowid AS id, bm25(toolkit_option_fts, 10.0, 4.0, 1.0) AS score "
        "FROM toolkit_option_fts "
        "WHERE toolkit_option_fts MATCH %s"
    )
    sql = (
        f"SELECT o.id, {matched}, -coalesce(own.score, 0), -bm25(toolkit_option_fts, 10.0, 4.0, 1.0) "  # nosec B608 # noqa: S608
        "FROM toolkit_option_fts JOIN toolkit_option o ON o.id = toolkit_option_fts.rowid "
        f"LEFT JOIN ({scored}) AS own ON own.id = o.id "
        f"WHERE toolkit_option_fts MATCH %s AND o.id IN ({subquery}) "
        "ORDER BY 2 DESC, 3 DESC, 4 DESC, o.id LIMIT %s"
    )
    params = [*(_fts5(group) for group in groups), own, everything, *sub_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ranked_ids(query: str, options: QuerySet[Option], limit: int = MAX_RESULTS) -> list[Hit]:
    """The best ``limit`` options of ``options`` matching ``query``, best first: most of the
    person's words answered, then how well their own words (not the synonyms) match, then all
    terms together."""
    groups = term_groups(query)
    if not groups:
        return []
    subquery, sub_params = options.values("id").query.sql_with_params()
    run = _postgres if connection.vendor == "postgresql" else _sqlite
    rows = run(groups, subquery, sub_params, limit)
    return [Hit(int(r[0]), int(r[1]), float(r[2]), float(r[3])) for r in rows]


def search(query: str, options: QuerySet[Option], limit: int = MAX_RESULTS) -> list[Option]:
    """Options matching ``query`` in ranked order, as model instances."""
    hits = ranked_ids(query, options, limit)
    by_id = options.in_bulk([hit.option_id for hit in hits])
    return [by_id[hit.option_id] for hit in hits if hit.option_id in by_id]
