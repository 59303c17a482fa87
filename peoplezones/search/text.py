"""Words in and out of the search: splitting, stemming, stop words, synonyms and spelling.

Nothing here touches the database; the index (``engine``) and the services use it the same way
for what is stored and for what a person types, so the two always meet.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np
import Stemmer

HERE = Path(__file__).parent
APOSTROPHES = "'\u2019"  # the typed one and the typographic one
_WORD = re.compile(rf"[a-z0-9]+(?:[{APOSTROPHES}-][a-z0-9]+)*")
STOP_WORDS = frozenset((HERE / "stopwords.txt").read_text("utf-8").split())
# A person's sentence is cut to its first words: nobody's need takes more.
MAX_WORDS = 16
# Trigram similarity (pg_trgm's measure) a misspelt word needs with a known word to be read as it.
SPELLING_THRESHOLD = 0.42
# Other readings of a misspelt word kept beside the best, if this close to it.
NEARLY = 0.15


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def fold(text: str) -> str:
    """Lower case without accents, so "café" and "cafe" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of ``text``: possessives dropped ("neighbour's" is "neighbour"), apostrophes
    closed up ("don't" is "dont"), hyphens kept ("anti-social")."""
    out = []
    for word in _WORD.findall(fold(text)):
        word = re.sub(rf"[{APOSTROPHES}]s$", "", word)
        out.append(re.sub(rf"[{APOSTROPHES}]", "", word))
    return out


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def stems(word: str) -> list[str]:
    """The index terms of one word: a hyphenated word is its parts and the parts run together,
    so "fly-tipping", "fly tipping" and "flytipping" meet."""
    parts = [part for part in word.split("-") if part]
    if len(parts) == 1:
        return [stem(parts[0])]
    return [*(stem(part) for part in parts), stem("".join(parts))]


def terms(text: str) -> list[str]:
    """Every index term of ``text`` in order, stop words left out."""
    out: list[str] = []
    for word in words(text):
        if word not in STOP_WORDS:
            out.extend(stems(word))
    return out


@cache
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Each word in the maintained list (``synonyms.txt``), mapped to every word it is listed
    with."""
    groups: dict[str, tuple[str, ...]] = {}
    for line in (HERE / "synonyms.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        group = tuple(dict.fromkeys(fold(w.strip()) for w in line.split(",") if w.strip()))
        for word in group:
            groups[word] = tuple(dict.fromkeys(groups.get(word, ()) + group))
    return groups


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Lexicon:
    """The words search knows, with a trigram index to read a misspelt word as the known word
    it most resembles by pg_trgm's ``similarity``: shared trigrams over all trigrams of either
    word."""

    def __init__(self, known: Iterable[str], preferred: Iterable[str] = ()) -> None:
        # Preferred words (those in what is searched) win a tie over the dictionary's.
        self.preferred = frozenset(preferred)
        self.dictionary = frozenset(known)
        self.words = sorted(set(known) | self.preferred)
        self.known = frozenset(self.words)
        postings: dict[str, list[int]] = {}
        sizes = np.zeros(len(self.words), dtype=np.int32)
        for index, word in enumerate(self.words):
            grams = trigrams(word)
            sizes[index] = len(grams)
            for gram in grams:
                postings.setdefault(gram, []).append(index)
        self._postings = {gram: np.asarray(ids, dtype=np.int32) for gram, ids in postings.items()}
        self._sizes = sizes

    def __contains__(self, word: str) -> bool:
        return word in self.known

    def closest(self, word: str, threshold: float = SPELLING_THRESHOLD) -> list[tuple[str, float]]:
        """The known words most like ``word``, best first, with how alike they are: the best and
        any nearly as good ("eldery" could be "elderly" or "elder")."""
        grams = trigrams(word)
        found = [self._postings[g] for g in grams if g in self._postings]
        if not found:
            return []
        shared = np.bincount(np.concatenate(found), minlength=len(self.words))
        candidates = np.flatnonzero(shared)
        scores = shared[candidates] / (len(grams) + self._sizes[candidates] - shared[candidates])
        ranked = []
        for index in candidates[np.argsort(-scores, kind="stable")][:12]:
            candidate = self.words[index]
            score = float(scores[np.searchsorted(candidates, index)])
            # A long word is rarely one letter from a short one: keep lengths close.
            if score >= threshold and abs(len(candidate) - len(word)) <= 3:
                ranked.append((score, candidate in self.preferred, candidate))
        ranked.sort(reverse=True)
        if not ranked:
            return []
        best = ranked[0][0]
        return [(c, s) for s, _p, c in ranked if s >= best - NEARLY][:3]

    def split(self, word: str) -> tuple[str, str] | None:
        """A run-together word ("litterpicking") as two known words, if it is one."""
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if left in self.preferred and right in self.preferred:
                return left, right
        return None
