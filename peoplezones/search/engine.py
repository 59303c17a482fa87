"""Ranking: keywords (BM25 over stems, with synonyms and spelling) blended with meaning (the
cosine of the embeddings), over every indexed document at once in memory.

No Django here: ``index`` loads documents from the database into an ``Engine`` and keeps it
until the index changes. Scoring is a handful of sparse and dense matrix products, so a query
over 30,000 documents takes milliseconds (``make bench`` measures it).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from peoplezones.search import embedding, text

# BM25's usual constants.
K1, B = 1.2, 0.75
# A synonym from the maintained list counts for less than the person's own word.
SYNONYM_WEIGHT = 0.7
# A word the model does not know is explained by at most this many listed words it does.
EXPLAINED = 3
# The blend: the keyword score (as a share of a document answering every word as well as any
# does) plus this much of the meaning (the cosine in standard deviations above the mean).
MEANING_WEIGHT = 0.8
# A document matches when it shares a keyword, or its meaning stands this far above the rest.
MEANING_THRESHOLD = 1.5
# ... and of those sharing no word with it, at most this many.
MEANING_ONLY = 3
# Field weights: a word in the title counts as three in the body.
TITLE, SUMMARY = 3, 2


@dataclass
class Doc:
    """One searchable thing, as the index stores it."""

    kind: str
    key: int
    terms: list[str]  # weighted stems: the title's three times, the summary's twice
    words: set[str]  # its distinct words, for spelling
    vector: np.ndarray  # unit length (or zeros)


def prepare(title: str, summary: str, body: str) -> tuple[list[str], set[str], str]:
    """Weighted terms, distinct words and the text to embed, for one document."""
    title_terms, summary_terms = text.terms(title), text.terms(summary)
    weighted = title_terms * TITLE + summary_terms * SUMMARY + text.terms(body)
    found = {w for part in (title, summary, body) for w in text.words(part)}
    return weighted, {w for w in found if w.isalpha()}, f"{title}. {title}. {summary}. {body}"


@dataclass
class Group:
    """One word of the query with the terms that answer it and their weights."""

    word: str
    read_as: str  # the word understood (corrected if misspelt)
    also: list[str] = field(default_factory=list)  # other readings of a misspelt word
    terms: dict[str, float] = field(default_factory=dict)


@dataclass
class Query:
    groups: list[Group]
    vector: np.ndarray  # zeros when no word means anything to the model

    @property
    def corrections(self) -> list[tuple[str, str]]:
        return [
            (g.word, " / ".join([g.read_as, *g.also])) for g in self.groups if g.read_as != g.word
        ]


@dataclass
class Result:
    """A query's two measures for every document: the keyword score (a share of a document
    answering every word as well as any does) and the meaning (the cosine)."""

    keyword: np.ndarray
    meaning: np.ndarray

    def best(self, kind: np.ndarray, among: np.ndarray | None = None, limit: int | None = None):
        """Indexes of the matching documents of one ``kind`` (a boolean per document), best
        first, optionally only those ``among`` (a filter)."""
        # Cosines crowd together (a sentence model's run from about 0.1 to 0.6 here): what tells
        # documents apart is how far each stands above the others of its kind, so the blend
        # takes the cosine in standard deviations over the kind (never over a filter, which
        # would change the blend).
        population = self.meaning[kind]
        spread = float(population.std()) if len(population) > 1 else 0.0
        if spread > 0:
            standard = (self.meaning - float(population.mean())) / spread
        else:
            standard = np.zeros_like(self.meaning)
        score = self.keyword + MEANING_WEIGHT * np.clip(standard, 0, None)
        # Beside what shares a word with the query, the few of the kind closest in meaning.
        close = kind & (self.keyword <= 0) & (standard >= MEANING_THRESHOLD)
        closest = np.flatnonzero(close)
        closest = closest[np.argsort(-standard[closest], kind="stable")][:MEANING_ONLY]
        keep = kind & (self.keyword > 0)
        keep[closest] = True
        if among is not None:
            keep &= among
        found = np.flatnonzero(keep)
        ranked = found[np.lexsort((found, -score[found]))]  # ties by index: stable
        return ranked if limit is None else ranked[:limit]


class Engine:
    def __init__(self, docs: Sequence[Doc], known_words: frozenset[str] = frozenset()) -> None:
        self.kinds = np.array([d.kind for d in docs], dtype=object)
        self.keys = np.array([d.key for d in docs], dtype=np.int64)
        self.size = len(docs)
        dims = embedding.dimensions()
        self.vectors = (
            np.vstack([d.vector for d in docs]).astype(np.float32)
            if docs
            else np.zeros((0, dims), dtype=np.float32)
        )
        self.weights, self.vocabulary = _bm25([d.terms for d in docs])
        doc_words = set().union(*(d.words for d in docs)) if docs else set()
        listed = set(text.synonym_groups())
        self.lexicon = text.Lexicon(known_words | listed, preferred=doc_words | listed)
        self._by_kind = {kind: self.kinds == kind for kind in set(self.kinds.tolist())}

    def of_kind(self, kind: str) -> np.ndarray:
        return self._by_kind.get(kind, np.zeros(self.size, dtype=bool))

    def analyse(self, query: str) -> Query:
        groups: list[Group] = []
        seen: set[str] = set()
        synonyms = text.synonym_groups()
        for word in text.words(query)[: text.MAX_WORDS]:
            if word in text.STOP_WORDS or len(word) < 2 or word in seen:
                continue
            seen.add(word)
            readings = [(word, 1.0)]
            if not self._knows(word) and word.isalpha():
                parts = self.lexicon.split(word)
                if parts:
                    readings = [(part, 1.0) for part in parts]
                else:
                    readings = self.lexicon.closest(word) or readings
            # A split word is two groups; the readings of a misspelt word are one.
            split = len(readings) > 1 and all(weight == 1.0 for _r, weight in readings)
            for number, (reading, weight) in enumerate(readings):
                if split or number == 0:
                    group = Group(word=word, read_as=reading)
                    groups.append(group)
                else:
                    group.also.append(reading)
                for term, share in _own_terms(reading):
                    group.terms[term] = max(group.terms.get(term, 0.0), share * weight)
                for other in synonyms.get(reading) or synonyms.get(_singular(reading)) or ():
                    # A listed phrase ("old-bill") stands for itself, never for "old" or "bill".
                    term = text.stem(other.replace("-", ""))
                    group.terms.setdefault(term, SYNONYM_WEIGHT * weight)
            # "unemployed" and "work" ask for one thing, not two.
            if any(set(group.terms) == set(g.terms) for g in groups[:-1]):
                groups.pop()
        return Query(groups=groups, vector=self._meaning(query, groups))

    def _meaning(self, query: str, groups: list[Group]) -> np.ndarray:
        """The query's vector: the sentence as typed, misspelt words read as corrected, and a
        word the model does not know but the synonym list does (a dialect word) explained by
        the listed words it knows. Zeros when no word is one the model knows whole or the list
        holds: a string of letters it only knows as pieces ("zyxwords") has no meaning to find
        things by."""
        known = self.lexicon.dictionary
        synonyms = text.synonym_groups()
        if not any(g.read_as in known or g.read_as in synonyms for g in groups):
            return np.zeros(self.vectors.shape[1], dtype=np.float32)
        readings: dict[str, str] = {}
        for g in groups:  # a run-together word is both its parts
            readings[g.word] = (
                f"{readings[g.word]} {g.read_as}" if g.word in readings else g.read_as
            )
        sentence, explained = [], []
        for word in text.words(query)[: text.MAX_WORDS]:
            read = readings.get(word, word)
            sentence.append(read)
            if read not in known and read in synonyms:
                explained += [w for w in synonyms[read] if w in known][:EXPLAINED]
        words = " ".join(sentence + ([f"({' '.join(explained)})"] if explained else []))
        return embedding.embed([words])[0]

    def _knows(self, word: str) -> bool:
        return (
            word in self.lexicon
            or word in text.synonym_groups()
            or _singular(word) in self.lexicon
            or "-" in word
            or not word.isalpha()
        )

    def score(self, query: Query) -> Result:
        if not query.groups or not self.size:
            empty = np.zeros(self.size, dtype=np.float32)
            return Result(keyword=empty, meaning=empty)
        keyword = np.zeros(self.size, dtype=np.float32)
        ideal = 0.0  # a document answering every word as well as any does
        for group in query.groups:
            columns = [
                (self.vocabulary[term], weight)
                for term, weight in group.terms.items()
                if term in self.vocabulary
            ]
            if not columns:
                continue
            ids, weights = zip(*columns, strict=True)
            block = self.weights[:, list(ids)].multiply(np.asarray(weights)[None, :])
            answered = np.asarray(block.max(axis=1).todense()).ravel()
            keyword += answered
            ideal += float(answered.max())
        meaning = self.vectors @ query.vector.astype(np.float32)
        scaled = keyword / ideal if ideal > 0 else keyword
        return Result(keyword=scaled, meaning=meaning)


# A part of a hyphenated word the person typed ("anti" of "anti-social") counts for this much.
PART_WEIGHT = 0.5


def _own_terms(word: str) -> list[tuple[str, float]]:
    """The terms of one word the person typed: itself, or for a hyphenated word the parts run
    together in full and each part for less."""
    stems = text.stems(word)
    if len(stems) == 1:
        return [(stems[0], 1.0)]
    return [(stems[-1], 1.0), *((part, PART_WEIGHT) for part in stems[:-1])]


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _bm25(documents: Sequence[list[str]]) -> tuple[sparse.csc_matrix, dict[str, int]]:
    """BM25 weight of every (document, term) pair, as a sparse matrix with a column per term."""
    lengths = np.array([len(terms) for terms in documents], dtype=np.float32)
    flat = [term for terms in documents for term in terms]
    if not flat:
        return sparse.csc_matrix((len(documents), 0), dtype=np.float32), {}
    # A dict numbers the terms in one pass (numpy's unique sorts Python strings: 40x slower).
    vocabulary = {term: index for index, term in enumerate(dict.fromkeys(flat))}
    term_ids = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    doc_ids = np.repeat(np.arange(len(documents)), lengths.astype(np.int64))
    counts = sparse.coo_matrix(
        (np.ones(len(flat), dtype=np.float32), (doc_ids, term_ids)),
        shape=(len(documents), len(vocabulary)),
    ).tocsc()
    counts.sum_duplicates()
    frequency = np.diff(counts.indptr)  # documents holding each term
    idf = np.log(1 + (len(documents) - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
    average = lengths.mean() or 1.0
    norm = K1 * (1 - B + B * lengths / average)
    rows = counts.indices
    tf = counts.data
    counts.data = (tf * (K1 + 1) / (tf + norm[rows])) * np.repeat(idf, frequency)
    return counts, vocabulary
