"""The forms of a word that the corpus holds, for searches that stem (``--stem``).

A word's lemma is found with simplemma in each language of the corpus's documents (its dictionaries
are in the package; the first use of a language loads its dictionary, about a second). The index's
vocabulary is then read from the prefix the word and its lemma share, less a few letters, and every term with
the same lemma is a form: sanction → sanction, sanctions, sanctioned; санкция → санкции, санкций,
санкциями. The index is not changed: stemming is a question of the query.
"""

from __future__ import annotations

import os
import sqlite3
from functools import cache

from ..enrich.tokens import index_term

__all__ = ["word_forms"]

MAX_FORMS = 10  # forms searched for one word, the most frequent first
MAX_CANDIDATES = 2000  # vocabulary terms read for one word
MIN_PREFIX = 3
ENDING = 3  # letters of a lemma an inflected form may change (говорить: говорю)


@cache
def _lemmatizer() -> object:
    import simplemma  # imported on first use: its import and dictionaries cost a second

    return simplemma


def _languages(db: sqlite3.Connection) -> tuple[str, ...]:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES as supported

    found = [row[0] for row in db.execute("SELECT DISTINCT language FROM documents WHERE language IS NOT NULL")]
    return tuple(sorted({code for code in found if code in supported})) or ("en",)


def _lemmas(word: str, languages: tuple[str, ...]) -> set[str]:
    lemmatize = _lemmatizer().lemmatize  # type: ignore[attr-defined]
    return {index_term(lemmatize(word, lang=lang)) for lang in languages}


def _shared_prefix(a: str, b: str) -> str:
    return os.path.commonprefix([a, b])


def word_forms(db: sqlite3.Connection, word: str) -> list[str]:
    """The terms of the index with the lemma of ``word``, most frequent first (the word itself at least)."""
    word = index_term(word)
    if word.isdigit():
        return [word]
    languages = _languages(db)
    lemmas = _lemmas(word, languages)
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, utterances_fts, row)")
    starts = set()
    for lemma in lemmas:  # forms differ from the lemma in their last letters (санкция, санкции)
        stem = shared if len(shared := _shared_prefix(word, lemma)) >= MIN_PREFIX else lemma
        starts.add(stem[: max(MIN_PREFIX, len(stem) - ENDING)])
    counts: dict[str, int] = {}
    for start in starts:
        for term, n in db.execute(
            "SELECT term, cnt FROM temp.search_terms WHERE term >= ? AND term < ? LIMIT ?",
            (start, start + "\U0010ffff", MAX_CANDIDATES),
        ):
            if term == word or _lemmas(term, languages) & lemmas:
                counts[term] = n
    forms = sorted(counts, key=lambda t: (-counts[t], t))[:MAX_FORMS]
    return forms if word in forms else [word, *forms[: MAX_FORMS - 1]]
