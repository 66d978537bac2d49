"""Concordance: each occurrence of a word or phrase with its context (kwic), and the words said near
it (collocates), in the filters every query takes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..data.stopwords import all_stopwords
from ..enrich.tokens import plain_words
from ..store.filters import once_unless
from .corpus import Corpus
from .turns import AnalysisError, Row, filters_of, in_date_order, phrase_pattern, query_words, source_of, speaker_ids
from .words import log_likelihood, log_ratio, word_counts


def kwic(
    corpus: Corpus,
    query: str,
    width: int = 60,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = 200,
    all_versions: bool = False,
) -> list[Row]:
    """Concordance lines for a word or phrase ("Union State", "sanction*"), in date order: ``width``
    characters of context on each side, with speaker, date and source."""
    words, prefix = query_words(query)
    pattern = phrase_pattern(words, prefix)
    where, params = filters_of(corpus, speaker, since, until, once_unless(all_versions, "language"))
    found: list[Row] = []
    for row in in_date_order(corpus, words, prefix, where, params):
        text = row["text"]
        for match in pattern.finditer(text):
            left = " ".join(text[max(0, match.start() - width - 20) : match.start()].split())
            right = " ".join(text[match.end() : match.end() + width + 20].split())
            found.append({
                "left": left[-width:].lstrip(), "match": match[0], "right": right[:width].rstrip(), **source_of(row),
            })
            if limit is not None and len(found) >= limit:
                return found
    return found


def collocates(
    corpus: Corpus,
    query: str,
    window: int = 5,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = 50,
    min_count: int = 2,
    stopwords: bool = False,
    all_versions: bool = False,
) -> list[Row]:
    """The words said near a word or phrase (within ``window`` words on either side), most strongly
    attracted first: how often near it, how often in all, log-likelihood of near against elsewhere
    and log ratio. Stopwords are left out unless ``stopwords``."""
    if not 1 <= window <= 20:
        raise AnalysisError(f"window: {window} words is not between 1 and 20")
    words, prefix = query_words(query)
    where, params = filters_of(corpus, speaker, since, until, once_unless(all_versions, "language"))
    near: Counter[str] = Counter()
    for row in in_date_order(corpus, words, prefix, where, params):
        said = plain_words(row["text"]).split()
        for at in _occurrences(said, words, prefix):
            near.update(said[max(0, at - window) : at])
            near.update(said[at + len(words) : at + len(words) + window])
    persons = speaker_ids(corpus, speaker) if speaker else []
    everywhere = word_counts(corpus, persons, exclude=not persons, all_versions=all_versions, since=since, until=until)
    c = sum(near.values())
    d = sum(everywhere.values()) - c
    left_out = frozenset(words) | (frozenset() if stopwords else all_stopwords())
    found = []
    for term, a in near.items():
        b = max(everywhere.get(term, a) - a, 0)
        if a < min_count or term in left_out or len(term) < 2 or d <= 0 or a / c <= b / d:
            continue
        found.append({
            "term": term, "count": a, "total": a + b, "log_likelihood": round(log_likelihood(a, b, c, d), 2),
            "log_ratio": round(log_ratio(a, b, c, d), 2),
        })
    found.sort(key=lambda r: (-r["log_likelihood"], r["term"]))
    return found[:limit] if limit is not None else found


def _occurrences(said: list[str], words: list[str], prefix: bool) -> Iterator[int]:
    """Where the words occur in a turn's words, as the index of the first (the last may be a prefix)."""
    last, head = len(words) - 1, words[:-1]
    if prefix and not last:
        yield from (at for at, word in enumerate(said) if word.startswith(words[0]))
        return
    at = -1
    while True:
        try:
            at = said.index(words[0], at + 1)  # list.index searches in C: most turns hold the word once or twice
        except ValueError:
            return
        following = said[at + 1 : at + 1 + last]
        if following[: last - 1 if prefix else last] == (head[1:] if prefix else words[1:]) and (
            not prefix or len(following) == last and following[-1].startswith(words[-1])
        ):
            yield at
