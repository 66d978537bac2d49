"""Words said: how often each word was said (by some speakers, or by everyone but them), the scores that
compare two such counts (log-likelihood, log ratio), and the corpus's word frequencies.

Counts are of the words as the enrich stage counts them (lower case, letters only), from the word
counts stored per speaker where no filter asks otherwise, else from the turns themselves. Each
meeting's words are counted once per language, unless ``all_versions`` (see queries.analysis).
Stopwords (data/stopwords.yaml) are left out of frequencies unless asked for.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from ..data.stopwords import all_stopwords
from ..enrich.tokens import plain_words
from ..store.filters import counted_once, date_filters, scope_filters, speaker_ids

if TYPE_CHECKING:
    from .corpus import Corpus


def word_counts(
    corpus: Corpus, persons: list[str], exclude: bool = False, all_versions: bool = False,
    since: str | None = None, until: str | None = None,
) -> dict[str, int]:
    """How often the persons (or, ``exclude``, everyone but them) said each word, within the corpus's
    scope and a date range. Without scope or dates the stored per-speaker counts are merged (json.loads
    and Counter.update merge them faster than SQL's json_each); counting each meeting once, the words of
    the versions that repeat one are taken away again."""
    marks = ",".join("?" * len(persons))
    who = f"s.person_id {'NOT IN' if exclude else 'IN'} ({marks})"
    dates, date_params = date_filters(since, until)
    scoped, scope_params = scope_filters(corpus.db, corpus.scope)
    once = counted_once(None if all_versions else "language")
    kept = [*dates, *scoped, *once]
    if not kept:
        return _stored_counts(corpus, who, persons)
    keeps = "COALESCE(" + " AND ".join(kept) + ", 0)"
    params = [*persons, *date_params, *scope_params]
    turns = f"FROM segments s JOIN documents d ON d.id = s.document_id WHERE s.kind = 'turn' AND {who}"
    few_kept = False  # each meeting once alone: the versions that repeat one are few, and found by an index
    if dates or scoped:  # which is cheaper: the words of the turns kept, or the stored counts less those left out
        passing, every = corpus.db.execute(f"SELECT TOTAL({keeps}), COUNT(*) {turns}", [*date_params, *scope_params, *persons]).fetchone()
        few_kept = passing * 2 < every
    total: Counter[str] = Counter()
    if few_kept:  # count the words of the turns kept
        for (text,) in corpus.db.execute(f"SELECT s.text {turns} AND {keeps}", params):
            total.update(plain_words(text).split())
        return dict(total)
    # most turns kept: the stored counts, less the words of the turns left out (the repeats of a meeting among them)
    total.update(_stored_counts(corpus, who, persons))
    left_out = f"NOT {keeps}" if dates or scoped else once[0].replace("d.id NOT IN", "d.id IN", 1)
    for (text,) in corpus.db.execute(f"SELECT s.text {turns} AND {left_out}", params):
        total.subtract(plain_words(text).split())
    return {word: n for word, n in total.items() if n > 0}


def _stored_counts(corpus: Corpus, who: str, persons: list[str]) -> dict[str, int]:
    """The stored word counts of the persons (json.loads and Counter.update merge the rows faster than
    SQL's json_each)."""
    total: Counter[str] = Counter()
    for (counts,) in corpus.db.execute(f"SELECT counts FROM speaker_words s WHERE {who}", persons):
        total.update(json.loads(counts))
    return dict(total)


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Dunning's log-likelihood (G2) of a word seen a times in c words and b times in d words."""
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))


def log_ratio(a: int, b: int, c: int, d: int) -> float:
    """Hardie's log ratio: log2 of the ratio of relative frequencies (a zero count taken as 0.5)."""
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


def frequencies(
    corpus: Corpus,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    stopwords: bool = False,
    all_versions: bool = False,
) -> list[dict[str, Any]]:
    """Every word said (by a speaker, within the scope and dates), most frequent first: count, share
    per 10,000 words and rank. Stopwords are left out unless ``stopwords``; the shares are of all the
    words said, stopwords included."""
    persons = speaker_ids(corpus.db, speaker) if speaker else []
    counts = word_counts(corpus, persons, exclude=not persons, all_versions=all_versions, since=since, until=until)
    said = sum(counts.values())
    left_out = frozenset() if stopwords else all_stopwords()
    ranked = sorted(((n, w) for w, n in counts.items() if w not in left_out and len(w) > 1), key=lambda item: (-item[0], item[1]))
    return [
        {"rank": rank, "term": word, "count": n, "per_10k": round(n / said * 1e4, 2)}
        for rank, (n, word) in enumerate(ranked, start=1)
    ]
