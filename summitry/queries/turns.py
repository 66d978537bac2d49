"""What every analysis reads turns with: the rows of an utterance and its source, the filters every
query takes (speaker, dates, scope, each meeting once), a sentence around an offset, and the turns
that hold a word or phrase in date order."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..enrich.sentences import sentence_of, split_sentences
from ..enrich.tokens import index_term, tokens
from ..store.filters import CountOnce, QueryError, turn_filters
from ..store.filters import speaker_ids as _speaker_ids

if TYPE_CHECKING:
    from .corpus import Corpus

Row = dict[str, Any]
UTTERANCE_FROM = """
    FROM segments s JOIN documents d ON d.id = s.document_id LEFT JOIN persons p ON p.id = s.person_id"""
UTTERANCE_COLUMNS = """s.id AS utterance, s.text, s.person_id, p.name AS speaker, d.id AS document, d.date,
    d.source, d.title"""


class AnalysisError(QueryError):
    """An analysis that cannot run as asked (an unknown speaker, an empty term), with the reason."""


def speaker_ids(corpus: Corpus, speaker: str) -> list[str]:
    """The persons a user means by a name, a part of one, an id or a label; an error when none."""
    return _speaker_ids(corpus.db, speaker)


def filters_of(
    corpus: Corpus, speaker: str | None, since: str | None, until: str | None, once: CountOnce | None
) -> tuple[list[str], list[Any]]:
    where, params = turn_filters(corpus.db, speaker, since, until, once, corpus.scope)  # a QueryError when no one matches
    return where, list(params)



def sentence_at(text: str, start: int, cache: dict[str, list[tuple[int, int]]]) -> str:
    spans = cache.get(text)
    if spans is None:
        spans = cache[text] = split_sentences(text)
    low, high = sentence_of(spans, start)
    return " ".join(text[low:high].split())


def source_of(row: sqlite3.Row) -> Row:
    return {
        "speaker": row["speaker"], "person_id": row["person_id"], "date": row["date"], "document": row["document"],
        "utterance": row["utterance"], "source": row["source"], "title": row["title"],
    }


def query_words(query: str) -> tuple[list[str], bool]:
    prefix = query.rstrip().endswith("*")
    words = tokens(re.sub(r"[\x00-\x1f\x7f]", " ", query))  # control characters split words, as in the index
    if not words:
        raise AnalysisError(f"nothing to look for in {query!r}: give a word or a phrase")
    return words, prefix


def fts_phrase(words: list[str], prefix: bool) -> str:
    return '"' + " ".join(index_term(w) for w in words) + '"' + ("*" if prefix else "")


def phrase_pattern(words: list[str], prefix: bool) -> re.Pattern[str]:
    body = r"[\W\d_]+".join(re.escape(w) for w in words)
    end = r"[^\W\d_]*" if prefix else r"(?![^\W\d_])"
    return re.compile(r"(?<!\w)" + body + end, re.IGNORECASE)


def in_date_order(
    corpus: Corpus, words: list[str], prefix: bool, where: list[str], params: list[Any]
) -> Iterator[sqlite3.Row]:
    """The utterances holding a word or phrase, in date order: the ids are sorted first, the texts
    read a few hundred at a time, so the first lines come without reading every match."""
    ids = [row[0] for row in corpus.db.execute(
        f"""SELECT s.id FROM utterances_fts JOIN segments s ON s.id = utterances_fts.rowid
            JOIN documents d ON d.id = s.document_id
            WHERE {" AND ".join(["utterances_fts MATCH ?", *where])}
            ORDER BY d.date IS NULL, d.date, s.document_id, s.position""",
        [fts_phrase(words, prefix), *params],
    )]
    for at in range(0, len(ids), 250):
        chunk = ids[at : at + 250]
        rows = {row["utterance"]: row for row in corpus.db.execute(
            f"SELECT {UTTERANCE_COLUMNS} {UTTERANCE_FROM} WHERE s.id IN ({','.join('?' * len(chunk))})", chunk
        )}
        yield from (rows[i] for i in chunk)
